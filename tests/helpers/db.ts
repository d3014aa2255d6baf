import pg from 'pg';
import { openDatabase, migrateDatabase, type DatabaseHandle } from '$lib/server/db/client';
import { seedReferenceData } from '$lib/server/services/core/reference';
import { seedSurveyQuestionSets } from '$lib/server/services/pairings/surveys';
import { loadConfig, type AppConfig } from '$lib/server/config';
import type { ServiceContext } from '$lib/server/services/core/context';
import type { Actor } from '$lib/server/policy/actor';
import { createLoginThrottle } from '$lib/server/infra/throttle';
import { createMailer, type Mailer } from '$lib/server/infra/mail';
import { resolve, join } from 'node:path';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createFileStore, type FileStore } from '$lib/server/infra/storage';
import { grantAppPrivileges } from '$lib/server/services/audit-chain/privileges';

/** Which driver the db tests run on: `TEST_DB=postgres` for the server, PGlite otherwise. */
export const TEST_DRIVER = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
export const PG_ADMIN_URL =
	process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const MIGRATIONS = resolve('drizzle');

/**
 * On the PostgreSQL server the tests run as the production setup does (issue 21): the
 * migrations as an owner role, the services as an app role that may only read and add audit
 * events. Both are created on the server when missing (trust authentication on 127.0.0.1).
 */
export const PG_OWNER_ROLE = 'seltsiline_test_owner';
export const PG_APP_ROLE = 'seltsiline_test_app';

export interface TestDatabase {
	/** The app's connection: on PostgreSQL the app role's (least privilege). */
	handle: DatabaseHandle;
	/** The owner's connection (migrations; tampering in tests). The same handle on PGlite. */
	owner: DatabaseHandle;
	/** On PostgreSQL: the connection strings of the owner and of the app role. */
	urls: { owner: string; app: string } | null;
	config: AppConfig;
	mailer: Mailer;
	/** This database's own file store (a temporary folder, or S3 when `env` sets S3_*). */
	files: FileStore;
	/** A service context acting as `actor` at `now`. */
	ctx(actor: Actor | null, opts?: { now?: Date; ip?: string }): ServiceContext;
	close(): Promise<void>;
}

/** Creates a login role unless it exists (test files start side by side: a race is fine). */
export async function ensureRole(admin: pg.Client, role: string): Promise<void> {
	await admin.query(
		`do $$ begin create role "${role}" login; ` +
			`exception when duplicate_object or unique_violation then null; end $$`
	);
}

export function urlAs(base: string, database: string, user: string): string {
	const url = new URL(base);
	url.pathname = `/${database}`;
	url.username = user;
	url.password = '';
	return url.toString();
}

async function createPgDatabase(): Promise<{
	ownerUrl: string;
	appUrl: string;
	drop: () => Promise<void>;
}> {
	const name = `seltsiline_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	await admin.connect();
	await ensureRole(admin, PG_OWNER_ROLE);
	await ensureRole(admin, PG_APP_ROLE);
	// The owner role owns the database, hence (PostgreSQL 15+) its public schema. A copy of the
	// run's migrated template (tests/helpers/pglite-template.ts) when there is one.
	const template = process.env.SELTSILINE_PG_TEMPLATE;
	for (let attempt = 0; ; attempt++) {
		try {
			await admin.query(
				template
					? `create database "${name}" owner "${PG_OWNER_ROLE}" template "${template}" strategy file_copy`
					: `create database "${name}" owner "${PG_OWNER_ROLE}"`
			);
			break;
		} catch (e) {
			// Two copies of the template started at the same moment: the second waits its turn.
			if (!template || attempt >= 20 || !/being accessed by other users/.test(String(e))) throw e;
			await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
		}
	}
	await admin.end();
	return {
		ownerUrl: urlAs(PG_ADMIN_URL, name, PG_OWNER_ROLE),
		appUrl: urlAs(PG_ADMIN_URL, name, PG_APP_ROLE),
		drop: async () => {
			const c = new pg.Client({ connectionString: PG_ADMIN_URL });
			await c.connect();
			await c.query(`drop database if exists "${name}" with (force)`);
			await c.end();
		}
	};
}

/** A fresh, migrated, seeded database for one test file. */
export async function createTestDatabase(
	opts: { driver?: 'pglite' | 'postgres'; smtpUrl?: string; env?: Record<string, string> } = {}
): Promise<TestDatabase> {
	const driver = opts.driver ?? TEST_DRIVER;
	let drop = async () => {};
	let handle: DatabaseHandle;
	let owner: DatabaseHandle;
	let urls: TestDatabase['urls'] = null;
	if (driver === 'postgres') {
		const created = await createPgDatabase();
		drop = created.drop;
		urls = { owner: created.ownerUrl, app: created.appUrl };
		owner = await openDatabase({ url: created.ownerUrl, poolMax: 2 });
		// Applies nothing on a copy of the template, whose grants came with it.
		await migrateDatabase(owner, MIGRATIONS);
		if (!process.env.SELTSILINE_PG_TEMPLATE) await grantAppPrivileges(owner.db, PG_APP_ROLE);
		handle = await openDatabase({ url: created.appUrl, poolMax: 4 });
	} else {
		const template = process.env.SELTSILINE_PGLITE_TEMPLATE;
		handle = await openDatabase({
			pgliteDir: 'memory://',
			pgliteLoadDataDir:
				template && existsSync(template) ? new Blob([readFileSync(template)]) : undefined
		});
		owner = handle;
		// Applies nothing on a template that is already migrated.
		await migrateDatabase(handle, MIGRATIONS);
	}
	// Seeding is idempotent.
	await seedReferenceData(handle.db);
	await seedSurveyQuestionSets(handle.db);
	// Each test database gets its own folder for uploaded files, removed by close().
	const dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-files-'));
	const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...opts.env });
	const files = createFileStore(config);
	const mailer = createMailer({
		smtpUrl: opts.smtpUrl ?? 'smtp://127.0.0.1:1',
		from: config.MAIL_FROM
	});
	const throttle = createLoginThrottle(handle.db, {
		maxPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
		maxPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
		blockMinutes: config.LOGIN_BLOCK_MINUTES
	});
	return {
		handle,
		owner,
		urls,
		config,
		mailer,
		files,
		ctx: (actor, o = {}) => ({
			db: handle.db,
			actor,
			requestId: `test-${Math.random().toString(36).slice(2, 8)}`,
			ip: o.ip ?? '127.0.0.1',
			config,
			mailer,
			throttle,
			files,
			now: () => o.now ?? new Date()
		}),
		close: async () => {
			await handle.close();
			if (owner !== handle) await owner.close();
			await drop();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
