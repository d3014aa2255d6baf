import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { countyByName, seedUser, seedVolunteer } from '$lib/server/fixtures/factories';
import { tallinnDay } from '$lib/server/domain/dates';
import {
	et,
	expectAccessible,
	launchBrowser,
	login,
	newSession,
	startApp,
	textOf,
	visible,
	type RunningApp,
	type Session,
	openSeededDatabase
} from './harness';
import { samplePdf } from '../helpers/files';

/**
 * Issue 22, experience stories (R-STORY-1), end to end in Chromium: the Harju coordinator writes
 * a story about a volunteer, is refused publishing it with names before the volunteer's consent,
 * records the consent and publishes; a fresh anonymous browser reads it on `/lood` (phone-sized,
 * in the story's language); the consent is withdrawn and the story is gone from `/lood`.
 */
const PASSWORD = 'lood ja nousolekud 2026';
const COORDINATOR = { email: 'kaja.lood@example.ee', name: 'Kaja Harjumaa' };
const TITLE = 'Как мы с Марией пили чай';
const BODY = 'Первый абзац истории.\n\nВторой абзац.';

let app: RunningApp;
let browser: Browser;
let dataDir: string;
const ids = { story: '' };
const sessions: Session[] = [];
const today = tallinnDay(new Date());

async function seedData(dir: string) {
	const handle = await openSeededDatabase(dir);
	try {
		const harju = await countyByName(handle.db, 'Harju maakond');
		await seedUser(handle.db, {
			...COORDINATOR,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: harju.id }]
		});
		await seedVolunteer(handle.db, {
			countyId: harju.id,
			status: 'active',
			firstName: 'Vello',
			lastName: 'Vabatahtlik'
		});
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-stories-'));
	await seedData(dataDir);
	[app, browser] = await Promise.all([startApp({ DATA_DIR: dataDir }), launchBrowser()]);
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

let coordinatorPage: Page | null = null;
async function coordinator(): Promise<Page> {
	if (!coordinatorPage) {
		const s = await newSession(browser, {});
		sessions.push(s);
		await login(s.page, app.url, COORDINATOR.email, PASSWORD);
		await s.page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
		coordinatorPage = s.page;
	}
	return coordinatorPage;
}

/** A fresh browser with no login, phone-sized: what a reader of the website sees. */
async function visitor(): Promise<Page> {
	const s = await newSession(browser, { phone: true });
	sessions.push(s);
	return s.page;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const field = (page: Page, key: string) =>
	page.locator('main').getByLabel(new RegExp(`^${escape(et(key))}`));

describe('experience stories: the coordinator publishes, the public reads', () => {
	it('writes a story in Russian about a volunteer', async () => {
		const page = await coordinator();
		await page.goto(`${app.url}/stories`);
		await visible(page.getByRole('heading', { level: 1, name: et('stories.title') }));
		await expectAccessible(page);
		await page.getByRole('link', { name: et('stories.new') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('stories.new') }));
		await field(page, 'stories.story_title').fill(TITLE);
		await field(page, 'stories.language').selectOption('ru');
		await field(page, 'stories.body').fill(BODY);
		await field(page, 'stories.author').fill('Велло');
		await expectAccessible(page);
		await page.getByRole('button', { name: et('stories.save') }).click();
		await visible(page.getByRole('heading', { level: 1, name: TITLE }));
		ids.story = new URL(page.url()).pathname.split('/').pop()!;
		await field(page, 'stories.add_person').selectOption({ label: 'Vello Vabatahtlik' });
		await page.getByRole('button', { name: et('stories.add'), exact: true }).click();
		await page.waitForURL((url) => url.search.includes('done=people'));
		expect(await textOf(page.locator('#people tbody'))).toContain(et('stories.consent_missing'));
		await expectAccessible(page);
	});

	it('is refused publishing with names before the consent', async () => {
		const page = await coordinator();
		await page.goto(`${app.url}/stories/${ids.story}`);
		await page.getByRole('radio', { name: et('stories.with_names') }).check();
		await page.getByRole('button', { name: et('stories.publish'), exact: true }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(page.locator('#publish [role="alert"]'))).toBe(
			et('stories.error.consent_missing')
		);
		const reader = await visitor();
		await reader.goto(`${app.url}/lood`);
		expect(await textOf(reader.locator('main'))).not.toContain(TITLE);
	});

	it('records the consent, publishes, and a fresh anonymous visitor reads it on /lood', async () => {
		const page = await coordinator();
		await page.goto(`${app.url}/stories/${ids.story}`);
		await page.locator('#people summary').click();
		await field(page, 'stories.consent_on').fill(today);
		await page.getByLabel(et('stories.consent_file')).setInputFiles({
			name: 'nousolek.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from(await samplePdf('Nõusolek loo avaldamiseks'))
		});
		await page.getByRole('button', { name: et('stories.consent_save') }).click();
		await page.waitForURL((url) => url.search.includes('done=people'));
		expect(await textOf(page.locator('#people tbody'))).toContain(et('stories.consent_document'));
		await page.getByRole('radio', { name: et('stories.with_names') }).check();
		await page.getByRole('button', { name: et('stories.publish'), exact: true }).click();
		await page.waitForURL((url) => url.search.includes('done=published'));
		expect(await textOf(page.locator('#publish'))).toContain(et('stories.published_named'));

		const reader = await visitor();
		const response = await reader.goto(`${app.url}/lood`);
		expect(response?.status()).toBe(200);
		expect(new URL(reader.url()).pathname).toBe('/lood');
		const story = reader.locator('article', { hasText: TITLE });
		await visible(story);
		expect(await story.getAttribute('lang')).toBe('ru');
		expect(await textOf(story)).toContain('Второй абзац.');
		expect(await textOf(story)).toContain('Велло');
		await expectAccessible(reader);
	});

	it('withdrawing the consent takes the story off /lood at once', async () => {
		const page = await coordinator();
		await page.goto(`${app.url}/stories/${ids.story}`);
		await page
			.locator('#people tbody tr', { hasText: 'Vello' })
			.getByRole('button', { name: new RegExp(`^${escape(et('stories.withdraw'))}`) })
			.click();
		await page.waitForURL((url) => url.search.includes('done=withdrawn'));
		expect(await textOf(page.locator('#publish'))).toContain(et('stories.draft'));
		const reader = await visitor();
		await reader.goto(`${app.url}/lood`);
		expect(await textOf(reader.locator('main'))).not.toContain(TITLE);
		expect(await textOf(reader.locator('main'))).toContain(et('stories.public_empty'));
	});

	it('had no script errors or CSP violations', () => {
		for (const s of sessions) expect(s.problems).toEqual([]);
	});
});
