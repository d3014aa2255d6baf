import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase, MIGRATIONS, type TestDatabase } from '../helpers/db';

/**
 * Issue 2, "Database": one migration folder serves both drivers. This migrates an empty
 * embedded PGlite (PostgreSQL 18) and an empty database on the PostgreSQL server (15 on the CI
 * machines) with the app's own migrate step and compares what came out, from the catalogues:
 * tables, columns, constraints, indexes, triggers, functions and sequences.
 *
 * It needs the server: scripts/test.js runs it only when 127.0.0.1:5432 answers. Without a
 * server it fails (it is not skipped), so a run that claims parity has really checked it.
 */

/** Spacing and letter case of catalogue text differ between versions, not its meaning. */
function normalise(text: string | null): string | null {
	if (text === null) return null;
	return text.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').trim();
}

type Row = Record<string, unknown>;

async function rows(db: Database, query: ReturnType<typeof sql>): Promise<Row[]> {
	const result = (await db.execute(query)) as unknown as { rows: Row[] };
	return result.rows;
}

/** Everything the migrations define, as sorted, comparable lines. */
async function describeSchema(db: Database) {
	const tables = await rows(
		db,
		sql`select table_name, table_type
			from information_schema.tables
			where table_schema = 'public'
			order by table_name`
	);
	const columns = await rows(
		db,
		sql`select table_name, column_name, ordinal_position, data_type, udt_name,
				character_maximum_length, numeric_precision, datetime_precision,
				is_nullable, column_default, is_identity, identity_generation, is_generated,
				generation_expression, collation_name
			from information_schema.columns
			where table_schema = 'public'
			order by table_name, ordinal_position`
	);
	// PostgreSQL 18 also lists NOT NULL as constraints (contype 'n'); 15 keeps them on the
	// column only. Nullability is compared with the columns above.
	const constraints = await rows(
		db,
		sql`select cl.relname as table_name, co.conname as name, co.contype as type,
				pg_get_constraintdef(co.oid, true) as definition, co.condeferrable as deferrable,
				co.condeferred as deferred, co.convalidated as validated
			from pg_constraint co
			join pg_class cl on cl.oid = co.conrelid
			join pg_namespace n on n.oid = cl.relnamespace
			where n.nspname = 'public' and co.contype <> 'n'
			order by cl.relname, co.conname`
	);
	const indexes = await rows(
		db,
		sql`select tablename as table_name, indexname as name, indexdef as definition
			from pg_indexes
			where schemaname = 'public'
			order by tablename, indexname`
	);
	const triggers = await rows(
		db,
		sql`select cl.relname as table_name, tg.tgname as name,
				pg_get_triggerdef(tg.oid, true) as definition, tg.tgenabled as enabled
			from pg_trigger tg
			join pg_class cl on cl.oid = tg.tgrelid
			join pg_namespace n on n.oid = cl.relnamespace
			where n.nspname = 'public' and not tg.tgisinternal
			order by cl.relname, tg.tgname`
	);
	const functions = await rows(
		db,
		sql`select p.proname as name, pg_get_function_identity_arguments(p.oid) as arguments,
				pg_get_function_result(p.oid) as result, l.lanname as language, p.prosrc as body
			from pg_proc p
			join pg_namespace n on n.oid = p.pronamespace
			join pg_language l on l.oid = p.prolang
			where n.nspname = 'public'
			order by p.proname`
	);
	const sequences = await rows(
		db,
		// pg_sequence, not information_schema.sequences: the latter leaves out identity columns'.
		sql`select cl.relname as name, format_type(s.seqtypid, null) as data_type,
				s.seqstart::text as start, s.seqincrement::text as increment,
				s.seqmin::text as min, s.seqmax::text as max, s.seqcycle as cycle,
				owner.relname as owned_by_table, a.attname as owned_by_column
			from pg_sequence s
			join pg_class cl on cl.oid = s.seqrelid
			join pg_namespace n on n.oid = cl.relnamespace
			left join pg_depend d on d.objid = cl.oid and d.classid = 'pg_class'::regclass
				and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
			left join pg_class owner on owner.oid = d.refobjid
			left join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
			where n.nspname = 'public'
			order by cl.relname`
	);
	const migrations = await rows(
		db,
		sql`select hash from drizzle.__drizzle_migrations order by created_at, id`
	);
	return {
		tables,
		columns: columns.map((c): Row => ({
			...c,
			column_default: normalise(c.column_default as string)
		})),
		constraints: constraints.map((c): Row => ({
			...c,
			definition: normalise(c.definition as string)
		})),
		indexes: indexes.map((i): Row => ({ ...i, definition: normalise(i.definition as string) })),
		triggers: triggers.map((tr): Row => ({
			...tr,
			definition: normalise(tr.definition as string)
		})),
		functions: functions.map((f): Row => ({ ...f, body: normalise(f.body as string) })),
		sequences,
		migrations
	};
}

