import { openDatabase, migrateDatabase, type DatabaseHandle } from './db/client';
import { loadConfig, type AppConfig } from './config';
import { logger } from './log';
import { createMailer, type Mailer } from './infra/mail';
import { createLoginThrottle, type LoginThrottle } from './infra/throttle';
import { seedReferenceData } from './services/core/reference';
import { ensureDefaultMileageRate } from './services/mileage/mileage-rates';
import { seedSurveyQuestionSets } from './services/pairings/surveys';
import { ensureFirstAdministrator } from './services/auth/setup';
import { deleteExpiredSessions } from './services/auth/sessions';
import type { ServiceContext } from './services/core/context';
import { createFileStore, sweepTempFiles, type FileStore } from './infra/storage';
import { sweepOrphanFiles } from './services/documents/purge';
import { checkServerAutovacuum, upkeepEmbedded } from './infra/maintenance';
import { pruneSubmissions } from './services/core/submissions';
import { upkeepDue } from './domain/maintenance';
import { createBackupSchedule } from './services/backup/schedule';
import { runRetention } from './services/retention/engine';
import { dataDirHolder, holdDataDir } from './services/backup/lock';
import {
	assertLeastPrivilege,
	currentRole,
	grantAppPrivileges
} from './services/audit-chain/privileges';
import { checkAuditChain } from './services/audit-chain/chain';
import { auditCheckDue } from './domain/audit-chain';

/**
 * Applies the migrations: as the owner role of DATABASE_OWNER_URL when it is set (then gives
 * the app's role its rights, audit log read and add only), else through the app's own
 * connection. Then refuses an app role that could rewrite the audit log, unless the operator
 * accepts it (issue 21, services/audit-chain/privileges.ts).
 */
async function migrateAsOwner(handle: DatabaseHandle, config: AppConfig): Promise<void> {
	if (config.DATABASE_OWNER_URL && !config.DATABASE_URL) {
		throw new Error('DATABASE_OWNER_URL is set without DATABASE_URL (the app role): set both.');
	}
	if (config.DATABASE_OWNER_URL) {
		const owner = await openDatabase({ url: config.DATABASE_OWNER_URL, poolMax: 1 });
		try {
			await migrateDatabase(owner, config.migrationsDir);
			await grantAppPrivileges(owner.db, await currentRole(handle.db));
		} finally {
			await owner.close();
		}
	} else {
		await migrateDatabase(handle, config.migrationsDir);
	}
	const powers = await assertLeastPrivilege(handle, config.AUDIT_OWNER_ACCEPTED);
	if (powers.length > 0) {
		logger.warn({ powers }, 'the app role can rewrite the audit log (AUDIT_OWNER_ACCEPTED=1)');
	}
}

/** The process-wide pieces: one database handle, mailer and throttle for every request. */
export interface Runtime {
	config: AppConfig;
	handle: DatabaseHandle;
	mailer: Mailer;
	throttle: LoginThrottle;
	files: FileStore;
	/** A context for work that no user does (start-up, jobs). */
	systemContext(): ServiceContext;
	close(): Promise<void>;
}

export async function createRuntime(config: AppConfig): Promise<Runtime> {
	// One process per embedded database folder (PGlite has no lock of its own).
	let releaseDataDir = () => {};
	if (!config.DATABASE_URL) {
		const holder = dataDirHolder(config.DATA_DIR);
		if (holder !== null) {
			throw new Error(
				`Another process (${holder}) has the embedded database in ${config.DATA_DIR} open: run one app per DATA_DIR. If no such process runs, delete ${config.DATA_DIR}/seltsiline.pid.`
			);
		}
		releaseDataDir = holdDataDir(config.DATA_DIR);
	}
	const handle = await openDatabase({
		url: config.DATABASE_URL,
		pgliteDir: config.DATABASE_URL ? undefined : config.pgliteDir
	});
	try {
		await migrateAsOwner(handle, config);
	} catch (err) {
		await handle.close();
		throw err;
	}
	await seedReferenceData(handle.db);
	// The national default kilometre rate (a dated setting, see mileage-rates.ts).
	await ensureDefaultMileageRate(handle.db);
	await seedSurveyQuestionSets(handle.db);
	// PGlite has no autovacuum: statistics for the planner now, VACUUM at night (below).
	await upkeepEmbedded(handle, 'analyze');
	// A server vacuums itself, if its autovacuum is on: a warning in the log when it is not.
	await checkServerAutovacuum(handle);
	const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
	const throttle = createLoginThrottle(handle.db, {
		maxPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
		maxPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
		blockMinutes: config.LOGIN_BLOCK_MINUTES
	});
	const files = createFileStore(config);
	const timers: NodeJS.Timeout[] = [];
	const runtime: Runtime = {
		config,
		handle,
		mailer,
		throttle,
		files,
		systemContext: () => ({
			db: handle.db,
			actor: null,
			requestId: 'system',
			ip: null,
			config,
			mailer,
			throttle,
			files,
			now: () => new Date()
		}),
		async close() {
			for (const t of timers) clearInterval(t);
			await handle.close();
			releaseDataDir();
		}
	};
	return runtime;
}

