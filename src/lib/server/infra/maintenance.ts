import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client';
import { logger } from '../log';

/**
 * The embedded database's upkeep (domain/maintenance.ts says why): table statistics at
 * start-up, `VACUUM (ANALYZE)` at night. Nothing on a PostgreSQL server, whose autovacuum does
 * both. PGlite runs one statement at a time, so requests wait for it (about a second for a
 * county's data, measured in docs/operations.md).
 */
export async function upkeepEmbedded(
	handle: DatabaseHandle,
	kind: 'analyze' | 'vacuum'
): Promise<boolean> {
	if (handle.driver !== 'pglite') return false;
	const started = performance.now();
	await handle.db.execute(sql.raw(kind === 'vacuum' ? 'vacuum (analyze)' : 'analyze'));
	logger.info({ kind, ms: Math.round(performance.now() - started) }, 'embedded database upkeep');
	return true;
}

/**
 * A PostgreSQL server's autovacuum keeps tables vacuumed and analysed; with it off (seen on a
 * server here) nothing ever does, and reads slow down as dead rows pile up and index-only
 * scans go to the table. Read at start-up: a warning in the log when it is off. Returns the
 * setting (true: on), or null on the embedded database (upkept by the app, above).
 */
export async function checkServerAutovacuum(handle: DatabaseHandle): Promise<boolean | null> {
	if (handle.driver !== 'postgres') return null;
	const result = (await handle.db.execute(
		sql`select setting from pg_settings where name = 'autovacuum'`
	)) as unknown as { rows: { setting: string }[] };
	const on = result.rows[0]?.setting === 'on';
	if (!on) {
		logger.warn(
			{ autovacuum: result.rows[0]?.setting ?? 'unknown' },
			'autovacuum is off on the PostgreSQL server: turn it on (docs/operations.md)'
		);
	}
	return on;
}
