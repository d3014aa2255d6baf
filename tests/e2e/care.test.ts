import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { seedSurveyQuestionSets } from '$lib/server/services/pairings/surveys';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedDiaryEntry,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import { addDays, tallinnDay } from '$lib/server/domain/dates';
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
	openSeededDatabase
} from './harness';
import { pdfText } from '../helpers/pdf';

/**
 * The care features end to end in Chromium: the attention list shows a pairing without
 * contact; the volunteer sees the six-month survey due on their home page; the coordinator
 * enters the survey, produces the extract PDF (opened and its text checked) and anonymises a
 * client with the two confirmations without JavaScript — the name is gone from the page. axe
 * on every page visited.
 */
const PASSWORD = 'hoolitsus ja seltsilised 2026';
const COORDINATOR = { email: 'kart.koordinaator@example.ee', name: 'Kärt Koordinaator' };
const VOLUNTEER = { email: 'vilma.vabatahtlik@example.ee', name: 'Vilma Vabatahtlik' };
const AINO = { first: 'Aino', last: 'Õunapuu' };
const BERTA = { first: 'Berta', last: 'Žukova-Šmidt' };

let app: RunningApp;
let browser: Browser;
let dataDir: string;
const ids = { aino: '', berta: '' };

/** A database made before the app starts: the app migrates nothing new and serves it. */
async function seedData(dir: string) {
	const handle = await openSeededDatabase(dir);
	try {
		await seedSurveyQuestionSets(handle.db);
		const db = handle.db;
		const today = tallinnDay(new Date());
		const harju = await countyByName(db, 'Harju maakond');
		const municipality = await firstMunicipality(db, harju.id);
		await seedUser(db, {
			email: 'admin@example.ee',
			password: PASSWORD,
			grants: [{ role: 'admin' }]
		});
		await seedUser(db, {
			...COORDINATOR,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: harju.id }]
		});
		const volunteer = await seedVolunteer(db, {
			countyId: harju.id,
			firstName: 'Vilma',
			lastName: 'Vabatahtlik'
		});
		await seedUser(db, {
			...VOLUNTEER,
			password: PASSWORD,
			grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
		});
		// Aino: in the service for seven months, last visited 40 days ago.
		const aino = await seedClient(db, {
			countyId: harju.id,
			municipalityId: municipality.id,
			status: 'paired',
			firstName: AINO.first,
			lastName: AINO.last,
			phone: '+372 5000 1111'
		});
		const started = addMonths(today, -7);
		const pairing = await seedPairing(db, {
			clientId: aino.id,
			volunteerId: volunteer.id,
			startsOn: started
		});
		await seedDiaryEntry(db, {
			clientId: aino.id,
			pairingId: pairing.id,
			volunteerId: volunteer.id,
			contactDate: addDays(today, -40),
			description: 'Jalutasime pargis ja rääkisime lastelastest.',
			flagged: true,
			flagNote: 'Tervis on halvemaks läinud, vajab perearsti.'
		});
		// Berta: asks for her data to be deleted.
		const berta = await seedClient(db, {
			countyId: harju.id,
			municipalityId: municipality.id,
			status: 'waiting',
			firstName: BERTA.first,
			lastName: BERTA.last,
			waitingSince: addDays(today, -10),
			notes: 'Soovib vabatahtlikku, kes räägib vene keelt.'
		});
		ids.aino = aino.id;
		ids.berta = berta.id;
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-care-'));
	await seedData(dataDir);
	[app, browser] = await Promise.all([startApp({ DATA_DIR: dataDir }), launchBrowser()]);
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

describe('the volunteer', () => {
	it('sees on their home page that the six-month survey is due', async () => {
		const { page, problems } = await newSession(browser, { phone: true });
		await login(page, app.url, VOLUNTEER.email, PASSWORD);
		const due = page.locator('section', {
			has: page.getByRole('heading', { name: et('survey.due_list.title') })
		});
		expect(await textOf(due)).toContain(`${AINO.first} ${AINO.last}`);
		await expectAccessible(page);
		expect(problems).toEqual([]);
	});
});

