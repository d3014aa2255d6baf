import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase, migrateDatabase } from '../../src/lib/server/db/client';
import { seedReferenceData } from '../../src/lib/server/services/core/reference';

/**
 * Vitest global setup for the db and e2e projects: migrate and seed one PGlite database, dump its data
 * folder, and let every test file start from that dump (about five times faster than
 * migrating afresh in each file). The PostgreSQL run creates real databases instead.
 */
export default async function setup(project?: { name: string }) {
	// The db project on the server creates real databases; e2e servers always run on PGlite
	// (their databases start from this template too: tests/e2e/harness.ts openSeededDatabase).
	if (process.env.TEST_DB === 'postgres' && project?.name !== 'e2e') return;
	const handle = await openDatabase({ pgliteDir: 'memory://' });
	await migrateDatabase(handle, resolve('drizzle'));
	await seedReferenceData(handle.db);
	const dump = await handle.pglite!.dumpDataDir('none');
	await handle.close();
	const file = join(tmpdir(), `seltsiline-pglite-template-${process.pid}.tar`);
	writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
	process.env.SELTSILINE_PGLITE_TEMPLATE = file;
}
