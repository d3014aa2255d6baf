import { eq } from 'drizzle-orm';
import { programmeEvents } from '../../db/schema';
import type { Tx } from '../../db/client';
import { can, type Resource } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { forbidden } from '../../errors';
import { recordAudit, type AuditAction } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { uuidOk } from './shared';

/**
 * Who may read and manage an event (events.ts): `event:read` / `event:manage` on the event's
 * county; a national event (no county) is the system's — `event:read_national` for any
 * coordinator, `event:manage` for the administrator. Refusals are audited.
 */

export type ProgrammeEvent = typeof programmeEvents.$inferSelect;

export const EVENT_ENTITY = 'programme_event';
export const NATIONAL: Resource = { kind: 'system' };

function resourceOf(event: Pick<ProgrammeEvent, 'countyId'>): Resource {
	return event.countyId ? { kind: 'county', countyId: event.countyId } : NATIONAL;
}

export function mayRead(ctx: ServiceContext, event: Pick<ProgrammeEvent, 'countyId'>): boolean {
	const day = today(ctx);
	return event.countyId
		? can(ctx.actor, 'event:read', resourceOf(event), day)
		: can(ctx.actor, 'event:read_national', NATIONAL, day);
}

export function mayManage(ctx: ServiceContext, event: Pick<ProgrammeEvent, 'countyId'>): boolean {
	return can(ctx.actor, 'event:manage', resourceOf(event), today(ctx));
}

export async function eventRow(tx: Tx, eventId: string): Promise<ProgrammeEvent | null> {
	if (!uuidOk(eventId)) return null;
	const [row] = await tx.select().from(programmeEvents).where(eq(programmeEvents.id, eventId));
	return row ?? null;
}

/**
 * Loads an event and checks reading or managing it. Missing or unreadable: "not found";
 * readable but not to be changed (a coordinator and a national event): "forbidden". Audited.
 */
export async function requireEvent(
	ctx: ServiceContext,
	eventId: string,
	mode: 'read' | 'manage',
	auditAction: AuditAction
): Promise<ProgrammeEvent> {
	const row = await eventRow(ctx.db, eventId);
	if (!row) {
		return deniedNotFound(ctx, {
			action: auditAction,
			entityType: EVENT_ENTITY,
			entityId: eventId
		});
	}
	const readable = mayRead(ctx, row);
	if (mode === 'manage' && readable && !mayManage(ctx, row)) {
		await recordAudit(ctx.db, ctx, {
			action: auditAction,
			entityType: EVENT_ENTITY,
			entityId: eventId,
			countyId: row.countyId,
			outcome: 'denied',
			details: { permission: 'event:manage' }
		});
		throw forbidden();
	}
	if (!readable || (mode === 'manage' && !mayManage(ctx, row))) {
		await authorize(
			ctx,
			mode === 'manage' ? 'event:manage' : row.countyId ? 'event:read' : 'event:read_national',
			resourceOf(row),
			{ action: auditAction, entityType: EVENT_ENTITY, entityId: eventId }
		);
	}
	return row;
}

/** The counties whose events the actor manages, for forms (null = all, the administrator). */
export function manageScope(ctx: ServiceContext): readonly string[] | null {
	return countyScope(ctx.actor, 'event:manage');
}
