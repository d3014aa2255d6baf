import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
	counties,
	programmeEventParticipants,
	programmeEvents,
	volunteers,
	PROGRAMME_EVENT_KINDS
} from '../../db/schema';
import type { Tx } from '../../db/client';
import { can, canAnywhere, type Resource } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { invalid } from '../../errors';
import { recordAudit } from '../core/audit';
import { authorize } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import {
	EVENT_ENTITY,
	manageScope,
	mayManage,
	NATIONAL,
	requireEvent,
	type ProgrammeEvent
} from './event-access';
import { idList, isoDay, optionalText, requiredText, uuidOk } from './shared';

/**
 * Trainings, development days and club meetings (issue 22, R-VOL-8): events of a county, or
 * national ones (no county: the administrator writes them, every coordinator reads them and
 * sees their own counties' volunteers on them). The coordinator invites volunteers, sees who
 * answered "I'll come" / "I can't", and records who came — on a phone at the door or from a
 * ticked paper list afterwards. Attending a base training is what makes a volunteer "trained":
 * `volunteer.base_training_completed_on` is kept by the database from the attendance (migration
 * 0009 triggers), so the activation check (domain/volunteers.ts) reads it as before.
 *
 * Access: `event:read` / `event:manage` on the event's county; national events
 * `event:read_national` (any coordinator) and `event:manage` on the system (administrator).
 * A volunteer answers with `event:respond` on their own record, for events of their county or
 * national ones. Experts see only the figures (figures.ts). Every read of names and every write
 * is audited; refusals answer "not found" (or "forbidden" for a readable event), audited.
 *
 * Beside this file: the gate (event-access.ts), the volunteer's answers (event-answers.ts), the
 * base training from the volunteer page (base-training.ts), documents (event-documents.ts).
 */

// --- Lists ------------------------------------------------------------------------------------

export interface EventListFilter {
	when?: 'coming' | 'past';
	countyId?: string;
}

/**
 * The events of the actor's counties and the national ones, coming (soonest first) or past
 * (latest first), with counts of invited, answers and attendance — no names, so not audited
 * beyond a refusal.
 */
export async function listEvents(ctx: ServiceContext, filter: EventListFilter = {}) {
	if (!canAnywhere(ctx.actor, 'event:read')) {
		await authorize(ctx, 'event:read', NATIONAL, { action: 'event.list' });
	}
	const scope = countyScope(ctx.actor, 'event:read');
	const day = today(ctx);
	const when = filter.when === 'past' ? 'past' : 'coming';
	const countyId = filter.countyId && uuidOk(filter.countyId) ? filter.countyId : null;
	const inScope: SQL | undefined =
		scope === null
			? undefined
			: or(isNull(programmeEvents.countyId), inArray(programmeEvents.countyId, [...scope]));
	const p = programmeEventParticipants;
	// A national event counts only the actor's counties' people (the administrator: everyone).
	const counted =
		scope === null
			? sql`true`
			: sql`exists (select 1 from volunteer cv where cv.id = ${p.volunteerId}
				and cv.county_id in (${sql.join(
					scope.map((c) => sql`${c}::uuid`),
					sql`, `
				)}))`;
	const rows = await ctx.db
		.select({
			id: programmeEvents.id,
			countyId: programmeEvents.countyId,
			countyName: counties.name,
			kind: programmeEvents.kind,
			title: programmeEvents.title,
			heldOn: programmeEvents.heldOn,
			startsAt: programmeEvents.startsAt,
			place: programmeEvents.place,
			origin: programmeEvents.origin,
			cancelled: sql<boolean>`${programmeEvents.cancelledAt} is not null`,
			invited: sql<number>`(count(${p.id}) filter (where ${p.invited} and ${counted}))::int`,
			coming: sql<number>`(count(${p.id}) filter (where ${p.response} = 'coming' and ${counted}))::int`,
			notComing: sql<number>`(count(${p.id}) filter (where ${p.response} = 'not_coming' and ${counted}))::int`,
			attended: sql<number>`(count(${p.id}) filter (where ${p.attended} and ${counted}))::int`
		})
		.from(programmeEvents)
		.leftJoin(counties, eq(counties.id, programmeEvents.countyId))
		.leftJoin(p, eq(p.eventId, programmeEvents.id))
		.where(
			and(
				inScope,
				countyId
					? or(eq(programmeEvents.countyId, countyId), isNull(programmeEvents.countyId))
					: undefined,
				when === 'coming' ? gte(programmeEvents.heldOn, day) : lt(programmeEvents.heldOn, day)
			)
		)
		.groupBy(programmeEvents.id, counties.name)
		.orderBy(
			when === 'coming' ? asc(programmeEvents.heldOn) : desc(programmeEvents.heldOn),
			asc(programmeEvents.startsAt),
			asc(programmeEvents.id)
		)
		.limit(200);
	const countyOptions = await ctx.db
		.select({ id: counties.id, name: counties.name })
		.from(counties)
		.where(scope === null ? undefined : inArray(counties.id, [...scope]))
		.orderBy(counties.name);
	return {
		events: rows,
		when,
		countyId,
		counties: countyOptions,
		canCreate: canAnywhere(ctx.actor, 'event:manage'),
		canSeeFigures: canAnywhere(ctx.actor, 'analysis:read'),
		today: day
	};
}

