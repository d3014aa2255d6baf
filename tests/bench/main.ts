/**
 * `npm run bench` (issue 7): national-scale figures on PostgreSQL and county-scale figures on
 * PGlite, each against its hand-written SQL floor, written to BENCHMARKS.md and
 * bench-results/latest.json. Run by scripts/run.js (Vite's SSR loader).
 *
 * Options:
 *   --database-url URL   PostgreSQL for the national set (default: DATABASE_URL, else
 *                        postgres://postgres@127.0.0.1:5432/seltsiline_bench, created if missing)
 *   --smoke              tiny data sets, few runs: checks that the harness works (used by a test)
 *   --skip-national / --skip-county / --skip-http
 *   --only=field         only the volunteer's phone (issue 19, tests/bench/field.ts): compressed
 *                        JavaScript of the volunteer's pages and the slow-3G save, in Chromium on
 *                        a small data set of its own (no national data needed)
 *   --runs N             measured runs per figure (default 30; smoke 5)
 *   --think-seconds S    under load, each of the 50 users reads a page for about S seconds
 *                        before the next (default 2; tests/bench/users.ts); flat-out runs
 *                        (autocannon, no think time) measure capacity beside it
 *   --cutoff ISO         the quarterly package's cut-off (default: now); with a fixed one, the
 *                        package's SHA-256 (in the figure's note) shows whether a change to its
 *                        code changed its bytes — compare two runs on the same data set
 *   --out DIR            where BENCHMARKS.md and the JSON go (default: the project folder);
 *                        BENCHMARKS.md keeps what is written by hand below its findings marker,
 *                        bench-results/ gets latest.json and one file per day
 *
 * Pages are timed through HTTP against the production build (build/), one request at a time,
 * so "server time" is the time the server takes to answer with a rendered page, as a browser
 * on the same machine would see it. Writes and the quarterly report are timed in-process.
 */
import { parseArgs } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import autocannon from 'autocannon';
import * as prettier from 'prettier';
import { loadConfig, type AppConfig } from '$lib/server/config';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '$lib/server/db/client';
import { seedReferenceData } from '$lib/server/services/core/reference';
import { generateData } from '$lib/server/generator';
import { seedUser, type SeedUserInput } from '$lib/server/fixtures/factories';
import { createSession, SESSION_COOKIE } from '$lib/server/services/auth/sessions';
import { createMailer } from '$lib/server/infra/mail';
import { createLoginThrottle } from '$lib/server/infra/throttle';
import { createFileStore, newTempPath } from '$lib/server/infra/storage';
import { addDiaryEntry } from '$lib/server/services/pairings/diary';
import { buildQuarterlyPackage } from '$lib/server/services/reporting/quarterly-package';
import { seedSurveyQuestionSets } from '$lib/server/services/pairings/surveys';
import { loadDemoData } from '$lib/server/services/admin/demo-data';
import type { Actor } from '$lib/server/policy/actor';
import type { ServiceContext } from '$lib/server/services/core/context';
import { tallinnDay, addDays } from '$lib/server/domain/dates';
import { previousQuarter, quarterOf, quarterPeriod } from '$lib/server/domain/periods';
import { measure, ms, summarise, type Timing } from './stats';
import { simulateUsers, type UsersResult } from './users';
import { fieldFigures, fieldReport, type FieldFigures } from './field';

/** Volunteers writing to their diaries at once (sustained writes). */
const WRITERS = 8;
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/seltsiline_bench';
const HARJU = 'Harju maakond';
const COUNTY_PROFILE_COUNTY = 'Tartu maakond';
/** BENCHMARKS.md: what follows this line is written by hand and kept by the next run. */
const NOTES_MARKER = '<!-- findings: written by hand, kept by npm run bench -->';

interface Figure {
	name: string;
	scale: 'national' | 'county';
	driver: 'postgres' | 'pglite';
	timing: Timing;
	floor?: Timing;
	target?: { stat: 'median' | 'p95'; ms: number; floorRatio?: number };
	/** Rates: the rate to reach (per second), on PostgreSQL at national scale. */
	rateTarget?: number;
	note?: string;
}

interface LoadResult extends UsersResult {
	connections: number;
	/** Seconds each user waits between pages; null: none (every connection flat out). */
	thinkSeconds: number | null;
	seconds: number;
}

interface Actors {
	admin: { actor: Actor; cookie: string };
	coordinator: { actor: Actor; cookie: string };
	volunteer: { actor: Actor; cookie: string };
	/** A client of the volunteer with about 500 diary entries. */
	clientId: string;
	/** A client of the county waiting for a volunteer (matching). */
	waitingClientId: string;
	countyId: string;
	countyName: string;
	/** Volunteers of other open pairings of the county, each with their client: writers at once. */
	writers: { actor: Actor; clientId: string; startsOn: string }[];
}

// --- Data sets --------------------------------------------------------------------------------

async function ensurePgDatabase(url: string, fresh = false): Promise<void> {
	const target = new URL(url);
	const name = decodeURIComponent(target.pathname.slice(1));
	const admin = new URL(url);
	admin.pathname = '/postgres';
	const c = new pg.Client({ connectionString: admin.toString() });
	await c.connect();
	// A smoke run starts from an empty database: its demo data's consent scans live in the run's
	// own DATA_DIR, which is new each run.
	if (fresh) await c.query(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
	const exists = await c.query('select 1 from pg_database where datname = $1', [name]);
	if (exists.rowCount === 0) await c.query(`create database "${name.replace(/"/g, '""')}"`);
	await c.end();
}

function context(handle: DatabaseHandle, config: AppConfig, actor: Actor | null): ServiceContext {
	return {
		db: handle.db,
		actor,
		requestId: 'bench',
		ip: '127.0.0.1',
		config,
		mailer: createMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: config.MAIL_FROM }),
		throttle: createLoginThrottle(handle.db, {
			maxPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
			maxPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
			blockMinutes: config.LOGIN_BLOCK_MINUTES
		}),
		files: createFileStore(config),
		now: () => new Date()
	};
}

