import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { loadOrder } from '../../domain/backup';

/**
 * What a backup needs to know about the database, read from PostgreSQL's own catalogue (the
 * same on PGlite and a server): the app's tables in the order they load, their columns, the
 * sequences and the migration level. Nothing here is specific to one table, so tables that
 * later migrations add (or columns, such as the audit log's hash chain) are carried along.
 */

export async function rowsOf<T>(db: Tx, query: SQL): Promise<T[]> {
	const result = await db.execute(query);
	return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[];
}

/** Quotes an identifier read from the catalogue. */
export function ident(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

/** The app's tables (schema public), parents before the tables that point at them. */
export async function tablesInLoadOrder(db: Tx): Promise<string[]> {
	const tables = await rowsOf<{ name: string }>(
		db,
		sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
			order by c.relname`
	);
	const links = await rowsOf<{ table: string; references: string }>(
		db,
		sql`select cl.relname as "table", cr.relname as "references"
			from pg_constraint k
			join pg_class cl on cl.oid = k.conrelid join pg_namespace nl on nl.oid = cl.relnamespace
			join pg_class cr on cr.oid = k.confrelid
			where k.contype = 'f' and nl.nspname = 'public'`
	);
	return loadOrder(
		tables.map((t) => t.name),
		links
	);
}

/** Columns a row is written with: not dropped, not generated (those the database computes). */
export async function writableColumns(db: Tx, table: string): Promise<string[]> {
	const cols = await rowsOf<{ name: string }>(
		db,
		sql`select a.attname as name from pg_attribute a
			join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relname = ${table} and a.attnum > 0
				and not a.attisdropped and a.attgenerated = ''
			order by a.attnum`
	);
	return cols.map((c) => c.name);
}

/** The primary key's columns (a stable row order for the backup and for comparisons). */
export async function primaryKey(db: Tx, table: string): Promise<string[]> {
	const cols = await rowsOf<{ name: string }>(
		db,
		sql`select a.attname as name
			from pg_index i
			join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
			join lateral unnest(i.indkey) with ordinality as k(attnum, pos) on true
			join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
			where n.nspname = 'public' and c.relname = ${table} and i.indisprimary
			order by k.pos`
	);
	return cols.map((c) => c.name);
}

/**
 * A stable row order for `table` aliased `t`: the primary key, or the row's JSON text for a
 * table without one (the diary's monthly totals have a unique index only).
 */
export async function rowOrder(db: Tx, table: string): Promise<string> {
	const pk = await primaryKey(db, table);
	return pk.length ? pk.map((c) => `t.${ident(c)}`).join(', ') : 'row_to_json(t)::text';
}

export interface SequenceState {
	name: string;
	lastValue: string;
	isCalled: boolean;
}

/** Every sequence of schema public with where it stands (identity columns' too). */
export async function sequenceStates(db: Tx): Promise<SequenceState[]> {
	const seqs = await rowsOf<{ name: string }>(
		db,
		sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind = 'S' order by c.relname`
	);
	const out: SequenceState[] = [];
	for (const s of seqs) {
		const [row] = await rowsOf<{ last_value: string; is_called: boolean }>(
			db,
			sql.raw(`select last_value::text as last_value, is_called from public.${ident(s.name)}`)
		);
		if (row) out.push({ name: s.name, lastValue: row.last_value, isCalled: row.is_called });
	}
	return out;
}

/** Tables with triggers of their own (not the foreign keys' internal ones). */
export async function tablesWithUserTriggers(db: Tx): Promise<string[]> {
	const rows = await rowsOf<{ name: string }>(
		db,
		sql`select distinct c.relname as name from pg_trigger t
			join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and not t.tgisinternal order by 1`
	);
	return rows.map((r) => r.name);
}

/** One migration of the committed journal (`drizzle/meta/_journal.json`). */
export interface JournalEntry {
	idx: number;
	when: number;
	tag: string;
}

export async function readJournal(migrationsDir: string): Promise<JournalEntry[]> {
	const text = await readFile(join(migrationsDir, 'meta', '_journal.json'), 'utf8');
	return (JSON.parse(text) as { entries: JournalEntry[] }).entries;
}

export interface MigrationLevel {
	/** How many migrations are applied. */
	count: number;
	/** The last applied migration's journal time (drizzle's `created_at`) and name. */
	lastWhen: number | null;
	lastTag: string | null;
}

/**
 * The migrations applied to the database (drizzle's own table), named from the journal. The
 * journal time identifies a migration even when its file is renumbered.
 */
export async function migrationLevel(db: Tx, journal: JournalEntry[]): Promise<MigrationLevel> {
	const rows = await rowsOf<{ n: number; last: string | null }>(
		db,
		sql`select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`
	);
	const count = Number(rows[0]?.n ?? 0);
	const lastWhen = rows[0]?.last == null ? null : Number(rows[0].last);
	const lastTag = journal.find((e) => e.when === lastWhen)?.tag ?? null;
	return { count, lastWhen, lastTag };
}

/** What makes a database not empty: its tables in public and drizzle's migrations table. */
export async function existingTables(db: Tx): Promise<string[]> {
	const rows = await rowsOf<{ name: string }>(
		db,
		sql`select n.nspname || '.' || c.relname as name from pg_class c
			join pg_namespace n on n.oid = c.relnamespace
			where c.relkind in ('r', 'p', 'v', 'm') and n.nspname in ('public', 'drizzle')
			order by 1`
	);
	return rows.map((r) => r.name);
}