/** The choices of the new-event form: the counties the actor manages, national for the admin. */
export async function eventFormOptions(ctx: ServiceContext) {
	if (!canAnywhere(ctx.actor, 'event:manage')) {
		await authorize(ctx, 'event:manage', NATIONAL, { action: 'event.create' });
	}
	const scope = manageScope(ctx);
	const rows = await ctx.db
		.select({ id: counties.id, name: counties.name })
		.from(counties)
		.where(scope === null ? undefined : inArray(counties.id, [...scope]))
		.orderBy(counties.name);
	return {
		counties: rows,
		national: can(ctx.actor, 'event:manage', NATIONAL, today(ctx)),
		kinds: PROGRAMME_EVENT_KINDS
	};
}

// --- Create and change ------------------------------------------------------------------------

const eventSchema = z.object({
	/** Empty: a national event. */
	countyId: z.preprocess(
		(v) => (v === '' || v === 'national' ? null : v),
		z.string().uuid('error.choice').nullable()
	),
	kind: z.enum(PROGRAMME_EVENT_KINDS, { message: 'error.choice' }),
	title: requiredText(200),
	heldOn: isoDay,
	startsAt: z.preprocess(
		(v) => (typeof v === 'string' && v.trim() === '' ? null : v),
		z
			.string()
			.trim()
			.regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'programme.error.time')
			.nullable()
			.optional()
	),
	place: optionalText(300),
	agenda: optionalText(4000)
});

const eventUpdateSchema = eventSchema.omit({ countyId: true });

/** A new event of a county (or national: the administrator). Audited `event.create`. */
export async function createEvent(ctx: ServiceContext, input: unknown): Promise<string> {
	const raw = (input ?? {}) as Record<string, unknown>;
	const rawCounty = raw.countyId;
	const countyGiven = typeof rawCounty === 'string' && uuidOk(rawCounty) ? rawCounty : null;
	const resource: Resource = countyGiven ? { kind: 'county', countyId: countyGiven } : NATIONAL;
	if (rawCounty !== '' && rawCounty !== 'national' && !countyGiven) {
		if (!canAnywhere(ctx.actor, 'event:manage')) {
			await authorize(ctx, 'event:manage', NATIONAL, { action: 'event.create' });
		}
		throw invalid({ countyId: 'error.choice' });
	}
	await authorize(ctx, 'event:manage', resource, {
		action: 'event.create',
		entityType: 'county',
		entityId: countyGiven
	});
	const data = validate(eventSchema, input);
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(programmeEvents)
			.values({
				countyId: data.countyId,
				kind: data.kind,
				title: data.title,
				heldOn: data.heldOn,
				startsAt: data.startsAt ?? null,
				place: data.place ?? null,
				agenda: data.agenda ?? null,
				createdBy: ctx.actor!.userId,
				createdAt: ctx.now(),
				updatedAt: ctx.now()
			})
			.returning({ id: programmeEvents.id });
		await recordAudit(tx, ctx, {
			action: 'event.create',
			entityType: EVENT_ENTITY,
			entityId: row!.id,
			countyId: data.countyId,
			details: { kind: data.kind }
		});
		return row!.id;
	});
}

/** Changes the event's kind, title, day, time, place or agenda (its county stays). */
export async function updateEvent(ctx: ServiceContext, eventId: string, input: unknown) {
	const row = await requireEvent(ctx, eventId, 'manage', 'event.update');
	const data = validate(eventUpdateSchema, input);
	await ctx.db.transaction(async (tx) => {
		const values = {
			kind: data.kind,
			title: data.title,
			heldOn: data.heldOn,
			startsAt: data.startsAt ?? null,
			place: data.place ?? null,
			agenda: data.agenda ?? null
		};
		await tx
			.update(programmeEvents)
			.set({ ...values, updatedAt: ctx.now() })
			.where(eq(programmeEvents.id, eventId));
		const before = row as unknown as Record<string, unknown>;
		await recordAudit(tx, ctx, {
			action: 'event.update',
			entityType: EVENT_ENTITY,
			entityId: eventId,
			countyId: row.countyId,
			details: {
				fields: Object.entries(values)
					.filter(([k, v]) => (before[k] ?? null) !== v)
					.map(([k]) => k)
			}
		});
	});
}

