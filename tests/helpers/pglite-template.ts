import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase, migrateDatabase } from '../../src/lib/server/db/client';
import { seedReferenceData } from '../../src/lib/server/services/core/reference';
import { grantAppPrivileges } from '../../src/lib/server/services/audit-chain/privileges';
import pg from 'pg';
import { ensureRole, PG_ADMIN_URL, PG_APP_ROLE, PG_OWNER_ROLE, urlAs } from './db';

/**
 * Vitest global setup for the db and e2e projects: migrate and seed one PGlite database, dump its data
 * folder, and let every test file start from that dump (about five times faster than
 * migrating afresh in each file). On the PostgreSQL server the same: one migrated database with
 * the app role's grants, which each test file's database copies (`create database … template`).
 */
export default async function setup(project?: { name: string }) {
	// e2e servers always run on PGlite (their databases start from this template too:
	// tests/e2e/harness.ts openSeededDatabase).
	if (process.env.TEST_DB === 'postgres' && project?.name !== 'e2e') return postgresTemplate();
	const handle = await openDatabase({ pgliteDir: 'memory://' });
	await migrateDatabase(handle, resolve('drizzle'));
	await seedReferenceData(handle.db);
	const dump = await handle.pglite!.dumpDataDir('none');
	await handle.close();
	const file = join(tmpdir(), `seltsiline-pglite-template-${process.pid}.tar`);
	writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
	process.env.SELTSILINE_PGLITE_TEMPLATE = file;
}

async function postgresTemplate() {
	const name = `seltsiline_test_template_${process.pid}`;
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	await admin.connect();
	try {
		await ensureRole(admin, PG_OWNER_ROLE);
		await ensureRole(admin, PG_APP_ROLE);
		await admin.query(`drop database if exists "${name}"`);
		await admin.query(`create database "${name}" owner "${PG_OWNER_ROLE}"`);
	} finally {
		await admin.end();
	}
	const owner = await openDatabase({ url: urlAs(PG_ADMIN_URL, name, PG_OWNER_ROLE), poolMax: 1 });
	try {
		await migrateDatabase(owner, resolve('drizzle'));
		await grantAppPrivileges(owner.db, PG_APP_ROLE);
		await seedReferenceData(owner.db);
	} finally {
		await owner.close();
	}
	process.env.SELTSILINE_PG_TEMPLATE = name;
	return async () => {
		const c = new pg.Client({ connectionString: PG_ADMIN_URL });
		await c.connect();
		await c.query(`drop database if exists "${name}" with (force)`);
		await c.end();
	};
}