async function count(handle: DatabaseHandle, query: SQL): Promise<number> {
	const res = await handle.db.execute(query);
	const row = (res as unknown as { rows: Record<string, unknown>[] }).rows[0];
	return Number(row ? Object.values(row)[0] : 0);
}

async function rows<T>(handle: DatabaseHandle, query: SQL): Promise<T[]> {
	const res = await handle.db.execute(query);
	return (res as unknown as { rows: T[] }).rows;
}

/**
 * Generates the profile unless the database already holds it; then backfills the audit log the
 * data would have produced (one `diary.create` per entry, one `client.view` per ten) once.
 */
async function ensureData(
	handle: DatabaseHandle,
	profile: 'national' | 'county' | 'smoke',
	log: (s: string) => void,
	config: AppConfig
): Promise<void> {
	await migrateDatabase(handle, resolve('drizzle'));
	await seedReferenceData(handle.db);
	await seedSurveyQuestionSets(handle.db);
	const clients = await count(handle, sql`select count(*) from client`);
	if (clients === 0 && profile === 'smoke') {
		log('loading the demo data set (smoke run) …');
		// Into the run's own file store (DATA_DIR), where the quarterly package reads the scans.
		await loadDemoData(context(handle, config, null), { print: () => {} });
	} else if (clients === 0 && profile !== 'smoke') {
		log(`generating the ${profile} data set …`);
		const result = await generateData(handle.db, {
			profile,
			today: tallinnDay(new Date()),
			county: profile === 'national' ? undefined : COUNTY_PROFILE_COUNTY
		});
		log(
			`  ${result.counts.diaryEntries.toLocaleString('en')} diary entries, ${result.counts.trips.toLocaleString('en')} trips in ${(result.ms / 1000).toFixed(0)} s`
		);
	}
	const audited = await count(
		handle,
		sql`select count(*) from audit_event where action = 'diary.create' and request_id = 'bench-backfill'`
	);
	if (audited === 0) {
		log('backfilling the audit log …');
		await handle.db.execute(sql`
			insert into audit_event (occurred_at, actor_user_id, actor_roles, action, entity_type, entity_id, county_id, outcome, request_id, ip, details)
			select d.created_at, null, 'volunteer', 'diary.create', 'client', d.client_id::text, c.county_id, 'success', 'bench-backfill', '127.0.0.1', jsonb_build_object('entryId', d.id)
			from diary_entry d join client c on c.id = d.client_id`);
		await handle.db.execute(sql`
			insert into audit_event (occurred_at, actor_user_id, actor_roles, action, entity_type, entity_id, county_id, outcome, request_id, ip, details)
			select d.created_at + interval '1 minute', null, 'coordinator', 'client.view', 'client', d.client_id::text, c.county_id, 'success', 'bench-backfill', '127.0.0.1', null
			from diary_entry d join client c on c.id = d.client_id where abs(hashtext(d.id::text)) % 10 = 0`);
	}
	// The steady state a server is in: autovacuum (which a PostgreSQL server may have switched
	// off, as on some of the machines here) or the app's nightly upkeep (PGlite) has set the
	// visibility map and hint bits of a bulk load, and the planner has statistics.
	await handle.db.execute(sql`vacuum (analyze)`);
}