/** Cancels an event (or takes the cancellation back); attendance of a cancelled event counts not. */
export async function setEventCancelled(ctx: ServiceContext, eventId: string, cancelled: boolean) {
	const row = await requireEvent(ctx, eventId, 'manage', 'event.cancel');
	await ctx.db.transaction(async (tx) => {
		await tx
			.update(programmeEvents)
			.set({ cancelledAt: cancelled ? ctx.now() : null, updatedAt: ctx.now() })
			.where(eq(programmeEvents.id, eventId));
		await recordAudit(tx, ctx, {
			action: 'event.cancel',
			entityType: EVENT_ENTITY,
			entityId: eventId,
			countyId: row.countyId,
			details: { cancelled }
		});
	});
}

// --- One event --------------------------------------------------------------------------------

/** The county condition on volunteers the actor may see on an event (null: everyone). */
function peopleScope(ctx: ServiceContext, event: ProgrammeEvent): readonly string[] | null {
	if (event.countyId) return null; // the county's own people; reading the event was checked
	return countyScope(ctx.actor, 'event:read_national') === null
		? null
		: (ctx.actor?.coordinatorCountyIds ?? []);
}

/**
 * One event with its people: who was invited, what they answered, who came; and for the
 * coordinator the county's volunteers to invite or tick off. Names: audited `event.view`.
 */
export async function getEvent(ctx: ServiceContext, eventId: string) {
	const event = await requireEvent(ctx, eventId, 'read', 'event.view');
	const day = today(ctx);
	const people = peopleScope(ctx, event);
	const p = programmeEventParticipants;
	const participants = await ctx.db
		.select({
			volunteerId: volunteers.id,
			firstName: volunteers.firstName,
			lastName: volunteers.lastName,
			status: volunteers.status,
			countyId: volunteers.countyId,
			invited: p.invited,
			response: p.response,
			respondedAt: p.respondedAt,
			attended: p.attended
		})
		.from(p)
		.innerJoin(volunteers, eq(volunteers.id, p.volunteerId))
		.where(
			and(
				eq(p.eventId, eventId),
				people === null ? undefined : inArray(volunteers.countyId, [...people])
			)
		)
		.orderBy(asc(volunteers.lastName), asc(volunteers.firstName), asc(volunteers.id));
	const manage = mayManage(ctx, event);
	const already = new Set(participants.map((r) => r.volunteerId));
	const candidates = manage
		? (
				await ctx.db
					.select({
						volunteerId: volunteers.id,
						firstName: volunteers.firstName,
						lastName: volunteers.lastName,
						status: volunteers.status
					})
					.from(volunteers)
					.where(
						and(
							ne(volunteers.status, 'ended'),
							event.countyId ? eq(volunteers.countyId, event.countyId) : undefined
						)
					)
					.orderBy(asc(volunteers.lastName), asc(volunteers.firstName), asc(volunteers.id))
					.limit(500)
			).filter((v) => !already.has(v.volunteerId))
		: [];
	const [county] = event.countyId
		? await ctx.db.select().from(counties).where(eq(counties.id, event.countyId))
		: [];
	await recordAudit(ctx.db, ctx, {
		action: 'event.view',
		entityType: EVENT_ENTITY,
		entityId: eventId,
		countyId: event.countyId,
		details: { participants: participants.length }
	});
	return {
		event: { ...event, countyName: county?.name ?? null },
		participants,
		candidates,
		canManage: manage,
		held: event.heldOn <= day,
		counts: {
			invited: participants.filter((r) => r.invited).length,
			coming: participants.filter((r) => r.response === 'coming').length,
			notComing: participants.filter((r) => r.response === 'not_coming').length,
			attended: participants.filter((r) => r.attended).length
		},
		kinds: PROGRAMME_EVENT_KINDS,
		today: day
	};
}

/** The volunteers `ids` must be of the event's county (any county for a national event). */
async function checkVolunteers(
	tx: Tx,
	event: ProgrammeEvent,
	ids: readonly string[],
	field: string
) {
	if (ids.length === 0) return;
	const rows = await tx
		.select({ id: volunteers.id })
		.from(volunteers)
		.where(
			and(
				inArray(volunteers.id, [...ids]),
				event.countyId ? eq(volunteers.countyId, event.countyId) : undefined
			)
		);
	if (rows.length !== ids.length) throw invalid({ [field]: 'error.choice' });
}

