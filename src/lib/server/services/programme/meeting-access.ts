import { eq } from 'drizzle-orm';
import { partnerMeetings } from '../../db/schema';
import { can, type Resource } from '../../policy/policy';
import { forbidden } from '../../errors';
import { recordAudit, type AuditAction } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { uuidOk } from './shared';

/**
 * Who may read and manage a partner meeting (partner-meetings.ts): `partner_meeting:read` /
 * `partner_meeting:manage` on its county. A missing or unreadable meeting is "not found", a
 * readable one the actor may not change "forbidden"; both audited.
 */

export type PartnerMeeting = typeof partnerMeetings.$inferSelect;
export const MEETING_ENTITY = 'partner_meeting';

export const countyResource = (countyId: string): Resource => ({ kind: 'county', countyId });

export async function requireMeeting(
	ctx: ServiceContext,
	meetingId: string,
	action: 'partner_meeting:read' | 'partner_meeting:manage',
	auditAction: AuditAction
): Promise<PartnerMeeting> {
	const [row] = uuidOk(meetingId)
		? await ctx.db.select().from(partnerMeetings).where(eq(partnerMeetings.id, meetingId))
		: [];
	if (!row)
		return deniedNotFound(ctx, {
			action: auditAction,
			entityType: MEETING_ENTITY,
			entityId: meetingId
		});
	const resource = countyResource(row.countyId);
	const day = today(ctx);
	if (
		action === 'partner_meeting:manage' &&
		can(ctx.actor, 'partner_meeting:read', resource, day) &&
		!can(ctx.actor, action, resource, day)
	) {
		await recordAudit(ctx.db, ctx, {
			action: auditAction,
			entityType: MEETING_ENTITY,
			entityId: meetingId,
			countyId: row.countyId,
			outcome: 'denied',
			details: { permission: action }
		});
		throw forbidden();
	}
	await authorize(ctx, action, resource, {
		action: auditAction,
		entityType: MEETING_ENTITY,
		entityId: meetingId
	});
	return row;
}
