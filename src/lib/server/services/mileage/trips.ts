import { and, count, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
	clients,
	mileageClaims,
	municipalities,
	pairings,
	trips,
	volunteers
} from '../../db/schema';
import type { Tx } from '../../db/client';
import { refusedAsAnonymised } from '../../policy/policy';
import { conflict, invalid } from '../../errors';
import { isIsoDay } from '../../domain/dates';
import {
	checkDayBound,
	isEditableClaim,
	monthOf,
	pairedOn,
	tripEligibility
} from '../../domain/mileage';
import { kmFromNumeric, kmToNumeric, parseKilometres } from '../../domain/money';
import { recordAudit, type AuditAction } from '../core/audit';
import { deniedNotFound, requireVolunteer } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { claimSubmission, settleSubmission, submissionKeyOf } from '../core/submissions';
import { diaryDays, isAnonymised, tripClients } from './mileage-log';

/**
 * Trips of the mileage log (R-MILE-1, R-MILE-2): a volunteer logs a trip made for a client they
 * are or were paired with, on a day inside the pairing and on which they have a diary entry for
 * that client. Each trip is filed at once into the claim of its month and paying municipality
 * (the client's), which is created as a draft when needed; a trip of a draft or returned claim
 * may be corrected or removed (an emptied draft goes with it).
 */

const uuid = z.string().uuid();

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

const tripSchema = z.object({
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
