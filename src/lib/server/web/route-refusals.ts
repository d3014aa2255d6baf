import { auditUnrecordedRefusal as writeRefusal } from '../services/core/refusals';
import type { ServiceContext } from '../services/core/context';
import { routeAccess } from './route-access';

/**
 * Every refused request is audited (issue 17, item 5; R-AUDIT). The services write a `denied`
 * event when they refuse (`authorize`, `deniedNotFound`); a refusal made anywhere else — a
 * route helper's `error(404)`, a record missing before any service asked — would leave none.
 * So hooks.server.ts asks, for every 403/404 answer to a logged-in user on a route that needs
 * a login, whether this request wrote a denied event, and writes `route.denied` when not.
 * A new route cannot refuse silently: the guard does not depend on the route remembering.
 */
export function refusalNeedsAudit(
	routeId: string | null,
	status: number,
	loggedIn: boolean
): boolean {
	if (!loggedIn || (status !== 403 && status !== 404)) return false;
	const access = routeAccess(routeId);
	return access !== null && access !== 'public';
}

export async function auditUnrecordedRefusal(
	ctx: ServiceContext,
	request: { routeId: string; status: number; method: string; since: Date; entityId?: string }
): Promise<boolean> {
	return writeRefusal(ctx, { ...request, permission: routeAccess(request.routeId) ?? null });
}
