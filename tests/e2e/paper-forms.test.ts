import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { openDatabase, migrateDatabase } from '$lib/server/db/client';
import { pairings, stories } from '$lib/server/db/schema';
import { seedReferenceData } from '$lib/server/services/core/reference';
import { seedSurveyQuestionSets } from '$lib/server/services/pairings/surveys';
import {
	countyByName,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import { tallinnDay } from '$lib/server/domain/dates';
import { addMonths } from '$lib/server/domain/surveys';
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
	type Session
} from './harness';
import { samplePdf, samplePng } from '../helpers/files';
import { pdfText } from '../helpers/pdf';

/**
 * Issue 22, "Paper and agreements" and the story photo, end to end in Chromium: the Harju
 * coordinator finds the missing good-will agreement on the attention list and uploads it on
 * the pairing page, records a month of paper diary pages, marks it entered and destroyed, and
 * prints the diary page in Russian; the volunteer (on a phone) finds the forms from the home
 * page, sees which months came on paper and prints the survey in the client's language; the
 * coordinator adds a photo to a story and publishes it, and an anonymous visitor sees it on
 * `/lood` with its alt text. axe on every page.
 */
const PASSWORD = 'paberid ja vormid 2026';
const COORDINATOR = { email: 'kaja.paber@example.ee', name: 'Kaja Harjumaa' };
const VOLUNTEER = { email: 'vello.paber@example.ee', name: 'Vello Vabatahtlik' };
const today = tallinnDay(new Date());
const started = addMonths(today, -2);
const lastMonth = addMonths(today, -1).slice(0, 7);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const shown = (day: string) => day.split('-').reverse().join('.');

let app: RunningApp;
let browser: Browser;
let dataDir: string;
const ids = { client: '', pairing: '', story: '' };
const sessions: Session[] = [];

async function seedData(dir: string) {
	const handle = await openDatabase({ pgliteDir: join(dir, 'pglite') });
	try {
		await migrateDatabase(handle, 'drizzle');
		await seedReferenceData(handle.db);
		await seedSurveyQuestionSets(handle.db);
		const harju = await countyByName(handle.db, 'Harju maakond');
		await seedUser(handle.db, {
			...COORDINATOR,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: harju.id }]
		});
		const v = await seedVolunteer(handle.db, {
			countyId: harju.id,
			status: 'active',
			firstName: 'Vello',
			lastName: 'Vabatahtlik'
		});
		await seedUser(handle.db, {
			...VOLUNTEER,
			password: PASSWORD,
			grants: [{ role: 'volunteer', volunteerId: v.id }]
		});
		const c = await seedClient(handle.db, {
			countyId: harju.id,
			status: 'paired',
			firstName: 'Maria',
			lastName: 'Ivanova',
			languages: ['ru']
		});
		ids.client = c.id;
		const p = await seedPairing(handle.db, {
			clientId: c.id,
			volunteerId: v.id,
			startsOn: started
		});
		await handle.db.update(pairings).set({ introducedOn: started }).where(eq(pairings.id, p.id));
		ids.pairing = p.id;
		const [s] = await handle.db
			.insert(stories)
			.values({
				countyId: harju.id,
				title: 'Teisipäevad Mariaga',
				body: 'Esimene lõik.',
				language: 'et',
				author: 'Vello'
			})
			.returning({ id: stories.id });
		ids.story = s!.id;
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-paper-'));
	await seedData(dataDir);
	[app, browser] = await Promise.all([startApp({ DATA_DIR: dataDir }), launchBrowser()]);
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

const pages: Record<string, Page> = {};
async function as(who: typeof COORDINATOR, phone = false): Promise<Page> {
	if (!pages[who.email]) {
		const s = await newSession(browser, { phone });
		sessions.push(s);
		await login(s.page, app.url, who.email, PASSWORD);
		await s.page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
		pages[who.email] = s.page;
	}
	return pages[who.email]!;
}

async function download(page: Page, click: () => Promise<void>) {
	const [file] = await Promise.all([page.waitForEvent('download'), click()]);
	return {
		name: file.suggestedFilename(),
		bytes: new Uint8Array(readFileSync((await file.path())!))
	};
}