/** Bench users (admin, the county's coordinator, a volunteer with a busy client) and sessions. */
async function ensureActors(
	handle: DatabaseHandle,
	config: AppConfig,
	countyName: string
): Promise<Actors> {
	const [county] = await rows<{ id: string }>(
		handle,
		sql`select id from county where name = ${countyName}`
	);
	if (!county) throw new Error(`no county ${countyName}`);
	// The client in an open pairing whose diary is closest to 500 entries.
	const [busy] = await rows<{ client_id: string; volunteer_id: string; n: number }>(
		handle,
		sql`select p.client_id, p.volunteer_id, count(d.id)::int as n
			from pairing p join client c on c.id = p.client_id
			join diary_entry d on d.client_id = p.client_id
			where c.county_id = ${county.id} and p.status in ('introduced', 'active', 'paused')
				and p.starts_on <= current_date and (p.ends_on is null or p.ends_on > current_date)
			group by p.client_id, p.volunteer_id
			order by abs(count(d.id) - 500), p.client_id limit 1`
	);
	if (!busy) throw new Error(`no open pairing in ${countyName}`);
	const [waiting] = await rows<{ id: string }>(
		handle,
		sql`select id from client where county_id = ${county.id} and status = 'waiting'
			order by waiting_since nulls last, id limit 1`
	);
	const settings = {
		idleMinutes: config.SESSION_IDLE_MINUTES,
		absoluteHours: config.SESSION_ABSOLUTE_HOURS
	};
	const make = async (email: string, grants: NonNullable<SeedUserInput['grants']>) => {
		const existing = await rows<{ id: string }>(
			handle,
			sql`select id from app_user where email = ${email}`
		);
		if (existing[0]) {
			await handle.db.execute(sql`delete from role_grant where user_id = ${existing[0].id}`);
			await handle.db.execute(sql`delete from session where user_id = ${existing[0].id}`);
			await handle.db.execute(sql`delete from app_user where id = ${existing[0].id}`);
		}
		// A volunteer record links to one account: the bench account takes it over (bench data only).
		for (const g of grants) {
			if (g.volunteerId) {
				await handle.db.execute(sql`delete from role_grant where volunteer_id = ${g.volunteerId}`);
			}
		}
		const { user, actor } = await handle.db.transaction((tx) =>
			seedUser(tx, { email, name: email.split('@')[0], grants })
		);
		const session = await handle.db.transaction((tx) =>
			createSession(tx, user, new Date(), settings, { ip: '127.0.0.1', userAgent: 'bench' })
		);
		return { actor, cookie: `${SESSION_COOKIE}=${session.token}` };
	};
	// Other open pairings (another volunteer and client each), whose volunteers write at once.
	const others = await rows<{ client_id: string; volunteer_id: string; starts_on: string }>(
		handle,
		sql`select distinct on (p.volunteer_id) p.client_id, p.volunteer_id, p.starts_on::text
			from pairing p join client c on c.id = p.client_id
			where c.county_id = ${county.id} and p.status in ('introduced', 'active')
				and p.starts_on <= current_date - 1 and (p.ends_on is null or p.ends_on > current_date)
				and p.volunteer_id <> ${busy.volunteer_id} and p.client_id <> ${busy.client_id}
			order by p.volunteer_id, p.client_id limit ${WRITERS}`
	);
	const writers = [];
	for (const [i, o] of others.entries()) {
		const { actor } = await make(`bench.writer${i}@example.ee`, [
			{ role: 'volunteer', volunteerId: o.volunteer_id }
		]);
		writers.push({ actor, clientId: o.client_id, startsOn: o.starts_on });
	}
	return {
		writers,
		admin: await make('bench.admin@example.ee', [{ role: 'admin' }]),
		coordinator: await make('bench.coordinator@example.ee', [
			{ role: 'coordinator', countyId: county.id }
		]),
		volunteer: await make('bench.volunteer@example.ee', [
			{ role: 'volunteer', volunteerId: busy.volunteer_id }
		]),
		clientId: busy.client_id,
		waitingClientId: waiting?.id ?? busy.client_id,
		countyId: county.id,
		countyName
	};
}

// --- The server -------------------------------------------------------------------------------

async function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const a = srv.address();
			srv.close(() => (typeof a === 'object' && a ? ok(a.port) : fail(new Error('no port'))));
		});
	});
}

