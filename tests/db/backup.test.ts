import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle, type Tx } from '$lib/server/db/client';
import { roleGrants, users } from '$lib/server/db/schema';
import { loadConfig } from '$lib/server/config';
import { countyByName, seedClient, seedUser } from '$lib/server/fixtures/factories';
import { actorFromGrants, type Actor } from '$lib/server/policy/actor';
import { loadDemoData } from '$lib/server/services/admin/demo-data';
import { uploadDocument } from '$lib/server/services/documents/documents';
import { listClients } from '$lib/server/services/clients/client-list';
import { recordAudit } from '$lib/server/services/core/audit';
import { createFileStore, createLocalFileStore } from '$lib/server/infra/storage';
import { createRuntime } from '$lib/server/runtime';
import { createBackup } from '$lib/server/services/backup/backup';
import { RestoreRefused, restoreBackup } from '$lib/server/services/backup/restore';
import { main as backupCli } from '$lib/server/services/backup/cli';
import { hashFile } from '$lib/server/services/backup/manifest';
import {
	ident,
	rowOrder,
	readJournal,
	rowsOf,
	tablesInLoadOrder
} from '$lib/server/services/backup/catalog';
import {
	MIGRATIONS,
	PG_ADMIN_URL,
	TEST_DRIVER,
	createTestDatabase,
	type TestDatabase
} from '../helpers/db';
import { samplePdf, samplePng } from '../helpers/files';

/**
 * Issue 21, backups that restore: `createBackup` and `restoreBackup` on the driver under test
 * (every table row for row, the audit log whole, the file store byte for byte), refusals of a
 * target that is not empty and of a damaged backup, and — on the PostgreSQL run — the move of
 * an embedded database to the server by the documented commands (`npm run backup`,
 * `npm run restore`, the same `main` scripts/run.js calls), which then opens in the app.
 */

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), `seltsiline-${prefix}-`));
const cleanup: (() => Promise<void> | void)[] = [];

