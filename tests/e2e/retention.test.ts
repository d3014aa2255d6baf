import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openDatabase, migrateDatabase } from '$lib/server/db/client';
import { documents, surveyQuestionSets, surveyResponses } from '$lib/server/db/schema';
import { seedReferenceData } from '$lib/server/services/core/reference';
import { seedSurveyQuestionSets } from '$lib/server/services/pairings/surveys';
import { countyByName, seedClient, seedUser, seedVolunteer } from '$lib/server/fixtures/factories';
import { addDays, tallinnDay } from '$lib/server/domain/dates';
import { addCalendarMonths } from '$lib/server/domain/retention';
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

/**
 * Issue 24 end to end in Chromium, as the administrator: the retention page lists what goes in
 * the next 14 days (a paper survey's scan due in five days), the project's end is set to today
 * (R-MAP-5) after the preview, the never-used mapping entry appears as due today, the run is
 * started, the register shows its row, and the register is downloaded as CSV.
 */
const PASSWORD = 'sailitamine ja havitamine 2026';
const ADMIN = { email: 'aadu.admin@example.ee', name: 'Aadu Administraator' };
const COORDINATOR = { email: 'kaie.harju@example.ee', name: 'Kaie Harjumaa' };
const today = tallinnDay(new Date());

let app: RunningApp;
let browser: Browser;
let dataDir: string;
const sessions: Session[] = [];
const ids = { unused: '', scan: '', used: '', volunteer: '' };

async function seedData(dir: string) {
	const handle = await openDatabase({ pgliteDir: join(dir, 'pglite') });
	try {
		await migrateDatabase(handle, 'drizzle');
		await seedReferenceData(handle.db);
		await seedSurveyQuestionSets(handle.db);
		const harju = await countyByName(handle.db, 'Harju maakond');
		await seedUser(handle.db, { ...ADMIN, password: PASSWORD, grants: [{ role: 'admin' }] });
		await seedUser(handle.db, {
			...COORDINATOR,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: harju.id }]
		});
		const unused = await seedClient(handle.db, {
			countyId: harju.id,
			status: 'waiting',
			firstName: 'Unustatud',
			lastName: 'Kaardistus'
		});
		ids.unused = unused.id;
		const used = await seedClient(handle.db, {
			countyId: harju.id,
			status: 'waiting',
			firstName: 'Ankeet',
			lastName: 'Paberil'
		});
		ids.used = used.id;
		ids.volunteer = (await seedVolunteer(handle.db, { countyId: harju.id })).id;
		// Entered so that the scan is due in five days (three months after entry, R-PAIR-6).
		const entered = addCalendarMonths(addDays(today, 5), -3);
		const [set] = await handle.db.select().from(surveyQuestionSets).limit(1);
		const [response] = await handle.db
			.insert(surveyResponses)
			.values({
				clientId: used.id,
				questionSetId: set!.id,
				conductedOn: entered,
				answers: {},
				onPaper: true,
				paperDestroyDueOn: addCalendarMonths(entered, 3),
				enteredAt: new Date(`${entered}T09:00:00Z`)
			})
			.returning();
		const bytes = new TextEncoder().encode('%PDF-1.4\nankeet\n%%EOF\n');
		const key = `documents/2026/01/${randomUUID()}`;
		const path = join(dir, 'files', key);
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, bytes, { mode: 0o600 });
		const [doc] = await handle.db
			.insert(documents)
			.values({
				countyId: harju.id,
				kind: 'survey_scan',
				ownerRef: `survey_response:${response!.id}`,
				fileName: 'ankeet.pdf',
				mediaType: 'application/pdf',
				sizeBytes: bytes.length,
				sha256: createHash('sha256').update(bytes).digest('hex'),
				storageKey: key
			})
			.returning();
		ids.scan = doc!.id;
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-retention-'));
	await seedData(dataDir);
	[app, browser] = await Promise.all([startApp({ DATA_DIR: dataDir }), launchBrowser()]);
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

