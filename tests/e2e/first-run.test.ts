import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
	et,
	expectAccessible,
	launchBrowser,
	login,
	newSession,
	startApp,
	textOf,
	visible,
	type RunningApp
} from './harness';

const PASSWORD = 'kolm rohelist õuna laual';

let app: RunningApp;
let browser: Browser;
beforeAll(async () => {
	app = await startApp();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await app?.stop();
});

describe('first run', () => {
	it('prints a one-time setup link and serves health', async () => {
		expect(app.setupLink()).toMatch(/\/setup\?token=[a-z0-9]{20,}/);
		const health = await (await fetch(`${app.url}/healthz`)).json();
		expect(health).toMatchObject({ ok: true, database: 'up' });
	});

	it('refuses the setup page without the token', async () => {
		const { page } = await newSession(browser);
		await page.goto(`${app.url}/setup?token=guessed`);
		expect(await textOf(page.getByRole('alert'))).toBe(et('auth.link_invalid'));
		expect(await page.getByRole('button', { name: et('auth.setup.submit') }).count()).toBe(0);
		await expectAccessible(page);
	});

	it('creates the first administrator through the link, once', async () => {
		const { page, problems } = await newSession(browser);
		await page.goto(app.setupLink()!);
		await expectAccessible(page);
		await page.getByLabel(et('auth.name')).fill('Anu Admin');
		await page.getByLabel(et('auth.email')).fill('anu@example.ee');
		await page.getByLabel(et('auth.new_password')).fill('lühike');
		await page.getByRole('button', { name: et('auth.setup.submit') }).click();
		await visible(page.getByText(et('password.too_short')));
		await expectAccessible(page);
		await page.getByLabel(et('auth.new_password')).fill(PASSWORD);
		await page.getByRole('button', { name: et('auth.setup.submit') }).click();
		await page.waitForURL(/\/admin\/users/);
		expect(problems).toEqual([]);
		// The link works only once.
		const second = await newSession(browser);
		await second.page.goto(app.setupLink()!);
		expect(await textOf(second.page.getByRole('alert'))).toBe(et('auth.link_invalid'));
	});

	it('keeps what was typed while the scripts were still loading (a slow phone)', async () => {
		const { page, problems } = await newSession(browser, { phone: true });
		// Hold the page's scripts back, type into the server-rendered form, then let them run.
		let release = () => {};
		const held = new Promise<void>((r) => (release = r));
		await page.route('**/_app/immutable/**', async (route) => {
			await held;
			await route.continue();
		});
		// (DOMContentLoaded waits for module scripts: only the response is awaited.)
		await page.goto(`${app.url}/login`, { waitUntil: 'commit' });
		await visible(page.getByLabel(et('auth.password')));
		await page.getByLabel(et('auth.email')).fill('anu@example.ee');
		await page.getByLabel(et('auth.password')).fill(PASSWORD);
		release();
		await page.waitForLoadState('networkidle');
		// Hydration has run (the scripts are in), and the typed text is still there.
		await page.waitForFunction(() => document.querySelector('[data-hydrated]') !== null);
		expect(await page.getByLabel(et('auth.email')).inputValue()).toBe('anu@example.ee');
		expect(await page.getByLabel(et('auth.password')).inputValue()).toBe(PASSWORD);
		await page.getByRole('button', { name: et('auth.login.submit') }).click();
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
			et('home.title', { name: 'Anu Admin' })
		);
		expect(problems).toEqual([]);
	});

	it('logs in and out, switches language, and refuses a wrong password with one message', async () => {
		const { page, problems } = await newSession(browser, { phone: true });
		await login(page, app.url, 'anu@example.ee', 'vale parool on see siin');
		expect(await textOf(page.getByRole('alert'))).toBe(et('auth.invalid_credentials'));
		await login(page, app.url, 'nobody@example.ee', 'vale parool on see siin');
		expect(await textOf(page.getByRole('alert'))).toBe(et('auth.invalid_credentials'));
		await login(page, app.url, 'anu@example.ee', PASSWORD);
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
			et('home.title', { name: 'Anu Admin' })
		);
		await expectAccessible(page);
		await page.getByRole('button', { name: 'English' }).click();
		await visible(page.getByRole('link', { name: 'Home' }));
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		await page.getByRole('button', { name: 'Eesti' }).click();
		await page.getByRole('button', { name: et('layout.logout') }).click();
		expect(await textOf(page.getByRole('status'))).toBe(et('auth.logged_out'));
		expect(problems).toEqual([]);
	});

	it('answers with strict security headers and refuses a cross-site form post', async () => {
		const res = await fetch(`${app.url}/login`);
		const csp = res.headers.get('content-security-policy') ?? '';
		const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
		expect(scriptSrc).toContain("'self'");
		expect(scriptSrc).not.toContain('unsafe-inline');
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("object-src 'none'");
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('same-origin');
		expect(res.headers.get('x-request-id')).toBeTruthy();

		// CSRF: a form posted from another site is refused before it reaches the action.
		const forged = await fetch(`${app.url}/login`, {
			method: 'POST',
			headers: {
				origin: 'https://evil.example',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: 'email=anu%40example.ee&password=x'
		});
		expect(forged.status).toBe(403);

		// The session cookie is not readable by scripts and not sent cross-site.
		const { page, context } = await newSession(browser);
		await login(page, app.url, 'anu@example.ee', PASSWORD);
		const session = (await context.cookies()).find((c) => c.httpOnly);
		expect(session).toBeDefined();
		expect(session!.sameSite).toBe('Lax');
		expect(await page.evaluate(() => document.cookie)).not.toContain(session!.name);
	});
});
