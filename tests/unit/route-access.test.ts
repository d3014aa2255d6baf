import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ROUTE_ACCESS, loginGate, routeAccess } from '$lib/server/web/route-access';
import { ACTIONS } from '$lib/server/policy/policy';
import { refusalNeedsAudit } from '$lib/server/web/route-refusals';

/**
 * Every route declares what it needs (engineering example 5): walk src/routes, derive each
 * route id from its folder, and compare with ROUTE_ACCESS both ways. A new route without a
 * declaration — or a declaration left behind by a removed route — fails here.
 */
const ROUTES_DIR = resolve('src/routes');
const ROUTE_FILE = /^\+(page\.server|layout\.server|server)\.(ts|js)$|^\+page\.svelte$/;

function routeIds(dir: string): Set<string> {
	const ids = new Set<string>();
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) {
			for (const id of routeIds(path)) ids.add(id);
		} else if (ROUTE_FILE.test(entry.name)) {
			const folder = relative(ROUTES_DIR, dir).split(sep).filter(Boolean).join('/');
			ids.add(`/${folder}`);
		}
	}
	return ids;
}

describe('every route declares the access it needs', () => {
	const found = routeIds(ROUTES_DIR);

	it('finds the routes (the walk itself works)', () => {
		expect(found).toContain('/');
		expect(found).toContain('/login');
		expect(found).toContain('/clients/[id]');
	});

	it.each([...found].sort())('%s is in ROUTE_ACCESS', (id) => {
		expect(Object.keys(ROUTE_ACCESS), `add '${id}' to src/lib/server/route-access.ts`).toContain(
			id
		);
	});

	it.each(Object.keys(ROUTE_ACCESS).sort())('%s exists under src/routes', (id) => {
		expect([...found], `'${id}' is declared but has no route files`).toContain(id);
	});

	// Issue 17, item 5: a refusal of a route behind login is audited whatever refused it — the
	// guard in hooks.server.ts writes `route.denied` when no service wrote a denied event
	// (route-refusals.ts; tests/e2e/hostile-input.test.ts sweeps the routes as each role).
	it.each([...found].sort())('%s has its refusals audited', (id) => {
		const access = routeAccess(id);
		if (access === 'public') return;
		expect(refusalNeedsAudit(id, 403, true), `403 on ${id}`).toBe(true);
		expect(refusalNeedsAudit(id, 404, true), `404 on ${id}`).toBe(true);
		expect(refusalNeedsAudit(id, 200, true)).toBe(false);
		expect(refusalNeedsAudit(id, 404, false)).toBe(false);
	});

	it('declares only public, authenticated or a real action', () => {
		for (const [id, access] of Object.entries(ROUTE_ACCESS)) {
			const known = access === 'public' || access === 'authenticated' || ACTIONS.includes(access);
			expect(known, `${id}: ${access}`).toBe(true);
		}
	});

	it('keeps the record and administration pages behind their permissions', () => {
		expect(ROUTE_ACCESS['/clients/[id]']).toBe('client:read');
		expect(ROUTE_ACCESS['/clients/[id]/access-log']).toBe('client:read_access_log');
		expect(ROUTE_ACCESS['/audit']).toBe('audit:read');
		expect(ROUTE_ACCESS['/admin/users']).toBe('user:manage');
		expect(ROUTE_ACCESS['/clients/export']).toBe('client:export');
	});

	it('has only the pages a logged-out visitor needs as public', () => {
		const open = Object.entries(ROUTE_ACCESS)
			.filter(([, access]) => access === 'public')
			.map(([id]) => id)
			.sort();
		expect(open).toEqual(
			[
				// The volunteer application form (R-VOL-2) and its confirmation: no login by design.
				'/apply',
				'/apply/thanks',
				'/healthz',
				'/invite',
				'/lang',
				'/login',
				'/logout',
				// The published experience stories (R-STORY-1): public by design.
				'/lood',
				// A published story's photo (issue 22); "not found" for anything else.
				'/lood/[id]/photo',
				'/password/forgot',
				'/password/reset',
				'/readyz',
				'/setup'
			].sort()
		);
	});
});

describe('the login gate (hooks.server.ts)', () => {
	const url = (path: string) => new URL(`http://localhost:3000${path}`);
	const get = (path: string, accept = 'text/html,application/xhtml+xml') =>
		new Request(url(path), { headers: { accept } });

	it('lets a logged-in user through to any route (the services decide the rest)', () => {
		expect(loginGate(get('/audit'), url('/audit'), '/audit', true)).toBeNull();
	});

	it('lets anyone reach public routes and unknown paths (404 is SvelteKit’s)', () => {
		expect(loginGate(get('/login'), url('/login'), '/login', false)).toBeNull();
		expect(loginGate(get('/healthz', '*/*'), url('/healthz'), '/healthz', false)).toBeNull();
		expect(loginGate(get('/nowhere'), url('/nowhere'), null, false)).toBeNull();
	});

	it('sends a logged-out page visit to the login page and back (303)', () => {
		const path = '/clients/3f1c5d2e-0000-4000-8000-000000000001?tab=diary';
		const res = loginGate(get(path), url(path), '/clients/[id]', false)!;
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
	});

	it('redirects SvelteKit data requests the same way', () => {
		const res = loginGate(get('/clients', '*/*'), url('/clients'), '/clients', false, true)!;
		expect(res.status).toBe(303);
	});

	it('answers 401 to form posts, endpoints and scripts', () => {
		const post = new Request(url('/clients/new'), {
			method: 'POST',
			headers: { accept: 'text/html' }
		});
		expect(loginGate(post, url('/clients/new'), '/clients/new', false)!.status).toBe(401);
		const script = get('/clients/export', 'application/json');
		expect(loginGate(script, url('/clients/export'), '/clients/export', false)!.status).toBe(401);
	});

	it('treats a route missing from the map as needing a login (deny by default)', () => {
		expect(routeAccess('/not/declared')).toBe('authenticated');
		expect(routeAccess('constructor')).toBe('authenticated');
		expect(loginGate(get('/x'), url('/x'), '/not/declared', false)!.status).toBe(303);
	});
});