const inviteSchema = z.object({
	volunteerIds: z.unknown().optional().transform(idList),
	/** Invite every active volunteer of the event's county. */
	allActive: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())
});

/** Invites volunteers (or all active ones of the county); audited with the count. */
export async function inviteVolunteers(ctx: ServiceContext, eventId: string, input: unknown) {
	const event = await requireEvent(ctx, eventId, 'manage', 'event.invite');
	const data = validate(inviteSchema, input);
	if (data.allActive && !event.countyId) throw invalid({ allActive: 'error.choice' });
	return ctx.db.transaction(async (tx) => {
		await checkVolunteers(tx, event, data.volunteerIds, 'volunteerIds');
		const ids = data.allActive
			? (
					await tx
						.select({ id: volunteers.id })
						.from(volunteers)
						.where(and(eq(volunteers.countyId, event.countyId!), eq(volunteers.status, 'active')))
				).map((r) => r.id)
			: data.volunteerIds;
		if (ids.length === 0) throw invalid({ volunteerIds: 'programme.error.nobody' });
		await tx
			.insert(programmeEventParticipants)
			.values(ids.map((volunteerId) => ({ eventId, volunteerId, invited: true })))
			.onConflictDoUpdate({
				target: [programmeEventParticipants.eventId, programmeEventParticipants.volunteerId],
				set: { invited: true }
			});
		await recordAudit(tx, ctx, {
			action: 'event.invite',
			entityType: EVENT_ENTITY,
			entityId: eventId,
			countyId: event.countyId,
			details: { count: ids.length }
		});
		return ids.length;
	});
}

const attendanceSchema = z.object({
	/** Everyone ticked as present. */
	attended: z.unknown().optional().transform(idList),
	/** The people listed on the form (a tick missing from one of them means "did not come"). */
	listed: z.unknown().optional().transform(idList),
	/** Someone not yet on the event who came (from the county's volunteers). */
	add: z.unknown().optional().transform(idList)
});

/**
 * Records who came: each listed person ticked or not, plus those added from the county's
 * volunteers (a paper list entered afterwards). Only once the event's day has come. A base
 * training's attendance gives the volunteer their base training date (database trigger).
 */
export async function recordAttendance(ctx: ServiceContext, eventId: string, input: unknown) {
	const event = await requireEvent(ctx, eventId, 'manage', 'event.attendance');
	const data = validate(attendanceSchema, input);
	if (event.heldOn > today(ctx)) throw invalid({ attended: 'programme.error.not_yet_held' });
	if (event.cancelledAt) throw invalid({ attended: 'programme.error.cancelled' });
	const present = new Set([...data.attended, ...data.add]);
	return ctx.db.transaction(async (tx) => {
		await checkVolunteers(tx, event, [...present], 'attended');
		const existing = await tx
			.select({ volunteerId: programmeEventParticipants.volunteerId })
			.from(programmeEventParticipants)
			.where(eq(programmeEventParticipants.eventId, eventId));
		const known = new Set(existing.map((r) => r.volunteerId));
		const absent = data.listed.filter((id) => known.has(id) && !present.has(id));
		if (present.size > 0) {
			await tx
				.insert(programmeEventParticipants)
				.values(
					[...present].map((volunteerId) => ({
						eventId,
						volunteerId,
						attended: true,
						attendanceRecordedBy: ctx.actor!.userId,
						attendanceRecordedAt: ctx.now()
					}))
				)
				.onConflictDoUpdate({
					target: [programmeEventParticipants.eventId, programmeEventParticipants.volunteerId],
					set: {
						attended: true,
						attendanceRecordedBy: ctx.actor!.userId,
						attendanceRecordedAt: ctx.now()
					},
					setWhere: eq(programmeEventParticipants.attended, false)
				});
		}
		if (absent.length > 0) {
			await tx
				.update(programmeEventParticipants)
				.set({
					attended: false,
					attendanceRecordedBy: ctx.actor!.userId,
					attendanceRecordedAt: ctx.now()
				})
				.where(
					and(
						eq(programmeEventParticipants.eventId, eventId),
						inArray(programmeEventParticipants.volunteerId, absent),
						eq(programmeEventParticipants.attended, true)
					)
				);
		}
		await recordAudit(tx, ctx, {
			action: 'event.attendance',
			entityType: EVENT_ENTITY,
			entityId: eventId,
			countyId: event.countyId,
			details: { attended: present.size, absent: absent.length, kind: event.kind }
		});
		return present.size;
	});
}
