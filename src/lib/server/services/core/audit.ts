import { auditEvents } from '../../db/schema';
import type { Tx } from '../../db/client';
import { actorRoles } from '../../policy/actor';
import { type ServiceContext } from './context';
import type { AuditEventOf } from './audit-events';

/**
 * The audit log (issue 2). Events are a closed set of actions; `details` must never carry
 * personal data (no names, codes or free text), only ids, counts and field names — the shape
 * of each action's details is in `audit-events.ts`.
 */
export const AUDIT_ACTIONS = [
	'auth.login',
	'auth.login_failed',
	'auth.logout',
	'auth.logout_everywhere',
	'auth.password_changed',
	'auth.password_reset_requested',
	'auth.password_reset',
	'auth.setup_admin',
	'user.invite',
	'user.accept_invite',
	'user.update',
	'user.disable',
	'user.enable',
	'user.grant',
	'user.revoke',
	'user.list',
	'user.view',
	'client.list',
	'client.view',
	'client.create',
	'client.update',
	'client.export',
	'client.access_log_view',
	'volunteer.list',
	'volunteer.view',
	'volunteer.create',
	'volunteer.update',
	'volunteer.export',
	'volunteer.invite',
	'pairing.create',
	'pairing.end',
	'pairing.suggest',
	'pairing.view',
	'pairing.introduce',
	'pairing.activate',
	'pairing.pause',
	'pairing.resume',
	'pairing.closing_interview',
	'client.exclusion_add',
	'client.exclusion_remove',
	'diary.view',
	'diary.create',
	'diary.update',
	'diary.remove',
	'diary.draft_save',
	'diary.draft_discard',
	'audit.view',
	'reference.view',
	'reference.update',
	'demo.load',
	'mileage.log_view',
	'mileage.trip_create',
	'mileage.trip_view',
	'mileage.trip_update',
	'mileage.trip_delete',
	'mileage.claim_list',
	'mileage.claim_view',
	'mileage.claim_submit',
	'mileage.claim_approve',
	'mileage.claim_return',
	'mileage.claim_pay',
	'mileage.claim_download',
	'mileage.summary_export',
	'mileage.rate_create',
	'mileage.rate_delete',
	'document.upload',
	'document.list',
	'document.download',
	'document.delete',
	'survey.view',
	'survey.enter',
	'survey.paper_destroyed',
	'client.extract',
	'client.anonymise',
	'attention.view',
	'diary.flag_seen',
	'settings.view',
	'settings.update',
	'client.duplicate_warning',
	'partner.list',
	'partner.view',
	'partner.create',
	'partner.update',
	'partner.archive',
	'partner.restore',
	'partner.contact_add',
	'partner.contact_remove',
	'application.submit',
	'application.create',
	'application.list',
	'application.view',
	'application.interview_arranged',
	'application.interviewed',
	'application.selected',
	'application.not_selected',
	'volunteer.status_change',
	'analysis.view',
	'analysis.download',
	'report.create',
	'report.download',
	'report.settings_update',
	'handover.export',
	/** A refusal no service recorded, written by the route guard of hooks.server.ts. */
	'route.denied',
	/** The programme around the pairs (issue 22): trainings, partner meetings, support log. */
	'event.list',
	'event.create',
	'event.update',
	'event.cancel',
	'event.view',
	'event.invite',
	'event.attendance',
	'event.respond',
	'partner_meeting.list',
	'partner_meeting.create',
	'partner_meeting.update',
	'partner_meeting.view',
	'partner_meeting.participant_add',
	'partner_meeting.consent',
	'partner_meeting.participant_remove',
	'partner_meeting.follow_up_add',
	'partner_meeting.follow_up_done',
	'support.view',
	'support.add',
	/** Experience stories (issue 22, R-STORY-1). */
	'story.list',
	'story.create',
	'story.update',
	'story.view',
	'story.person_add',
	'story.person_remove',
	'story.consent',
	'story.consent_withdraw',
	'story.publish',
	'story.unpublish',
	/** A story's photo (issue 22, R-STORY-1). */
	'story.photo',
	'story.photo_remove',
	/** Paper diaries (R-PAIR-8) and the printable blank forms (issue 22). */
	'paper_diary.receive',
	'paper_diary.entered',
	'paper_diary.destroyed',
	'pairing.form_download',
	'consent.list',
	'consent.record',
	'consent.withdraw',
	'volunteer.extract',
	'retention.view',
	'retention.rule_update',
	'retention.clock_set',
	'retention.hold_place',
	'retention.hold_lift',
	'retention.run',
	'retention.destroy',
	'retention.register_view',
	'retention.register_download',
	/** Recruitment channels (issue 22, R-VOL-1). */
	'channel.list',
	'channel.view',
	'channel.create',
	'channel.update',
	'channel.archive',
	'channel.unarchive',
	/** The intake inbox (issue 22, R-MAP-3). */
	'intake.list',
	'intake.view',
	'intake.create',
	'intake.attach',
	'intake.destroy'
] as const;

/**
 * The known actions (offered in the log's filter, each with a label in messages/audit.ts; the
 * shape of each one's details in `audit-events.ts`). Other strings are accepted so a new area
 * can log before it is listed; its events then show their raw action name.
 */
export type AuditAction =
	(typeof AUDIT_ACTIONS)[number] | (string & { readonly __auditAction?: never });

/** The kinds of record events are about (`entityType`). */
export const AUDIT_ENTITY_TYPES = [
	'client',
	'volunteer',
	'pairing',
	'user',
	'county',
	'system',
	'mileage_claim',
	'mileage_rate',
	'municipality',
	'partner',
	'application',
	'quarterly_report',
	'recruitment_channel',
	'intake_item'
] as const;

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export type {
	AuditDetails,
	AuditDetailsOf,
	AuditEvent,
	AuditEventOf,
	DocumentDetails,
	KnownAuditAction
} from './audit-events';

/**
 * Writes one event; pass the transaction that makes the change so both commit together. The
 * event is the member of `AuditEvent` for its action: its `details` have that action's shape.
 */
export async function recordAudit<A extends AuditAction>(
	tx: Tx,
	ctx: ServiceContext,
	e: AuditEventOf<A>
): Promise<void> {
	await tx.insert(auditEvents).values({
		occurredAt: ctx.now(),
		actorUserId: e.actorUserId ?? ctx.actor?.userId ?? null,
		actorRoles: ctx.actor ? actorRoles(ctx.actor).join(',') : null,
		action: e.action,
		entityType: e.entityType ?? null,
		entityId: e.entityId ?? null,
		countyId: e.countyId ?? null,
		outcome: e.outcome ?? 'success',
		requestId: ctx.requestId,
		ip: ctx.ip,
		details: e.details ?? null
	});
}
