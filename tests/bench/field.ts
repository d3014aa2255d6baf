/**
 * The volunteer's phone in the field (issue 19, item 5): what the volunteer's pages cost on a
 * cheap phone, measured in Chromium against the production build on a small PGlite data set of
 * its own (no national data needed):
 *
 * - the compressed JavaScript of the volunteer's home, diary form and mileage log on a cold
 *   cache: every script the page loads, gzip-compressed at level 9 (what the build's
 *   precompressed `.gz` files hold), summed — target ≤ 35 KiB each;
 * - on Chrome's slow-3G preset (CDP `Network.emulateNetworkConditions`: 400 ms, 400 kbit/s both
 *   ways), the time from opening the diary form to "saved" (the diary page with the
 *   confirmation) — target ≤ 6 s; and with no connection, from tapping "save" to the
 *   "saved on this phone" notice — target: at once.
 *
 * `npm run bench -- --only=field` runs just these (`BENCH_JS_FILES=1` lists each page's scripts
 * by size); a full `npm run bench` adds them to BENCHMARKS.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { migrateDatabase, openDatabase } from '$lib/server/db/client';
import { seedReferenceData } from '$lib/server/services/core/reference';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import { addDays, tallinnDay } from '$lib/server/domain/dates';
import { translate } from '$lib/server/i18n';

export const JS_TARGET_KIB = 35;
export const SAVE_TARGET_S = 6;

export interface FieldFigures {
	/** Compressed JavaScript per page, KiB (1024 bytes), and the number of scripts. */
	javascript: { page: string; kib: number; scripts: number }[];
	/** Slow 3G: opening the diary form to "saved", seconds (median of the runs). */
	saveSeconds: number;
	saveRuns: number[];
	/** No connection: tapping "save" to "saved on this phone", seconds. */
	offlineSeconds: number;
}

const PASSWORD = 'mõõdame telefoni kiirust 2026';
const EMAIL = 'vilve.valjal@example.ee';
const et = (key: string) => translate('et', key);

async function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const a = srv.address();
			srv.close(() => (typeof a === 'object' && a ? ok(a.port) : fail(new Error('no port'))));
		});
	});
}

async function seed(dir: string): Promise<{ clientId: string }> {
	const handle = await openDatabase({ pgliteDir: join(dir, 'pglite') });
	try {
		await migrateDatabase(handle, 'drizzle');
		await seedReferenceData(handle.db);
		const db = handle.db;
		const county = await countyByName(db, 'Tartu maakond');
		const municipality = await firstMunicipality(db, county.id);
		const volunteer = await seedVolunteer(db, { countyId: county.id });
		await seedUser(db, {
			email: EMAIL,
			name: 'Vilve Väljal',
			password: PASSWORD,
			grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
		});
		const client = await seedClient(db, {
			countyId: county.id,
			municipalityId: municipality.id,
			status: 'paired'
		});
		await seedPairing(db, {
			clientId: client.id,
			volunteerId: volunteer.id,
			startsOn: addDays(tallinnDay(new Date()), -30)
		});
		return { clientId: client.id };
	} finally {
		await handle.close();
	}
}

async function start(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
	const port = await freePort();
	const url = `http://localhost:${port}`;
	let out = '';
	const child: ChildProcess = spawn(process.execPath, ['scripts/start.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: url,
			DATA_DIR: dir,
			LOG_LEVEL: 'warn',
			NODE_ENV: 'production'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
		try {
			if ((await fetch(`${url}/healthz`)).ok) break;
		} catch {
			/* not yet */
		}
		if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
		await new Promise((r) => setTimeout(r, 250));
	}
	return {
		url,
		stop: () =>
			new Promise((ok) => {
				child.once('exit', () => ok());
				child.kill('SIGTERM');
			})
	};
}

async function slow3g(context: BrowserContext, page: Page) {
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 400,
		downloadThroughput: (400 * 1000) / 8,
		uploadThroughput: (400 * 1000) / 8
	});
}

