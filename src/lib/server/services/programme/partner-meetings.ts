import { and, asc, desc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
	counties,
	partnerMeetingFollowUps,
	partnerMeetingParticipants,
	partnerMeetings,
	socialPartnerContacts,
	socialPartners
} from '../../db/schema';
import { can, canAnywhere } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { invalid } from '../../errors';
import { partnerMeetingDueOn, recordingAllowed } from '../../domain/programme';
import { recordAudit } from '../core/audit';
import { authorize } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { countyResource, MEETING_ENTITY, requireMeeting } from './meeting-access';
import { MEETING_DOCUMENT_KINDS } from './meeting-documents';
import { hasRecording, participantsOf } from './meeting-participants';
import { isoDay, optionalText, uuidOk } from './shared';

/**
 * Social-partner meetings (R-PART-1, R-PART-2): the quarterly meeting of a county's partners —
 * day, place, agenda, minutes, who took part (a partner's contact person or someone else) and
 * whether each agreed to the meeting being recorded, the decisions and follow-ups, and its
 * documents (agenda, minutes, recording, transcript: `document` rows with owner_ref
 * `partner_meeting:<id>`). A recording is kept only where everyone present consented: the
 * upload refuses it otherwise, and while a recording is kept nobody can be added without consent
 * or have their consent taken back (delete the recording first).
 *
 * `partner_meeting:read` / `partner_meeting:manage` on the county (coordinators, the
 * administrator). Experts read partners but not the meetings (names of people). Audited.
 *
 * Beside this file: the gate (meeting-access.ts), the people and their consent
 * (meeting-participants.ts), follow-ups (meeting-follow-ups.ts), documents (meeting-documents.ts).
 */

/** Whether the actor reads partner meetings anywhere (a link on the partners list). */
export function canReadPartnerMeetings(ctx: ServiceContext): boolean {
	return canAnywhere(ctx.actor, 'partner_meeting:read');
}

// --- Lists ------------------------------------------------------------------------------------

/**
 * The meetings of the actor's counties, latest first, with how many took part, and per county
 * when the next one is due (a quarter after the last). No names: a refusal is audited only.
 */
export async function listPartnerMeetings(ctx: ServiceContext, filter: { countyId?: string } = {}) {
	if (!canAnywhere(ctx.actor, 'partner_meeting:read')) {
		await authorize(
			ctx,
			'partner_meeting:read',
			{ kind: 'system' },
			{ action: 'partner_meeting.list' }
		);
	}
	const scope = countyScope(ctx.actor, 'partner_meeting:read');
	const countyId = filter.countyId && uuidOk(filter.countyId) ? filter.countyId : null;
	if (countyId) {
		await authorize(ctx, 'partner_meeting:read', countyResource(countyId), {
			action: 'partner_meeting.list',
			entityType: 'county',
			entityId: countyId
		});
	}
	const list = countyId ? [countyId] : scope;
	const where = list === null ? undefined : inArray(partnerMeetings.countyId, [...list]);
	const meetings = await ctx.db
		.select({
			id: partnerMeetings.id,
			countyId: partnerMeetings.countyId,
			countyName: counties.name,
			heldOn: partnerMeetings.heldOn,
			place: partnerMeetings.place,
			participants: sql<number>`(select count(*) from partner_meeting_participant mp
				where mp.meeting_id = ${partnerMeetings.id})::int`,
			openFollowUps: sql<number>`(select count(*) from partner_meeting_follow_up f
				where f.meeting_id = ${partnerMeetings.id} and f.done_on is null)::int`
		})
		.from(partnerMeetings)
		.innerJoin(counties, eq(counties.id, partnerMeetings.countyId))
		.where(where)
		.orderBy(desc(partnerMeetings.heldOn), asc(counties.name))
		.limit(200);
	const countyRows = await ctx.db
		.select({ id: counties.id, name: counties.name, lastHeldOn: max(partnerMeetings.heldOn) })
		.from(counties)
		.leftJoin(
			partnerMeetings,
			and(
				eq(partnerMeetings.countyId, counties.id),
				sql`${partnerMeetings.heldOn} <= ${today(ctx)}`
			)
		)
		.where(list === null ? undefined : inArray(counties.id, [...list]))
		.groupBy(counties.id)
		.orderBy(counties.name);
	const day = today(ctx);
	return {
		meetings,
		counties: countyRows.map((c) => ({
			...c,
			dueOn: partnerMeetingDueOn(c.lastHeldOn, day),
			due: partnerMeetingDueOn(c.lastHeldOn, day) <= day
		})),
		countyId,
		canCreate: canAnywhere(ctx.actor, 'partner_meeting:manage'),
		today: day
	};
}

