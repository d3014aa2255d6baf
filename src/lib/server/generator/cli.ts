import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { migrateDatabase, openDatabase } from '../db/client';
import { tallinnDay, isIsoDay } from '../domain/dates';
import { seedReferenceData } from '../services/core/reference';
import { generateData } from './index';
import { PROFILE_NAMES, type ProfileName } from './profiles';

/**
 * `npm run generate -- --profile pilot|demo|county|national [--seed N] [--database-url …]
 * [--end yyyy-mm-dd] [--county "Tartu maakond"]` — run by scripts/run.js (Vite's SSR loader,
 * no extra TypeScript runner). Writes into DATABASE_URL (PostgreSQL) or the embedded database
 * in DATA_DIR (stop the app first: one process per PGlite folder). See docs/operations.md.
 */
const USAGE = `usage: npm run generate -- --profile pilot|demo|county|national [options]
  --seed N            another data set of the same size (default: fixed per profile)
  --database-url URL  PostgreSQL server (default: DATABASE_URL, else PGlite in DATA_DIR)
  --data-dir DIR      embedded database folder (default: DATA_DIR or ./data)
  --end yyyy-mm-dd    last day of county/national data (default: yesterday)
  --county NAME       the county of the county profile (default: Tartu maakond)`;

export async function main(args: string[]): Promise<number> {
	let values;
	try {
		({ values } = parseArgs({
			args,
			options: {
				profile: { type: 'string' },
				seed: { type: 'string' },
				'database-url': { type: 'string' },
				'data-dir': { type: 'string' },
				end: { type: 'string' },
				county: { type: 'string' },
				help: { type: 'boolean' }
			},
			strict: true
		}));
	} catch (err) {
		console.error(`${(err as Error).message}\n${USAGE}`);
		return 2;
	}
	const profile = values.profile as ProfileName | undefined;
	if (values.help || !profile || !PROFILE_NAMES.includes(profile)) {
		console.error(USAGE);
		return values.help ? 0 : 2;
	}
	const seed = values.seed === undefined ? undefined : Number(values.seed);
	if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)) {
		console.error('--seed must be a whole number 0–4294967295');
		return 2;
	}
	if (values.end !== undefined && !isIsoDay(values.end)) {
		console.error('--end must be a day yyyy-mm-dd');
		return 2;
	}
	const env: Record<string, string | undefined> = {
		...process.env,
		LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn'
	};
	if (values['database-url']) env.DATABASE_URL = values['database-url'];
	if (values['data-dir']) env.DATA_DIR = values['data-dir'];
	const config = loadConfig(env);
	const handle = await openDatabase({
		url: config.DATABASE_URL,
		pgliteDir: config.DATABASE_URL ? undefined : config.pgliteDir
	});
	const where = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.pgliteDir}`;
	try {
		await migrateDatabase(handle, config.migrationsDir);
		await seedReferenceData(handle.db);
		if (profile === 'demo') {
			const { loadDemoData } = await import('../services/admin/demo-data');
			const { createLoginThrottle } = await import('../infra/throttle');
			const { createMailer } = await import('../infra/mail');
			const { createFileStore } = await import('../infra/storage');
			const result = await loadDemoData({
				db: handle.db,
				actor: null,
				requestId: 'generate',
				ip: null,
				config,
				mailer: createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }),
				throttle: createLoginThrottle(handle.db, {
					maxPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
					maxPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
					blockMinutes: config.LOGIN_BLOCK_MINUTES
				}),
				files: createFileStore(config),
				now: () => new Date()
			});
			return result.status === 'refused' ? 1 : 0;
		}
		console.log(`Generating the ${profile} data set into ${where} …`);
		let shown = -1;
		const result = await generateData(handle.db, {
			profile,
			seed,
			today: tallinnDay(new Date()),
			end: values.end,
			county: values.county,
			progress: (done, total) => {
				const pct = Math.floor((done / total) * 10) * 10;
				if (pct !== shown && process.stdout.isTTY) {
					shown = pct;
					process.stdout.write(`  diary entries: ${done.toLocaleString('en')} (${pct} %)\r`);
				}
			}
		});
		const c = result.counts;
		console.log(
			[
				`Done in ${(result.ms / 1000).toFixed(1)} s (seed ${result.seed}, ${result.spec.start} – ${result.spec.end}):`,
				`  volunteers ${c.volunteers}, clients ${c.clients}, pairings ${c.pairings},`,
				`  diary entries ${c.diaryEntries} (${(c.minutes / 60).toLocaleString('en')} hours), trips ${c.trips}, claims ${c.claims},`,
				`  six-month surveys ${c.surveys}, recruitment outcomes ${c.recruitmentOutcomes}.`
			].join('\n')
		);
		return 0;
	} catch (err) {
		// A failed insert's message holds the whole query and its parameters: show the cause.
		const e = err as Error & { cause?: { message?: string; detail?: string } };
		console.error(e.cause?.message ?? e.message.slice(0, 500), e.cause?.detail ?? '');
		return 1;
	} finally {
		await handle.close();
	}
}
