import { and, eq, gte } from 'drizzle-orm';
import { auditEvents } from '../../db/schema';
import { recordAudit } from './audit';
import type { ServiceContext } from './context';

/**
 * Writes `route.denied` for a refused request when no service already wrote a `denied` event
 * for it (issue 17, item 5). Called by the route guard of hooks.server.ts through
 * `web/route-refusals.ts`, which decides which answers count as refusals.
 */
export async function auditUnrecordedRefusal(
	ctx: ServiceContext,
	request: {
		routeId: string;
		status: number;
		method: string;
		since: Date;
		entityId?: string;
		permission: string | null;
	}
): Promise<boolean> {
	const actorId = ctx.actor?.userId;
	if (!actorId) return false;
	const [already] = await ctx.db
		.select({ id: auditEvents.id })
		.from(auditEvents)
		.where(
			and(
				eq(auditEvents.actorUserId, actorId),
				gte(auditEvents.occurredAt, request.since),
				eq(auditEvents.requestId, ctx.requestId),
				eq(auditEvents.outcome, 'denied')
			)
		)
		.limit(1);
	if (already) return false;
	await recordAudit(ctx.db, ctx, {
		action: 'route.denied',
		outcome: 'denied',
		// An id from the address is stored as given, capped (as deniedNotFound does).
		entityId: request.entityId?.slice(0, 100) ?? null,
		details: {
			route: request.routeId,
			method: request.method,
			status: request.status,
			permission: request.permission
		}
	});
	return true;
}
