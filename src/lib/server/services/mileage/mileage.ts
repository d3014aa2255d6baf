import {
	and,
	asc,
	count,
	desc,
	eq,
	gte,
	inArray,
	isNull,
	lt,
	ne,
	sql,
	type SQL
} from 'drizzle-orm';
import { z } from 'zod';
import {
	clients,
	counties,
	diaryEntries,
	mileageClaims,
	municipalities,
	pairings,
	trips,
	volunteers
} from '../../db/schema';
import { CLAIM_STATUSES, type ClaimStatus } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import { can, canAnywhere, refusedAsAnonymised, type Resource } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { conflict, forbidden, invalid } from '../../errors';
import { isIsoDay, tallinnDay } from '../../domain/dates';
import {
	checkDayBound,
	computeClaim,
	isEditableClaim,
	meetingDays,
	monthOf,
	nextClaimStatus,
	nextMonth,
	pairedOn,
	parseMonth,
	previousMonth,
	tripEligibility,
	type ClaimAction,
	type ClaimComputation,
	type Eligibility
} from '../../domain/mileage';
import {
	kmFromNumeric,
	kmToNumeric,
	parseKilometres,
	rateFromNumeric,
	rateToNumeric
} from '../../domain/money';
import { recordAudit, type AuditAction } from '../core/audit';
import {
	authorize,
	deniedNotFound,
	requireVolunteer,
	claimResource,
	requireClaim
} from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { loadRateRows } from './mileage-rates';
import { validate } from '../core/validation';
import { StaleVersionError, refuseStale } from '../core/versions';
import { claimSubmission, settleSubmission, submissionKeyOf } from '../core/submissions';

/**
 * The mileage log (sõidupäevik) and its claims (R-MILE-1…3).
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

export type ClaimRow = typeof mileageClaims.$inferSelect;

const uuid = z.string().uuid();

/**
 * Days of a volunteer's current (not removed) diary entries of a meeting, per client, in
 * [from, to) (R-MILE-2; a phone call is not a meeting).
 */