/**
 * Periodic housekeeping: retry unsent mail, drop expired sessions and throttle counters; once
 * a day orphaned files; at night the embedded database's VACUUM (domain/maintenance.ts).
 */
export function startBackgroundWork(runtime: Runtime): void {
	let lastFileSweep = 0;
	let lastUpkeep = new Date();
	let lastAuditCheck: Date | null = null;
	// The retention engine (services/retention/engine.ts): once a day, first a minute after start.
	let lastRetention = Date.now() - 24 * 60 * 60 * 1000 + 60_000;
	// BACKUP_DIR: a backup a day in the BACKUP_HOUR, the newest BACKUP_KEEP kept (services/backup).
	const backups = createBackupSchedule(runtime);
	const tick = async () => {
		try {
			const now = new Date();
			await runtime.mailer.flush(runtime.handle.db);
			await deleteExpiredSessions(runtime.handle.db, now, {
				idleMinutes: runtime.config.SESSION_IDLE_MINUTES,
				absoluteHours: runtime.config.SESSION_ABSOLUTE_HOURS
			});
			await runtime.throttle.cleanup(now);
			// Once a day: stored document files that no row points at (services/documents/documents.ts).
			if (now.getTime() - lastFileSweep > 24 * 60 * 60 * 1000) {
				lastFileSweep = now.getTime();
				const removed = await sweepOrphanFiles(runtime.handle.db, runtime.files, { now });
				if (removed > 0) logger.warn({ removed }, 'removed orphaned document files');
				// Half-made packages a crash left behind in DATA_DIR/tmp (infra/storage.ts).
				const leftovers = await sweepTempFiles(runtime.config, now);
				if (leftovers > 0) logger.warn({ leftovers }, 'removed leftover temporary files');
				// Idempotency keys of forms older than 60 days (services/core/submissions.ts).
				await pruneSubmissions(runtime.handle.db, now);
			}
			// Nightly: walk the audit log's hash chain; the result shows on the administrator's page.
			if (auditCheckDue(lastAuditCheck, now)) {
				lastAuditCheck = now;
				const check = await checkAuditChain(runtime.handle.db, now);
				if (check.ok) logger.info({ upTo: check.intactUpToEventId }, 'audit chain intact');
				else logger.error({ break: check.break }, 'audit chain broken');
			}
			if (runtime.handle.driver === 'pglite' && upkeepDue(lastUpkeep, now)) {
				lastUpkeep = now;
				await upkeepEmbedded(runtime.handle, 'vacuum');
			}
			if (now.getTime() - lastRetention > 24 * 60 * 60 * 1000) {
				lastRetention = now.getTime();
				const r = await runRetention(runtime.systemContext());
				logger.info({ ...r }, 'retention run');
			}
			await backups?.tick(now);
		} catch (err) {
			logger.error({ err }, 'background work failed');
		}
	};
	const timer = setInterval(tick, 15_000);
	timer.unref();
}

let current: Promise<Runtime> | null = null;

/** The app's runtime, created on first use from the environment. */
export function getRuntime(): Promise<Runtime> {
	current ??= (async () => {
		const config = loadConfig();
		const runtime = await createRuntime(config);
		const port = process.env.PORT ?? '3000';
		const baseUrl = config.ORIGIN ?? `http://localhost:${port}`;
		if (config.SELTSILINE_DEMO) {
			// The demo brings its own administrator, so no setup link is needed after it.
			const { loadDemoData } = await import('./services/admin/demo-data');
			await loadDemoData(runtime.systemContext());
		}
		await ensureFirstAdministrator(runtime.systemContext(), baseUrl);
		startBackgroundWork(runtime);
		logger.info({ driver: runtime.handle.driver }, 'database ready');
		return runtime;
	})();
	return current;
}

export async function closeRuntime(): Promise<void> {
	if (!current) return;
	const runtime = await current;
	current = null;
	await runtime.close();
}