type Schema = Awaited<ReturnType<typeof describeSchema>>;

let embedded: DatabaseHandle;
let server: TestDatabase;
let pgliteSchema: Schema;
let postgresSchema: Schema;

beforeAll(async () => {
	// Straight from empty (not the tests' pre-migrated template): the migrate step itself runs.
	embedded = await openDatabase({ pgliteDir: 'memory://' });
	await migrateDatabase(embedded, MIGRATIONS);
	server = await createTestDatabase({ driver: 'postgres' });
	pgliteSchema = await describeSchema(embedded.db);
	postgresSchema = await describeSchema(server.owner.db);
	// Migrating PGlite from empty takes about a minute on a busy 2-core machine.
}, 240_000);

afterAll(async () => {
	await embedded?.close();
	await server?.close();
});

describe('the migrations give the same schema on PGlite and on the PostgreSQL server', () => {
	it('both databases really are what they claim to be', async () => {
		const version = async (db: Database) =>
			String((await rows(db, sql`select version() as v`))[0]!.v);
		expect(embedded.driver).toBe('pglite');
		expect(server.handle.driver).toBe('postgres');
		expect(await version(embedded.db)).toMatch(/PostgreSQL/);
		expect(await version(server.handle.db)).toMatch(/PostgreSQL/);
	});

	it('ran every migration, and the same ones', () => {
		expect(pgliteSchema.migrations.length).toBeGreaterThan(0);
		expect(postgresSchema.migrations).toEqual(pgliteSchema.migrations);
	});

	it('has the core tables', () => {
		const names = pgliteSchema.tables.map((r) => r.table_name);
		for (const table of [
			'county',
			'municipality',
			'app_user',
			'role_grant',
			'session',
			'user_token',
			'client',
			'volunteer',
			'pairing',
			'diary_entry',
			'audit_event'
		]) {
			expect(names).toContain(table);
		}
	});

	it.each([
		'tables',
		'columns',
		'constraints',
		'indexes',
		'triggers',
		'functions',
		'sequences'
	] as const)('%s are equal', (part) => {
		expect(pgliteSchema[part].length).toBeGreaterThan(0);
		expect(postgresSchema[part]).toEqual(pgliteSchema[part]);
	});

	it('keeps the audit log append-only on both (the triggers exist)', () => {
		for (const schema of [pgliteSchema, postgresSchema]) {
			const names = schema.triggers
				.filter((tr) => tr.table_name === 'audit_event')
				.map((tr) => tr.name);
			expect(names.sort()).toEqual([
				'audit_event_chain',
				'audit_event_no_truncate',
				'audit_event_no_update_delete'
			]);
		}
	});

	it('notices a difference (the comparison is not vacuous)', async () => {
		// As the owner: the app role of the tests may not alter tables (issue 21).
		await server.owner.db.execute(sql`alter table client add column parity_probe text`);
		const changed = await describeSchema(server.owner.db);
		expect(changed.columns).not.toEqual(pgliteSchema.columns);
		expect(changed.columns.filter((c) => c.column_name === 'parity_probe')).toHaveLength(1);
	});
});