async function diaryDays(
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

const isAnonymised = (c: { status: string; anonymisedAt: Date | null }) =>
	c.status === 'anonymised' || c.anonymisedAt !== null;

const tripColumns = {
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
function presentTrip<T extends TripQueryRow>(row: T, days: Map<string, Set<string>>) {
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
async function tripClients(tx: Tx, volunteerId: string) {
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

// ---------------------------------------------------------------------------------------------
// Trips

const text = (max: number) =>
	z
		.string({ message: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(max, 'error.too_long');

const kilometres = z.string({ message: 'error.required' }).transform((v, c) => {
	const r = parseKilometres(v);
	if (!r.ok) {
		c.addIssue({ code: 'custom', message: r.error });
		return z.NEVER;
	}
	return r.value;
});

export const tripSchema = z.object({
	tripDate: z.string({ message: 'error.date' }).refine(isIsoDay, 'error.date'),
	clientId: z.string({ message: 'error.choice' }).uuid('error.choice'),
	fromPlace: text(200),
	toPlace: text(200),
	purpose: text(500),
	kilometres
});

const newTripSchema = tripSchema.extend({
	/** A checkbox: also log the way back (to → from) on the same day, same distance. */
	returnTrip: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).optional()
});

type TripInput = z.infer<typeof tripSchema>;

/** Serialises changes to one volunteer's log (the day bound and claim creation read, then write). */
async function lockVolunteer(tx: Tx, volunteerId: string) {
	await tx
		.select({ id: volunteers.id })
		.from(volunteers)
		.where(eq(volunteers.id, volunteerId))
		.for('update');
}

/**
 * Checks a trip against the rules and finds (or opens) the claim it belongs to. Field errors
 * are i18n keys; `mileage.no_diary_entry` on `tripDate` is R-MILE-2's refusal, which the page
 * shows with a link to add the missing diary entry.
 */
async function placeTrip(
	tx: Tx,
	ctx: ServiceContext,
	volunteerId: string,
	data: TripInput,
	kmOfDay: readonly number[],
	exceptTripId: string | null
) {
	const day = today(ctx);
	if (data.tripDate > day) throw invalid({ tripDate: 'mileage.date_in_future' });
	const [client] = await tx
		.select({
			id: clients.id,
			status: clients.status,
			anonymisedAt: clients.anonymisedAt,
			countyId: clients.countyId,
			municipalityId: clients.municipalityId
		})
		.from(clients)
		.where(eq(clients.id, data.clientId));
	const spans = client
		? await tx
				.select({
					id: pairings.id,
					status: pairings.status,
					startsOn: pairings.startsOn,
					endsOn: pairings.endsOn
				})
				.from(pairings)
				.where(and(eq(pairings.clientId, client.id), eq(pairings.volunteerId, volunteerId)))
		: [];
	// Someone never paired with the volunteer is not in their list: the same answer as "no such client".
	if (!client || !spans.some((p) => p.status !== 'proposed')) {
		throw invalid({ clientId: 'error.choice' });
	}
	// A trip is written against the client: an anonymised one takes none (policy.ts).
	const clientAsResource = {
		kind: 'client' as const,
		countyId: client.countyId,
		pairings: [],
		anonymised: isAnonymised(client)
	};
	if (refusedAsAnonymised('mileage:write', clientAsResource)) {
		throw invalid({ clientId: 'mileage.client_anonymised' });
	}
	const pairing = spans.find((p) => pairedOn([p], data.tripDate));
	if (!pairing) throw invalid({ tripDate: 'mileage.outside_pairing' });
	if (!client.municipalityId) throw invalid({ clientId: 'mileage.client_no_municipality' });
	const days = await diaryDays(tx, volunteerId, [client.id], data.tripDate, nextDay(data.tripDate));
	const eligibility = tripEligibility({
		tripDate: data.tripDate,
		diaryDays: days.get(client.id) ?? new Set(),
		clientAnonymised: false
	});
	if (!eligibility.reimbursable) {
		throw invalid({ tripDate: 'mileage.no_diary_entry' }, 'mileage.not_reimbursable');
	}
	const sameDay = await tx
		.select({ km: trips.kilometres })
		.from(trips)
		.where(
			and(
				eq(trips.volunteerId, volunteerId),
				eq(trips.tripDate, data.tripDate),
				exceptTripId ? ne(trips.id, exceptTripId) : undefined
			)
		);
	const logged = sameDay.reduce((s, r) => s + kmFromNumeric(r.km), 0);
	if (!checkDayBound(logged, kmOfDay).ok) throw invalid({ kilometres: 'mileage.day_limit' });

	const month = monthOf(data.tripDate);
	const [existing] = await tx
		.select()
		.from(mileageClaims)
		.where(
			and(
				eq(mileageClaims.volunteerId, volunteerId),
				eq(mileageClaims.municipalityId, client.municipalityId),
				eq(mileageClaims.month, month)
			)
		);
	if (existing && !isEditableClaim(existing.status)) {
		throw invalid({ tripDate: 'mileage.claim_locked' });
	}
	let claimId = existing?.id;
	let countyId = existing?.countyId;
	if (!claimId) {
		const [m] = await tx
			.select({ countyId: municipalities.countyId })
			.from(municipalities)
			.where(eq(municipalities.id, client.municipalityId));
		const [created] = await tx
			.insert(mileageClaims)
			.values({
				volunteerId,
				municipalityId: client.municipalityId,
				countyId: m!.countyId,
				month,
				status: 'draft',
				createdAt: ctx.now(),
				updatedAt: ctx.now()
			})
			.returning({ id: mileageClaims.id, countyId: mileageClaims.countyId });
		claimId = created!.id;
		countyId = created!.countyId;
	}
	return {
		claimId,
		countyId: countyId!,
		municipalityId: client.municipalityId,
		pairingId: pairing.id
	};
}

function nextDay(day: string): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

/** A change to a claim's trips moves its version, so a submit form opened earlier conflicts. */
async function touchClaim(tx: Tx, ctx: ServiceContext, claimId: string) {
	await tx
		.update(mileageClaims)
		.set({ version: sql`${mileageClaims.version} + 1`, updatedAt: ctx.now() })
		.where(eq(mileageClaims.id, claimId));
}

/** An empty draft disappears (it was only ever a folder for trips). */
async function dropEmptyDraft(tx: Tx, claimId: string) {
	const [{ n }] = (await tx
		.select({ n: count() })
		.from(trips)
		.where(eq(trips.claimId, claimId))) as [{ n: number }];
	if (n === 0) {
		await tx
			.delete(mileageClaims)
			.where(and(eq(mileageClaims.id, claimId), eq(mileageClaims.status, 'draft')));
	}
}

/**
 * Logs a trip (R-MILE-1), optionally with its way back (to → from, same day and distance) in
 * the same step. Returns the new trip ids.
 */
export async function addTrip(
	ctx: ServiceContext,
	volunteerId: string,
	input: unknown
): Promise<string[]> {
	const { row: volunteer } = await requireVolunteer(
		ctx,
		volunteerId,
		'mileage:write',
		'mileage.trip_create'
	);
	const { returnTrip, ...data } = validate(newTripSchema, input);
	const key = submissionKeyOf(input);
	return ctx.db.transaction(async (tx) => {
		await lockVolunteer(tx, volunteerId);
		// Exactly once: a repeat of this form answers with the trips saved the first time.
		const prior = await claimSubmission(tx, ctx, key, 'trip');
		if (prior) return prior;
		const legs = returnTrip ? [data.kilometres, data.kilometres] : [data.kilometres];
		const placed = await placeTrip(tx, ctx, volunteerId, data, legs, null);
		const base = {
			volunteerId,
			clientId: data.clientId,
			pairingId: placed.pairingId,
			municipalityId: placed.municipalityId,
			claimId: placed.claimId,
			tripDate: data.tripDate,
			purpose: data.purpose,
			kilometres: kmToNumeric(data.kilometres),
			createdBy: ctx.actor!.userId,
			createdAt: ctx.now(),
			updatedAt: ctx.now()
		};
		const values = [{ ...base, fromPlace: data.fromPlace, toPlace: data.toPlace }];
		// The way back a millisecond later, so lists show it after the way there.
		if (returnTrip) {
			values.push({
				...base,
				fromPlace: data.toPlace,
				toPlace: data.fromPlace,
				createdAt: new Date(ctx.now().getTime() + 1),
				updatedAt: new Date(ctx.now().getTime() + 1)
			});
		}
		const created = await tx.insert(trips).values(values).returning({ id: trips.id });
		await settleSubmission(
			tx,
			ctx,
			key,
			created.map((c) => c.id)
		);
		await touchClaim(tx, ctx, placed.claimId);
		await recordAudit(tx, ctx, {
			action: 'mileage.trip_create',
			entityType: 'volunteer',
			entityId: volunteerId,
			countyId: volunteer.countyId,
			details: {
				tripIds: created.map((c) => c.id),
				claimId: placed.claimId,
				clientId: data.clientId,
				returnTrip: !!returnTrip
			}
		});
		return created.map((c) => c.id);
	});
}

/** Loads a trip for a change by its volunteer (or the administrator); hidden or missing → 404. */
async function requireTrip(ctx: ServiceContext, tripId: string, auditAction: AuditAction) {
	const [trip] = uuid.safeParse(tripId).success
		? await ctx.db.select().from(trips).where(eq(trips.id, tripId))
		: [];
	if (!trip)
		return deniedNotFound(ctx, { action: auditAction, entityType: 'trip', entityId: tripId });
	const { row: volunteer } = await requireVolunteer(
		ctx,
		trip.volunteerId,
		'mileage:write',
		auditAction
	);
	return { trip, volunteer };
}

async function requireEditableTrip(tx: Tx, trip: typeof trips.$inferSelect) {
	if (!trip.claimId) return;
	const [claim] = await tx
		.select({ status: mileageClaims.status })
		.from(mileageClaims)
		.where(eq(mileageClaims.id, trip.claimId));
	if (claim && !isEditableClaim(claim.status)) throw conflict('mileage.trip_locked');
}

/** One trip for its edit form (the volunteer's own, or any for the administrator). */
export async function getTrip(ctx: ServiceContext, tripId: string) {
	const { trip, volunteer } = await requireTrip(ctx, tripId, 'mileage.trip_view');
	const [claim] = trip.claimId
		? await ctx.db
				.select({ id: mileageClaims.id, status: mileageClaims.status })
				.from(mileageClaims)
				.where(eq(mileageClaims.id, trip.claimId))
		: [];
	await recordAudit(ctx.db, ctx, {
		action: 'mileage.trip_view',
		entityType: 'volunteer',
		entityId: trip.volunteerId,
		countyId: volunteer.countyId,
		details: { tripId }
	});
	return {
		trip: {
			id: trip.id,
			volunteerId: trip.volunteerId,
			clientId: trip.clientId,
			tripDate: trip.tripDate,
			fromPlace: trip.fromPlace,
			toPlace: trip.toPlace,
			purpose: trip.purpose,
			km: kmFromNumeric(trip.kilometres),
			claimId: claim?.id ?? null,
			claimStatus: claim?.status ?? null,
			editable: !claim || isEditableClaim(claim.status)
		},
		own: ctx.actor?.volunteerId === trip.volunteerId,
		clients: await tripClients(ctx.db, trip.volunteerId),
		today: today(ctx)
	};
}

/** Corrects a trip of a draft or returned claim; the trip may move to another month's claim. */
export async function updateTrip(
	ctx: ServiceContext,
	tripId: string,
	input: unknown
): Promise<{ volunteerId: string; tripDate: string }> {
	const { trip, volunteer } = await requireTrip(ctx, tripId, 'mileage.trip_update');
	const data = validate(tripSchema, input);
	return ctx.db.transaction(async (tx) => {
		await lockVolunteer(tx, trip.volunteerId);
		const [current] = await tx.select().from(trips).where(eq(trips.id, tripId));
		if (!current) throw conflict('mileage.trip_gone');
		await requireEditableTrip(tx, current);
		const placed = await placeTrip(tx, ctx, trip.volunteerId, data, [data.kilometres], tripId);
		const next = {
			clientId: data.clientId,
			pairingId: placed.pairingId,
			municipalityId: placed.municipalityId,
			claimId: placed.claimId,
			tripDate: data.tripDate,
			fromPlace: data.fromPlace,
			toPlace: data.toPlace,
			purpose: data.purpose,
			kilometres: kmToNumeric(data.kilometres)
		};
		const fields = (Object.keys(next) as (keyof typeof next)[]).filter((k) =>
			k === 'kilometres'
				? kmFromNumeric(current.kilometres) !== data.kilometres
				: current[k] !== next[k]
		);
		await tx
			.update(trips)
			.set({ ...next, updatedAt: ctx.now() })
			.where(eq(trips.id, tripId));
		await touchClaim(tx, ctx, placed.claimId);
		if (current.claimId && current.claimId !== placed.claimId) {
			await touchClaim(tx, ctx, current.claimId);
			await dropEmptyDraft(tx, current.claimId);
		}
		await recordAudit(tx, ctx, {
			action: 'mileage.trip_update',
			entityType: 'volunteer',
			entityId: trip.volunteerId,
			countyId: volunteer.countyId,
			details: { tripId, claimId: placed.claimId, fields }
		});
		return { volunteerId: trip.volunteerId, tripDate: data.tripDate };
	});
}

/** Removes a trip of a draft or returned claim. */
export async function deleteTrip(
	ctx: ServiceContext,
	tripId: string
): Promise<{ volunteerId: string; tripDate: string }> {
	const { trip, volunteer } = await requireTrip(ctx, tripId, 'mileage.trip_delete');
	return ctx.db.transaction(async (tx) => {
		await lockVolunteer(tx, trip.volunteerId);
		const [current] = await tx.select().from(trips).where(eq(trips.id, tripId));
		if (!current) throw conflict('mileage.trip_gone');
		await requireEditableTrip(tx, current);
		await tx.delete(trips).where(eq(trips.id, tripId));
		if (current.claimId) {
			await touchClaim(tx, ctx, current.claimId);
			await dropEmptyDraft(tx, current.claimId);
		}
		await recordAudit(tx, ctx, {
			action: 'mileage.trip_delete',
			entityType: 'volunteer',
			entityId: trip.volunteerId,
			countyId: volunteer.countyId,
			details: { tripId, claimId: current.claimId }
		});
		return { volunteerId: trip.volunteerId, tripDate: current.tripDate };
	});
}

// ---------------------------------------------------------------------------------------------
// Claims

/** A claim with its trips, their reimbursability now, and its amounts (live or as submitted). */
async function claimDetail(tx: Tx, claim: ClaimRow) {
	const [names] = await tx
		.select({
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName,
			municipalityName: municipalities.name,
			countyName: counties.name
		})
		.from(volunteers)
		.innerJoin(municipalities, eq(municipalities.id, claim.municipalityId))
		.innerJoin(counties, eq(counties.id, municipalities.countyId))
		.where(eq(volunteers.id, claim.volunteerId));
	const rows = await tx
		.select(tripColumns)
		.from(trips)
		.innerJoin(clients, eq(clients.id, trips.clientId))
		.innerJoin(municipalities, eq(municipalities.id, trips.municipalityId))
		.leftJoin(mileageClaims, eq(mileageClaims.id, trips.claimId))
		.where(eq(trips.claimId, claim.id))
		.orderBy(asc(trips.tripDate), asc(trips.createdAt), asc(trips.id));
	const days = await diaryDays(
		tx,
		claim.volunteerId,
		rows.map((r) => r.clientId),
		claim.month,
		nextMonth(claim.month)
	);
	const list = rows.map((r) => presentTrip(r, days));
	const rates = await loadRateRows(tx, claim.municipalityId);
	const computed =
		list.length > 0
			? computeClaim(
					list.map((t) => ({ id: t.id, tripDate: t.tripDate, km: t.km })),
					rates,
					claim.municipalityId
				)
			: null;
	const live: ClaimComputation | null = computed?.ok ? computed.claim : null;
	const editable = isEditableClaim(claim.status);
	const line = new Map(live?.lines.map((l) => [l.tripId, l]) ?? []);
	const submitted = claim.totalKm !== null && claim.amountCents !== null && !editable;
	return {
		id: claim.id,
		volunteerId: claim.volunteerId,
		volunteerName: `${names?.volunteerFirstName ?? ''} ${names?.volunteerLastName ?? ''}`.trim(),
		municipalityId: claim.municipalityId,
		municipalityName: names?.municipalityName ?? '',
		countyName: names?.countyName ?? '',
		month: claim.month,
		status: claim.status,
		version: claim.version,
		submittedAt: claim.submittedAt,
		decidedAt: claim.decidedAt,
		returnReason: claim.returnReason,
		paidOn: claim.paidOn,
		editable,
		trips: list.map((t) => ({
			...t,
			rate: line.get(t.id)?.rate ?? null,
			amountCents: line.get(t.id)?.amountCents ?? null
		})),
		/** What is (or would be) paid: the snapshot once submitted, else computed now. */
		totals: submitted
			? {
					km: kmFromNumeric(claim.totalKm!),
					rate: claim.eurPerKm === null ? null : rateFromNumeric(claim.eurPerKm),
					capCents: claim.monthlyCapCents,
					sumCents: live?.sumCents ?? null,
					amountCents: claim.amountCents!,
					capped: claim.monthlyCapCents !== null && (live?.sumCents ?? 0) > claim.amountCents!,
					mixedRates: live?.mixedRates ?? false,
					snapshot: true
				}
			: live
				? {
						km: live.totalKm,
						rate: live.rate,
						capCents: live.capCents,
						sumCents: live.sumCents,
						amountCents: live.amountCents,
						capped: live.capped,
						mixedRates: live.mixedRates,
						snapshot: false
					}
				: null,
		missingRateOn: computed && !computed.ok ? computed.missingRateOn : null,
		notReimbursable: list.filter((t) => !t.eligibility.reimbursable).length
	};
}

export type ClaimDetail = Awaited<ReturnType<typeof claimDetail>>;

/** One claim for its page, with what the actor may do to it. */
export async function getClaim(ctx: ServiceContext, claimId: string) {
	const claim = await requireClaim(ctx, claimId, 'mileage:read', 'mileage.claim_view');
	const detail = await claimDetail(ctx.db, claim);
	const day = today(ctx);
	const resource = claimResource(claim);
	const own = ctx.actor?.volunteerId === claim.volunteerId;
	const reviewer = can(ctx.actor, 'mileage:review', resource, day) && !own;
	await recordAudit(ctx.db, ctx, {
		action: 'mileage.claim_view',
		entityType: 'mileage_claim',
		entityId: claim.id,
		countyId: claim.countyId,
		details: { volunteerId: claim.volunteerId }
	});
	return {
		claim: detail,
		own,
		today: day,
		permissions: {
			submit: detail.editable && can(ctx.actor, 'mileage:write', resource, day),
			editTrips: detail.editable && can(ctx.actor, 'mileage:write', resource, day),
			approve: reviewer && nextClaimStatus(claim.status, 'approve') !== null,
			return: reviewer && nextClaimStatus(claim.status, 'return') !== null,
			pay: reviewer && nextClaimStatus(claim.status, 'pay') !== null,
			viewLog: can(ctx.actor, 'mileage:read', await volunteerResourceOf(ctx.db, claim), day)
		}
	};
}

/** The policy resource of the claim's volunteer (their log lives in the volunteer's county). */
async function volunteerResourceOf(tx: Tx, claim: ClaimRow): Promise<Resource> {
	const [v] = await tx
		.select({ countyId: volunteers.countyId })
		.from(volunteers)
		.where(eq(volunteers.id, claim.volunteerId));
	return {
		kind: 'volunteer',
		countyId: v?.countyId ?? claim.countyId,
		volunteerId: claim.volunteerId
	};
}

/** The claim as the document and summary show it (for services/mileage-documents.ts). */
export async function claimForDocument(ctx: ServiceContext, claimId: string) {
	const claim = await requireClaim(ctx, claimId, 'mileage:read', 'mileage.claim_download');
	return { claim, detail: await claimDetail(ctx.db, claim) };
}

export { claimDetail as readClaimDetail };

const versionSchema = z.object({
	version: z.coerce.number({ message: 'error.form_invalid' }).int().min(1)
});

/** Locks the claim, checks the version the form read and the state change. */
async function lockForTransition(
	tx: Tx,
	claimId: string,
	version: number,
	action: ClaimAction
): Promise<{ claim: ClaimRow; to: ClaimStatus }> {
	const [claim] = await tx
		.select()
		.from(mileageClaims)
		.where(eq(mileageClaims.id, claimId))
		.for('update');
	if (!claim) throw conflict('mileage.claim_changed');
	if (claim.version !== version) throw new StaleVersionError();
	const to = nextClaimStatus(claim.status, action);
	if (!to) throw conflict('mileage.claim_wrong_state');
	return { claim, to };
}

/**
 * The volunteer hands in a month's claim (R-MILE-3). Every trip must still be reimbursable
 * (R-MILE-2): a trip whose diary entry was removed, or whose client was anonymised, is to be
 * removed first (or the entry restored). The claim then stores its snapshot: the rate and cap
 * in force on its last trip day, total km and amount. The audit event lists the trips claimed.
 */
export async function submitClaim(ctx: ServiceContext, claimId: string, input: unknown) {
	const found = await requireClaim(ctx, claimId, 'mileage:write', 'mileage.claim_submit');
	const { version } = validate(versionSchema, input);
	const stale = {
		action: 'mileage.claim_submit',
		entityType: 'mileage_claim',
		entityId: claimId,
		countyId: found.countyId,
		version,
		messageKey: 'mileage.claim_changed'
	};
	await refuseStale(ctx, stale, () =>
		ctx.db.transaction(async (tx) => {
			const { claim, to } = await lockForTransition(tx, claimId, version, 'submit');
			const detail = await claimDetail(tx, claim);
			if (detail.trips.length === 0) throw invalid({}, 'mileage.claim_empty');
			if (detail.notReimbursable > 0) throw invalid({}, 'mileage.claim_not_reimbursable');
			if (detail.missingRateOn || !detail.totals) throw invalid({}, 'mileage.no_rate');
			const totals = detail.totals;
			await tx
				.update(mileageClaims)
				.set({
					status: to,
					eurPerKm: totals.rate === null ? null : rateToNumeric(totals.rate),
					monthlyCapCents: totals.capCents,
					totalKm: kmToNumeric(totals.km),
					amountCents: totals.amountCents,
					submittedAt: ctx.now(),
					decidedAt: null,
					decidedBy: null,
					version: claim.version + 1,
					updatedAt: ctx.now()
				})
				.where(eq(mileageClaims.id, claimId));
			await recordAudit(tx, ctx, {
				action: 'mileage.claim_submit',
				entityType: 'mileage_claim',
				entityId: claimId,
				countyId: found.countyId,
				details: {
					volunteerId: claim.volunteerId,
					from: claim.status,
					to,
					version: claim.version + 1,
					tripIds: detail.trips.map((t) => t.id),
					reimbursableTrips: detail.trips.length
				}
			});
		})
	);
}

const reviewSchemas = {
	approve: versionSchema,
	return: versionSchema.extend({
		reason: z
			.string({ message: 'mileage.reason_required' })
			.trim()
			.min(1, 'mileage.reason_required')
			.max(1000, 'error.too_long')
	}),
	pay: versionSchema.extend({
		paidOn: z.string({ message: 'error.date' }).refine(isIsoDay, 'error.date')
	})
} as const;

const REVIEW_AUDIT = {
	approve: 'mileage.claim_approve',
	return: 'mileage.claim_return',
	pay: 'mileage.claim_pay'
} as const;

/**
 * The coordinator (of the paying municipality's county) or the administrator approves a
 * submitted claim, returns it with a reason (also an approved one not yet paid), or marks an
 * approved claim paid on a date. Nobody reviews their own claim.
 */
export async function reviewClaim(
	ctx: ServiceContext,
	claimId: string,
	action: 'approve' | 'return' | 'pay',
	input: unknown
) {
	const auditAction = REVIEW_AUDIT[action];
	const found = await requireClaim(ctx, claimId, 'mileage:review', auditAction);
	if (ctx.actor?.volunteerId === found.volunteerId) {
		await recordAudit(ctx.db, ctx, {
			action: auditAction,
			entityType: 'mileage_claim',
			entityId: claimId,
			countyId: found.countyId,
			outcome: 'denied',
			details: { reason: 'own_claim' }
		});
		throw forbidden();
	}
	const data = validate(reviewSchemas[action], input) as { version: number } & Partial<{
		reason: string;
		paidOn: string;
	}>;
	const day = today(ctx);
	const stale = {
		action: auditAction,
		entityType: 'mileage_claim',
		entityId: claimId,
		countyId: found.countyId,
		version: data.version,
		messageKey: 'mileage.claim_changed'
	};
	await refuseStale(ctx, stale, () =>
		ctx.db.transaction(async (tx) => {
			const { claim, to } = await lockForTransition(tx, claimId, data.version, action);
			const set: Partial<typeof mileageClaims.$inferInsert> = {
				status: to,
				version: claim.version + 1,
				updatedAt: ctx.now()
			};
			if (action === 'approve' || action === 'return') {
				set.decidedAt = ctx.now();
				set.decidedBy = ctx.actor!.userId;
			}
			if (action === 'return') set.returnReason = data.reason!;
			if (action === 'pay') {
				const submittedOn = claim.submittedAt ? tallinnDay(claim.submittedAt) : null;
				if (data.paidOn! > day) throw invalid({ paidOn: 'mileage.paid_in_future' });
				if (submittedOn && data.paidOn! < submittedOn) {
					throw invalid({ paidOn: 'mileage.paid_before_submitted' });
				}
				set.paidOn = data.paidOn!;
			}
			await tx.update(mileageClaims).set(set).where(eq(mileageClaims.id, claimId));
			await recordAudit(tx, ctx, {
				action: auditAction,
				entityType: 'mileage_claim',
				entityId: claimId,
				countyId: claim.countyId,
				details: {
					volunteerId: claim.volunteerId,
					from: claim.status,
					to,
					version: claim.version + 1
				}
			});
		})
	);
}

// ---------------------------------------------------------------------------------------------
// The reviewers' list

export interface ClaimListFilter {
	status?: string | null;
	municipalityId?: string | null;
	month?: string | null;
	page?: number;
}

/** Counties whose claims the actor reviews (null = all); refuses (404, audited) everyone else. */
async function reviewScope(ctx: ServiceContext): Promise<readonly string[] | null> {
	if (!canAnywhere(ctx.actor, 'mileage:review')) {
		await authorize(ctx, 'mileage:review', { kind: 'system' }, { action: 'mileage.claim_list' });
	}
	return countyScope(ctx.actor, 'mileage:review');
}

/**
 * Claims to review and pay: the coordinator's counties (all for the administrator), by
 * default those waiting for review. Filters: state, paying municipality, month.
 */
export async function listClaims(ctx: ServiceContext, filter: ClaimListFilter = {}) {
	const scope = await reviewScope(ctx);
	// By default the claims waiting for review; "all" lifts the filter.
	const status: ClaimStatus | null =
		filter.status === 'all'
			? null
			: filter.status && (CLAIM_STATUSES as readonly string[]).includes(filter.status)
				? (filter.status as ClaimStatus)
				: 'submitted';
	const municipalityId =
		filter.municipalityId && uuid.safeParse(filter.municipalityId).success
			? filter.municipalityId
			: null;
	const month = parseMonth(filter.month);
	const where: SQL[] = [];
	if (scope !== null) where.push(inArray(mileageClaims.countyId, [...scope]));
	if (status) where.push(eq(mileageClaims.status, status));
	if (municipalityId) where.push(eq(mileageClaims.municipalityId, municipalityId));
	if (month) where.push(eq(mileageClaims.month, month));
	const pageSize = 50;
	const page = Math.min(Math.max(Math.trunc(filter.page ?? 1) || 1, 1), 10_000);
	const rows = await ctx.db
		.select({
			id: mileageClaims.id,
			month: mileageClaims.month,
			status: mileageClaims.status,
			volunteerId: mileageClaims.volunteerId,
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName,
			municipalityName: municipalities.name,
			totalKm: mileageClaims.totalKm,
			amountCents: mileageClaims.amountCents,
			submittedAt: mileageClaims.submittedAt,
			paidOn: mileageClaims.paidOn,
			trips: sql<number>`(select count(*)::int from ${trips} where ${trips.claimId} = ${mileageClaims.id})`
		})
		.from(mileageClaims)
		.innerJoin(volunteers, eq(volunteers.id, mileageClaims.volunteerId))
		.innerJoin(municipalities, eq(municipalities.id, mileageClaims.municipalityId))
		.where(and(...where))
		.orderBy(
			desc(mileageClaims.month),
			asc(municipalities.name),
			asc(volunteers.lastName),
			asc(volunteers.firstName),
			asc(mileageClaims.id)
		)
		.limit(pageSize + 1)
		.offset((page - 1) * pageSize);
	const options = await ctx.db
		.select({ id: municipalities.id, name: municipalities.name, countyName: counties.name })
		.from(municipalities)
		.innerJoin(counties, eq(counties.id, municipalities.countyId))
		.where(scope === null ? undefined : inArray(municipalities.countyId, [...scope]))
		.orderBy(asc(counties.name), asc(municipalities.sortOrder), asc(municipalities.name));
	await recordAudit(ctx.db, ctx, {
		action: 'mileage.claim_list',
		entityType: 'mileage_claim',
		details: {
			count: Math.min(rows.length, pageSize),
			page,
			filters: [
				status ? 'status' : null,
				municipalityId ? 'municipality' : null,
				month ? 'month' : null
			].filter((f): f is string => f !== null)
		}
	});
	return {
		rows: rows.slice(0, pageSize).map(({ totalKm, amountCents, ...r }) => ({
			...r,
			totalKm: totalKm === null || isEditableClaim(r.status) ? null : kmFromNumeric(totalKm),
			amountCents: isEditableClaim(r.status) ? null : amountCents
		})),
		hasMore: rows.length > pageSize,
		page,
		filter: { status: status ?? 'all', municipalityId, month },
		municipalities: options,
		canManageRates: canAnywhere(ctx.actor, 'reference:manage'),
		today: today(ctx)
	};
}
