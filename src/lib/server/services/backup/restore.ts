import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type DatabaseHandle, type Tx } from '../../db/client';
import type { FileStore } from '../../infra/storage';
import {
	existingTables,
	ident,
	readJournal,
	tablesWithUserTriggers,
	writableColumns,
	type JournalEntry
} from './catalog';
import { hashFile, manifestSchema, type BackupManifest } from './manifest';

/** A restore that cannot go ahead; the message says why and what to do (the CLI prints it). */
export class RestoreRefused extends Error {
	override name = 'RestoreRefused';
}

/**
 * Reads a backup's manifest and checks every part against its SHA-256 before anything is
 * written anywhere: a damaged or incomplete backup is refused whole.
 */
export async function readBackup(dir: string): Promise<BackupManifest> {
	const path = join(dir, 'manifest.json');
	if (!existsSync(path)) {
		throw new RestoreRefused(`${dir} is not a backup: it has no manifest.json.`);
	}
	const parsed = manifestSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
	if (!parsed.success) {
		throw new RestoreRefused(
			`${path} is not a manifest this version reads: ${parsed.error.issues[0]?.message}`
		);
	}
	const manifest = parsed.data;
	const parts = [
		...manifest.tables.map((t) => ({ path: t.file, sha256: t.sha256 })),
		...manifest.files.entries.map((f) => ({ path: `files/${f.key}`, sha256: f.sha256 }))
	];
	for (const part of parts) {
		const file = join(dir, ...part.path.split('/'));
		if (!existsSync(file))
			throw new RestoreRefused(`The backup is incomplete: ${part.path} is missing.`);
		if ((await hashFile(file)).sha256 !== part.sha256) {
			throw new RestoreRefused(`The backup is damaged: ${part.path} does not match its SHA-256.`);
		}
	}
	return manifest;
}

export interface RestoreTarget {
	/** postgres://… (as the owner role, the one that runs migrations); else PGlite in `pgliteDir`. */
	url?: string;
	pgliteDir?: string;
	files: FileStore;
	migrationsDir: string;
	/**
	 * The files are in the target store already (moving to a server on the same machine keeps
	 * DATA_DIR/files): check each against the manifest instead of copying.
	 */
	filesInPlace?: boolean;
}

export interface RestoreResult {
	tables: { name: string; rows: number }[];
	files: number;
	/** Migrations newer than the backup, applied after its data was loaded. */
	migratedAfter: number;
}

/**
 * Restores a backup into an empty database (a new PGlite folder or an empty database on a
 * server) and an empty file store. The schema is made by the app's own migrations up to the
 * backup's level, the rows are loaded in one transaction in foreign-key order with the tables'
 * own triggers off (the audit log's refusal, the diary's monthly totals — the backup holds
 * their result already), sequences are set to where they stood, and then any newer migrations
 * run as at an upgrade. This is also the move from the embedded database to a server: nothing
 * in it depends on the PostgreSQL version the backup came from.
 */
export async function restoreBackup(dir: string, target: RestoreTarget): Promise<RestoreResult> {
	const manifest = await readBackup(dir);
	const journal = await readJournal(target.migrationsDir);
	const level = backupLevel(manifest, journal);

	// Refuse anything that is not empty before writing anything.
	if (!target.url) {
		if (!target.pgliteDir)
			throw new RestoreRefused('No target: give a database URL or a data folder.');
		const entries = existsSync(target.pgliteDir) ? await readdir(target.pgliteDir) : [];
		if (entries.length > 0) {
			throw new RestoreRefused(
				`${target.pgliteDir} already holds an embedded database: a backup is restored only into an empty data folder. Choose a new DATA_DIR (or move the old one away).`
			);
		}
	}
	const storeKeys = await target.files.list();
	if (target.filesInPlace) {
		await checkFilesInPlace(manifest, target.files);
	} else if (storeKeys.length > 0) {
		throw new RestoreRefused(
			`The file store already holds ${storeKeys.length} files: a backup is restored only into an empty one. Use an empty DATA_DIR/files (or bucket), or --files-in-place when these are the backup's own files.`
		);
	}

	const createdDir = !target.url;
	let handle: DatabaseHandle | null = null;
	const restoredKeys: string[] = [];
	try {
		handle = await openDatabase({ url: target.url, pgliteDir: target.pgliteDir, poolMax: 2 });
		if (target.url) {
			const tables = await existingTables(handle.db);
			if (tables.length > 0) {
				throw new RestoreRefused(
					`The database is not empty (${tables.length} tables, e.g. ${tables.slice(0, 3).join(', ')}): a backup is restored only into an empty database. Create a new one (createdb) and restore into it.`
				);
			}
		}
		if (!target.filesInPlace) {
			for (const entry of manifest.files.entries) {
				await target.files.putFile(
					entry.key,
					join(dir, 'files', ...entry.key.split('/')),
					'application/octet-stream'
				);
				restoredKeys.push(entry.key);
			}
		}
		await migrateTo(handle, journal.slice(0, level), target.migrationsDir);
		const tables = await loadRows(handle, dir, manifest);
		const before = journal.length;
		await migrateDatabase(handle, target.migrationsDir);
		if (handle.driver === 'pglite') await handle.db.execute(sql`analyze`);
		return {
			tables,
			files: manifest.files.entries.length,
			migratedAfter: before - level
		};
	} catch (err) {
		if (handle) await handle.close().catch(() => {});
		handle = null;
		for (const key of restoredKeys) await target.files.delete(key).catch(() => {});
		if (createdDir && target.pgliteDir)
			await rm(target.pgliteDir, { recursive: true, force: true });
		if ((err as { code?: string }).code === '42501') {
			throw new RestoreRefused(
				`Permission denied (${(err as Error).message}): restore as the database's owner role, the one that runs the migrations.`
			);
		}
		if (target.url && !(err instanceof RestoreRefused)) {
			(err as Error).message +=
				' — nothing was loaded; the database may hold the schema now: drop it, create it again and retry.';
		}
		throw err;
	} finally {
		if (handle) await handle.close();
	}
}

