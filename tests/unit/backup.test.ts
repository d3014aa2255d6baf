import { describe, expect, it } from 'vitest';
import {
	backupDue,
	backupName,
	backupTime,
	backupsToRemove,
	loadOrder
} from '$lib/server/domain/backup';

/** Issue 21: the scheduled backup's timing and kept count, and the order a restore loads in. */

// 02:30 in Tallinn in winter (UTC+2) is 00:30 UTC.
const at = (iso: string) => new Date(iso);

describe('backupDue', () => {
	it('runs in the backup hour (Tallinn) when none was made yet', () => {
		expect(backupDue(null, at('2026-12-07T00:30:00Z'), 2)).toBe(true);
		expect(backupDue(null, at('2026-12-07T01:30:00Z'), 2)).toBe(false);
	});
	it('runs once a day in the hour, not again within it', () => {
		const last = at('2026-12-07T00:00:10Z');
		expect(backupDue(last, at('2026-12-07T00:45:00Z'), 2)).toBe(false);
		expect(backupDue(last, at('2026-12-08T00:00:20Z'), 2)).toBe(true);
		expect(backupDue(last, at('2026-12-07T22:00:00Z'), 2)).toBe(false);
	});
	it('catches up at any hour after two days without a backup', () => {
		expect(backupDue(at('2026-12-05T00:00:00Z'), at('2026-12-07T12:00:00Z'), 2)).toBe(true);
	});
	it('follows Tallinn summer time (UTC+3)', () => {
		expect(backupDue(null, at('2026-07-01T23:30:00Z'), 2)).toBe(true);
		expect(backupDue(null, at('2026-07-01T00:30:00Z'), 2)).toBe(false);
	});
});

describe('backup names and the kept count', () => {
	it('names a backup by its UTC time, and reads the time back', () => {
		const now = at('2026-12-07T01:02:03.456Z');
		expect(backupName(now)).toBe('seltsiline-backup-2026-12-07T01-02-03Z');
		expect(backupTime(backupName(now))).toEqual(at('2026-12-07T01:02:03Z'));
		expect(backupTime('seltsiline-backup-2026-12-07T01-02-03Z.partial')).toBeNull();
		expect(backupTime('notes.txt')).toBeNull();
	});
	it('removes all but the newest N backups and leaves other names alone', () => {
		const names = [
			'seltsiline-backup-2026-12-03T00-00-00Z',
			'seltsiline-backup-2026-12-01T00-00-00Z',
			'README.txt',
			'seltsiline-backup-2026-12-02T00-00-00Z',
			'seltsiline-backup-2026-12-04T00-00-00Z.partial'
		];
		expect(backupsToRemove(names, 2)).toEqual(['seltsiline-backup-2026-12-01T00-00-00Z']);
		expect(backupsToRemove(names, 5)).toEqual([]);
		// At least one is always kept.
		expect(backupsToRemove(names, 0)).toHaveLength(2);
	});
});

describe('loadOrder', () => {
	it('puts every table after the tables it points at, ties by name', () => {
		const order = loadOrder(
			['pairing', 'client', 'county', 'volunteer', 'diary_entry'],
			[
				{ table: 'client', references: 'county' },
				{ table: 'volunteer', references: 'county' },
				{ table: 'pairing', references: 'client' },
				{ table: 'pairing', references: 'volunteer' },
				{ table: 'diary_entry', references: 'pairing' },
				{ table: 'diary_entry', references: 'client' }
			]
		);
		expect(order).toEqual(['county', 'client', 'volunteer', 'pairing', 'diary_entry']);
	});
	it('refuses a cycle, also a table pointing at itself', () => {
		expect(() => loadOrder(['a'], [{ table: 'a', references: 'a' }])).toThrow(/points at itself/);
		expect(() =>
			loadOrder(
				['a', 'b'],
				[
					{ table: 'a', references: 'b' },
					{ table: 'b', references: 'a' }
				]
			)
		).toThrow(/cycle among: a, b/);
	});
});
