import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import * as schema from './schema';
import { logger } from '../log';

export type Schema = typeof schema;
/** The one database type services see; both drivers produce it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: services accept either. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

export type Driver = 'pglite' | 'postgres';

export interface DatabaseHandle {
	db: Database;
	driver: Driver;
	close(): Promise<void>;
	/** The PGlite instance, for dumps (embedded mode only). */
	pglite?: PGlite;
}

export interface OpenOptions {
	/** postgres://… selects the PostgreSQL server; otherwise PGlite */
	url?: string;
	/** PGlite data folder; `memory://` (or omitted) keeps the database in memory */
	pgliteDir?: string;
	/** Pool size on the server */
	poolMax?: number;
	/** Start PGlite from a dumped data folder (tests use a migrated template). */
	pgliteLoadDataDir?: Blob;
}

export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
	if (opts.url) {
		const pool = new pg.Pool({
			connectionString: opts.url,
			max: opts.poolMax ?? 10,
			// No JIT: the app's queries are short, and compiling them cost more than running
			// them — up to 270 ms of a 330 ms analysis query at national scale (BENCHMARKS.md).
			options: '-c jit=off -c work_mem=32MB'
		});
		// An idle connection the server ends (restart, failover, a forced drop) must not take the
		// process down: the pool discards that client and opens a new one on the next query.
		pool.on('error', (err) => logger.warn({ err }, 'database connection lost'));
		const db = drizzlePg(pool, { schema, casing: 'snake_case' }) as unknown as Database;
		return { db, driver: 'postgres', close: () => pool.end() };
	}
	const dir = opts.pgliteDir ?? 'memory://';
	if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
	const client = await PGlite.create(
		opts.pgliteLoadDataDir
			? { dataDir: dir, loadDataDir: opts.pgliteLoadDataDir }
			: { dataDir: dir }
	);
	const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Database;
	return {
		db,
		driver: 'pglite',
		pglite: client,
		close: async () => {
			if (!client.closed) await client.close();
		}
	};
}

/** Applies the committed SQL migrations in `folder` with the driver's own migrator. */
export async function migrateDatabase(handle: DatabaseHandle, folder: string): Promise<void> {
	const config = { migrationsFolder: folder };
	if (handle.driver === 'pglite') {
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		await migratePglite(handle.db as any, config);
	} else {
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		await migratePg(handle.db as any, config);
	}
}