const pairingUrl = () => `${app.url}/clients/${ids.client}/pairings/${ids.pairing}`;

describe('paper and agreements: the coordinator', () => {
	it('finds the missing good-will agreement on the attention list and uploads it', async () => {
		const page = await as(COORDINATOR);
		await page.goto(`${app.url}/attention`);
		const section = page.locator('#goodwill');
		await visible(section.getByRole('heading', { name: et('paper.attention.goodwill_title') }));
		await section.getByRole('link', { name: 'Maria Ivanova' }).click();
		await page.waitForURL((url) => url.pathname.endsWith(ids.pairing));
		expect(await textOf(page.locator('#goodwill-state'))).toBe(
			et('paper.goodwill.late', { date: shown(addMonths(started, 1)) })
		);
		await expectAccessible(page);
		await page.locator('#documents summary', { hasText: et('document.upload.title') }).click();
		await page
			.getByLabel(et('document.upload.kind'), { exact: true })
			.selectOption('goodwill_agreement');
		await page.getByLabel(et('document.upload.file')).setInputFiles({
			name: 'kokkulepe.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from(await samplePdf('Heatahtlikkuse kokkulepe'))
		});
		await page.getByRole('button', { name: et('document.upload.submit') }).click();
		await page.waitForLoadState('networkidle');
		await page.goto(pairingUrl());
		expect(await textOf(page.locator('#goodwill-state'))).toContain(
			et('paper.goodwill.uploaded', { date: shown(today) })
		);
		await page.goto(`${app.url}/attention`);
		expect(await textOf(page.locator('#goodwill'))).toContain(et('paper.attention.goodwill_empty'));
	});

	it('records a month of paper pages, marks it entered and destroyed', async () => {
		const page = await as(COORDINATOR);
		await page.goto(`${pairingUrl()}#paper-diaries`);
		expect(await textOf(page.locator('#paper-diaries'))).toContain(et('paper.diaries.none'));
		await page.locator('#paper-received summary').click();
		// A refused form says why and keeps what was typed.
		await page.getByLabel(new RegExp(`^${et('paper.diaries.month')}`)).fill(lastMonth);
		await page.getByLabel(new RegExp(`^${et('paper.diaries.pages')}`)).fill('0');
		await page.getByRole('button', { name: et('paper.diaries.record_submit') }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(page.locator('#paper-diaries'))).toContain(et('paper.error.pages'));
		await page.getByLabel(new RegExp(`^${et('paper.diaries.pages')}`)).fill('3');
		await page.getByRole('button', { name: et('paper.diaries.record_submit') }).click();
		await page.waitForURL((url) => url.search.includes('done=paper_received'));
		const table = page.locator('#paper-diaries table');
		expect(await textOf(table)).toContain(`${lastMonth.slice(5)}.${lastMonth.slice(0, 4)}`);
		expect(await textOf(table)).toContain(et('paper.state.not_entered'));
		await expectAccessible(page);
		await page
			.getByRole('button', { name: new RegExp(`^${et('paper.diaries.mark_entered')}`) })
			.click();
		await page.waitForURL((url) => url.search.includes('done=paper_entered'));
		await page
			.getByRole('button', { name: new RegExp(`^${et('paper.diaries.mark_destroyed')}`) })
			.click();
		await page.waitForURL((url) => url.search.includes('done=paper_destroyed'));
		const row = await textOf(page.locator('#paper-diaries tbody tr'));
		expect(row).not.toContain(et('paper.state.not_entered'));
		expect(row.match(new RegExp(today.split('-').reverse().join('\\.'), 'g'))?.length).toBe(3);
	});

	it('prints the paper diary page in Russian, with the first names', async () => {
		const page = await as(COORDINATOR);
		await page.goto(pairingUrl());
		const diary = page.locator('#paper-forms li', { hasText: et('paper.forms.diary') });
		const file = await download(page, () =>
			diary.getByRole('link', { name: 'Русский (PDF)' }).click()
		);
		expect(file.name).toBe('paberpaevik-ru.pdf');
		const text = await pdfText(file.bytes);
		expect(text).toContain('Дневник клиента на бумаге');
		expect(text).toContain('Волонтёр: Vello');
		expect(text).toContain('Получатель помощи: Maria');
		expect(text).toContain('Подпись волонтёра');
		expect(text).not.toContain('Ivanova');
	});
});

