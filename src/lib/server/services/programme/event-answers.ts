import { and, asc, eq, gte, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
	programmeEventParticipants,
	programmeEvents,
	volunteers,
	EVENT_RESPONSES
} from '../../db/schema';
import { invalid, notFound } from '../../errors';
import { recordAudit, type AuditAction } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { EVENT_ENTITY, eventRow } from './event-access';

/**
 * The volunteer's side of the events (issue 22): the coming events of their county and the
 * national ones on their home page, and their answer "I'll come" / "I can't".
 */

async function ownVolunteer(ctx: ServiceContext, auditAction: AuditAction, eventId: string | null) {
	const volunteerId = ctx.actor?.volunteerId;
	const [v] = volunteerId
		? await ctx.db
				.select({ id: volunteers.id, countyId: volunteers.countyId, status: volunteers.status })
				.from(volunteers)
				.where(eq(volunteers.id, volunteerId))
		: [];
	if (!v) {
		// Only a volunteer answers, and only for themself: anyone else is refused (audited).
		await recordAudit(ctx.db, ctx, {
			action: auditAction,
			entityType: EVENT_ENTITY,
			entityId: eventId?.slice(0, 100) ?? null,
			outcome: 'denied',
			details: { permission: 'event:respond' }
		});
		throw notFound();
	}
	return v;
}

/**
 * The coming events of the volunteer's county and the national ones, with their own answer
 * (the volunteer's home page). Only their own data: not audited. Null for a non-volunteer.
 */
export async function comingEventsOfVolunteer(ctx: ServiceContext) {
	const volunteerId = ctx.actor?.volunteerId;
	if (!volunteerId) return null;
	const [v] = await ctx.db
		.select({ countyId: volunteers.countyId, status: volunteers.status })
		.from(volunteers)
		.where(eq(volunteers.id, volunteerId));
	if (!v || v.status === 'ended') return null;
	const p = programmeEventParticipants;
	return ctx.db
		.select({
			id: programmeEvents.id,
			kind: programmeEvents.kind,
			title: programmeEvents.title,
			heldOn: programmeEvents.heldOn,
			startsAt: programmeEvents.startsAt,
			place: programmeEvents.place,
			agenda: programmeEvents.agenda,
			national: sql<boolean>`${programmeEvents.countyId} is null`,
			invited: sql<boolean>`coalesce(${p.invited}, false)`,
			response: p.response
		})
		.from(programmeEvents)
		.leftJoin(p, and(eq(p.eventId, programmeEvents.id), eq(p.volunteerId, volunteerId)))
		.where(
			and(
				or(eq(programmeEvents.countyId, v.countyId), isNull(programmeEvents.countyId)),
				gte(programmeEvents.heldOn, today(ctx)),
				isNull(programmeEvents.cancelledAt)
			)
		)
		.orderBy(asc(programmeEvents.heldOn), asc(programmeEvents.startsAt), asc(programmeEvents.id))
		.limit(10);
}

const responseSchema = z.object({
	response: z.enum(EVENT_RESPONSES, { message: 'error.choice' })
});

/**
 * The volunteer answers "I'll come" or "I can't" to a coming event of their county (or a
 * national one). Another county's event is "not found" (audited); a past or cancelled one
 * cannot be answered.
 */
export async function respondToEvent(ctx: ServiceContext, eventId: string, input: unknown) {
	const v = await ownVolunteer(ctx, 'event.respond', eventId);
	await authorize(
		ctx,
		'event:respond',
		{ kind: 'volunteer', countyId: v.countyId, volunteerId: v.id },
		{ action: 'event.respond', entityType: EVENT_ENTITY, entityId: eventId }
	);
	const event = await eventRow(ctx.db, eventId);
	if (
		!event ||
		(event.countyId !== null && event.countyId !== v.countyId) ||
		v.status === 'ended'
	) {
		return deniedNotFound(ctx, {
			action: 'event.respond',
			entityType: EVENT_ENTITY,
			entityId: eventId
		});
	}
	const { response } = validate(responseSchema, input);
	if (event.cancelledAt || event.heldOn < today(ctx)) {
		throw invalid({ response: 'programme.error.not_open' });
	}
	await ctx.db.transaction(async (tx) => {
		await tx
			.insert(programmeEventParticipants)
			.values({ eventId, volunteerId: v.id, response, respondedAt: ctx.now() })
			.onConflictDoUpdate({
				target: [programmeEventParticipants.eventId, programmeEventParticipants.volunteerId],
				set: { response, respondedAt: ctx.now() }
			});
		await recordAudit(tx, ctx, {
			action: 'event.respond',
			entityType: EVENT_ENTITY,
			entityId: eventId,
			countyId: event.countyId,
			details: { response, volunteerId: v.id }
		});
	});
}
