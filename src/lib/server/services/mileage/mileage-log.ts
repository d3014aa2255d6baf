import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import {
	clients,
	diaryEntries,
	mileageClaims,
	municipalities,
	pairings,
	trips
} from '../../db/schema';
import { type ClaimStatus } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import { can } from '../../policy/policy';
import {
	isEditableClaim,
	meetingDays,
	monthOf,
	nextMonth,
	parseMonth,
	previousMonth,
	tripEligibility,
	type Eligibility
} from '../../domain/mileage';
import { kmFromNumeric } from '../../domain/money';
import { recordAudit } from '../core/audit';
import { requireVolunteer, claimResource } from '../core/access';
import { today, type ServiceContext } from '../core/context';

/**
 * The mileage log (sõidupäevik) and its claims (R-MILE-1…3). This file: the log of one month
 * and the trips as pages show them; trips.ts logs and changes trips, claims.ts submits and
 * reviews a claim, claim-list.ts is the reviewers' list.
 *
 * - A volunteer logs trips made for a client they are or were paired with, on a day inside
 *   the pairing and on which they have a diary entry for that client (R-MILE-2). Each trip is
 *   filed at once into the claim of its month and paying municipality (the client's), which
 *   is created as a draft when needed.
 * - Eligibility is computed whenever trips are shown, never stored: a diary entry removed
 *   later, or the client anonymised, makes an unsubmitted trip "not reimbursable", and such a
 *   claim cannot be submitted until the trip is removed or the entry restored. A submitted
 *   claim keeps its snapshot (rate, cap, km, amount).
 * - Policy: the resource is the volunteer (`mileage:read` admin, coordinator, self;
 *   `mileage:write` admin, self; `mileage:review` admin, coordinator). A claim's county is its
 *   paying municipality's county, so it is reviewed there.
 */

/**
 * Days of a volunteer's current (not removed) diary entries of a meeting, per client, in
 * [from, to) (R-MILE-2; a phone call is not a meeting).
 */
export async function diaryDays(
	tx: Tx,
	volunteerId: string,
	clientIds: readonly string[],
	from: string,
	to: string
): Promise<Map<string, Set<string>>> {
	const days = new Map<string, Set<string>>();
	if (clientIds.length === 0) return days;
	const rows = await tx
		.select({
			clientId: diaryEntries.clientId,
			contactDate: diaryEntries.contactDate,
			contactKind: diaryEntries.contactKind,
			removedAt: diaryEntries.removedAt
		})
		.from(diaryEntries)
		.where(
			and(
				eq(diaryEntries.volunteerId, volunteerId),
				inArray(diaryEntries.clientId, [...new Set(clientIds)]),
				isNull(diaryEntries.removedAt),
				gte(diaryEntries.contactDate, from),
				lt(diaryEntries.contactDate, to)
			)
		);
	for (const clientId of new Set(rows.map((r) => r.clientId))) {
		days.set(
			clientId,
			meetingDays(
				rows
					.filter((r) => r.clientId === clientId)
					.map((r) => ({ ...r, removed: r.removedAt !== null }))
			)
		);
	}
	return days;
}

export const isAnonymised = (c: { status: string; anonymisedAt: Date | null }) =>
	c.status === 'anonymised' || c.anonymisedAt !== null;

export const tripColumns = {
	id: trips.id,
	volunteerId: trips.volunteerId,
	clientId: trips.clientId,
	municipalityId: trips.municipalityId,
	claimId: trips.claimId,
	tripDate: trips.tripDate,
	fromPlace: trips.fromPlace,
	toPlace: trips.toPlace,
	purpose: trips.purpose,
	kilometres: trips.kilometres,
	createdAt: trips.createdAt,
	clientFirstName: clients.firstName,
	clientLastName: clients.lastName,
	clientStatus: clients.status,
	clientAnonymisedAt: clients.anonymisedAt,
	municipalityName: municipalities.name,
	claimStatus: mileageClaims.status
};

type TripQueryRow = {
	id: string;
	clientId: string;
	tripDate: string;
	kilometres: string;
	clientFirstName: string | null;
	clientLastName: string | null;
	clientStatus: string;
	clientAnonymisedAt: Date | null;
	claimStatus: ClaimStatus | null;
};

/** A trip as the pages show it: km as hundredths, the client's name unless anonymised. */
export function presentTrip<T extends TripQueryRow>(row: T, days: Map<string, Set<string>>) {
	const anonymised = isAnonymised({
		status: row.clientStatus,
		anonymisedAt: row.clientAnonymisedAt
	});
	const eligibility: Eligibility = tripEligibility({
		tripDate: row.tripDate,
		diaryDays: days.get(row.clientId) ?? new Set(),
		clientAnonymised: anonymised
	});
	const { clientFirstName, clientLastName, clientAnonymisedAt: _a, kilometres, ...rest } = row;
	return {
		...rest,
		km: kmFromNumeric(kilometres),
		clientAnonymised: anonymised,
		clientFirstName: anonymised ? null : clientFirstName,
		clientLastName: anonymised ? null : clientLastName,
		eligibility,
		/** Can the volunteer still change it (its claim is a draft or was returned)? */
		editable: row.claimStatus === null || isEditableClaim(row.claimStatus)
	};
}

