import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { ROUTE_ACCESS } from '../../src/lib/server/web/route-access';
import { startApp, type RunningApp } from './harness';

/**
 * Issue 17, item 3 (and the sweep of item 5): every form action of every route, driven with
 * generated hostile values as each role against the built server on a PostgreSQL database of
 * its own (so that this test can read it while the app runs). Never a 5xx; a refused request
 * changes nothing but the audit log (and what is meant to change on a refusal: the session's
 * last use, the login throttle, a diary draft kept of a refused save, the mail outbox).
 */
const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'demo seltsiline 2026';
const ROLES = ['admin', 'coordinator', 'volunteer', 'expert', 'anonymous'] as const;
type Role = (typeof ROLES)[number];
/**
 * Tables a refused request may change on purpose; the audit chain (issue 21) links every audit
 * event, refusals included, so it grows with them.
 */
const MAY_CHANGE = new Set([
	'audit_event',
	'audit_chain',
	'audit_chain_lock',
	'session',
	'rate_limit',
	'diary_draft',
	'mail_outbox'
]);

/** The nightly audit-chain check's result (its first run is 15 s after start, in the background). */
const CHAIN_CHECK = 'audit.chain_check';

let app: RunningApp;
let admin: pg.Client;
let db: pg.Client;
let dbName = '';
let tables: string[] = [];
const cookies = new Map<Role, string>();
const realIds: string[] = [];
let actionsByRoute: [string, string[]][] = [];
const fivexx: string[] = [];
/** Refused requests after which the database differed. */
const changed: string[] = [];

async function answers(): Promise<boolean> {
	const c = new pg.Client({ connectionString: PG, connectionTimeoutMillis: 3000 });
	try {
		await c.connect();
		return true;
	} catch {
		return false;
	} finally {
		await c.end().catch(() => {});
	}
}

async function snapshot(): Promise<string> {
	const sql = tables
		.map(
			(t) =>
				`select '${t}' as t, count(*)::text as n, coalesce(max(xmin::text::bigint), 0)::text as x from "${t}"${t === 'app_setting' ? ` where key <> '${CHAIN_CHECK}'` : ''}`
		)
		.join(' union all ');
	const { rows } = await db.query(sql);
	return rows.map((r) => `${r.t}:${r.n}:${r.x}`).join('|');
}