let adminPage: Page | null = null;
async function administrator(): Promise<Page> {
	if (!adminPage) {
		const s = await newSession(browser, {});
		sessions.push(s);
		await login(s.page, app.url, ADMIN.email, PASSWORD);
		await s.page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
		adminPage = s.page;
	}
	return adminPage;
}

const upcoming = (page: Page) => page.locator('section', { has: page.locator('#upcoming-h') });

describe('retention: the administrator sees what goes next, lets it run, downloads the register', () => {
	it('lists the paper survey scan due in five days', async () => {
		const page = await administrator();
		await page.goto(`${app.url}/admin/retention`);
		await visible(page.getByRole('heading', { level: 1, name: et('retention.title') }));
		const text = await textOf(upcoming(page));
		expect(text).toContain(et('retention.rule.survey_paper_scan'));
		expect(text).not.toContain(et('retention.rule.mapping_unused'));
		await expectAccessible(page);
	});

	it('sets the project end to today after the preview; the unused mapping entry is due', async () => {
		const page = await administrator();
		await page.goto(`${app.url}/admin/retention`);
		await page.getByLabel(et('retention.clocks.which')).selectOption('project_end');
		await page.getByLabel(new RegExp(`^${et('retention.clocks.day')}`)).fill(today);
		await page.getByRole('button', { name: et('retention.clocks.set') }).click();
		// Without the confirmation tick nothing is set (the browser's own check or the server's).
		expect(new URL(page.url()).search).not.toContain('done=clock');
		await page.getByLabel(et('retention.clocks.confirm')).check();
		await page.getByRole('button', { name: et('retention.clocks.set') }).click();
		await page.waitForURL((url) => url.search.includes('done=clock'));
		const text = await textOf(upcoming(page));
		expect(text).toContain(et('retention.rule.mapping_unused'));
		expect(text).toContain(et('retention.rule.survey_paper_scan'));
		await expectAccessible(page);
	});

	it('runs: the register shows the destroyed entry; the scan not yet due stays', async () => {
		const page = await administrator();
		await page.goto(`${app.url}/admin/retention`);
		await page.getByRole('button', { name: et('retention.run_now') }).click();
		await page.waitForURL((url) => url.pathname === '/retention/register');
		await visible(page.getByRole('heading', { level: 1, name: et('retention.register.title') }));
		const table = await textOf(page.locator('main table'));
		expect(table).toContain(et('retention.rule.mapping_unused'));
		expect(table).toContain('R-MAP-5');
		expect(table).not.toContain(et('retention.rule.survey_paper_scan'));
		expect(table).not.toContain('Unustatud');
		await expectAccessible(page);
		const response = await page.goto(`${app.url}/clients/${ids.unused}`);
		expect(response?.status()).toBe(404);
	});

	it('downloads the register as CSV', async () => {
		const page = await administrator();
		await page.goto(`${app.url}/retention/register`);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: et('retention.register.download_csv') }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^havitamisregister-.*\.csv$/);
		const csv = readFileSync((await download.path())!, 'utf8');
		expect(csv).toContain('R-MAP-5');
		expect(csv).toContain(ids.unused);
		expect(csv).not.toContain('Unustatud');
	});

	it('the coordinator records and withdraws a consent, sees the county’s register and what comes', async () => {
		const s = await newSession(browser, {});
		sessions.push(s);
		const page = s.page;
		await login(page, app.url, COORDINATOR.email, PASSWORD);
		await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
		await page.goto(`${app.url}/clients/${ids.used}`);
		await page.getByRole('link', { name: et('consents.link') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('consents.title') }));
		await page.getByLabel(et('consents.col.purpose')).selectOption('survey_research');
		await page.getByLabel(et('consents.col.method')).selectOption('first_meeting');
		await page.getByLabel(new RegExp(`^${et('consents.col.given')}`)).fill(today);
		await page.getByRole('button', { name: et('consents.record') }).click();
		await page.waitForURL((url) => url.search.includes('done=consent_recorded'));
		const row = page.locator('tbody tr', { hasText: et('consents.purpose.survey_research') });
		expect(await textOf(row)).toContain(et('consents.state.given'));
		await expectAccessible(page);
		await row.getByLabel(new RegExp(`^${et('consents.withdrawn_on')}`)).fill(today);
		await row.getByRole('button', { name: et('consents.withdraw') }).click();
		await page.waitForURL((url) => url.search.includes('done=consent_withdrawn'));
		expect(
			await textOf(page.locator('tbody tr', { hasText: et('consents.purpose.survey_research') }))
		).toContain(et('consents.state.withdrawn'));

		await page.goto(`${app.url}/attention`);
		expect(await textOf(page.locator('#destructions'))).toContain(
			et('retention.rule.survey_paper_scan')
		);
		await page.goto(`${app.url}/retention/register`);
		expect(await textOf(page.locator('main table'))).toContain('R-MAP-5');
		await expectAccessible(page);
		const refused = await page.goto(`${app.url}/admin/retention`);
		expect(refused?.status()).toBe(404);
	});

	it('the coordinator records and withdraws a volunteer’s consent from the volunteer’s page', async () => {
		const s = await newSession(browser, {});
		sessions.push(s);
		const page = s.page;
		await login(page, app.url, COORDINATOR.email, PASSWORD);
		await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
		await page.goto(`${app.url}/volunteers/${ids.volunteer}`);
		await page.getByRole('link', { name: et('consents.link') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('consents.title_volunteer') }));
		await page.getByLabel(et('consents.col.purpose')).selectOption('story');
		await page.getByLabel(et('consents.col.method')).selectOption('paper_scan');
		await page.getByLabel(new RegExp(`^${et('consents.col.given')}`)).fill(today);
		await page.getByRole('button', { name: et('consents.record') }).click();
		await page.waitForURL((url) => url.search.includes('done=consent_recorded'));
		const row = page.locator('tbody tr', { hasText: et('consents.purpose.story') });
		expect(await textOf(row)).toContain(et('consents.state.given'));
		await expectAccessible(page);
		// Recording it again is refused with a message; nothing changes.
		await page.getByLabel(et('consents.col.purpose')).selectOption('story');
		await page.getByLabel(new RegExp(`^${et('consents.col.given')}`)).fill(today);
		await page.getByRole('button', { name: et('consents.record') }).click();
		await visible(page.getByText(et('consents.error.live')));
		await row.getByLabel(new RegExp(`^${et('consents.withdrawn_on')}`)).fill(today);
		await row.getByRole('button', { name: et('consents.withdraw') }).click();
		await page.waitForURL((url) => url.search.includes('done=consent_withdrawn'));
		expect(
			await textOf(page.locator('tbody tr', { hasText: et('consents.purpose.story') }))
		).toContain(et('consents.state.withdrawn'));
		await page.getByRole('link', { name: et('consents.back_volunteer') }).click();
		await page.waitForURL((url) => url.pathname === `/volunteers/${ids.volunteer}`);
		// The volunteer's extract lists the consent (issue 24, item 5).
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: et('volunteer.extract.link') }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^valjavote-vabatahtlik-.*\.json$/);
		const extract = JSON.parse(readFileSync((await download.path())!, 'utf8'));
		expect(extract.retention.consents).toEqual([
			expect.objectContaining({ purpose: 'story', givenOn: today, withdrawnOn: today })
		]);
		expect(extract.retention.rules.map((r: { key: string }) => r.key)).toContain(
			'volunteer_contract'
		);
	});

	it('reads at phone width with no script errors', async () => {
		const s = await newSession(browser, { phone: true });
		sessions.push(s);
		await login(s.page, app.url, ADMIN.email, PASSWORD);
		await s.page.goto(`${app.url}/admin/retention`);
		await visible(s.page.getByRole('heading', { level: 1, name: et('retention.title') }));
		await expectAccessible(s.page);
		for (const x of sessions) expect(x.problems).toEqual([]);
	});
});