describe('the coordinator', () => {
	it('sees the pairing without contact on the attention list and on the home page', async () => {
		const { page, problems } = await newSession(browser);
		await login(page, app.url, COORDINATOR.email, PASSWORD);
		const summary = page.locator('section', {
			has: page.getByRole('heading', { name: et('attention.summary.title') })
		});
		expect(await textOf(summary)).toContain(et('attention.no_contact.title', { days: 21 }));
		await expectAccessible(page);
		await page
			.getByRole('link', { name: et('nav.attention') })
			.first()
			.click();
		await visible(page.getByRole('heading', { level: 1, name: et('attention.title') }));
		const section = page.locator('#no-contact');
		const text = await textOf(section);
		expect(text).toContain(`${AINO.first} ${AINO.last}`);
		expect(text).toContain('Vilma Vabatahtlik');
		expect(text).toContain('40');
		// Berta waits; Aino's survey is due.
		expect(await textOf(page.locator('#waiting'))).toContain(`${BERTA.first} ${BERTA.last}`);
		expect(await textOf(page.locator('#surveys'))).toContain(`${AINO.first} ${AINO.last}`);
		expect(await textOf(page.locator('#flagged'))).toContain('Tervis on halvemaks läinud');
		await expectAccessible(page);
		// The flagged note is read: "seen" takes it off the list.
		await page
			.locator('#flagged')
			.getByRole('button', { name: /Märgi loetuks: Aino/ })
			.click();
		expect(await textOf(page.locator('#flagged [role="status"]'))).toBe(
			et('attention.flagged.marked')
		);
		expect(await textOf(page.locator('#flagged'))).toContain(et('attention.flagged.empty'));
		await expectAccessible(page);
		expect(problems).toEqual([]);
	});

	it('enters the six-month survey', async () => {
		const { page, problems } = await newSession(browser);
		await login(page, app.url, COORDINATOR.email, PASSWORD);
		await page.goto(`${app.url}/attention`);
		await page
			.locator('#surveys')
			.getByRole('link', { name: `${AINO.first} ${AINO.last}` })
			.click();
		await visible(page.getByRole('heading', { level: 1, name: et('survey.title') }));
		expect(await textOf(page.locator('p.notice'))).toContain('Küsitluse aeg on käes');
		await expectAccessible(page);

		// Leave one answer out first: the error is tied to its question, nothing is saved.
		const pick = async (question: string, answer: string) =>
			page.getByRole('group', { name: question }).getByLabel(answer, { exact: true }).check();
		await pick('Kuidas on teie elu seltsilise külastuste ajal muutunud?', 'Veidi paremaks');
		await pick('Kui sageli tunnete, et teil puudub seltskond?', 'Mõnikord');
		await pick('Kui sageli tunnete end kõrvalejäetuna?', 'Peaaegu mitte kunagi');
		await pick('Kui sageli tunnete end teistest eraldatuna?', 'Sageli');
		await page.getByLabel('Mis täpsemalt muutus?').fill('Ootab külastusi ja käib jälle õues.');
		await page.getByLabel(et('survey.on_paper')).check();
		// Skip the browser's own check of the required radio group: the server answers too.
		await page.locator('form[action*="enter"]').evaluate((f) => f.setAttribute('novalidate', ''));
		await page.getByRole('button', { name: et('survey.submit') }).click();
		await visible(page.getByText(et('survey.answer_required')));
		await expectAccessible(page);

		await pick('Kui rahul olete seltsilise teenusega?', 'Väga rahul');
		await page.getByRole('button', { name: et('survey.submit') }).click();
		expect(await textOf(page.getByRole('status'))).toBe(et('survey.saved'));
		const row = page.locator('table tbody tr').first();
		expect(await textOf(row.locator('td').nth(1))).toBe(et('survey.version', { version: 1 }));
		// UCLA-3: some of the time (2) + hardly ever (1) + often (3).
		expect(await textOf(row.locator('td').nth(2))).toBe('6');
		await expectAccessible(page);

		await row.getByRole('link').click();
		await visible(page.getByRole('heading', { level: 1, name: et('survey.response.title') }));
		const answers = await textOf(page.locator('dl.facts'));
		expect(answers).toContain('Väga rahul');
		expect(answers).toContain('Ootab külastusi ja käib jälle õues.');
		await expectAccessible(page);
		expect(problems).toEqual([]);
	});

	it('produces the extract PDF, and its text holds the client’s data', async () => {
		const { page, problems } = await newSession(browser);
		await login(page, app.url, COORDINATOR.email, PASSWORD);
		await page.goto(`${app.url}/clients/${ids.aino}`);
		await page.getByRole('link', { name: et('extract.link') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('extract.title') }));
		await expectAccessible(page);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: et('extract.pdf') }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^valjavote-.*\.pdf$/);
		const bytes = new Uint8Array(readFileSync((await download.path())!));
		const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
		expect(text).toContain(`Väljavõte andmetest: ${AINO.first} ${AINO.last}`);
		expect(text).toContain('+372 5000 1111');
		expect(text).toContain('Jalutasime pargis ja rääkisime lastelastest.');
		expect(text).toContain('Kui rahul olete seltsilise teenusega?');
		expect(text).toContain('Ootab külastusi ja käib jälle õues.');
		expect(text).toContain(COORDINATOR.name);
		expect(problems).toEqual([]);
	});

	it('asks for two confirmations before anonymising, and refuses a wrong code', async () => {
		const { page, problems } = await newSession(browser, { phone: true });
		await login(page, app.url, COORDINATOR.email, PASSWORD);
		await page.goto(`${app.url}/clients/${ids.berta}`);
		await page.getByRole('link', { name: et('anonymise.link') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('anonymise.title') }));
		await expectAccessible(page);
		await page.getByLabel(et('anonymise.requested')).check();
		await page.getByRole('button', { name: et('anonymise.continue') }).click();
		await visible(page.getByRole('heading', { name: et('anonymise.step2') }));
		await expectAccessible(page);
		await page.getByLabel(et('anonymise.irreversible')).check();
		await page.locator('#f-code').fill('000000');
		await page.getByRole('button', { name: et('anonymise.submit') }).click();
		await visible(page.getByText(et('anonymise.code_mismatch')));
		await expectAccessible(page);
		// Nothing happened.
		await page.goto(`${app.url}/clients/${ids.berta}`);
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
			`${BERTA.first} ${BERTA.last}`
		);
		expect(problems).toEqual([]);
	});

	it('anonymises the client with both confirmations, without JavaScript; the name is gone', async () => {
		// axe needs JavaScript: the same pages were checked with it in the test above.
		const { page } = await newSession(browser, { javaScript: false, phone: true });
		await login(page, app.url, COORDINATOR.email, PASSWORD);
		await page.goto(`${app.url}/clients/${ids.berta}`);
		await page.getByRole('link', { name: et('anonymise.link') }).click();
		await page.getByLabel(et('anonymise.requested')).check();
		await page.getByRole('button', { name: et('anonymise.continue') }).click();
		await visible(page.getByRole('heading', { name: et('anonymise.step2') }));
		// The code is shown in the field's label.
		const label = await textOf(page.locator('label[for="f-code"]'));
		const code = /([0-9A-F]{6})/.exec(label)![1]!;
		await page.getByLabel(et('anonymise.irreversible')).check();
		await page.locator('#f-code').fill(code);
		await page.getByRole('button', { name: et('anonymise.submit') }).click();

		await page.waitForURL(/\/clients\/[0-9a-f-]+\?done=anonymised/);
		expect(await textOf(page.getByRole('status'))).toBe(et('anonymise.done'));
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(et('client.unnamed'));
		const body = await page.locator('main').innerText();
		expect(body).not.toContain(BERTA.first);
		expect(body).not.toContain(BERTA.last);
		expect(body).not.toContain('vene keelt');
		expect(await page.getByRole('link', { name: et('anonymise.link') }).count()).toBe(0);
		// Read-only now (issue 17, item 8): no visit, no edit offered; the page says so.
		expect(await page.getByRole('link', { name: et('home.volunteer.add_visit') }).count()).toBe(0);
		expect(await page.getByRole('link', { name: et('mapping.edit.link') }).count()).toBe(0);
		expect(await textOf(page.locator('#read-only'))).toBe(et('records.anonymised_read_only'));
		// Gone from the attention list's waiting clients too.
		await page.goto(`${app.url}/attention`);
		expect(await page.locator('#waiting').innerText()).not.toContain(BERTA.last);
	});

	it('the anonymised record passes axe', async () => {
		const { page, problems } = await newSession(browser);
		await login(page, app.url, COORDINATOR.email, PASSWORD);
		await page.goto(`${app.url}/clients/${ids.berta}`);
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(et('client.unnamed'));
		await expectAccessible(page);
		expect(problems).toEqual([]);
	});
});