async function logIn(email: string): Promise<string> {
	const res = await fetch(`${app.url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: PASSWORD })
	});
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('seltsiline_session='));
	expect(cookie, `login of ${email}: ${res.status}`).toBeTruthy();
	return cookie!.split(';', 1)[0]!;
}

function demoLogins(output: string): Record<Exclude<Role, 'anonymous'>, string> {
	const found: Partial<Record<Role, string>> = {};
	let role: Role | null = null;
	for (const line of output.split('\n')) {
		const header = /^\s*(Administrator|Expert|Coordinator|Volunteer) \(/.exec(line)?.[1];
		if (header) role = header.toLowerCase().replace('administrator', 'admin') as Role;
		const email = /[\w.+-]+@[\w-]+(\.[\w-]+)+/.exec(line)?.[0];
		if (role && email && !found[role]) found[role] = email;
	}
	return found as Record<Exclude<Role, 'anonymous'>, string>;
}

const routeModules = import.meta.glob('/src/routes/**/+page.server.ts');

beforeAll(async () => {
	expect(await answers(), `PostgreSQL at ${PG}`).toBe(true);
	admin = new pg.Client({ connectionString: PG });
	await admin.connect();
	dbName = `seltsiline_hostile_${process.pid}_${Date.now()}`;
	await admin.query(`create database "${dbName}"`);
	const url = new URL(PG);
	url.pathname = `/${dbName}`;
	// The test reads and compares the database as the server's superuser: one role (issue 21).
	app = await startApp({ SELTSILINE_DEMO: '1', DATABASE_URL: url.href, AUDIT_OWNER_ACCEPTED: '1' });
	db = new pg.Client({ connectionString: url.href });
	await db.connect();
	const { rows } = await db.query(
		`select tablename from pg_tables where schemaname = 'public' order by tablename`
	);
	tables = rows.map((r) => r.tablename as string).filter((t) => !MAY_CHANGE.has(t));
	const logins = demoLogins(app.output());
	for (const role of ['admin', 'coordinator', 'volunteer', 'expert'] as const) {
		cookies.set(role, await logIn(logins[role]));
	}
	// Real ids to aim at: a few clients and volunteers of the database.
	for (const t of ['client', 'volunteer', 'pairing', 'diary_entry']) {
		const r = await db.query(`select id::text from "${t}" order by id limit 2`);
		realIds.push(...r.rows.map((x) => x.id as string));
	}
	// Every form action of every route (the route registry lists the routes).
	for (const [path, loadModule] of Object.entries(routeModules)) {
		const id = path.replace('/src/routes', '').replace(/\/\+page\.server\.ts$/, '') || '/';
		if (!Object.hasOwn(ROUTE_ACCESS, id)) continue;
		const mod = (await loadModule()) as { actions?: Record<string, unknown> };
		if (mod.actions) actionsByRoute.push([id, Object.keys(mod.actions)]);
	}
	actionsByRoute = actionsByRoute.sort();
}, 300_000);

afterAll(async () => {
	await db?.end().catch(() => {});
	await app?.stop();
	if (dbName) {
		await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => {});
	}
	await admin?.end().catch(() => {});
});

function fill(routeId: string, pick: (choices: string[]) => string): string {
	return routeId.replace(/\[(\w+)\]/g, () =>
		pick([...realIds, crypto.randomUUID(), 'x%00y', '__proto__'])
	);
}

const hostile = fc.oneof(
	fc.constantFrom(
		'\u0000',
		'Mari\u0000Tamm',
		'a\u001Bb',
		'\u007F',
		'1e2',
		'0x1E',
		'Infinity',
		'-Infinity',
		'NaN',
		'-1',
		'0',
		'1,5',
		'99999999999999999999999',
		'1e308',
		'2026-02-30',
		'1899-12-31',
		'9999-12-31',
		'0000-00-00',
		'31.12.2026',
		'Ju\u0308ri',
		'Mari\u200B',
		'\u202Eilam',
		'\u2066x\u2069',
		'\uFEFF',
		'\uD800',
		'%00',
		'<script>alert(1)</script>',
		"' or 1=1 --",
		'__proto__',
		'constructor',
		'',
		' ',
		'a'.repeat(20_000)
	),
	fc.string({ maxLength: 40 }),
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.integer().map(String),
	fc.double().map(String)
);

const FIELDS = [
	'firstName',
	'lastName',
	'name',
	'email',
	'phone',
	'isikukood',
	'birthDate',
	'contactDate',
	'contactKind',
	'durationMinutes',
	'description',
	'notes',
	'q',
	'countyId',
	'municipalityId',
	'status',
	'version',
	'tripDate',
	'kilometres',
	'km',
	'amount',
	'rate',
	'from',
	'to',
	'reason',
	'endsOn',
	'startsOn',
	'volunteerId',
	'clientId',
	'pairingId',
	'kind',
	'locale',
	'password',
	'helpProfiles',
	'quarter',
	'year',
	'validFrom',
	'value',
	'unknownField',
	'__proto__'
];

type BodyKind =
	'urlencoded' | 'multipart' | 'truncated' | 'noBoundary' | 'wrongBoundary' | 'garbage' | 'empty';

function body(kind: BodyKind, fields: [string, string][]): { type: string; body: BodyInit } {
	if (kind === 'urlencoded') {
		return {
			type: 'application/x-www-form-urlencoded',
			body: new URLSearchParams(fields).toString()
		};
	}
	const b = 'fuzzBoundary123';
	const parts = fields
		.map(([k, v]) => `--${b}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
		.join('');
	const whole = `${parts}--${b}--\r\n`;
	switch (kind) {
		case 'multipart':
			return { type: `multipart/form-data; boundary=${b}`, body: whole };
		case 'truncated':
			return {
				type: `multipart/form-data; boundary=${b}`,
				body: whole.slice(0, Math.max(5, whole.length / 2))
			};
		case 'noBoundary':
			return { type: 'multipart/form-data', body: whole };
		case 'wrongBoundary':
			return { type: 'multipart/form-data; boundary=other', body: whole };
		case 'garbage':
			return { type: `multipart/form-data; boundary=${b}`, body: '\u0000\u00ff garbage \r\n--' };
		case 'empty':
			return { type: `multipart/form-data; boundary=${b}`, body: '' };
	}
}

describe('hostile input against every form action (issue 17, item 3)', () => {
	it('never answers 5xx, and a refused request changes nothing', async () => {
		expect(actionsByRoute.length).toBeGreaterThan(20);
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...ROLES),
				fc.constantFrom(...actionsByRoute),
				fc.nat(),
				fc.oneof(
					{ weight: 6, arbitrary: fc.constant(null) },
					{
						weight: 1,
						arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'nope', 'a b', '')
					}
				),
				fc.array(fc.tuple(fc.constantFrom(...FIELDS), hostile), { minLength: 0, maxLength: 8 }),
				fc.constantFrom<BodyKind>(
					'urlencoded',
					'urlencoded',
					'urlencoded',
					'multipart',
					'truncated',
					'noBoundary',
					'wrongBoundary',
					'garbage',
					'empty'
				),
				fc.nat(),
				async (role, [routeId, actions], which, oddAction, fields, kind, seed) => {
					const action = oddAction ?? actions[which % actions.length]!;
					let n = seed;
					const path = fill(routeId, (c) => c[n++ % c.length]!);
					const query =
						action === 'default' ? '' : `?/${encodeURIComponent(action).replace(/%2F/g, '/')}`;
					const { type, body: payload } = body(kind, fields);
					const before = await snapshot();
					const requestId = `fuzz-${crypto.randomUUID()}`;
					const res = await fetch(`${app.url}${path}${query}`, {
						method: 'POST',
						redirect: 'manual',
						headers: {
							origin: app.url,
							accept: 'text/html',
							'content-type': type,
							'x-request-id': requestId,
							...(cookies.get(role) ? { cookie: cookies.get(role)! } : {})
						},
						body: payload
					});
					await res.arrayBuffer();
					const what = `${role} POST ${path}${query} (${kind}) → ${res.status}`;
					if (res.status >= 500) fivexx.push(what);
					const after = res.status >= 400 ? await snapshot() : before;
					if (after !== before) {
						const was = new Set(before.split('|'));
						const tables = after
							.split('|')
							.filter((t) => !was.has(t))
							.map((t) => t.split(':')[0]);
						changed.push(`${what}: ${tables.join(', ')}`);
					}
				}
			),
			{
				numRuns: Number(process.env.FUZZ_RUNS ?? 300),
				seed: Number(process.env.FUZZ_SEED ?? 17)
			}
		);
		// Every finding at once (the server's log says why), rather than the first one only.
		const errors = app
			.output()
			.split('\n')
			.filter((l) => l.includes('unhandled error'))
			.slice(0, 20);
		expect({ fivexx, errors }).toEqual({ fivexx: [], errors: [] });
		expect(changed).toEqual([]);
	}, 600_000);

	it('refuses control characters in every search box with 400, never 5xx', async () => {
		for (const route of [
			'/clients',
			'/volunteers',
			'/partners',
			'/applications',
			'/audit',
			'/mileage/claims'
		]) {
			const res = await fetch(`${app.url}${route}?q=Mari%00Tamm&page=1e2`, {
				headers: { cookie: cookies.get('admin')! }
			});
			expect(res.status, route).toBe(400);
			expect(await res.text()).toContain('nullmärk');
		}
	});
});

