import { readdir } from 'node:fs/promises';
import type { DatabaseHandle } from '../../db/client';
import type { AppConfig } from '../../config';
import type { FileStore } from '../../infra/storage';
import { backupDue, backupTime } from '../../domain/backup';
import { logger } from '../../log';
import { createBackup, pruneBackups } from './backup';

/**
 * The scheduled backup (docs/operations.md, "Backups"): with `BACKUP_DIR` set, the running app
 * writes a backup once a day in the `BACKUP_HOUR` (Tallinn time, default 02) and keeps the
 * newest `BACKUP_KEEP` (default 7). On the embedded database this is the way to back up
 * without stopping the app: no other process may open its folder.
 */
export interface BackupSchedule {
	/** Called by the app's background tick; makes the backup when it is due. */
	tick(now: Date): Promise<void>;
}

export function createBackupSchedule(source: {
	config: AppConfig;
	handle: DatabaseHandle;
	files: FileStore;
}): BackupSchedule | null {
	const dir = source.config.BACKUP_DIR;
	if (!dir) return null;
	let last: Date | null | undefined;
	let running = false;
	return {
		async tick(now) {
			if (running) return;
			last ??= await newestBackup(dir);
			if (!backupDue(last, now, source.config.BACKUP_HOUR)) return;
			running = true;
			last = now;
			const started = performance.now();
			try {
				const { dir: made, manifest } = await createBackup(
					{
						handle: source.handle,
						files: source.files,
						migrationsDir: source.config.migrationsDir
					},
					{ outDir: dir, now }
				);
				const removed = await pruneBackups(dir, source.config.BACKUP_KEEP);
				logger.info(
					{
						backup: made,
						tables: manifest.tables.length,
						rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
						files: manifest.files.count,
						removed: removed.length,
						ms: Math.round(performance.now() - started)
					},
					'scheduled backup written'
				);
			} catch (err) {
				logger.error({ err }, 'scheduled backup failed');
			} finally {
				running = false;
			}
		}
	};
}

/** When the newest finished backup in `dir` was made (null: none). */
export async function newestBackup(dir: string): Promise<Date | null> {
	let names: string[];
	try {
		names = await readdir(dir);
	} catch {
		return null;
	}
	const times = names.map(backupTime).filter((d): d is Date => d !== null);
	return times.length ? new Date(Math.max(...times.map((d) => d.getTime()))) : null;
}
