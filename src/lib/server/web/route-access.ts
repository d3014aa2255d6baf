import type { Action } from '../policy/policy';

/**
 * What each route needs, declared in one place (engineering example 5). Keyed by SvelteKit
 * route id. `tests/unit/route-access.test.ts` walks src/routes and fails when a route is
 * missing here or listed here without existing, so a new route cannot ship undeclared.
 *
 * - `public`: reachable logged out (login, set-up and e-mail links, health checks, language).
 * - `authenticated`: any logged-in user; the services decide the rest.
 * - an Action: the permission the route's services check (on the record itself for `[id]`
 *   routes) — documentation of intent, and a login gate.
 *
 * This is the second line of defence only: hooks.server.ts sends a logged-out visitor of any
 * non-public route to the login page (or answers 401); every load, action and endpoint still
 * checks access through its services, which also audit the refusals.
 */
export type RouteAccess = 'public' | 'authenticated' | Action;

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
	'/': 'authenticated',
	'/login': 'public',
	// Logging out without a session (expired, another tab) must still end on the login page.
	'/logout': 'public',
	'/lang': 'public',
	'/setup': 'public',
	'/healthz': 'public',
	'/readyz': 'public',
	'/invite': 'public',
	'/password/forgot': 'public',
	'/password/reset': 'public',
	'/account': 'authenticated',
	'/admin/users': 'user:manage',
	'/admin/users/new': 'user:manage',
	'/admin/users/[id]': 'user:manage',
	'/admin/counties': 'reference:manage',
	'/audit': 'audit:read',
	'/clients': 'client:list',
	'/clients/new': 'client:create',
	'/clients/[id]': 'client:read',
	'/clients/[id]/access-log': 'client:read_access_log',
	'/clients/[id]/match': 'pairing:create',
	'/clients/[id]/pairings/[pairingId]': 'pairing:read',
	/** Printable forms of a pairing and blank ones (issue 22): whoever writes diaries. */
	'/clients/[id]/pairings/[pairingId]/forms/[form]': 'diary:create',
	'/forms/[form]': 'diary:create',
	'/clients/[id]/diary': 'diary:read',
	'/clients/[id]/diary/new': 'diary:create',
	'/clients/[id]/diary/[entryId]': 'diary:update',
	'/clients/[id]/edit': 'client:update',
	'/partners': 'partner:read',
	'/partners/new': 'partner:manage',
	'/partners/[id]': 'partner:read',
	'/clients/[id]/survey': 'survey:read',
	'/clients/[id]/survey/[responseId]': 'survey:read',
	'/clients/[id]/extract': 'client:extract',
	'/clients/[id]/extract/download': 'client:extract',
	'/clients/[id]/anonymise': 'client:anonymise',
	'/attention': 'attention:read',
	'/admin/settings': 'reference:manage',
	'/clients/export': 'client:export',
	'/volunteers': 'volunteer:list',
	'/volunteers/new': 'volunteer:create',
	'/volunteers/[id]': 'volunteer:read',
	'/volunteers/export': 'volunteer:export',
	/** Analysis (R-REP-4): the service checks the county, or the whole country for admin/expert. */
	'/analysis': 'analysis:read',
	'/analysis/download': 'analysis:read',
	/** Quarterly report and data hand-over (R-REP-1…3, R-CTRL-2). */
	'/reports': 'report:manage',
	'/reports/[id]/download': 'report:manage',
	'/reports/handover': 'report:manage',
	/** Mileage (R-MILE-1…3): the own log redirects reviewers without a volunteer record. */
	'/mileage': 'mileage:read',
	'/mileage/volunteers/[id]': 'mileage:read',
	'/mileage/trips/[id]': 'mileage:write',
	'/mileage/claims': 'mileage:review',
	'/mileage/claims/[id]': 'mileage:read',
	'/mileage/claims/[id]/pdf': 'mileage:read',
	'/mileage/claims/summary': 'mileage:review',
	'/admin/mileage-rates': 'reference:manage',
	/** The public application form (R-VOL-2): no login; honeypot, fill time and per-IP limit. */
	'/apply': 'public',
	'/apply/thanks': 'public',
	'/applications': 'application:read',
	'/applications/new': 'application:manage',
	'/applications/[id]': 'application:read',
	'/volunteers/[id]/edit': 'volunteer:update',
	/** Trainings, development days, club meetings; partner meetings; support (issue 22). */
	'/events': 'event:read',
	'/events/new': 'event:manage',
	'/events/[id]': 'event:read',
	'/events/[id]/answer': 'event:respond',
	'/events/figures': 'analysis:read',
	'/volunteers/[id]/support': 'support:read',
	'/volunteers/[id]/consents': 'consent:read',
	'/volunteers/[id]/extract': 'volunteer:extract',
	'/partners/meetings': 'partner_meeting:read',
	'/partners/meetings/new': 'partner_meeting:manage',
	'/partners/meetings/[meetingId]': 'partner_meeting:read',
	/** Experience stories (R-STORY-1): the coordinators' pages; `/lood` is the public page. */
	'/stories': 'story:read',
	'/stories/new': 'story:manage',
	'/stories/[id]': 'story:read',
	'/lood': 'public',
	/** A published story's photo (issue 22); "not found" for anything else. */
	'/lood/[id]/photo': 'public',
	/** Retention (issue 24): rules, clocks, holds and runs (administrator); the register. */
	'/admin/retention': 'retention:manage',
	'/admin/retention/holds': 'retention:manage',
	'/retention/register': 'retention:read',
	'/retention/register/download': 'retention:read',
	'/clients/[id]/consents': 'consent:read',
	/** Recruitment channels (R-VOL-1): their links and counts, beside the pipeline. */
	'/applications/channels': 'channel:read',
	'/applications/channels/new': 'channel:manage',
	'/applications/channels/[id]': 'channel:read',
	/** The county's project folder (R-DOC-1) and its intake inbox (R-MAP-3). */
	'/documents': 'document:read',
	'/documents/intake': 'intake:read',
	'/documents/intake/[id]': 'intake:read',
	/** A document's bytes; the documents service checks the record it belongs to. */
	'/documents/[id]': 'document:read'
};

