import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';
import { type MessageKey } from '$lib/server/i18n';
import { translate } from '$lib/server/i18n';
import { openDatabase, migrateDatabase, type DatabaseHandle } from '$lib/server/db/client';
import { seedReferenceData } from '$lib/server/services/core/reference';

/**
 * End-to-end harness: the production build (build/) started as a real server on a free port
 * with its own embedded database in a temporary folder, driven by Debian's Chromium.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
		});
	});
}

/**
 * The embedded database a test's server will open (`dir`/pglite, the layout of DATA_DIR),
 * migrated and seeded with the reference data, open for the test to add its fixtures. It starts
 * from the run's migrated template (tests/helpers/pglite-template.ts) when there is one: a
 * quarter of the work of a fresh initdb and the migrations. The tests of a newcomer's first
 * start (readme-start, first-run) start from an empty folder instead.
 */
export async function openSeededDatabase(dir: string): Promise<DatabaseHandle> {
	const template = process.env.SELTSILINE_PGLITE_TEMPLATE;
	const handle = await openDatabase({
		pgliteDir: join(dir, 'pglite'),
		pgliteLoadDataDir:
			template && existsSync(template) ? new Blob([readFileSync(template)]) : undefined
	});
	try {
		await migrateDatabase(handle, 'drizzle'); // applies nothing on the template
		await seedReferenceData(handle.db);
	} catch (e) {
		await handle.close();
		throw e;
	}
	return handle;
}

export interface RunningApp {
	url: string;
	port: number;
	dataDir: string;
	output: () => string;
	/** The first-administrator setup link printed to the log (when no ADMIN_* was given). */
	setupLink: () => string | null;
	/** The server process (a test may signal it itself). */
	child: ChildProcess;
	stop(): Promise<void>;
}

/** `env` overrides the test environment; a value of `undefined` removes the variable. */
export async function startApp(env: Record<string, string | undefined> = {}): Promise<RunningApp> {
	const port = await freePort();
	const dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-e2e-'));
	const url = `http://localhost:${port}`;
	let out = '';
	const childEnv: Record<string, string | undefined> = {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: url,
		DATA_DIR: dataDir,
		LOG_LEVEL: 'warn',
		...env
	};
	for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
	const child: ChildProcess = spawn(process.execPath, ['scripts/start.js'], {
		env: childEnv as NodeJS.ProcessEnv,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (out += d.toString()));
	child.stderr!.on('data', (d) => (out += d.toString()));
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`app exited early:\n${out}`);
		try {
			const res = await fetch(`${url}/healthz`);
			if (res.ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) throw new Error(`app did not start:\n${out}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		url,
		port,
		dataDir,
		output: () => out,
		setupLink: () => /(http:\/\/\S+\/setup\?token=\w+)/.exec(out)?.[1] ?? null,
		child,
		async stop() {
			if (child.exitCode === null) {
				const exited = new Promise((r) => child.once('exit', r));
				child.kill('SIGTERM');
				await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
				if (child.exitCode === null) child.kill('SIGKILL');
			}
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run',
			'--disable-sync'
		]
	});
}

export interface Session {
	context: BrowserContext;
	page: Page;
	/** Console errors and CSP violations seen so far. */
	problems: string[];
}

/** A fresh browser context (own cookies); phone-sized when asked; JavaScript optional. */
export async function newSession(
	browser: Browser,
	opts: { phone?: boolean; javaScript?: boolean } = {}
): Promise<Session> {
	const context = await browser.newContext({
		viewport: opts.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
		javaScriptEnabled: opts.javaScript ?? true,
		locale: 'et-EE'
	});
	if (opts.javaScript === false) withoutJavaScript.add(context);
	const page = await context.newPage();
	const problems: string[] = [];
	page.on('console', (msg) => {
		// HTTP statuses (a 400 after a refused form, a 404 we navigate to on purpose) are
		// expected; script errors and CSP violations are not.
		if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
			problems.push(msg.text());
		}
	});
	page.on('pageerror', (err) => problems.push(err.message));
	return { context, page, problems };
}

/** Estonian UI text of a message key, for selectors that read like the page. */
export const et = (key: MessageKey | string, params?: Record<string, string | number>) =>
	translate('et', key, params);

/**
 * axe-core, WCAG 2.1 A and AA: no violations on the current page. Legacy mode runs axe in the
 * page itself (the app has no frames) instead of opening a second page to merge the frames'
 * results: half the time of the default, the same verdict. (Not `resultTypes: ['violations']`:
 * it trims the passes that `landmark-unique` compares, and reports distinct landmarks as one.)
 */
export async function expectAccessible(page: Page): Promise<void> {
	const result = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.setLegacyMode(true)
		.analyze();
	const summary = result.violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Contexts made by `newSession` without JavaScript: their pages never hydrate. */
const withoutJavaScript = new WeakSet<BrowserContext>();

export async function login(page: Page, baseUrl: string, email: string, password: string) {
	// Wait for hydration (the root layout marks <html data-hydrated>; a page without JavaScript
	// never does, hence the cap) so that it cannot swallow the click, then for the next page or
	// the form's message. On a loaded machine try once more if neither came.
	for (let attempt = 0; attempt < 2; attempt++) {
		await page.goto(`${baseUrl}/login`);
		if (!withoutJavaScript.has(page.context()))
			await page
				.locator('html[data-hydrated]')
				.waitFor({ state: 'attached', timeout: 5_000 })
				.catch(() => {});
		await page.getByLabel(et('auth.email')).fill(email);
		await page.getByLabel(et('auth.password')).fill(password);
		await page.getByRole('button', { name: et('auth.login.submit') }).click();
		const left = await Promise.any([
			page.waitForURL((u) => u.pathname !== '/login', { timeout: 20_000 }),
			page.getByRole('alert').first().waitFor({ state: 'visible', timeout: 20_000 })
		]).then(
			() => true,
			() => false
		);
		if (left) {
			await page.waitForLoadState('load');
			return;
		}
	}
}

/** Waits for the element and returns its visible text, trimmed. */
export async function textOf(locator: import('playwright-core').Locator): Promise<string> {
	await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
	return (await locator.first().innerText()).trim();
}

/** Waits until the element is visible (fails the test after 15 s). */
export async function visible(locator: import('playwright-core').Locator): Promise<void> {
	await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
}
