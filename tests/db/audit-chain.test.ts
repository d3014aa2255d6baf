import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database } from '$lib/server/db/client';
import { recordAudit } from '$lib/server/services/core/audit';
import {
	auditChainStatus,
	chainHeadAt,
	checkAuditChain,
	linkHash,
	verifyAuditChain,
	GENESIS_HASH
} from '$lib/server/services/audit-chain/chain';
import {
	assertLeastPrivilege,
	auditLogPowers,
	AuditOwnerError
} from '$lib/server/services/audit-chain/privileges';
import { checkHealth } from '$lib/server/infra/health';
import { createRuntime } from '$lib/server/runtime';
import { loadConfig } from '$lib/server/config';
import { countyByName, seedUser } from '$lib/server/fixtures/factories';
import { createTestDatabase, MIGRATIONS, TEST_DRIVER, type TestDatabase } from '../helpers/db';

/**
 * The audit log's hash chain (issue 21): every event is chained at commit, the walk finds an
 * UPDATE, a DELETE and a back-dated INSERT made behind the app's back (as the owner with the
 * append-only trigger disabled) at the right event; and on the PostgreSQL server the app role
 * may not alter, change or remove events.
 */

/** The database of the test at hand: the shared one, or a fresh one to tamper with. */
let t: TestDatabase;
let shared: TestDatabase;
let fresh: TestDatabase | null = null;
beforeAll(async () => {
	t = shared = await createTestDatabase();
});
afterEach(async () => {
	await fresh?.close();
	fresh = null;
	t = shared;
});
afterAll(async () => {
	await shared?.close();
});
/** A test with a database of its own: creating it is slow on a busy machine. */
const FRESH_TIMEOUT = 120_000;
/** A database of its own for a test that breaks the chain. */
async function freshDatabase() {
	t = fresh = await createTestDatabase();
}

const rows = async <T>(db: Database, q: ReturnType<typeof sql>) =>
	((await db.execute(q)) as unknown as { rows: T[] }).rows;

/** Five events: three in one transaction, two on their own. Returns their ids in order. */
async function fiveEvents(): Promise<number[]> {
	const ctx = t.ctx(null);
	await t.handle.db.transaction(async (tx) => {
		for (const n of [1, 2, 3]) await recordAudit(tx, ctx, { action: 'test.event', details: { n } });
	});
	await recordAudit(t.handle.db, ctx, { action: 'test.event', details: { n: 4 } });
	await recordAudit(t.handle.db, ctx, { action: 'test.event', details: { n: 5 } });
	const ids = await rows<{ id: string }>(
		t.handle.db,
		sql`select id::text as id from audit_event where action = 'test.event' order by id`
	);
	return ids.map((r) => Number(r.id));
}

/** Runs `statement` as the owner with the audit log's user triggers (append-only, chain) off. */
async function behindTheAppsBack(statement: ReturnType<typeof sql>) {
	const db = t.owner.db;
	await db.execute(sql`alter table audit_event disable trigger user`);
	try {
		await db.execute(statement);
	} finally {
		await db.execute(sql`alter table audit_event enable trigger user`);
	}
}

async function maxEventId(): Promise<number> {
	const [r] = await rows<{ id: string }>(
		t.handle.db,
		sql`select max(id)::text as id from audit_event`
	);
	return Number(r!.id);
}