/**
 * Forms whose text must survive an expired session (R-PAIR-3; docs/architecture.md, "Diary
 * drafts"): a logged-out browser form post to these routes is let through to the route, which
 * answers with the same form, the text intact and a login in it. Everything else about the
 * request is refused as usual: the route's services give a logged-out actor nothing.
 */
export const KEEPS_FORM_WHEN_LOGGED_OUT: readonly string[] = [
	'/clients/[id]/diary/new',
	'/clients/[id]/diary/[entryId]'
];

/**
 * What a route needs. A route id missing from the map needs a login (deny by default); the
 * route-access test makes sure that never happens unnoticed.
 */
export function routeAccess(routeId: string | null): RouteAccess | null {
	if (routeId === null) return null;
	return Object.hasOwn(ROUTE_ACCESS, routeId) ? ROUTE_ACCESS[routeId]! : 'authenticated';
}

/**
 * The login gate of hooks.server.ts: null when the request may go on; otherwise a redirect to
 * the login page (GET/HEAD of a page, including SvelteKit's data requests, which turn the
 * redirect into a client-side navigation) or a bare 401 (form posts, endpoints, scripts).
 */
export function loginGate(
	request: Request,
	url: URL,
	routeId: string | null,
	loggedIn: boolean,
	isDataRequest = false
): Response | null {
	const access = routeAccess(routeId);
	if (loggedIn || access === null || access === 'public') return null;
	const method = request.method.toUpperCase();
	const wantsPage =
		isDataRequest || (request.headers.get('accept') ?? '').toLowerCase().includes('text/html');
	if (method === 'POST' && wantsPage && KEEPS_FORM_WHEN_LOGGED_OUT.includes(routeId ?? '')) {
		return null;
	}
	if ((method === 'GET' || method === 'HEAD') && wantsPage) {
		const next = url.pathname + url.search;
		return new Response(null, {
			status: 303,
			headers: { location: `/login?next=${encodeURIComponent(next)}` }
		});
	}
	return new Response('Unauthorized', {
		status: 401,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
}