async function signIn(page: Page, url: string) {
	await page.goto(`${url}/login`, { waitUntil: 'networkidle' });
	await page.getByLabel(et('auth.email')).fill(EMAIL);
	await page.getByLabel(et('auth.password')).fill(PASSWORD);
	await page.getByRole('button', { name: et('auth.login.submit') }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

async function fillVisit(page: Page, text: string) {
	await page.getByLabel(et('diary.kind.home_visit')).check();
	await page.getByLabel(et('diary.duration')).fill('60');
	await page.getByLabel(et('diary.description')).fill(text);
}

export async function fieldFigures(
	opts: { runs?: number; log?: (s: string) => void } = {}
): Promise<FieldFigures> {
	const log = opts.log ?? console.log;
	const runs = opts.runs ?? 3;
	const dir = mkdtempSync(join(tmpdir(), 'seltsiline-field-'));
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic']
	});
	let server: { url: string; stop: () => Promise<void> } | null = null;
	try {
		const { clientId } = await seed(dir);
		server = await start(dir);
		const { url } = server;
		const phone = () =>
			browser.newContext({
				viewport: { width: 360, height: 740 },
				locale: 'et-EE',
				isMobile: true,
				hasTouch: true,
				// A cold cache and no service worker: what the first visit costs.
				serviceWorkers: 'block'
			});

		const javascript: FieldFigures['javascript'] = [];
		for (const [name, path] of [
			['home', '/'],
			['diary form', `/clients/${clientId}/diary/new`],
			['mileage log', '/mileage']
		] as const) {
			const context = await phone();
			const page = await context.newPage();
			await signIn(page, url);
			// A fresh page in a fresh context: nothing cached but the session cookie.
			const cold = await browser.newContext({
				viewport: { width: 360, height: 740 },
				locale: 'et-EE',
				serviceWorkers: 'block',
				storageState: await context.storageState()
			});
			const coldPage = await cold.newPage();
			const scripts = new Map<string, number>();
			const pending: Promise<void>[] = [];
			coldPage.on('response', (res) => {
				if (res.request().resourceType() !== 'script') return;
				pending.push(
					res
						.body()
						.then((b) => void scripts.set(res.url(), gzipSync(b, { level: 9 }).length))
						.catch(() => {})
				);
			});
			await coldPage.goto(url + path, { waitUntil: 'networkidle' });
			await Promise.all(pending);
			const bytes = [...scripts.values()].reduce((s, n) => s + n, 0);
			javascript.push({ page: name, kib: bytes / 1024, scripts: scripts.size });
			log(`  ${name}: ${(bytes / 1024).toFixed(1)} KiB gzip JavaScript in ${scripts.size} files`);
			if (process.env.BENCH_JS_FILES)
				for (const [u, n] of [...scripts].sort((a, b) => b[1] - a[1]))
					log(`    ${(n / 1024).toFixed(1)} KiB ${new URL(u).pathname}`);
			await cold.close();
			await context.close();
		}

		const saveRuns: number[] = [];
		for (let i = 0; i < runs; i++) {
			const context = await phone();
			const page = await context.newPage();
			await signIn(page, url);
			// Cold: the form's scripts are not in the cache yet.
			const cold = await browser.newContext({
				viewport: { width: 360, height: 740 },
				locale: 'et-EE',
				serviceWorkers: 'block',
				storageState: await context.storageState()
			});
			const p = await cold.newPage();
			await slow3g(cold, p);
			const started = Date.now();
			await p.goto(`${url}/clients/${clientId}/diary/new`, { waitUntil: 'load' });
			await fillVisit(p, `Mõõtmine ${i + 1}: külastus aeglase ühendusega.`);
			await p.getByRole('button', { name: et('diary.add.submit') }).click();
			await p.waitForURL(/\/diary\?done=added/, { timeout: 120_000 });
			await p.getByText(et('diary.added')).first().waitFor({ timeout: 60_000 });
			const seconds = (Date.now() - started) / 1000;
			saveRuns.push(seconds);
			log(`  slow 3G, open the diary form → saved: ${seconds.toFixed(1)} s`);
			await cold.close();
			await context.close();
		}

		// No connection: the save goes to the phone's queue at once.
		const context = await browser.newContext({
			viewport: { width: 360, height: 740 },
			locale: 'et-EE'
		});
		const page = await context.newPage();
		await signIn(page, url);
		await page.goto(`${url}/clients/${clientId}/diary/new`, { waitUntil: 'networkidle' });
		await context.setOffline(true);
		await fillVisit(page, 'Mõõtmine: külastus ilma ühenduseta.');
		const tapped = Date.now();
		await page.getByRole('button', { name: et('diary.add.submit') }).click();
		await page.getByText(et('offline.queued_diary')).waitFor({ timeout: 30_000 });
		const offlineSeconds = (Date.now() - tapped) / 1000;
		log(`  no connection, tap "save" → saved on this phone: ${offlineSeconds.toFixed(2)} s`);
		await context.close();

		const sorted = [...saveRuns].sort((a, b) => a - b);
		return {
			javascript,
			saveSeconds: sorted[Math.floor(sorted.length / 2)] ?? NaN,
			saveRuns,
			offlineSeconds
		};
	} finally {
		await browser.close();
		await server?.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The Markdown section of BENCHMARKS.md (and the console) for these figures. */
export function fieldReport(f: FieldFigures): string {
	const ok = (b: boolean) => (b ? '✅' : '❌');
	const lines = [
		'## The volunteer’s phone (issue 19)',
		'',
		'Chromium at 360 × 740 against the production build on a small PGlite data set; cold cache, no service worker. JavaScript: every script the page loads, gzip level 9.',
		'',
		'| figure | value | target |',
		'|---|---:|---|'
	];
	for (const j of f.javascript) {
		lines.push(
			`| JavaScript, ${j.page} (${j.scripts} files) | ${j.kib.toFixed(1)} KiB | ${ok(j.kib <= JS_TARGET_KIB)} ≤ ${JS_TARGET_KIB} KiB |`
		);
	}
	lines.push(
		`| slow 3G: open the diary form → saved (median of ${f.saveRuns.length}: ${f.saveRuns.map((s) => s.toFixed(1)).join(', ')} s) | ${f.saveSeconds.toFixed(1)} s | ${ok(f.saveSeconds <= SAVE_TARGET_S)} ≤ ${SAVE_TARGET_S} s |`,
		`| no connection: tap "save" → saved on this phone | ${f.offlineSeconds.toFixed(2)} s | ${ok(f.offlineSeconds < 1)} at once (< 1 s) |`,
		''
	);
	return lines.join('\n');
}