describe('POST /reports/handover under a probe (issue 17, item 3)', () => {
	it('answers 4xx to every odd body, as every role', async () => {
		const bodies: [string | undefined, string][] = [
			['text/plain', 'confirm=yes'],
			['application/json', '{"confirm":"yes"}'],
			[undefined, ''],
			['application/x-www-form-urlencoded', 'confirm=no'],
			['application/x-www-form-urlencoded', 'confirm=yes%00'],
			['multipart/form-data; boundary=zz', '--zz\r\ngarbage'],
			['multipart/form-data', 'confirm=yes']
		];
		for (const role of ROLES) {
			for (const [type, payload] of bodies) {
				const res = await fetch(`${app.url}/reports/handover`, {
					method: 'POST',
					redirect: 'manual',
					headers: {
						origin: app.url,
						...(type ? { 'content-type': type } : {}),
						...(cookies.get(role) ? { cookie: cookies.get(role)! } : {})
					},
					body: payload
				});
				await res.arrayBuffer();
				expect(res.status, `${role} ${type}: ${payload}`).toBeGreaterThanOrEqual(400);
				expect(res.status, `${role} ${type}: ${payload}`).toBeLessThan(500);
			}
		}
	});
});

describe('every refusal is audited (issue 17, item 5)', () => {
	it('a 403/404 answered to a logged-in user always leaves a denied event', async () => {
		const unaudited: string[] = [];
		for (const role of ['expert', 'volunteer'] as const) {
			for (const routeId of Object.keys(ROUTE_ACCESS)) {
				if (ROUTE_ACCESS[routeId] === 'public') continue;
				const path = routeId.replace(/\[(\w+)\]/g, () => realIds[0]!);
				const requestId = `sweep-${crypto.randomUUID()}`;
				const res = await fetch(`${app.url}${path}`, {
					redirect: 'manual',
					headers: { cookie: cookies.get(role)!, accept: 'text/html', 'x-request-id': requestId }
				});
				await res.arrayBuffer();
				expect(res.status, `${role} GET ${path}`).toBeLessThan(500);
				if (res.status === 403 || res.status === 404) {
					const { rows } = await db.query(
						`select 1 from audit_event where request_id = $1 and outcome = 'denied'`,
						[requestId]
					);
					if (rows.length === 0) unaudited.push(`${role} GET ${path} → ${res.status}`);
				}
			}
		}
		expect(unaudited).toEqual([]);
	}, 300_000);
});
