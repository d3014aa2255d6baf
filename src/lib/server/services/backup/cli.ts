import { parseArgs } from 'node:util';
import { loadConfig, type AppConfig } from '../../config';
import { openDatabase } from '../../db/client';
import { createFileStore } from '../../infra/storage';
import { createBackup, pruneBackups } from './backup';
import { dataDirHolder } from './lock';
import { RestoreRefused, restoreBackup } from './restore';

/**
 * `npm run backup` and `npm run restore` (docs/operations.md, "Backups"), run by
 * scripts/run.js: `main(['backup' | 'restore', …options])`.
 */
const USAGE_BACKUP = `usage: npm run backup -- [options]
  --out DIR           where the backup folder goes (default: BACKUP_DIR, else ./backups)
  --keep N            then remove all but the newest N backups there
  --database-url URL  PostgreSQL server (default: DATABASE_URL, else PGlite in DATA_DIR)
  --data-dir DIR      DATA_DIR: embedded database and file store (default: DATA_DIR or ./data)
On the embedded database stop the app first (it makes its own scheduled backups: BACKUP_DIR).`;

const USAGE_RESTORE = `usage: npm run restore -- --from BACKUP_FOLDER [options]
  --database-url URL  an EMPTY database on a PostgreSQL server, as its owner role
                      (default: DATABASE_URL, else PGlite in DATA_DIR)
  --data-dir DIR      DATA_DIR: an empty folder for the embedded database and files
  --files-in-place    the file store holds the backup's files already (a move to a server
                      that keeps DATA_DIR/files): check them instead of copying`;

export async function main(args: string[]): Promise<number> {
	const [command, ...rest] = args;
	if (command === 'backup') return backupCommand(rest);
	if (command === 'restore') return restoreCommand(rest);
	console.error(`${USAGE_BACKUP}\n\n${USAGE_RESTORE}`);
	return 2;
}

function configFrom(values: { 'database-url'?: string; 'data-dir'?: string }): AppConfig {
	const env: Record<string, string | undefined> = {
		...process.env,
		LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn'
	};
	if (values['database-url']) env.DATABASE_URL = values['database-url'];
	if (values['data-dir']) env.DATA_DIR = values['data-dir'];
	return loadConfig(env);
}

async function backupCommand(args: string[]): Promise<number> {
	let values;
	try {
		({ values } = parseArgs({
			args,
			options: {
				out: { type: 'string' },
				keep: { type: 'string' },
				'database-url': { type: 'string' },
				'data-dir': { type: 'string' },
				help: { type: 'boolean' }
			},
			strict: true
		}));
	} catch (err) {
		console.error(`${(err as Error).message}\n${USAGE_BACKUP}`);
		return 2;
	}
	if (values.help) {
		console.log(USAGE_BACKUP);
		return 0;
	}
	const keep = values.keep === undefined ? undefined : Number(values.keep);
	if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) {
		console.error('--keep must be a whole number of at least 1');
		return 2;
	}
	const config = configFrom(values);
	if (!config.DATABASE_URL) {
		const pid = dataDirHolder(config.DATA_DIR);
		if (pid !== null) {
			console.error(
				`The app (process ${pid}) has the embedded database in ${config.DATA_DIR} open: stop it first, or let it make the backup itself (BACKUP_DIR, docs/operations.md).`
			);
			return 1;
		}
	}
	const out = values.out ?? config.BACKUP_DIR ?? './backups';
	const handle = await openDatabase({
		url: config.DATABASE_URL,
		pgliteDir: config.DATABASE_URL ? undefined : config.pgliteDir,
		poolMax: 2
	});
	try {
		const { dir, manifest } = await createBackup(
			{ handle, files: createFileStore(config), migrationsDir: config.migrationsDir },
			{ outDir: out }
		);
		const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
		console.log(
			`Backup written to ${dir}: ${manifest.tables.length} tables, ${rows} rows, ${manifest.files.count} files (${manifest.files.bytes} bytes), migration ${manifest.migrations.count} (${manifest.migrations.lastTag}).`
		);
		if (keep !== undefined) {
			const gone = await pruneBackups(out, keep);
			if (gone.length) console.log(`Removed older backups: ${gone.join(', ')}`);
		}
		return 0;
	} catch (err) {
		console.error(`The backup failed: ${(err as Error).message}`);
		return 1;
	} finally {
		await handle.close();
	}
}

async function restoreCommand(args: string[]): Promise<number> {
	let values;
	try {
		({ values } = parseArgs({
			args,
			options: {
				from: { type: 'string' },
				'database-url': { type: 'string' },
				'data-dir': { type: 'string' },
				'files-in-place': { type: 'boolean' },
				help: { type: 'boolean' }
			},
			strict: true
		}));
	} catch (err) {
		console.error(`${(err as Error).message}\n${USAGE_RESTORE}`);
		return 2;
	}
	if (values.help || !values.from) {
		console.error(USAGE_RESTORE);
		return values.help ? 0 : 2;
	}
	const config = configFrom(values);
	if (!config.DATABASE_URL && dataDirHolder(config.DATA_DIR) !== null) {
		console.error(
			`The app is running on ${config.DATA_DIR}: stop it, and restore into a new folder.`
		);
		return 1;
	}
	try {
		const result = await restoreBackup(values.from, {
			url: config.DATABASE_URL,
			pgliteDir: config.DATABASE_URL ? undefined : config.pgliteDir,
			files: createFileStore(config),
			migrationsDir: config.migrationsDir,
			filesInPlace: values['files-in-place'] ?? false
		});
		const rows = result.tables.reduce((n, t) => n + t.rows, 0);
		const where = config.DATABASE_URL ? 'the PostgreSQL database' : config.pgliteDir;
		console.log(
			`Restored into ${where}: ${result.tables.length} tables, ${rows} rows, ${result.files} files${values['files-in-place'] ? ' (checked in place)' : ''}${result.migratedAfter ? `; ${result.migratedAfter} newer migrations applied after the data` : ''}.`
		);
		return 0;
	} catch (err) {
		if (err instanceof RestoreRefused) {
			console.error(`Not restored: ${err.message}`);
			return 1;
		}
		console.error(`The restore failed: ${(err as Error).message}`);
		return 1;
	}
}
