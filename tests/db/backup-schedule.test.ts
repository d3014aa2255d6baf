import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '$lib/server/db/client';
import { countyByName, seedClient } from '$lib/server/fixtures/factories';
import { createLocalFileStore } from '$lib/server/infra/storage';
import { createBackupSchedule } from '$lib/server/services/backup/schedule';
import { createBackup } from '$lib/server/services/backup/backup';
import { migrateTo, restoreBackup } from '$lib/server/services/backup/restore';
import { readJournal, rowsOf } from '$lib/server/services/backup/catalog';
import { MIGRATIONS, createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * Issue 21: the running app's scheduled backup (BACKUP_DIR, BACKUP_KEEP, BACKUP_HOUR), and a
 * backup from an older version restored by a newer one (its newer migrations run after the
 * data is loaded).
 */
let t: TestDatabase;
const dirs: string[] = [];
const temp = (prefix: string) => {
	const d = mkdtempSync(join(tmpdir(), `seltsiline-${prefix}-`));
	dirs.push(d);
	return d;
};

beforeAll(async () => {
	t = await createTestDatabase();
	const harju = await countyByName(t.handle.db, 'Harju maakond');
	await seedClient(t.handle.db, { countyId: harju.id });
}, 120_000);
afterAll(async () => {
	await t?.close();
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the scheduled backup', () => {
	it('writes one backup in the backup hour, keeps the newest BACKUP_KEEP, does nothing without BACKUP_DIR', async () => {
		const dir = temp('scheduled');
		// The last three nights' backups (the newest made at 02:00 Tallinn on 7 December).
		for (const old of ['2026-12-05', '2026-12-06', '2026-12-07']) {
			mkdirSync(join(dir, `seltsiline-backup-${old}T00-00-00Z`));
		}
		mkdirSync(join(dir, 'seltsiline-backup-2026-12-04T00-00-00Z.partial'));
		const schedule = createBackupSchedule({
			config: { ...t.config, BACKUP_DIR: dir, BACKUP_KEEP: 2, BACKUP_HOUR: 2 },
			handle: t.handle,
			files: t.files
		})!;
		// 01:30 in Tallinn (winter, UTC+2) on the 8th: not the hour yet.
		await schedule.tick(new Date('2026-12-07T23:30:00Z'));
		expect(readdirSync(dir)).toHaveLength(4);
		// 02:10 Tallinn: the backup is made, the two oldest and the half-made one go.
		await schedule.tick(new Date('2026-12-08T00:10:00Z'));
		expect(readdirSync(dir).sort()).toEqual([
			'seltsiline-backup-2026-12-07T00-00-00Z',
			'seltsiline-backup-2026-12-08T00-10-00Z'
		]);
		// Later in the same hour: not again.
		await schedule.tick(new Date('2026-12-08T00:40:00Z'));
		expect(readdirSync(dir)).toHaveLength(2);
		// Two days without a backup (the server was off at night): at once, whatever the hour.
		await schedule.tick(new Date('2026-12-10T12:00:00Z'));
		expect(readdirSync(dir).sort()).toEqual([
			'seltsiline-backup-2026-12-08T00-10-00Z',
			'seltsiline-backup-2026-12-10T12-00-00Z'
		]);
		expect(
			createBackupSchedule({ ...t, config: { ...t.config, BACKUP_DIR: undefined } })
		).toBeNull();
	});
});

describe('a backup from an older version', () => {
	it('restores at its own migration level, then the newer migrations run', async () => {
		const journal = await readJournal(MIGRATIONS);
		// A database one migration behind, with a row in it.
		const old = await openDatabase({ pgliteDir: 'memory://' });
		try {
			await migrateTo(old, journal.slice(0, -1), MIGRATIONS);
			await old.db.execute(
				sql`insert into county (id, name, code) values ('00000000-0000-4000-8000-000000000001', 'Vana maakond', 'X1')`
			);
			const { dir } = await createBackup(
				{ handle: old, files: createLocalFileStore(temp('old-files')), migrationsDir: MIGRATIONS },
				{ outDir: temp('old-backups') }
			);
			const target = join(temp('newer'), 'pglite');
			const result = await restoreBackup(dir, {
				pgliteDir: target,
				files: createLocalFileStore(temp('newer-files')),
				migrationsDir: MIGRATIONS
			});
			expect(result.migratedAfter).toBe(1);
			const restored = await openDatabase({ pgliteDir: target });
			try {
				const [m] = await rowsOf<{ n: number }>(
					restored.db,
					sql`select count(*)::int as n from drizzle.__drizzle_migrations`
				);
				expect(m!.n).toBe(journal.length);
				const counties = await rowsOf<{ name: string }>(
					restored.db,
					sql`select name from county where code = 'X1'`
				);
				expect(counties).toEqual([{ name: 'Vana maakond' }]);
			} finally {
				await restored.close();
			}
		} finally {
			await old.close();
		}
	}, 420_000);
});