describe('paper and agreements: the volunteer on a phone', () => {
	it('finds the forms from the home page, sees the months on paper, prints the survey', async () => {
		const page = await as(VOLUNTEER, true);
		await page.goto(app.url);
		await page.getByRole('link', { name: `${et('paper.forms.home_link')}: Maria Ivanova` }).click();
		await page.waitForURL((url) => url.pathname.endsWith(ids.pairing));
		await visible(page.getByRole('heading', { name: et('paper.forms.title') }));
		expect(await textOf(page.locator('#paper-diaries table'))).toContain(
			`${lastMonth.slice(5)}.${lastMonth.slice(0, 4)}`
		);
		// Only the coordinator records and confirms.
		expect(await page.locator('#paper-received').count()).toBe(0);
		expect(
			await page
				.getByRole('button', { name: new RegExp(et('paper.diaries.mark_destroyed')) })
				.count()
		).toBe(0);
		await expectAccessible(page);
		const survey = page.locator('#paper-forms li', { hasText: et('paper.forms.survey') });
		// The client speaks Russian: the survey's first link is the Russian one.
		const first = survey.getByRole('link').first();
		expect(await first.getAttribute('hreflang')).toBe('ru');
		const file = await download(page, () => first.click());
		const text = await pdfText(file.bytes);
		expect(text).toContain('Опрос через шесть месяцев');
		expect(text).toContain('Получатель помощи: Maria');
	});
});

describe('a story’s photo', () => {
	it('the coordinator adds a photo with its alt text and publishes; a visitor sees it on /lood', async () => {
		const page = await as(COORDINATOR);
		await page.goto(`${app.url}/stories/${ids.story}`);
		const photo = page.locator('#photo');
		// Without the alt text (only spaces) the photo is refused and nothing is saved.
		await page.getByLabel(new RegExp(`^${escape(et('stories.photo.file'))}`)).setInputFiles({
			name: 'foto.png',
			mimeType: 'image/png',
			buffer: Buffer.from(samplePng())
		});
		await page.getByLabel(new RegExp(`^${escape(et('stories.photo.alt'))}`)).fill('   ');
		await page.getByRole('button', { name: et('stories.photo.save') }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(photo)).toContain(et('stories.photo.alt_required'));
		expect(await textOf(photo)).toContain(et('stories.photo.none_yet'));
		await page.getByLabel(new RegExp(`^${escape(et('stories.photo.file'))}`)).setInputFiles({
			name: 'foto.png',
			mimeType: 'image/png',
			buffer: Buffer.from(samplePng())
		});
		await page
			.getByLabel(new RegExp(`^${escape(et('stories.photo.alt'))}`))
			.fill('Kaks inimest teed joomas');
		await page.getByRole('button', { name: et('stories.photo.save') }).click();
		await page.waitForURL((url) => url.search.includes('done=photo'));
		expect(await textOf(photo)).toContain(et('stories.photo.shown_when_published'));
		await expectAccessible(page);

		const visitorBefore = await newSession(browser, { phone: true });
		sessions.push(visitorBefore);
		const hidden = await visitorBefore.page.request.get(`${app.url}/lood/${ids.story}/photo`);
		expect(hidden.status()).toBe(404);

		await page.getByRole('radio', { name: et('stories.anonymously') }).check();
		await page.getByRole('checkbox', { name: et('stories.names_removed') }).check();
		await page.getByRole('button', { name: et('stories.publish'), exact: true }).click();
		await page.waitForURL((url) => url.search.includes('done=published'));
		await visible(page.locator('#photo img[alt="Kaks inimest teed joomas"]'));

		const reader = visitorBefore.page;
		await reader.goto(`${app.url}/lood`);
		const img = reader.locator('article img');
		await visible(img);
		expect(await img.getAttribute('alt')).toBe('Kaks inimest teed joomas');
		expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(2);
		await expectAccessible(reader);
	});

	it('had no script errors or CSP violations', () => {
		for (const s of sessions) expect(s.problems, s.problems.join('\n')).toEqual([]);
	});
});