/** The counties the actor may hold meetings in (the new-meeting form). */
export async function meetingFormOptions(ctx: ServiceContext) {
	if (!canAnywhere(ctx.actor, 'partner_meeting:manage')) {
		await authorize(
			ctx,
			'partner_meeting:manage',
			{ kind: 'system' },
			{ action: 'partner_meeting.create' }
		);
	}
	const scope = countyScope(ctx.actor, 'partner_meeting:manage');
	return {
		counties: await ctx.db
			.select({ id: counties.id, name: counties.name })
			.from(counties)
			.where(scope === null ? undefined : inArray(counties.id, [...scope]))
			.orderBy(counties.name)
	};
}

// --- Create and change ------------------------------------------------------------------------

const meetingSchema = z.object({
	countyId: z.string({ message: 'error.choice' }).uuid('error.choice'),
	heldOn: isoDay,
	place: optionalText(300),
	agenda: optionalText(4000),
	summary: optionalText(20000)
});
const meetingUpdateSchema = meetingSchema.omit({ countyId: true });

export async function createPartnerMeeting(ctx: ServiceContext, input: unknown): Promise<string> {
	const raw = (input ?? {}) as Record<string, unknown>;
	const countyId = typeof raw.countyId === 'string' && uuidOk(raw.countyId) ? raw.countyId : null;
	if (!countyId) {
		if (!canAnywhere(ctx.actor, 'partner_meeting:manage')) {
			await authorize(
				ctx,
				'partner_meeting:manage',
				{ kind: 'system' },
				{ action: 'partner_meeting.create' }
			);
		}
		throw invalid({ countyId: 'error.choice' });
	}
	await authorize(ctx, 'partner_meeting:manage', countyResource(countyId), {
		action: 'partner_meeting.create',
		entityType: 'county',
		entityId: countyId
	});
	const data = validate(meetingSchema, input);
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(partnerMeetings)
			.values({
				countyId: data.countyId,
				heldOn: data.heldOn,
				place: data.place ?? null,
				agenda: data.agenda ?? null,
				summary: data.summary ?? null,
				createdBy: ctx.actor!.userId,
				createdAt: ctx.now(),
				updatedAt: ctx.now()
			})
			.returning({ id: partnerMeetings.id });
		await recordAudit(tx, ctx, {
			action: 'partner_meeting.create',
			entityType: MEETING_ENTITY,
			entityId: row!.id,
			countyId: data.countyId
		});
		return row!.id;
	});
}

export async function updatePartnerMeeting(ctx: ServiceContext, meetingId: string, input: unknown) {
	const row = await requireMeeting(
		ctx,
		meetingId,
		'partner_meeting:manage',
		'partner_meeting.update'
	);
	const data = validate(meetingUpdateSchema, input);
	await ctx.db.transaction(async (tx) => {
		const values = {
			heldOn: data.heldOn,
			place: data.place ?? null,
			agenda: data.agenda ?? null,
			summary: data.summary ?? null
		};
		await tx
			.update(partnerMeetings)
			.set({ ...values, updatedAt: ctx.now() })
			.where(eq(partnerMeetings.id, meetingId));
		const before = row as unknown as Record<string, unknown>;
		await recordAudit(tx, ctx, {
			action: 'partner_meeting.update',
			entityType: MEETING_ENTITY,
			entityId: meetingId,
			countyId: row.countyId,
			details: {
				fields: Object.entries(values)
					.filter(([k, v]) => (before[k] ?? null) !== v)
					.map(([k]) => k)
			}
		});
	});
}

