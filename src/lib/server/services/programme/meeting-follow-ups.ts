import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { partnerMeetingFollowUps } from '../../db/schema';
import { invalid } from '../../errors';
import { recordAudit } from '../core/audit';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { MEETING_ENTITY, requireMeeting } from './meeting-access';
import { optionalDay, optionalText, requiredText, uuidOk } from './shared';

/** The decisions and follow-ups of a partner meeting (R-PART-2): added, then marked done. */

const followUpSchema = z.object({
	text: requiredText(1000),
	responsible: optionalText(200),
	dueOn: optionalDay
});

/** A decision or follow-up of the meeting. */
export async function addFollowUp(ctx: ServiceContext, meetingId: string, input: unknown) {
	const meeting = await requireMeeting(
		ctx,
		meetingId,
		'partner_meeting:manage',
		'partner_meeting.follow_up_add'
	);
	const data = validate(followUpSchema, input);
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(partnerMeetingFollowUps)
			.values({
				meetingId,
				text: data.text,
				responsible: data.responsible ?? null,
				dueOn: data.dueOn ?? null,
				createdAt: ctx.now()
			})
			.returning({ id: partnerMeetingFollowUps.id });
		await recordAudit(tx, ctx, {
			action: 'partner_meeting.follow_up_add',
			entityType: MEETING_ENTITY,
			entityId: meetingId,
			countyId: meeting.countyId,
			details: { followUpId: row!.id }
		});
		return row!.id;
	});
}

/** Marks a follow-up done today. */
export async function markFollowUpDone(ctx: ServiceContext, meetingId: string, followUpId: string) {
	const meeting = await requireMeeting(
		ctx,
		meetingId,
		'partner_meeting:manage',
		'partner_meeting.follow_up_done'
	);
	await ctx.db.transaction(async (tx) => {
		const done = uuidOk(followUpId)
			? await tx
					.update(partnerMeetingFollowUps)
					.set({ doneOn: today(ctx) })
					.where(
						and(
							eq(partnerMeetingFollowUps.id, followUpId),
							eq(partnerMeetingFollowUps.meetingId, meetingId),
							isNull(partnerMeetingFollowUps.doneOn)
						)
					)
					.returning({ id: partnerMeetingFollowUps.id })
			: [];
		if (done.length === 0) throw invalid({ followUpId: 'error.choice' });
		await recordAudit(tx, ctx, {
			action: 'partner_meeting.follow_up_done',
			entityType: MEETING_ENTITY,
			entityId: meetingId,
			countyId: meeting.countyId,
			details: { followUpId }
		});
	});
}