interface Server {
	url: string;
	stop(): Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let out = '';
	const child: ChildProcess = spawn(process.execPath, ['scripts/start.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: url,
			LOG_LEVEL: 'warn',
			NODE_ENV: 'production',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
		try {
			if ((await fetch(`${url}/healthz`)).ok) break;
		} catch {
			/* not yet */
		}
		if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
		await new Promise((r) => setTimeout(r, 250));
	}
	return {
		url,
		stop: () =>
			new Promise((ok) => {
				child.once('exit', () => ok());
				child.kill('SIGTERM');
			})
	};
}

async function timePage(server: Server, path: string, cookie: string, runs: number) {
	const get = async () => {
		const res = await fetch(server.url + path, { headers: { cookie }, redirect: 'manual' });
		await res.arrayBuffer();
		if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
	};
	return measure(get, { warmup: 3, runs });
}

async function load(
	server: Server,
	pages: { path: string; cookie: string }[],
	seconds: number,
	connections: number,
	thinkSeconds: number | null
): Promise<LoadResult> {
	if (thinkSeconds) {
		// Users who read between pages (the target): tests/bench/users.ts.
		const r = await simulateUsers({
			url: server.url,
			pages,
			users: connections,
			thinkSeconds,
			seconds
		});
		return { connections, thinkSeconds, seconds, ...r };
	}
	// Every connection flat out: capacity.
	const result = await autocannon({
		url: server.url,
		connections,
		duration: seconds,
		requests: pages.map((p) => ({ method: 'GET', path: p.path, headers: { cookie: p.cookie } }))
	});
	const l = result.latency as unknown as Record<string, number>;
	return {
		connections,
		thinkSeconds,
		seconds,
		requests: result.requests.total,
		errors: result.errors + result.timeouts,
		non2xx: result.non2xx,
		p50: l.p50 ?? NaN,
		p95: l.p95 ?? l.p97_5 ?? NaN,
		p99: l.p99 ?? NaN,
		rps: result.requests.average
	};
}

// --- Floors: the same results by hand-written SQL ---------------------------------------------

function floors(a: Actors, quarter: { from: string; to: string }) {
	const county = a.countyId;
	return {
		clientPage: [
			sql`select * from client where id = ${a.clientId}`,
			sql`select p.*, v.first_name, v.last_name from pairing p join volunteer v on v.id = p.volunteer_id where p.client_id = ${a.clientId} order by p.starts_on desc`,
			sql`select * from diary_entry where client_id = ${a.clientId} and removed_at is null order by contact_date desc, created_at desc limit 20`,
			sql`select count(*) from diary_entry where client_id = ${a.clientId} and removed_at is null`,
			sql`select id, kind, file_name, size_bytes, uploaded_at from document where client_id = ${a.clientId}`
		],
		attention: [
			sql`select id, first_name, last_name, waiting_since from client where county_id = ${county} and status = 'waiting' order by waiting_since limit 50`,
			sql`select p.id, d.last from pairing p join client c on c.id = p.client_id left join lateral (select max(d.contact_date) as last from diary_entry d where d.pairing_id = p.id and d.removed_at is null) d on true where c.county_id = ${county} and p.status in ('introduced','active') and coalesce(d.last, p.starts_on) < current_date - 21`,
			sql`select d.id from diary_entry d where d.county_id = ${county} and d.flagged and d.flag_seen_at is null and d.removed_at is null`,
			sql`select s.id from survey_response s join client c on c.id = s.client_id where c.county_id = ${county} and s.on_paper and s.paper_destroyed_on is null`
		],
		matching: [
			sql`select v.*, (select count(*) from pairing p where p.volunteer_id = v.id and p.status in ('introduced','active','paused')) as current_clients from volunteer v where v.county_id = ${county} and v.status = 'active'`,
			sql`select * from client where id = ${a.waitingClientId}`
		],
		// The diary's own county column and index (migration 0004), as the app reads them.
		analysisCounty: [
			sql`select date_trunc('month', d.contact_date) as m, count(*), sum(d.duration_minutes), count(distinct d.client_id) from diary_entry d where d.county_id = ${county} and d.contact_date between ${quarter.from} and ${quarter.to} and d.removed_at is null group by 1`,
			sql`select d.contact_kind, count(*), sum(d.duration_minutes) from diary_entry d where d.county_id = ${county} and d.contact_date between ${quarter.from} and ${quarter.to} and d.removed_at is null group by 1`,
			sql`select unnest(d.help_profiles), count(*) from diary_entry d where d.county_id = ${county} and d.contact_date between ${quarter.from} and ${quarter.to} and d.removed_at is null group by 1`,
			sql`select c.municipality_id, count(*), sum(d.duration_minutes) from diary_entry d join client c on c.id = d.client_id where d.county_id = ${county} and d.contact_date between ${quarter.from} and ${quarter.to} and d.removed_at is null group by 1`,
			sql`select count(distinct p.volunteer_id) from pairing p join client c on c.id = p.client_id where c.county_id = ${county} and p.starts_on <= ${quarter.to} and (p.ends_on is null or p.ends_on > ${quarter.from})`
		],
		analysisNational: [
			sql`select d.county_id, date_trunc('month', d.contact_date) as m, count(*), sum(d.duration_minutes), count(distinct d.client_id) from diary_entry d where d.contact_date between ${quarter.from} and ${quarter.to} and d.removed_at is null group by 1, 2`,
			sql`select d.contact_kind, count(*), sum(d.duration_minutes) from diary_entry d where d.contact_date between ${quarter.from} and ${quarter.to} and d.removed_at is null group by 1`,
			sql`select count(distinct p.volunteer_id) from pairing p where p.starts_on <= ${quarter.to} and (p.ends_on is null or p.ends_on > ${quarter.from})`
		],
		quarterly: [
			sql`select d.id, d.client_id, d.county_id, c.municipality_id, d.contact_date, d.contact_kind, d.help_profiles, d.duration_minutes from diary_entry d join client c on c.id = d.client_id where d.contact_date between ${quarter.from} and ${quarter.to} and d.removed_at is null order by d.county_id, d.client_id, d.contact_date`,
			sql`select c.id, c.gender, c.age_group, c.date_of_birth, c.county_id, min(p.starts_on), max(p.ends_on) from client c join pairing p on p.client_id = c.id where p.starts_on <= ${quarter.to} and (p.ends_on is null or p.ends_on > ${quarter.from}) group by c.id`,
			sql`select v.id, v.gender, v.date_of_birth, v.employment, v.education, v.county_id, v.started_on, v.ended_on from volunteer v where v.started_on <= ${quarter.to} and (v.ended_on is null or v.ended_on >= ${quarter.from})`,
			sql`select c.id, d.id as document_id from client c join pairing p on p.client_id = c.id left join document d on d.client_id = c.id and d.kind = 'consent' group by c.id, d.id having min(p.starts_on) between ${quarter.from} and ${quarter.to}`,
			// The summary's county figures: active volunteers, new and ended pairings, waiting clients.
			sql`select v.county_id, count(distinct p.volunteer_id) from pairing p join volunteer v on v.id = p.volunteer_id where p.status <> 'proposed' and p.starts_on <= ${quarter.to} and (p.ends_on is null or p.ends_on > ${quarter.from}) group by 1`,
			sql`select c.county_id, count(*) filter (where p.starts_on between ${quarter.from} and ${quarter.to}), count(*) filter (where p.status = 'ended' and p.ends_on between ${quarter.from} and ${quarter.to}) from pairing p join client c on c.id = p.client_id where p.status <> 'proposed' group by 1`,
			sql`select c.county_id, count(*) from client c where c.waiting_since <= ${quarter.to} and (c.ended_on is null or c.ended_on > ${quarter.to}) and not exists (select 1 from pairing p where p.client_id = c.id and p.status <> 'proposed' and p.starts_on <= ${quarter.to} and (p.ends_on is null or p.ends_on > ${quarter.to})) group by 1`
		]
	};
}

async function timeQueries(handle: DatabaseHandle, queries: SQL[], runs: number) {
	return measure(
		async () => {
			for (const q of queries) await handle.db.execute(q);
		},
		{ warmup: 2, runs }
	);
}

// --- The run ----------------------------------------------------------------------------------

export async function main(args: string[]): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			'database-url': { type: 'string' },
			smoke: { type: 'boolean' },
			'skip-national': { type: 'boolean' },
			'skip-county': { type: 'boolean' },
			'skip-http': { type: 'boolean' },
			runs: { type: 'string' },
			'think-seconds': { type: 'string' },
			cutoff: { type: 'string' },
			out: { type: 'string' },
			only: { type: 'string' }
		},
		strict: true
	});
	const smoke = values.smoke ?? false;
	const runs = Number(values.runs ?? (smoke ? 5 : 30));
	const thinkSeconds = Number(values['think-seconds'] ?? 2);
	const outDir = resolve(values.out ?? '.');
	const started = new Date();
	const log = (s: string) => console.log(s);
	const figures: Figure[] = [];
	const loads: (LoadResult & { scale: string })[] = [];
	const sizes: Record<string, Record<string, number>> = {};

	// Pages are timed against the production build (not needed with --skip-http).
	if (
		!values['skip-http'] &&
		(!existsSync(join(process.env.BUILD_OUT ?? 'build', 'index.js')) ||
			process.env.BENCH_BUILD === '1')
	) {
		log('building the app (npm run build) …');
		const b = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
		if (b.status !== 0) return 1;
	}

	if (values.only === 'field') {
		const field = await fieldFigures({ log, runs: smoke ? 1 : 3 });
		const text = fieldReport(field);
		log('\n' + text);
		mkdirSync(join(outDir, 'bench-results'), { recursive: true });
		writeFileSync(
			join(outDir, 'bench-results', 'field-latest.json'),
			JSON.stringify({ date: started.toISOString(), ...field }, null, '\t')
		);
		return 0;
	}
	if (values.only !== undefined) {
		log(`--only=${values.only}: only "field" is known`);
		return 1;
	}

	const quarter = previousQuarter(quarterOf(tallinnDay(new Date())));
	const lastQuarter = { quarter, ...quarterPeriod(quarter) };

	async function runScale(scale: 'national' | 'county') {
		const driver = scale === 'national' ? 'postgres' : 'pglite';
		const pgUrl = values['database-url'] ?? process.env.DATABASE_URL ?? DEFAULT_PG;
		let dataDir: string | null = null;
		let url: string | undefined;
		if (driver === 'postgres') {
			url = smoke ? pgUrl.replace(/\/[^/]*$/, '/seltsiline_bench_smoke') : pgUrl;
			await ensurePgDatabase(url, smoke);
		} else {
			dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-bench-'));
		}
		const env: Record<string, string> = url
			? {
					DATABASE_URL: url,
					DATA_DIR: mkdtempSync(join(tmpdir(), 'seltsiline-bench-files-')),
					// The bench runs as one (superuser) role: accepted (issue 21, docs/operations.md).
					AUDIT_OWNER_ACCEPTED: '1'
				}
			: { DATA_DIR: dataDir! };
		const config = loadConfig({ ...process.env, ...env, LOG_LEVEL: 'warn' });
		let handle = await openDatabase({ url, pgliteDir: url ? undefined : config.pgliteDir });
		// The demo set (smoke runs) has both counties with open pairings.
		const countyName = scale === 'national' || smoke ? HARJU : COUNTY_PROFILE_COUNTY;
		try {
			await ensureData(handle, smoke ? 'smoke' : scale, log, config);
			sizes[scale] = {
				counties: await count(
					handle,
					sql`select count(distinct county_id) from volunteer where status <> 'candidate'`
				),
				volunteers: await count(handle, sql`select count(*) from volunteer`),
				clients: await count(handle, sql`select count(*) from client`),
				diaryEntries: await count(handle, sql`select count(*) from diary_entry`),
				trips: await count(handle, sql`select count(*) from trip`),
				auditEvents: await count(handle, sql`select count(*) from audit_event`)
			};
			log(`${scale} (${driver}): ${JSON.stringify(sizes[scale])}`);
			const actors = await ensureActors(handle, config, countyName);
			const q = floors(actors, { from: lastQuarter.from, to: lastQuarter.to });
			const admin = context(handle, config, actors.admin.actor);
			const volunteerCtx = context(handle, config, actors.volunteer.actor);

			// In-process: the quarterly report (national only) and sustained diary writes.
			if (scale === 'national') {
				const cutoff = values.cutoff ? new Date(values.cutoff) : new Date();
				if (Number.isNaN(cutoff.getTime()))
					throw new Error(`--cutoff: not a time: ${values.cutoff}`);
				let made = { bytes: 0, sha256: '' };
				const report = await measure(
					async () => {
						// Written to a file under DATA_DIR/tmp, as the app does, then removed.
						const path = await newTempPath(config, 'bench-report');
						try {
							made = await buildQuarterlyPackage(admin, lastQuarter.quarter, cutoff, path);
						} finally {
							await rm(path, { force: true });
						}
					},
					{ warmup: 1, runs: Math.max(3, Math.floor(runs / 6)) }
				);
				figures.push({
					name: 'quarterly report package, whole country',
					scale,
					driver,
					timing: report,
					floor: await timeQueries(handle, q.quarterly, Math.max(3, Math.floor(runs / 6))),
					target: { stat: 'median', ms: 3000, floorRatio: 2 },
					note: `cut-off ${cutoff.toISOString()}: ${made.bytes} bytes, SHA-256 ${made.sha256}`
				});
				log(`  quarterly package: median ${ms(report.median)}; ${figures.at(-1)!.note}`);
			}
			const [pairing] = await rows<{ starts_on: string }>(
				handle,
				sql`select starts_on::text from pairing where client_id = ${actors.clientId} and volunteer_id = ${actors.volunteer.actor.volunteerId} order by starts_on desc limit 1`
			);
			const writes = smoke ? 50 : 600;
			const day = tallinnDay(new Date());
			const first = pairing ? pairing.starts_on : addDays(day, -30);
			const write = (i: number) =>
				addDiaryEntry(volunteerCtx, actors.clientId, {
					contactDate: i % 2 === 0 ? day : first > addDays(day, -1) ? day : addDays(day, -1),
					contactKind: 'home_visit',
					helpProfiles: ['P1'],
					durationMinutes: '60',
					description: `Koos jalutamas ja juttu ajamas (${i})`
				});
			// Warm-up (code paths compiled, pool connections open), then the sustained run.
			for (let i = 0; i < writes / 10; i++) await write(i);
			const t0 = performance.now();
			for (let i = 0; i < writes; i++) await write(i);
			const perSecond = writes / ((performance.now() - t0) / 1000);
			const writeFloorT0 = performance.now();
			for (let i = 0; i < writes; i++) {
				await handle.db.transaction(async (tx) => {
					await tx.execute(
						sql`insert into diary_entry (client_id, county_id, volunteer_id, contact_date, duration_minutes, description) values (${actors.clientId}, ${actors.countyId}, ${actors.volunteer.actor.volunteerId}, ${day}, 60, 'floor')`
					);
					await tx.execute(
						sql`insert into audit_event (action, outcome, entity_type, entity_id) values ('diary.create', 'success', 'client', ${actors.clientId})`
					);
				});
			}
			const floorPerSecond = writes / ((performance.now() - writeFloorT0) / 1000);
			// The data set stays as generated: the measured entries go again (their audit events stay).
			await handle.db.execute(
				sql`delete from diary_entry where client_id = ${actors.clientId}
					and (description = 'floor' or description like 'Koos jalutamas ja juttu ajamas (%')`
			);
			figures.push({
				name: 'diary entry writes per second, one writer after another (latency)',
				scale,
				driver,
				timing: summarise([perSecond]),
				floor: summarise([floorPerSecond]),
				note: `${writes} sequential writes after ${writes / 10} unmeasured; floor = bare INSERT + audit INSERT in a transaction`
			});
			// Sustained writes: volunteers writing at the same time, each to their own client (the
			// server's rate: one writer's CPU work overlaps another's commit).
			const writerCtxs = actors.writers.map((w) => ({
				...w,
				ctx: context(handle, config, w.actor)
			}));
			const each = Math.ceil(writes / Math.max(writerCtxs.length, 1));
			const writeAs = (w: (typeof writerCtxs)[number], i: number) =>
				addDiaryEntry(w.ctx, w.clientId, {
					contactDate: i % 2 === 0 || w.startsOn > addDays(day, -1) ? day : addDays(day, -1),
					contactKind: 'home_visit',
					helpProfiles: ['P1'],
					durationMinutes: '45',
					description: `Käisime poes ja rääkisime (${i})`
				});
			await Promise.all(
				writerCtxs.map(async (w) => {
					for (let i = 0; i < each / 10; i++) await writeAs(w, i);
				})
			);
			const c0 = performance.now();
			await Promise.all(
				writerCtxs.map(async (w) => {
					for (let i = 0; i < each; i++) await writeAs(w, i);
				})
			);
			const concurrentPerSecond = (each * writerCtxs.length) / ((performance.now() - c0) / 1000);
			const f0 = performance.now();
			await Promise.all(
				writerCtxs.map(async (w) => {
					for (let i = 0; i < each; i++) {
						await handle.db.transaction(async (tx) => {
							await tx.execute(
								sql`insert into diary_entry (client_id, county_id, volunteer_id, contact_date, duration_minutes, description) values (${w.clientId}, ${actors.countyId}, ${w.actor.volunteerId}, ${day}, 45, 'floor')`
							);
							await tx.execute(
								sql`insert into audit_event (action, outcome, entity_type, entity_id) values ('diary.create', 'success', 'client', ${w.clientId})`
							);
						});
					}
				})
			);
			const concurrentFloor = (each * writerCtxs.length) / ((performance.now() - f0) / 1000);
			for (const w of writerCtxs) {
				await handle.db.execute(
					sql`delete from diary_entry where client_id = ${w.clientId}
						and (description = 'floor' or description like 'Käisime poes ja rääkisime (%')`
				);
			}
			figures.push({
				name: `diary entry writes per second, ${writerCtxs.length} volunteers at once (policy + audit)`,
				scale,
				driver,
				timing: summarise([concurrentPerSecond]),
				floor: summarise([concurrentFloor]),
				rateTarget: 300,
				note: `${each} writes by each of ${writerCtxs.length} volunteers at once, after ${Math.ceil(each / 10)} unmeasured each; floor = bare INSERT + audit INSERT in a transaction, as many at once`
			});

			if (values['skip-http']) return;
			// PGlite is one process: the server must own the data folder alone.
			if (driver === 'pglite') await handle.close();
			const server = await startServer(env);
			try {
				const c = actors.coordinator.cookie;
				const pages: [string, string, string, SQL[] | null, Figure['target']?][] = [
					[
						'analysis, county page (last quarter)',
						`/analysis?county=${actors.countyId}&from=${lastQuarter.from}&to=${lastQuarter.to}`,
						c,
						q.analysisCounty,
						{ stat: 'p95', ms: scale === 'national' ? 150 : 100 }
					],
					[
						'analysis, national page (last quarter)',
						`/analysis?from=${lastQuarter.from}&to=${lastQuarter.to}`,
						actors.admin.cookie,
						q.analysisNational,
						scale === 'county' ? { stat: 'p95', ms: 100 } : undefined
					],
					[
						'client page, ~500 diary entries, as coordinator',
						`/clients/${actors.clientId}`,
						c,
						q.clientPage,
						{ stat: 'p95', ms: scale === 'national' ? 50 : 100 }
					],
					[
						'client page, ~500 diary entries, as the paired volunteer',
						`/clients/${actors.clientId}`,
						actors.volunteer.cookie,
						q.clientPage,
						{ stat: 'p95', ms: scale === 'national' ? 50 : 100 }
					],
					[
						`attention list, ${countyName}`,
						'/attention',
						c,
						q.attention,
						{ stat: scale === 'national' ? 'median' : 'p95', ms: 100 }
					],
					[
						'matching suggestions for one client',
						`/clients/${actors.waitingClientId}/match`,
						c,
						q.matching,
						{ stat: scale === 'national' ? 'median' : 'p95', ms: scale === 'national' ? 50 : 100 }
					],
					['volunteer home page', '/', actors.volunteer.cookie, null, { stat: 'p95', ms: 100 }],
					['client list', '/clients', c, null, { stat: 'p95', ms: 100 }]
				];
				let floorHandle: DatabaseHandle | null = null;
				if (driver === 'postgres') floorHandle = handle;
				// A server that has just started runs its first requests cold (the code not yet
				// optimised, PGlite's WebAssembly still on its first tier, nothing cached): every
				// page is asked for a few times before any is timed, so that the first page timed
				// is not also measuring the start-up.
				for (let round = 0; round < 2; round++) {
					for (const [, path, cookie] of pages) await timePage(server, path, cookie, 1);
				}
				for (const [name, path, cookie, floorQueries, target] of pages) {
					const timing = await timePage(server, path, cookie, runs);
					figures.push({
						name,
						scale,
						driver,
						timing,
						floor:
							floorHandle && floorQueries
								? await timeQueries(floorHandle, floorQueries, runs)
								: undefined,
						target,
						note:
							driver === 'pglite' && floorQueries
								? 'floor not measured: PGlite is owned by the server'
								: undefined
					});
					log(`  ${name}: median ${ms(timing.median)}, p95 ${ms(timing.p95)}`);
				}
				if (scale === 'national') {
					// A working day's mix: mostly volunteers on their home and client pages and
					// coordinators on client pages and lists; analysis and matching now and then.
					const weight = (name: string) =>
						name.startsWith('analysis, national')
							? 0
							: name.startsWith('analysis') || name.startsWith('matching')
								? 1
								: name.startsWith('client page') || name === 'volunteer home page'
									? 4
									: 2;
					const mix = pages.flatMap(([name, path, cookie]) =>
						Array.from({ length: weight(name) }, () => ({ path, cookie }))
					);
					// The same mix without the analysis pages too: tells whether they are what saturates.
					const withoutAnalysis = pages
						.filter(([name]) => !name.startsWith('analysis'))
						.flatMap(([name, path, cookie]) =>
							Array.from({ length: weight(name) }, () => ({ path, cookie }))
						);
					// 50 users, each reading a page for `thinkSeconds` before the next (the target);
					// then every connection flat out, with and without the analysis pages (capacity:
					// what saturates the machine, and whether the analysis is what does).
					for (const [label, requests, think] of [
						[`50 users, a page every ${thinkSeconds} s each`, mix, thinkSeconds],
						['flat out, all pages', mix, null],
						['flat out, without analysis', withoutAnalysis, null]
					] as const) {
						const result = await load(server, [...requests], smoke ? 3 : 20, smoke ? 5 : 50, think);
						loads.push({ ...result, scale: `${scale}, ${label}` });
						log(
							`  load (${label}): ${result.requests} requests, p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}`
						);
					}
				}
			} finally {
				await server.stop();
				if (driver === 'pglite') handle = await openDatabase({ pgliteDir: config.pgliteDir });
			}
		} finally {
			await handle.close();
			if (dataDir) rmSync(dataDir, { recursive: true, force: true });
			// The server's file folder (PostgreSQL runs): nothing in it is kept.
			if (url) rmSync(env.DATA_DIR!, { recursive: true, force: true });
		}
	}

	if (!values['skip-national']) await runScale('national');
	if (!values['skip-county']) await runScale('county');
	// The volunteer's phone (issue 19): Chromium against the build, a small data set of its own.
	let field: FieldFigures | null = null;
	if (!values['skip-http'] && !smoke) {
		log('the volunteer’s phone (Chromium, slow 3G) …');
		field = await fieldFigures({ log });
	}

	const machine = {
		cpus: cpus().length,
		cpu: cpus()[0]?.model ?? '?',
		memoryGb: Math.round(totalmem() / 2 ** 30),
		node: process.version,
		date: started.toISOString()
	};
	mkdirSync(join(outDir, 'bench-results'), { recursive: true });
	const json = { machine, smoke, runs, sizes, figures, loads, field };
	const text = JSON.stringify(json, null, '\t');
	writeFileSync(join(outDir, 'bench-results', 'latest.json'), text);
	// One file per day as well, kept in the repository, so later runs can be compared.
	if (!smoke) {
		writeFileSync(
			join(outDir, 'bench-results', `${started.toISOString().slice(0, 10)}.json`),
			text
		);
	}
	const mdPath = join(outDir, smoke ? 'BENCHMARKS.smoke.md' : 'BENCHMARKS.md');
	// The findings written by hand below the marker survive a new run.
	const previous = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
	const at = previous.indexOf(NOTES_MARKER);
	// Formatted as `npm run check` expects.
	const markdown = await prettier.format(
		report(json) +
			(field ? '\n' + fieldReport(field) : '') +
			(at >= 0 ? '\n' + previous.slice(at) : ''),
		{ ...(await prettier.resolveConfig(mdPath)), parser: 'markdown' }
	);
	writeFileSync(mdPath, markdown);
	log(`results: ${join(outDir, 'bench-results', 'latest.json')}`);
	return 0;
}