describe('the audit chain', () => {
	it('chains every committed event in order, and nothing of a rolled-back transaction', async () => {
		const ids = await fiveEvents();
		await expect(
			t.handle.db.transaction(async (tx) => {
				await recordAudit(tx, t.ctx(null), { action: 'test.rolled_back' });
				throw new Error('roll back');
			})
		).rejects.toThrow('roll back');
		const check = await verifyAuditChain(t.handle.db);
		expect(check).toMatchObject({ ok: true, break: null, intactUpToEventId: await maxEventId() });
		const links = await rows<{ seq: string; event_id: string; prev_hash: string; hash: string }>(
			t.handle.db,
			sql`select seq::text as seq, event_id::text as event_id, prev_hash, hash from audit_chain order by seq`
		);
		expect(links.map((l) => Number(l.seq))).toEqual(links.map((_, i) => i + 1));
		expect(links.map((l) => Number(l.event_id))).toEqual(expect.arrayContaining(ids));
		expect(links[0]!.prev_hash).toBe(GENESIS_HASH);
		for (let i = 1; i < links.length; i++) expect(links[i]!.prev_hash).toBe(links[i - 1]!.hash);
		// The hash is SHA-256 over the previous hash, the position and the canonical content.
		const [last] = await rows<{ canonical: string }>(
			t.handle.db,
			sql`select audit_event_canonical(e) as canonical from audit_event e where e.id = ${ids[4]}`
		);
		const link = links.find((l) => Number(l.event_id) === ids[4])!;
		expect(linkHash(link.prev_hash, link.seq, last!.canonical)).toBe(link.hash);
		expect(JSON.parse(last!.canonical)).toEqual([
			ids[4],
			expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
			null,
			null,
			'test.event',
			null,
			null,
			null,
			'success',
			expect.any(String),
			'127.0.0.1',
			{ n: 5 }
		]);
	});

	it('keeps one unbroken chain under concurrent writers', async () => {
		const ctx = t.ctx(null);
		await Promise.all(
			Array.from({ length: 24 }, (_, i) =>
				i % 2
					? recordAudit(t.handle.db, ctx, { action: 'test.parallel', details: { i } })
					: t.handle.db.transaction(async (tx) => {
							await recordAudit(tx, ctx, { action: 'test.parallel', details: { i } });
							await recordAudit(tx, ctx, { action: 'test.parallel', details: { i, second: true } });
						})
			)
		);
		const check = await verifyAuditChain(t.handle.db);
		expect(check.ok).toBe(true);
		const [n] = await rows<{ events: number; links: number }>(
			t.handle.db,
			sql`select (select count(*)::int from audit_event) as events, (select count(*)::int from audit_chain) as links`
		);
		expect(n!.links).toBe(n!.events);
		expect(check.intactUpToSeq).toBe(n!.events);
	});

	it(
		'finds an event changed behind the app’s back, at that event',
		async () => {
			await freshDatabase();
			const ids = await fiveEvents();
			await behindTheAppsBack(
				sql`update audit_event set details = '{"n": 33}'::jsonb where id = ${ids[2]}`
			);
			// The app goes on writing; the break stays where it is.
			await recordAudit(t.handle.db, t.ctx(null), { action: 'test.after' });
			const check = await verifyAuditChain(t.handle.db);
			expect(check.ok).toBe(false);
			expect(check.break).toMatchObject({ eventId: ids[2], reason: 'changed' });
			expect(check.intactUpToEventId).toBe(ids[1]);
		},
		FRESH_TIMEOUT
	);

	it(
		'finds an event deleted behind the app’s back, at that event',
		async () => {
			await freshDatabase();
			const ids = await fiveEvents();
			await behindTheAppsBack(sql`delete from audit_event where id = ${ids[3]}`);
			const check = await verifyAuditChain(t.handle.db);
			expect(check.break).toMatchObject({ eventId: ids[3], reason: 'missing' });
			expect(check.intactUpToEventId).toBe(ids[2]);
		},
		FRESH_TIMEOUT
	);

	it(
		'finds a back-dated event inserted behind the app’s back, at that event',
		async () => {
			await freshDatabase();
			await fiveEvents();
			const forged = (await maxEventId()) + 100;
			await behindTheAppsBack(
				sql`insert into audit_event (id, occurred_at, action, outcome)
				overriding system value
				values (${forged}, '2026-01-05T10:00:00Z', 'client.view', 'success')`
			);
			const check = await verifyAuditChain(t.handle.db);
			expect(check).toMatchObject({
				ok: false,
				break: { eventId: forged, seq: null, reason: 'unchained' }
			});
		},
		FRESH_TIMEOUT
	);

	it(
		'finds a rewritten link',
		async () => {
			await freshDatabase();
			const ids = await fiveEvents();
			const db = t.owner.db;
			await db.execute(sql`alter table audit_chain disable trigger user`);
			await db.execute(
				sql`update audit_chain set prev_hash = ${GENESIS_HASH} where event_id = ${ids[1]}`
			);
			await db.execute(sql`alter table audit_chain enable trigger user`);
			expect((await verifyAuditChain(t.handle.db)).break).toMatchObject({
				eventId: ids[1],
				reason: 'link'
			});
		},
		FRESH_TIMEOUT
	);

	it('names the head at a cut-off: the last event at or before it', async () => {
		const at = (iso: string) => t.ctx(null, { now: new Date(iso) });
		expect(await chainHeadAt(t.handle.db, new Date('2020-01-01T00:00:00Z'))).toEqual({
			seq: 0,
			eventId: null,
			hash: GENESIS_HASH
		});
		await recordAudit(t.handle.db, at('2026-10-01T09:00:00Z'), { action: 'test.a' });
		await recordAudit(t.handle.db, at('2026-10-03T09:00:00Z'), { action: 'test.b' });
		const head = await chainHeadAt(t.handle.db, new Date('2026-10-03T09:00:00Z'));
		await recordAudit(t.handle.db, at('2026-10-03T09:00:00.001Z'), { action: 'test.c' });
		expect(await chainHeadAt(t.handle.db, new Date('2026-10-03T09:00:00Z'))).toEqual(head);
		const [b] = await rows<{ id: string; hash: string }>(
			t.handle.db,
			sql`select e.id::text as id, c.hash from audit_event e join audit_chain c on c.event_id = e.id where e.action = 'test.b'`
		);
		expect(head).toMatchObject({ eventId: Number(b!.id), hash: b!.hash });
	});

	it('keeps the last check for the administrator’s page, and shows it to no one else', async () => {
		await fiveEvents();
		const { actor: admin } = await seedUser(t.handle.db, { grants: [{ role: 'admin' }] });
		const county = await countyByName(t.handle.db, 'Harju maakond');
		const { actor: coordinator } = await seedUser(t.handle.db, {
			grants: [{ role: 'coordinator', countyId: county.id }]
		});
		expect(await auditChainStatus(t.ctx(admin))).toEqual({ check: null });
		const now = new Date('2026-12-07T01:00:00Z');
		const check = await checkAuditChain(t.handle.db, now);
		expect(await auditChainStatus(t.ctx(admin))).toEqual({ check });
		expect(check).toMatchObject({ ok: true, checkedAt: now.toISOString() });
		expect(await auditChainStatus(t.ctx(coordinator))).toBeNull();
		expect(await auditChainStatus(t.ctx(null))).toBeNull();
	});
});