// ---------------------------------------------------------------------------------------------
// The log
/** Clients the volunteer may log trips for: paired now or earlier (not proposals), not anonymised. */
export async function tripClients(tx: Tx, volunteerId: string) {
	const rows = await tx
		.select({
			clientId: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			status: pairings.status,
			startsOn: pairings.startsOn,
			endsOn: pairings.endsOn
		})
		.from(pairings)
		.innerJoin(clients, eq(clients.id, pairings.clientId))
		.where(
			and(
				eq(pairings.volunteerId, volunteerId),
				ne(pairings.status, 'proposed'),
				ne(clients.status, 'anonymised'),
				isNull(clients.anonymisedAt)
			)
		)
		.orderBy(asc(clients.lastName), asc(clients.firstName), desc(pairings.startsOn));
	const byClient = new Map<
		string,
		{
			id: string;
			firstName: string | null;
			lastName: string | null;
			startsOn: string;
			endsOn: string | null;
			current: boolean;
		}
	>();
	for (const r of rows) {
		const open = r.endsOn === null;
		const known = byClient.get(r.clientId);
		if (!known) {
			byClient.set(r.clientId, {
				id: r.clientId,
				firstName: r.firstName,
				lastName: r.lastName,
				startsOn: r.startsOn,
				endsOn: r.endsOn,
				current: open
			});
		} else {
			known.startsOn = r.startsOn < known.startsOn ? r.startsOn : known.startsOn;
			known.endsOn =
				open || known.endsOn === null ? null : r.endsOn! > known.endsOn ? r.endsOn : known.endsOn;
			known.current ||= open;
		}
	}
	return [...byClient.values()];
}

/**
 * A volunteer's mileage log for one month: the trips with their reimbursability, every claim
 * of the volunteer (the ones the actor may read) and the clients the add form offers.
 */
export async function mileageLog(
	ctx: ServiceContext,
	volunteerId: string,
	opts: { month?: string | null } = {}
) {
	const { row: volunteer, resource } = await requireVolunteer(
		ctx,
		volunteerId,
		'mileage:read',
		'mileage.log_view'
	);
	const day = today(ctx);
	const month = parseMonth(opts.month) ?? monthOf(day);
	const end = nextMonth(month);
	const rows = await ctx.db
		.select(tripColumns)
		.from(trips)
		.innerJoin(clients, eq(clients.id, trips.clientId))
		.innerJoin(municipalities, eq(municipalities.id, trips.municipalityId))
		.leftJoin(mileageClaims, eq(mileageClaims.id, trips.claimId))
		.where(
			and(eq(trips.volunteerId, volunteerId), gte(trips.tripDate, month), lt(trips.tripDate, end))
		)
		.orderBy(desc(trips.tripDate), desc(trips.createdAt));
	const days = await diaryDays(
		ctx.db,
		volunteerId,
		rows.map((r) => r.clientId),
		month,
		end
	);
	const claimRows = await ctx.db
		.select({
			id: mileageClaims.id,
			month: mileageClaims.month,
			status: mileageClaims.status,
			countyId: mileageClaims.countyId,
			volunteerId: mileageClaims.volunteerId,
			municipalityName: municipalities.name,
			totalKm: mileageClaims.totalKm,
			amountCents: mileageClaims.amountCents,
			returnReason: mileageClaims.returnReason,
			paidOn: mileageClaims.paidOn,
			trips: sql<number>`(select count(*)::int from ${trips} where ${trips.claimId} = ${mileageClaims.id})`
		})
		.from(mileageClaims)
		.innerJoin(municipalities, eq(municipalities.id, mileageClaims.municipalityId))
		.where(eq(mileageClaims.volunteerId, volunteerId))
		.orderBy(desc(mileageClaims.month), asc(municipalities.name));
	const claims = claimRows
		.filter((c) => can(ctx.actor, 'mileage:read', claimResource(c), day))
		.map(({ countyId: _c, volunteerId: _v, totalKm, amountCents, ...c }) => ({
			...c,
			// A draft or returned claim has no valid snapshot: its figures are on its own page.
			totalKm: totalKm === null || isEditableClaim(c.status) ? null : kmFromNumeric(totalKm),
			amountCents: isEditableClaim(c.status) ? null : amountCents
		}));
	const canWrite = can(ctx.actor, 'mileage:write', resource, day);
	await recordAudit(ctx.db, ctx, {
		action: 'mileage.log_view',
		entityType: 'volunteer',
		entityId: volunteerId,
		countyId: volunteer.countyId,
		details: { month, count: rows.length }
	});
	return {
		volunteer: {
			id: volunteer.id,
			firstName: volunteer.firstName,
			lastName: volunteer.lastName,
			own: ctx.actor?.volunteerId === volunteer.id
		},
		month,
		previousMonth: previousMonth(month),
		nextMonth: end <= monthOf(day) ? end : null,
		today: day,
		trips: rows.map((r) => presentTrip(r, days)),
		claims,
		clients: canWrite ? await tripClients(ctx.db, volunteerId) : [],
		permissions: { write: canWrite }
	};
}

export type MileageLog = Awaited<ReturnType<typeof mileageLog>>;