function verdict(f: Figure): string {
	if (!f.target) return '';
	const value = f.timing[f.target.stat];
	let ok = value <= f.target.ms;
	let text = `${f.target.stat} ≤ ${f.target.ms} ms`;
	if (f.target.floorRatio && f.floor) {
		ok = ok && value <= f.target.floorRatio * f.floor[f.target.stat];
		text += ` and ≤ ${f.target.floorRatio}× floor`;
	}
	return `${ok ? '✅' : '❌'} ${text}`;
}

/**
 * The write target (sustained writes, several writers at once) is for PostgreSQL at national
 * scale; PGlite's rate and one writer's (its latency) are shown without one.
 */
function rateVerdict(f: Figure): string {
	if (!f.rateTarget) return '(no target: one writer)';
	if (f.driver !== 'postgres' || f.scale !== 'national') return '(target is for PostgreSQL)';
	return f.timing.median >= f.rateTarget ? `✅ ≥ ${f.rateTarget}/s` : `❌ ≥ ${f.rateTarget}/s`;
}

function report(r: {
	machine: Record<string, unknown>;
	sizes: Record<string, Record<string, number>>;
	figures: Figure[];
	loads: (LoadResult & { scale: string })[];
	runs: number;
	smoke: boolean;
}): string {
	const lines = [
		'# Benchmarks',
		'',
		`Generated by \`npm run bench\` on ${String(r.machine.date).slice(0, 10)}: ${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.memoryGb} GB, Node ${r.machine.node}. ${r.runs} measured runs per figure after warm-up; pages timed over HTTP against the production build, one request at a time.`,
		'',
		'## Data sizes',
		'',
		'| scale | volunteers | clients | diary entries | trips | audit events |',
		'|---|---:|---:|---:|---:|---:|',
		...Object.entries(r.sizes).map(
			([k, s]) =>
				`| ${k} | ${s.volunteers?.toLocaleString('en')} | ${s.clients?.toLocaleString('en')} | ${s.diaryEntries?.toLocaleString('en')} | ${s.trips?.toLocaleString('en')} | ${s.auditEvents?.toLocaleString('en')} |`
		),
		'',
		'## Figures',
		'',
		'| scale | what | median | p95 | floor (median) | ratio | target |',
		'|---|---|---:|---:|---:|---:|---|'
	];
	for (const f of r.figures) {
		const isRate = f.name.includes('per second');
		const fmt = (x: number) => (isRate ? `${x.toFixed(0)}/s` : ms(x));
		const ratio = f.floor ? (f.timing.median / f.floor.median).toFixed(1) + '×' : '—';
		lines.push(
			`| ${f.scale} (${f.driver}) | ${f.name} | ${fmt(f.timing.median)} | ${isRate ? '—' : fmt(f.timing.p95)} | ${f.floor ? fmt(f.floor.median) : '—'} | ${ratio} | ${isRate ? rateVerdict(f) : verdict(f)} |`
		);
	}
	if (r.loads.length > 0) {
		lines.push(
			'',
			'## Under load',
			'',
			'| scale | connections | seconds | requests | req/s | p50 | p95 | p99 | errors | non-2xx | target |',
			'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|'
		);
		for (const l of r.loads) {
			const ok = l.p95 <= 200 && l.errors === 0 && l.non2xx === 0;
			// The target is for users (who read between pages); flat out measures capacity.
			const target = l.thinkSeconds
				? `${ok ? '✅' : '❌'} p95 ≤ 200 ms, no errors`
				: `capacity (no target)${l.errors === 0 && l.non2xx === 0 ? '' : ', errors'}`;
			lines.push(
				`| ${l.scale} | ${l.connections} | ${l.seconds} | ${l.requests} | ${l.rps.toFixed(0)} | ${l.p50} ms | ${l.p95} ms | ${l.p99} ms | ${l.errors} | ${l.non2xx} | ${target} |`
			);
		}
	}
	lines.push(
		'',
		'## How to reproduce',
		'',
		'```sh',
		'npm run bench            # national set on PostgreSQL (DATABASE_URL or postgres://postgres@127.0.0.1:5432/seltsiline_bench), county set on PGlite',
		'npm run bench -- --smoke # tiny sets, a harness check',
		"npm run bench -- --only=field  # the volunteer's phone only: JavaScript of the volunteer's pages, slow-3G save (Chromium, own small data set)",
		'npm run bench -- --skip-county --skip-http --cutoff 2026-12-04T12:00:00Z  # the package at a fixed cut-off: its SHA-256 is logged',
		'```',
		'',
		'The national set is generated once (`npm run generate -- --profile national` through the same generator) and reused; drop the database to start over. Floors are the same results by hand-written SQL on the same database in the same run (tests/bench/main.ts, `floors`).',
		''
	);
	return lines.join('\n');
}
