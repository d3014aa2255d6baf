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
