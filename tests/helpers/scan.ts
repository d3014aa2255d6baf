import { sql } from 'drizzle-orm';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '$lib/server/db/client';

/**
 * Whole-database and file-store scans for the anonymisation test (R-PAIR-5): every text-like
 * column of every table of every schema (found generically through information_schema, so a
 * table or column added later is scanned too) and every file under a folder.
 */

interface ColumnRow {
	table_schema: string;
	table_name: string;
	column_name: string;
	data_type: string;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Every text, varchar, char, json, jsonb, array, enum and bytea column of every base table. */
export async function textColumns(db: Database): Promise<ColumnRow[]> {
	const result = await db.execute(sql`
		select c.table_schema, c.table_name, c.column_name, c.data_type
		from information_schema.columns c
		join information_schema.tables t
			on t.table_schema = c.table_schema and t.table_name = c.table_name
		where t.table_type = 'BASE TABLE'
			and c.table_schema not in ('pg_catalog', 'information_schema')
			and c.table_schema not like 'pg\\_%'
			and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY',
				'USER-DEFINED', 'bytea', 'xml')
		order by 1, 2, 3`);
	return (result as unknown as { rows: ColumnRow[] }).rows;
}

/**
 * The places (schema.table.column → count) where any of `terms` occurs, case-insensitively.
 * One query per column, all terms at once.
 */
export async function scanDatabase(
	db: Database,
	terms: readonly string[]
): Promise<Record<string, number>> {
	const hits: Record<string, number> = {};
	const patterns = sql.join(
		terms.map((t) => sql`${'%' + t.replace(/[%_\\]/g, (c) => '\\' + c) + '%'}::text`),
		sql`, `
	);
	for (const col of await textColumns(db)) {
		const table = `${ident(col.table_schema)}.${ident(col.table_name)}`;
		const column = ident(col.column_name);
		const where =
			col.data_type === 'bytea'
				? sql.join(
						terms.map(
							(t) => sql`position(convert_to(${t}::text, 'UTF8') in ${sql.raw(column)}) > 0`
						),
						sql` or `
					)
				: sql`${sql.raw(column)}::text ilike any (array[${patterns}])`;
		const result = await db.execute(
			sql`select count(*)::int as n from ${sql.raw(table)} where ${where}`
		);
		const n = (result as unknown as { rows: { n: number }[] }).rows[0]!.n;
		if (n > 0) hits[`${col.table_schema}.${col.table_name}.${col.column_name}`] = n;
	}
	return hits;
}

/** Files under `dir` (recursively) whose bytes contain any of `terms` (UTF-8). */
export function scanFiles(dir: string, terms: readonly string[]): string[] {
	const needles = terms.map((t) => Buffer.from(t, 'utf8'));
	const found: string[] = [];
	const walk = (d: string) => {
		for (const name of readdirSync(d)) {
			const path = join(d, name);
			if (statSync(path).isDirectory()) walk(path);
			else {
				const bytes = readFileSync(path);
				if (needles.some((n) => bytes.includes(n))) found.push(path);
			}
		}
	};
	walk(dir);
	return found;
}

/** Every file under `dir`, recursively. */
export function listFiles(dir: string): string[] {
	const out: string[] = [];
	const walk = (d: string) => {
		for (const name of readdirSync(d)) {
			const path = join(d, name);
			if (statSync(path).isDirectory()) walk(path);
			else out.push(path);
		}
	};
	walk(dir);
	return out;
}
