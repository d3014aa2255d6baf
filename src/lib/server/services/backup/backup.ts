import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client';
import type { FileStore } from '../../infra/storage';
import { BACKUP_PREFIX, backupName, backupsToRemove } from '../../domain/backup';
import { version as appVersion } from '../../../../../package.json';
import {
	ident,
	migrationLevel,
	rowOrder,
	readJournal,
	rowsOf,
	sequenceStates,
	tablesInLoadOrder
} from './catalog';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, hashFile, type BackupManifest } from './manifest';

export interface BackupSource {
	handle: DatabaseHandle;
	files: FileStore;
	migrationsDir: string;
}

export interface BackupResult {
	/** The finished backup's folder. */
	dir: string;
	manifest: BackupManifest;
}

const BATCH = 2_000;

/**
 * Writes a backup of the database and the file store into a new folder under `outDir`
 * (manifest.ts describes it). The database is read in one REPEATABLE READ, READ ONLY
 * transaction — one snapshot, consistent across tables, while the app goes on serving (on
 * PGlite requests wait meanwhile: it runs one transaction at a time). The file store is copied
 * after the snapshot: a document uploaded meanwhile is an extra file (the daily sweep's
 * orphan), never a row without its file unless it is deleted while the backup runs. The folder
 * is written under `<name>.partial` and renamed when complete, so a half-made backup never
 * looks like one.
 */
export async function createBackup(
	source: BackupSource,
	opts: { outDir: string; now?: Date }
): Promise<BackupResult> {
	const now = opts.now ?? new Date();
	const name = backupName(now);
	const finalDir = resolve(opts.outDir, name);
	const workDir = `${finalDir}.partial`;
	await mkdir(opts.outDir, { recursive: true, mode: 0o700 });
	await rm(workDir, { recursive: true, force: true });
	await mkdir(join(workDir, 'database'), { recursive: true, mode: 0o700 });
	try {
		const journal = await readJournal(source.migrationsDir);
		const db = source.handle.db;
		const database = await db.transaction(
			async (tx) => {
				// The same text for the same rows whatever the server's or session's settings.
				await tx.execute(sql`set local timezone = 'UTC'`);
				await tx.execute(sql`set local intervalstyle = 'postgres'`);
				await tx.execute(sql`set local extra_float_digits = 1`);
				const [server] = await rowsOf<{ v: string }>(tx, sql`select version() as v`);
				const migrations = await migrationLevel(tx, journal);
				const order = await tablesInLoadOrder(tx);
				const tables: BackupManifest['tables'] = [];
				for (const [i, table] of order.entries()) {
					const file = `database/${table}.jsonl.gz`;
					const orderBy = ` order by ${await rowOrder(tx, table)}`;
					const cursor = `backup_${i}`;
					await tx.execute(
						sql.raw(
							`declare ${cursor} no scroll cursor for select row_to_json(t)::text as j from public.${ident(table)} t${orderBy}`
						)
					);
					const rows = await writeLines(join(workDir, file), async () => {
						const batch = await rowsOf<{ j: string }>(
							tx,
							sql.raw(`fetch forward ${BATCH} from ${cursor}`)
						);
						return batch.map((r) => r.j);
					});
					await tx.execute(sql.raw(`close ${cursor}`));
					const { sha256 } = await hashFile(join(workDir, file));
					tables.push({ name: table, file, rows, sha256 });
				}
				const sequences = await sequenceStates(tx);
				return { server: server?.v ?? 'unknown', migrations, tables, sequences };
			},
			{ isolationLevel: 'repeatable read', accessMode: 'read only' }
		);

		const entries: BackupManifest['files']['entries'] = [];
		let bytes = 0;
		for (const key of await source.files.list()) {
			const path = join(workDir, 'files', ...key.split('/'));
			await mkdir(dirname(path), { recursive: true, mode: 0o700 });
			const hash = createHash('sha256');
			let size = 0;
			const tap = new Transform({
				transform(chunk: Buffer, _enc, done) {
					hash.update(chunk);
					size += chunk.length;
					done(null, chunk);
				}
			});
			await pipeline(
				await source.files.openRead(key),
				tap,
				createWriteStream(path, { mode: 0o600 })
			);
			entries.push({ key, size, sha256: hash.digest('hex') });
			bytes += size;
		}

		const manifest: BackupManifest = {
			format: BACKUP_FORMAT,
			formatVersion: BACKUP_FORMAT_VERSION,
			appVersion,
			createdAt: now.toISOString(),
			source: { driver: source.handle.driver, serverVersion: database.server },
			migrations: database.migrations,
			tables: database.tables,
			sequences: database.sequences,
			files: { count: entries.length, bytes, entries }
		};
		await writeFile(join(workDir, 'manifest.json'), JSON.stringify(manifest, null, '\t') + '\n', {
			mode: 0o600
		});
		await rename(workDir, finalDir);
		return { dir: finalDir, manifest };
	} catch (err) {
		await rm(workDir, { recursive: true, force: true });
		throw err;
	}
}

/** Writes the lines `next()` hands out (until an empty batch) gzipped to `path`; returns the count. */
async function writeLines(path: string, next: () => Promise<string[]>): Promise<number> {
	const gzip = createGzip();
	const out = createWriteStream(path, { mode: 0o600 });
	const done = pipeline(gzip, out);
	let count = 0;
	try {
		for (;;) {
			const lines = await next();
			if (lines.length === 0) break;
			count += lines.length;
			if (!gzip.write(lines.join('\n') + '\n')) await once(gzip, 'drain');
			if (lines.length < BATCH) break;
		}
	} finally {
		gzip.end();
		await done;
	}
	return count;
}

/**
 * Removes all but the newest `keep` backups in `dir`, and half-made ones an earlier run left
 * (called after a backup is finished, by the one process that makes them).
 */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
	let names: string[];
	try {
		names = await readdir(dir);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw e;
	}
	const leftovers = names.filter((n) => n.startsWith(BACKUP_PREFIX) && n.endsWith('.partial'));
	const gone = [...backupsToRemove(names, keep), ...leftovers];
	for (const name of gone) await rm(join(dir, name), { recursive: true, force: true });
	return gone;
}