/** How many of this version's migrations the backup's schema has (refuses a newer backup). */
function backupLevel(manifest: BackupManifest, journal: JournalEntry[]): number {
	const m = manifest.migrations;
	const idx = journal.findIndex(
		(e) =>
			(m.lastWhen !== null && e.when === m.lastWhen) || (m.lastTag !== null && e.tag === m.lastTag)
	);
	if (m.count === 0 || idx < 0 || idx + 1 !== m.count) {
		throw new RestoreRefused(
			`The backup's database is at migration ${m.count} (${m.lastTag ?? 'none'}), which this version of the app does not have: restore it with the version that made it (${manifest.appVersion}) or a newer one.`
		);
	}
	return idx + 1;
}

/** Applies the first migrations only (the backup's level): drizzle's migrator on a cut journal. */
export async function migrateTo(
	handle: DatabaseHandle,
	entries: JournalEntry[],
	from: string
): Promise<void> {
	const dir = await mkdtemp(join(tmpdir(), 'seltsiline-migrations-'));
	try {
		await mkdir(join(dir, 'meta'));
		const journal = JSON.parse(await readFile(join(from, 'meta', '_journal.json'), 'utf8'));
		journal.entries = entries;
		await writeFile(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
		for (const e of entries) await copyFile(join(from, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
		await migrateDatabase(handle, dir);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

const BATCH_ROWS = 1_000;
const BATCH_BYTES = 4 * 1024 * 1024;

/** Loads every table's rows in one transaction; returns the counts loaded. */
async function loadRows(
	handle: DatabaseHandle,
	dir: string,
	manifest: BackupManifest
): Promise<{ name: string; rows: number }[]> {
	return handle.db.transaction(async (tx) => {
		await tx.execute(sql`set local timezone = 'UTC'`);
		await tx.execute(sql`set local intervalstyle = 'postgres'`);
		const triggered = await tablesWithUserTriggers(tx);
		for (const t of triggered) {
			await tx.execute(sql.raw(`alter table public.${ident(t)} disable trigger user`));
		}
		// Rows a migration may have seeded make way for the backup's own (which include them).
		for (const t of [...manifest.tables].reverse()) {
			await tx.execute(sql.raw(`delete from public.${ident(t.name)}`));
		}
		const loaded: { name: string; rows: number }[] = [];
		for (const table of manifest.tables) {
			const cols = await writableColumns(tx, table.name);
			if (cols.length === 0) {
				throw new RestoreRefused(
					`The backup has a table ${table.name} that the schema does not have.`
				);
			}
			const rows = await loadTable(tx, table.name, cols, join(dir, ...table.file.split('/')));
			if (rows !== table.rows) {
				throw new RestoreRefused(
					`${table.name}: ${rows} rows read, the manifest says ${table.rows}.`
				);
			}
			loaded.push({ name: table.name, rows });
		}
		for (const s of manifest.sequences) {
			await tx.execute(
				sql`select setval(${`public.${ident(s.name)}`}::regclass, ${s.lastValue}::bigint, ${s.isCalled})`
			);
		}
		for (const t of triggered) {
			await tx.execute(sql.raw(`alter table public.${ident(t)} enable trigger user`));
		}
		return loaded;
	});
}

async function loadTable(tx: Tx, table: string, cols: string[], file: string): Promise<number> {
	const list = cols.map(ident).join(', ');
	const target = `public.${ident(table)}`;
	let batch: string[] = [];
	let bytes = 0;
	let count = 0;
	const flush = async () => {
		if (batch.length === 0) return;
		const json = `[${batch.join(',')}]`;
		await tx.execute(
			sql`insert into ${sql.raw(target)} (${sql.raw(list)}) overriding system value
				select ${sql.raw(list)} from json_populate_recordset(null::${sql.raw(target)}, ${json}::json)`
		);
		count += batch.length;
		batch = [];
		bytes = 0;
	};
	const lines = createInterface({
		input: createReadStream(file).pipe(createGunzip()),
		crlfDelay: Infinity
	});
	for await (const line of lines) {
		if (line.length === 0) continue;
		batch.push(line);
		bytes += line.length;
		if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
	}
	await flush();
	return count;
}

/** With the files left where they are: each of the backup's files must be there, unchanged. */
async function checkFilesInPlace(manifest: BackupManifest, files: FileStore): Promise<void> {
	for (const entry of manifest.files.entries) {
		if (!(await files.exists(entry.key))) {
			throw new RestoreRefused(`--files-in-place: the file store has no ${entry.key}.`);
		}
		const hash = createHash('sha256');
		for await (const chunk of await files.openRead(entry.key)) hash.update(chunk as Buffer);
		if (hash.digest('hex') !== entry.sha256) {
			throw new RestoreRefused(`--files-in-place: ${entry.key} differs from the backup's copy.`);
		}
	}
}