describe('the chain of a log written before the migration', () => {
	it('chains the existing events in the order of their ids (backfill)', async () => {
		// A database at the migration before the chain, with events, then migrated on.
		const folder = mkdtempSync(join(tmpdir(), 'seltsiline-migrations-'));
		cpSync(MIGRATIONS, folder, { recursive: true });
		const journalFile = join(folder, 'meta', '_journal.json');
		const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
		const chainAt = journal.entries.findIndex((e: { tag: string }) => /audit_chain$/.test(e.tag));
		journal.entries = journal.entries.slice(0, chainAt);
		writeFileSync(journalFile, JSON.stringify(journal));
		const handle = await openDatabase({ pgliteDir: 'memory://' });
		try {
			await migrateDatabase(handle, folder);
			for (const n of [1, 2, 3]) {
				await handle.db.execute(
					sql`insert into audit_event (occurred_at, action, outcome, details)
						values (now(), 'test.before', 'success', ${JSON.stringify({ n })}::jsonb)`
				);
			}
			await migrateDatabase(handle, MIGRATIONS);
			const check = await verifyAuditChain(handle.db);
			expect(check).toMatchObject({ ok: true, intactUpToSeq: 3, intactUpToEventId: 3 });
		} finally {
			await handle.close();
			rmSync(folder, { recursive: true, force: true });
		}
	}, 180_000);
});