/** One meeting with its people, follow-ups and the county's partner contacts to add. Audited. */
export async function getPartnerMeeting(ctx: ServiceContext, meetingId: string) {
	const meeting = await requireMeeting(
		ctx,
		meetingId,
		'partner_meeting:read',
		'partner_meeting.view'
	);
	const manage = can(
		ctx.actor,
		'partner_meeting:manage',
		countyResource(meeting.countyId),
		today(ctx)
	);
	const participants = await participantsOf(ctx.db, meetingId);
	const followUps = await ctx.db
		.select()
		.from(partnerMeetingFollowUps)
		.where(eq(partnerMeetingFollowUps.meetingId, meetingId))
		.orderBy(asc(partnerMeetingFollowUps.createdAt), asc(partnerMeetingFollowUps.id));
	const taken = new Set(participants.map((p) => p.contactId).filter(Boolean));
	const contacts = manage
		? (
				await ctx.db
					.select({
						id: socialPartnerContacts.id,
						name: socialPartnerContacts.name,
						partnerName: socialPartners.name
					})
					.from(socialPartnerContacts)
					.innerJoin(socialPartners, eq(socialPartners.id, socialPartnerContacts.partnerId))
					.where(
						and(eq(socialPartners.countyId, meeting.countyId), isNull(socialPartners.archivedAt))
					)
					.orderBy(asc(socialPartners.name), asc(socialPartnerContacts.name))
			).filter((c) => !taken.has(c.id))
		: [];
	const [county] = await ctx.db.select().from(counties).where(eq(counties.id, meeting.countyId));
	const recorded = await hasRecording(ctx.db, meetingId);
	await recordAudit(ctx.db, ctx, {
		action: 'partner_meeting.view',
		entityType: MEETING_ENTITY,
		entityId: meetingId,
		countyId: meeting.countyId,
		details: { participants: participants.length }
	});
	return {
		meeting: { ...meeting, countyName: county?.name ?? '' },
		participants,
		followUps,
		contacts,
		canManage: manage,
		recordingAllowed: recordingAllowed(participants),
		hasRecording: recorded,
		documentKinds: MEETING_DOCUMENT_KINDS,
		today: today(ctx)
	};
}

/**
 * The meetings people of a partner took part in, for the partner page; null when the actor may
 * not read meetings of the partner's county (an expert). Names of the partner's people: audited.
 */
export async function meetingsOfPartner(
	ctx: ServiceContext,
	partner: { id: string; countyId: string }
) {
	if (!can(ctx.actor, 'partner_meeting:read', countyResource(partner.countyId), today(ctx)))
		return null;
	const rows = await ctx.db
		.select({
			meetingId: partnerMeetings.id,
			heldOn: partnerMeetings.heldOn,
			name: partnerMeetingParticipants.name
		})
		.from(partnerMeetingParticipants)
		.innerJoin(partnerMeetings, eq(partnerMeetings.id, partnerMeetingParticipants.meetingId))
		.where(eq(partnerMeetingParticipants.partnerId, partner.id))
		.orderBy(desc(partnerMeetings.heldOn), asc(partnerMeetingParticipants.name));
	const meetings: { meetingId: string; heldOn: string; names: string[] }[] = [];
	for (const r of rows) {
		const last = meetings.at(-1);
		if (last && last.meetingId === r.meetingId) last.names.push(r.name);
		else meetings.push({ meetingId: r.meetingId, heldOn: r.heldOn, names: [r.name] });
	}
	if (meetings.length > 0) {
		await recordAudit(ctx.db, ctx, {
			action: 'partner_meeting.list',
			entityType: 'partner',
			entityId: partner.id,
			countyId: partner.countyId,
			details: { count: meetings.length }
		});
	}
	return meetings;
}
