import { tallinnLocal } from './periods';

/**
 * Backups (docs/operations.md, "Backups"): pure rules — when the scheduled backup is due,
 * which old backups go, the order tables are loaded in, and a backup folder's name.
 */

/** A backup folder's name starts with this; anything else in `BACKUP_DIR` is left alone. */
export const BACKUP_PREFIX = 'seltsiline-backup-';

const HOUR = 60 * 60 * 1000;

/**
 * Whether the scheduled backup is due at `now`: in the backup hour (Tallinn) once at least 20
 * hours have passed since the last one, or at any hour after 48 hours without one (a server
 * that sleeps at night, or was down in the backup hour). `lastRun` null: never in this
 * process — then the hour decides, or the age of the newest backup on disk (`lastOnDisk`).
 */
export function backupDue(lastRun: Date | null, now: Date, hour: number): boolean {
	const inHour = Number(tallinnLocal(now).slice(11, 13)) === hour;
	if (lastRun === null) return inHour;
	const since = now.getTime() - lastRun.getTime();
	if (since >= 48 * HOUR) return true;
	return since >= 20 * HOUR && inHour;
}

/** The folder name of a backup made at `now` (UTC, sortable, no characters a shell minds). */
export function backupName(now: Date): string {
	return (
		BACKUP_PREFIX +
		now
			.toISOString()
			.replace(/\.\d{3}Z$/, 'Z')
			.replace(/:/g, '-')
	);
}

/** When the backup named `name` was made, or null for a name that is not a backup's. */
export function backupTime(name: string): Date | null {
	const m = /^seltsiline-backup-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z$/.exec(name);
	if (!m) return null;
	const d = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`);
	return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Which backups to remove so that the newest `keep` remain. Only names of finished backups
 * count (a half-made one ends in `.partial` and is not a backup's name); other names are kept.
 */
export function backupsToRemove(names: readonly string[], keep: number): string[] {
	const backups = names.filter((n) => backupTime(n) !== null).sort();
	return backups.slice(0, Math.max(0, backups.length - Math.max(1, keep)));
}

/** A foreign key: `table` points at `references`. */
export interface TableLink {
	table: string;
	references: string;
}

/**
 * Tables in an order where each comes after the tables it points at (a restore inserts in
 * this order, and foreign keys hold at every row). Ties are broken by name, so the order is
 * the same every time. A cycle is refused — also a table pointing at itself, whose rows would
 * have to be loaded parents first: the schema has none, and a migration that adds one fails
 * the backup tests instead of a restore at a bad moment.
 */
export function loadOrder(tables: readonly string[], links: readonly TableLink[]): string[] {
	const known = new Set(tables);
	const needs = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
	for (const l of links) {
		if (l.table === l.references) {
			throw new Error(`table ${l.table} points at itself: the restore cannot order its rows`);
		}
		if (!known.has(l.table) || !known.has(l.references)) continue;
		needs.get(l.table)!.add(l.references);
	}
	const done = new Set<string>();
	const order: string[] = [];
	while (order.length < tables.length) {
		const ready = [...needs.entries()]
			.filter(([t, deps]) => !done.has(t) && [...deps].every((d) => done.has(d)))
			.map(([t]) => t)
			.sort();
		if (ready.length === 0) {
			const left = tables.filter((t) => !done.has(t)).sort();
			throw new Error(`foreign keys form a cycle among: ${left.join(', ')}`);
		}
		for (const t of ready) {
			done.add(t);
			order.push(t);
		}
	}
	return order;
}