describe('least privilege on the database server', () => {
	const refused = async (db: Database, statement: ReturnType<typeof sql>) => {
		const err = await db.execute(statement).then(
			() => null,
			(e: unknown) => e as { cause?: { code?: string; message?: string }; message: string }
		);
		expect(err, 'the statement was allowed').not.toBeNull();
		const cause = err!.cause ?? (err as { code?: string; message?: string });
		expect(cause.code).toBe('42501');
		expect(cause.message).toMatch(/permission denied|must be owner/);
	};

	it('gives the app role no right to alter, change, remove or un-trigger events', async () => {
		await fiveEvents();
		if (TEST_DRIVER !== 'postgres') {
			// PGlite has no roles: nothing to check, nothing refused.
			expect(await auditLogPowers(t.handle)).toBeNull();
			expect(await assertLeastPrivilege(t.handle, false)).toEqual([]);
			return;
		}
		const db = t.handle.db;
		await refused(db, sql`alter table audit_event add column tampered text`);
		await refused(db, sql`alter table audit_event disable trigger audit_event_no_update_delete`);
		await refused(db, sql`alter table audit_event disable trigger user`);
		await refused(db, sql`update audit_event set action = 'tampered'`);
		await refused(db, sql`delete from audit_event`);
		await refused(db, sql`truncate audit_event`);
		await refused(
			db,
			sql`insert into audit_chain (seq, event_id, prev_hash, hash) values (999, 1, 'x', 'y')`
		);
		await refused(db, sql`update audit_chain_lock set id = true`);
		// The health check reads the applied migrations.
		expect((await checkHealth({ db })).migrations).toBeGreaterThan(0);
		// Reading and adding work, and the chain goes on through the owner's trigger.
		await recordAudit(db, t.ctx(null), { action: 'test.app_role' });
		expect((await verifyAuditChain(db)).ok).toBe(true);
		expect(await auditLogPowers(t.handle)).toEqual([]);
		expect(await assertLeastPrivilege(t.handle, false)).toEqual([]);
	});

	it(
		'starts as the app role with the owner for the migrations; refuses the owner alone unless accepted',
		async () => {
			if (TEST_DRIVER !== 'postgres') {
				// The embedded database needs neither setting (every e2e test starts it that way).
				expect(loadConfig({})).toMatchObject({ AUDIT_OWNER_ACCEPTED: false });
				expect(loadConfig({}).DATABASE_OWNER_URL).toBeUndefined();
				expect(() => loadConfig({ DATABASE_OWNER_URL: 'mysql://x' })).toThrow(/DATABASE_OWNER_URL/);
				return;
			}
			const dir = mkdtempSync(join(tmpdir(), 'seltsiline-runtime-'));
			const start = async (env: Record<string, string>) => {
				const runtime = await createRuntime(
					loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...env })
				);
				const powers = await auditLogPowers(runtime.handle);
				await runtime.close();
				return powers;
			};
			try {
				const urls = t.urls!;
				expect(await start({ DATABASE_URL: urls.app, DATABASE_OWNER_URL: urls.owner })).toEqual([]);
				await expect(start({ DATABASE_URL: urls.owner })).rejects.toThrow(
					/role "seltsiline_test_owner" can rewrite the audit log/
				);
				expect(await start({ DATABASE_URL: urls.owner, AUDIT_OWNER_ACCEPTED: '1' })).toContain(
					'owner'
				);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		},
		FRESH_TIMEOUT
	);

	it('refuses to start as a role that could rewrite the log, unless the operator accepts it', async () => {
		if (TEST_DRIVER !== 'postgres') {
			expect(await assertLeastPrivilege(t.owner, false)).toEqual([]);
			return;
		}
		await expect(assertLeastPrivilege(t.owner, false)).rejects.toBeInstanceOf(AuditOwnerError);
		await expect(assertLeastPrivilege(t.owner, false)).rejects.toThrow(
			/seltsiline_test_owner.*can rewrite the audit log.*AUDIT_OWNER_ACCEPTED=1/s
		);
		expect(await assertLeastPrivilege(t.owner, true)).toEqual(
			expect.arrayContaining(['owner', 'update', 'delete', 'trigger'])
		);
	});
});
