import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { auditEvents } from '$lib/server/db/schema';
import type { Actor } from '$lib/server/policy/actor';

export type AuditRow = typeof auditEvents.$inferSelect;

/**
 * Reading the audit log back in tests. `db` is called on each read, so a file can hand over
 * `() => t.handle.db` before its database exists:
 *
 *     const { lastEvent, events } = auditLog(() => t.handle.db);
 */
export function auditLog(db: () => Database) {
	const of = (action: string, entityId?: string) =>
		entityId
			? and(eq(auditEvents.action, action), eq(auditEvents.entityId, entityId))
			: eq(auditEvents.action, action);

	/** The events of `action` (of one record when `entityId` is given), newest first. */
	function events(action: string, entityId?: string): Promise<AuditRow[]> {
		return db()
			.select()
			.from(auditEvents)
			.where(of(action, entityId))
			.orderBy(desc(auditEvents.id));
	}

	/**
	 * The newest event of `action` (of one record when `entityId` is given); `undefined` when
	 * there is none, typed as found so a test reads its fields straight.
	 */
	async function lastEvent(action: string, entityId?: string): Promise<AuditRow> {
		const [row] = await db()
			.select()
			.from(auditEvents)
			.where(of(action, entityId))
			.orderBy(desc(auditEvents.id))
			.limit(1);
		return row!;
	}

	/** The newest event of `action` by `actor`. */
	async function lastEventBy(actor: Actor, action: string): Promise<AuditRow> {
		const [row] = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.actorUserId, actor.userId), eq(auditEvents.action, action)))
			.orderBy(desc(auditEvents.id))
			.limit(1);
		return row!;
	}

	return { events, lastEvent, lastEventBy };
}