async function newPgDatabase(): Promise<string> {
	const name = `seltsiline_restore_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	await admin.connect();
	await admin.query(`create database "${name}"`);
	await admin.end();
	cleanup.push(async () => {
		const c = new pg.Client({ connectionString: PG_ADMIN_URL });
		await c.connect();
		await c.query(`drop database if exists "${name}" with (force)`);
		await c.end();
	});
	const url = new URL(PG_ADMIN_URL);
	url.pathname = `/${name}`;
	return url.toString();
}

/**
 * Every table's rows as PostgreSQL's JSON text, in primary-key order: whole rows, so columns
 * other issues add (the audit log's hash chain) are compared too.
 */
async function snapshot(db: Tx): Promise<Record<string, string[]>> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`set local timezone = 'UTC'`);
		const out: Record<string, string[]> = {};
		for (const table of await tablesInLoadOrder(tx)) {
			const rows = await rowsOf<{ j: string }>(
				tx,
				sql.raw(
					`select row_to_json(t)::text as j from public.${ident(table)} t order by ${await rowOrder(tx, table)}`
				)
			);
			out[table] = rows.map((r) => r.j);
		}
		return out;
	});
}

const counts = (snap: Record<string, string[]>) =>
	Object.fromEntries(Object.entries(snap).map(([t, rows]) => [t, rows.length]));

async function storeContents(store: ReturnType<typeof createLocalFileStore>) {
	const out: Record<string, string> = {};
	for (const key of await store.list()) out[key] = sha(await store.get(key));
	return out;
}

async function actorByEmail(db: Tx, email: string): Promise<Actor> {
	const [user] = await db.select().from(users).where(eq(users.email, email));
	const grants = await db.select().from(roleGrants).where(eq(roleGrants.userId, user!.id));
	return actorFromGrants(user!, grants);
}

afterAll(async () => {
	for (const c of cleanup.reverse()) await c();
});

describe(`backup and restore (${TEST_DRIVER})`, () => {
	let source: TestDatabase;
	let outDir: string;
	let backupDir: string;
	let before: Record<string, string[]>;
	let uploaded: Record<string, string>;

	beforeAll(async () => {
		source = await createTestDatabase();
		cleanup.push(() => source.close());
		const db = source.handle.db;
		// A realistic data set with audit events, and documents in the file store.
		const demo = await loadDemoData(source.ctx(null), { print: () => {} });
		expect(demo.status).toBe('loaded');
		const harju = await countyByName(db, 'Harju maakond');
		const admin = (await seedUser(db, { grants: [{ role: 'admin' }] })).actor;
		const client = await seedClient(db, { countyId: harju.id });
		const files = [
			{ name: 'nõusolek.pdf', bytes: await samplePdf() },
			{ name: 'skaneering.png', bytes: samplePng() }
		];
		for (const file of files) {
			await uploadDocument(
				source.ctx(admin),
				{ kind: 'client', clientId: client.id },
				{
					kind: 'consent',
					file
				}
			);
		}
		await listClients(source.ctx(admin), {});
		uploaded = Object.fromEntries(
			await Promise.all(
				(await source.files.list()).map(async (k) => [k, sha(await source.files.get(k))])
			)
		);
		// The demo's consent scans are in the store too (one per consenting client), and ours.
		expect(Object.values(uploaded)).toEqual(expect.arrayContaining(files.map((f) => sha(f.bytes))));
		expect(Object.keys(uploaded).length).toBeGreaterThan(files.length);
		outDir = temp('backups');
		cleanup.push(() => rmSync(outDir, { recursive: true, force: true }));
		before = await snapshot(db);
		const result = await createBackup(
			{ handle: source.handle, files: source.files, migrationsDir: MIGRATIONS },
			{ outDir }
		);
		backupDir = result.dir;
	}, 300_000);

	it('writes a manifest with counts, SHA-256 of every part, app version and migration level', async () => {
		const manifest = JSON.parse(await readFile(join(backupDir, 'manifest.json'), 'utf8'));
		expect(manifest.format).toBe('seltsiline-backup');
		expect(manifest.appVersion).toMatch(/^\d+\.\d+\.\d+/);
		expect(manifest.source.driver).toBe(TEST_DRIVER);
		const journal = await readJournal(MIGRATIONS);
		expect(manifest.migrations.count).toBe(journal.length);
		expect(manifest.migrations.lastTag).toBe(journal.at(-1)!.tag);
		const manifestCounts = Object.fromEntries(
			manifest.tables.map((t: { name: string; rows: number }) => [t.name, t.rows])
		);
		expect(manifestCounts).toEqual(counts(before));
		expect(manifestCounts.audit_event).toBeGreaterThan(0);
		for (const t of manifest.tables) {
			expect((await hashFile(join(backupDir, t.file))).sha256, t.file).toBe(t.sha256);
		}
		expect(manifest.files.count).toBe(Object.keys(uploaded).length);
		expect(
			Object.fromEntries(
				manifest.files.entries.map((e: { key: string; sha256: string }) => [e.key, e.sha256])
			)
		).toEqual(uploaded);
		// No half-made folder is left behind.
		expect(existsSync(`${backupDir}.partial`)).toBe(false);
	});

	it('restores into an empty database and file store: every table row for row, the audit log whole, the files byte for byte', async () => {
		const filesDir = temp('restored-files');
		cleanup.push(() => rmSync(filesDir, { recursive: true, force: true }));
		const files = createLocalFileStore(filesDir);
		let target: DatabaseHandle;
		if (TEST_DRIVER === 'postgres') {
			const url = await newPgDatabase();
			await restoreBackup(backupDir, { url, files, migrationsDir: MIGRATIONS });
			target = await openDatabase({ url, poolMax: 2 });
		} else {
			const dir = join(temp('restored-pglite'), 'pglite');
			cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
			await restoreBackup(backupDir, { pgliteDir: dir, files, migrationsDir: MIGRATIONS });
			target = await openDatabase({ pgliteDir: dir });
		}
		cleanup.push(() => target.close());
		const after = await snapshot(target.db);
		expect(counts(after)).toEqual(counts(before));
		expect(after.audit_event).toEqual(before.audit_event);
		for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
		expect(await storeContents(files)).toEqual(uploaded);
		// The sequences stand where they stood: the next audit event follows the last one.
		const [last] = await rowsOf<{ id: string }>(
			target.db,
			sql`select max(id)::text as id from audit_event`
		);
		await recordAudit(target.db, { ...source.ctx(null), db: target.db }, { action: 'backup.test' });
		const [next] = await rowsOf<{ id: string }>(
			target.db,
			sql`select max(id)::text as id from audit_event`
		);
		expect(BigInt(next!.id)).toBeGreaterThan(BigInt(last!.id));
		// The audit log's own protection is on again after the load.
		await expect(target.db.execute(sql`delete from audit_event`)).rejects.toThrow();
	}, 180_000);

	it('refuses a database, data folder or file store that is not empty, and changes nothing', async () => {
		const emptyFiles = createLocalFileStore(temp('empty-files'));
		// The source database itself is not empty.
		if (TEST_DRIVER === 'postgres') {
			const url = await newPgDatabase();
			const filler = await openDatabase({ url, poolMax: 1 });
			await filler.db.execute(sql`create table keep_me (id int)`);
			await filler.close();
			await expect(
				restoreBackup(backupDir, { url, files: emptyFiles, migrationsDir: MIGRATIONS })
			).rejects.toThrow(/not empty/);
			const check = await openDatabase({ url, poolMax: 1 });
			const tables = await rowsOf<{ n: number }>(
				check.db,
				sql`select count(*)::int as n from pg_tables where schemaname = 'public'`
			);
			await check.close();
			expect(tables[0]!.n).toBe(1);
		} else {
			const dir = temp('busy-pglite');
			await writeFile(join(dir, 'PG_VERSION'), '18\n');
			await expect(
				restoreBackup(backupDir, { pgliteDir: dir, files: emptyFiles, migrationsDir: MIGRATIONS })
			).rejects.toThrow(/already holds an embedded database/);
			expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
			rmSync(dir, { recursive: true, force: true });
		}
		// A file store with files in it.
		const busyFiles = createLocalFileStore(temp('busy-files'));
		await busyFiles.put('documents/2026/01/x', new Uint8Array([1, 2, 3]), 'application/pdf');
		const dir = join(temp('unused-pglite'), 'pglite');
		await expect(
			restoreBackup(backupDir, { pgliteDir: dir, files: busyFiles, migrationsDir: MIGRATIONS })
		).rejects.toThrow(RestoreRefused);
		expect(existsSync(dir)).toBe(false);
		expect(await busyFiles.list()).toEqual(['documents/2026/01/x']);
	}, 120_000);

	it('refuses a damaged backup before writing anything', async () => {
		const manifest = JSON.parse(await readFile(join(backupDir, 'manifest.json'), 'utf8'));
		const damaged = join(temp('damaged'), 'copy');
		const { cp } = await import('node:fs/promises');
		await cp(backupDir, damaged, { recursive: true });
		const file = join(damaged, 'files', ...manifest.files.entries[0].key.split('/'));
		const bytes = await readFile(file);
		bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
		await writeFile(file, bytes);
		const files = createLocalFileStore(temp('damaged-files'));
		const dir = join(temp('damaged-pglite'), 'pglite');
		await expect(
			restoreBackup(damaged, { pgliteDir: dir, files, migrationsDir: MIGRATIONS })
		).rejects.toThrow(/does not match its SHA-256/);
		expect(existsSync(dir)).toBe(false);
		expect(await files.list()).toEqual([]);
		rmSync(damaged, { recursive: true, force: true });
	});
});

// Only with a server to move to: on PGlite the test is not there at all (rather than skipped).
if (TEST_DRIVER === 'postgres') {
	describe('the move from the embedded database to the PostgreSQL server', () => {
		it('npm run backup on the embedded database, npm run restore into a new server database: the app opens it with the same rows', async () => {
			// An embedded database in its own DATA_DIR with the demo data set and a document.
			const dataDir = temp('embedded');
			cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
			const embeddedConfig = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
			const embedded = await createRuntime(embeddedConfig);
			await loadDemoData(embedded.systemContext(), { print: () => {} });
			const admin = await actorByEmail(embedded.handle.db, 'admin@demo.seltsiline.ee');
			const client = (await listClients({ ...embedded.systemContext(), actor: admin }, {}))
				.rows[0]!;
			await uploadDocument(
				{ ...embedded.systemContext(), actor: admin },
				{ kind: 'client', clientId: client.id },
				{ kind: 'consent', file: { name: 'leping.pdf', bytes: await samplePdf('Leping') } }
			);
			// The demo's consent scans and ours: every one of them must arrive.
			const storedBefore = (await createFileStore(embeddedConfig).list()).sort();
			expect(storedBefore.length).toBeGreaterThan(1);
			const coordinator = await actorByEmail(
				embedded.handle.db,
				'koordinaator.harju@demo.seltsiline.ee'
			);
			const listedBefore = await listClients(
				{ ...embedded.systemContext(), actor: coordinator },
				{}
			);
			const before = await snapshot(embedded.handle.db);
			await embedded.close();

			// The documented commands (docs/operations.md, "Moving to a PostgreSQL server").
			const out = temp('move');
			cleanup.push(() => rmSync(out, { recursive: true, force: true }));
			expect(await backupCli(['backup', '--data-dir', dataDir, '--out', out])).toBe(0);
			const [name] = (await import('node:fs')).readdirSync(out);
			const url = await newPgDatabase();
			expect(
				await backupCli([
					'restore',
					'--from',
					join(out, name!),
					'--database-url',
					url,
					'--data-dir',
					dataDir,
					'--files-in-place'
				])
			).toBe(0);

			// The app starts on the server database (migrations, seeding, checks) and serves.
			const serverConfig = loadConfig({
				DATA_DIR: dataDir,
				DATABASE_URL: url,
				// One role here (the test's superuser); production splits owner and app (issue 21).
				AUDIT_OWNER_ACCEPTED: '1',
				LOG_LEVEL: 'silent'
			});
			const server = await createRuntime(serverConfig);
			try {
				const after = await snapshot(server.handle.db);
				expect(counts(after)).toEqual(counts(before));
				expect(after.audit_event).toEqual(before.audit_event);
				expect(after.diary_entry).toEqual(before.diary_entry);
				expect(after.diary_month_total).toEqual(before.diary_month_total);
				const listedAfter = await listClients(
					{ ...server.systemContext(), actor: coordinator },
					{}
				);
				expect(listedAfter.rows.length).toBeGreaterThan(0);
				expect(listedAfter.hasMore).toBe(listedBefore.hasMore);
				expect(listedAfter.rows.map((r) => r.id)).toEqual(listedBefore.rows.map((r) => r.id));
				expect((await createFileStore(serverConfig).list()).sort()).toEqual(storedBefore);
			} finally {
				await server.close();
			}
		}, 400_000);
	});
}
