import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { mileageClaims } from '$lib/server/db/schema';
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
import { formatDate } from '$lib/i18n';
import {
	et,
	expectAccessible,
	launchBrowser,
	newSession,
	startApp,
	textOf,
	visible,
	type RunningApp,
	type Session,
	openSeededDatabase
} from './harness';
import { pdfText } from '../helpers/pdf';

/**
 * Mileage end to end (R-MILE-1…3) in Chromium, the volunteer on a phone: a trip on a day
 * without a visit is refused with the reason and a link to add the diary entry; on the day of
 * a visit it is logged with its way back; the volunteer submits; the coordinator returns the
 * claim with a reason; the volunteer corrects a trip and resubmits without JavaScript; the
 * coordinator approves; the claim PDF's text and the accountant's XLSX cells are checked.
 * Another volunteer's claim and another county's coordinator get "not found". axe on every
 * page visited with JavaScript.
 */
const PASSWORD = 'sõidupäevik ja kilomeetrid 2026';
const COORDINATOR = { email: 'kaia.tartu@example.ee', name: 'Kaia Koordinaator' };
const HARJU = { email: 'hillar.harju@example.ee', name: 'Hillar Harju' };
const ADMIN = { email: 'anne.admin@example.ee', name: 'Anne Admin' };
const VOLUNTEER = { email: 'vello.soitja@example.ee', name: 'Vello Sõitja' };
const CLIENT = { first: 'Õie', last: 'Žukova' };
const REASON = 'Palun kontrolli esimese sõidu kilomeetreid.';

const today = tallinnDay(new Date());
/** Vello met Õie three days ago (a diary entry); two days ago he did not. */
const visitDay = addDays(today, -3);
const noVisitDay = addDays(today, -2);

let app: RunningApp;
let browser: Browser;
let dataDir: string;
const ids = { client: '', municipality: '', municipalityName: '', otherClaim: '', volunteer: '' };
const sessions: Session[] = [];

async function seedData(dir: string) {
	const handle = await openSeededDatabase(dir);
	try {
		const db = handle.db;
		const tartu = await countyByName(db, 'Tartu maakond');
		const harju = await countyByName(db, 'Harju maakond');
		const municipality = await firstMunicipality(db, tartu.id);
		ids.municipality = municipality.id;
		ids.municipalityName = municipality.name;
		await seedUser(db, {
			...COORDINATOR,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: tartu.id }]
		});
		await seedUser(db, { ...ADMIN, password: PASSWORD, grants: [{ role: 'admin' }] });
		await seedUser(db, {
			...HARJU,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: harju.id }]
		});
		const vello = await seedVolunteer(db, {
			countyId: tartu.id,
			firstName: 'Vello',
			lastName: 'Sõitja'
		});
		ids.volunteer = vello.id;
		await seedUser(db, {
			...VOLUNTEER,
			password: PASSWORD,
			grants: [{ role: 'volunteer', volunteerId: vello.id }]
		});
		const client = await seedClient(db, {
			countyId: tartu.id,
			municipalityId: municipality.id,
			status: 'paired',
			firstName: CLIENT.first,
			lastName: CLIENT.last
		});
		ids.client = client.id;
		const pairing = await seedPairing(db, {
			clientId: client.id,
			volunteerId: vello.id,
			startsOn: addDays(today, -60)
		});
		await seedDiaryEntry(db, {
			clientId: client.id,
			pairingId: pairing.id,
			volunteerId: vello.id,
			contactDate: visitDay
		});
		// Another volunteer's claim, which Vello must not reach.
		const other = await seedVolunteer(db, { countyId: tartu.id });
		const [claim] = await db
			.insert(mileageClaims)
			.values({
				volunteerId: other.id,
				municipalityId: municipality.id,
				countyId: tartu.id,
				month: `${today.slice(0, 7)}-01`,
				status: 'draft'
			})
			.returning({ id: mileageClaims.id });
		ids.otherClaim = claim!.id;
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-mileage-'));
	await seedData(dataDir);
	[app, browser] = await Promise.all([startApp({ DATA_DIR: dataDir }), launchBrowser()]);
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Logs in and waits until the app has left the login page (the session cookie is set). On a
 * loaded machine a click can land while the login page is still hydrating and be lost, so the
 * page is let settle first and the attempt repeated once.
 */
async function signIn(page: Page, email: string) {
	for (let attempt = 1; ; attempt++) {
		await page.goto(`${app.url}/login`);
		await page.waitForLoadState('networkidle');
		await page.getByLabel(et('auth.email')).fill(email);
		await page.getByLabel(et('auth.password')).fill(PASSWORD);
		await page.getByRole('button', { name: et('auth.login.submit') }).click();
		try {
			await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10_000 });
			return;
		} catch (e) {
			if (attempt === 2) throw e;
		}
	}
}

async function session(opts: { phone?: boolean; javaScript?: boolean } = {}) {
	const s = await newSession(browser, opts);
	sessions.push(s);
	return s;
}

async function download(page: Page, click: () => Promise<void>): Promise<Uint8Array> {
	const [file] = await Promise.all([page.waitForEvent('download'), click()]);
	return new Uint8Array(readFileSync((await file.path())!));
}

/** A link of the main menu. */
function menuLink(page: Page, key: string) {
	return page
		.getByRole('navigation', { name: et('layout.main_navigation') })
		.getByRole('link', { name: et(key), exact: true });
}

/** Fills the add-trip form of the log. */
async function fillTrip(page: Page, date: string, km: string) {
	await page.getByLabel(et('mileage.date'), { exact: true }).fill(date);
	await page.getByLabel(et('mileage.client')).selectOption(ids.client);
	await page.getByLabel(et('mileage.from'), { exact: true }).fill('Tartu, Riia 15');
	await page.getByLabel(et('mileage.to'), { exact: true }).fill('Nõo, Õunapuu talu');
	await page.getByLabel(et('mileage.purpose'), { exact: true }).fill('Külastus ja poeskäik');
	await page.getByLabel(et('mileage.km_label'), { exact: true }).fill(km);
}

let claimUrl = '';

describe('the volunteer’s mileage log (phone)', () => {
	it('refuses a trip on a day without a visit, saying why and offering the diary entry', async () => {
		const { page } = await session({ phone: true });
		await signIn(page, VOLUNTEER.email);
		await menuLink(page, 'nav.mileage_log').click();
		await visible(page.getByRole('heading', { level: 1, name: et('mileage.log.title') }));
		await expectAccessible(page);

		await fillTrip(page, noVisitDay, '12,5');
		await page.getByRole('button', { name: et('mileage.add.submit') }).click();
		expect(await textOf(page.getByRole('alert'))).toBe(et('mileage.not_reimbursable'));
		await visible(page.getByText(et('mileage.no_diary_explain', { date: formatDate(noVisitDay) })));
		const link = page.getByRole('link', {
			name: et('mileage.add_diary_first', { date: formatDate(noVisitDay) })
		});
		expect(await link.getAttribute('href')).toBe(
			`/clients/${ids.client}/diary/new?date=${noVisitDay}`
		);
		// The field says it too, tied to the date input.
		const date = page.getByLabel(et('mileage.date'), { exact: true });
		expect(await date.getAttribute('aria-invalid')).toBe('true');
		expect(await date.getAttribute('aria-describedby')).toContain('f-tripDate-error');
		await expectAccessible(page);
		expect(await page.locator('#trips').innerText()).toContain(et('mileage.log.no_trips'));
		// The offered diary form starts on the refused day.
		await link.click();
		await page.waitForURL(/\/diary\/new\?date=/);
		expect(await page.locator('input[name="contactDate"]').inputValue()).toBe(noVisitDay);
	});

	it('logs the trip and its way back on the day of a visit, and submits the claim', async () => {
		const { page } = await session({ phone: true });
		await signIn(page, VOLUNTEER.email);
		await page.goto(`${app.url}/mileage`);
		await fillTrip(page, visitDay, '12,5');
		await page.getByLabel(et('mileage.return_trip')).check();
		await page.getByRole('button', { name: et('mileage.add.submit') }).click();
		expect(await textOf(page.getByRole('status'))).toBe(et('mileage.done.added_return'));
		const trips = page.locator('#trips li');
		expect(await trips.count()).toBe(2);
		const text = await page.locator('#trips').innerText();
		expect(text).toContain('Tartu, Riia 15 → Nõo, Õunapuu talu');
		expect(text).toContain('Nõo, Õunapuu talu → Tartu, Riia 15');
		expect(text).toContain('12,50 km');
		expect(text).not.toContain(et('mileage.not_reimbursable_badge'));
		await expectAccessible(page);

		await page.locator('#claims').getByRole('link').first().click();
		await page.waitForURL(/\/mileage\/claims\/[0-9a-f-]{36}$/);
		claimUrl = new URL(page.url()).pathname;
		expect(await textOf(page.locator('dl.totals'))).toContain('25,00');
		expect((await textOf(page.locator('dl.totals'))).replace(/\u00a0/g, ' ')).toContain('7,50 €');
		await expectAccessible(page);
		await page.getByRole('button', { name: et('mileage.claim.submit') }).click();
		expect(await textOf(page.getByRole('status'))).toBe(et('mileage.done.submitted'));
		await visible(page.getByText(et('mileage.status.submitted')).first());
		expect(await page.getByRole('button', { name: et('mileage.claim.submit') }).count()).toBe(0);
		await expectAccessible(page);
	});

	it('never reaches another volunteer’s claim', async () => {
		const { page } = await session({ phone: true });
		await signIn(page, VOLUNTEER.email);
		const res = await page.goto(`${app.url}/mileage/claims/${ids.otherClaim}`);
		expect(res?.status()).toBe(404);
		const list = await page.goto(`${app.url}/mileage/claims`);
		expect(list?.status()).toBe(404);
	});
});

describe('review', () => {
	it('the coordinator returns the claim with a reason', async () => {
		const { page } = await session();
		await signIn(page, COORDINATOR.email);
		await menuLink(page, 'nav.mileage_claims').click();
		await visible(page.getByRole('heading', { level: 1, name: et('mileage.claims_list.title') }));
		await expectAccessible(page);
		await page.getByRole('link', { name: /Vello Sõitja/ }).click();
		await page.waitForURL(`${app.url}${claimUrl}`);
		const trips = await page.locator('table').innerText();
		expect(trips).toContain(`${CLIENT.first} ${CLIENT.last}`);
		expect(trips).toContain(formatDate(visitDay));
		await expectAccessible(page);
		await page.getByLabel(et('mileage.return_reason')).fill(REASON);
		await page.getByRole('button', { name: et('mileage.claim.return'), exact: true }).click();
		expect(await textOf(page.getByRole('status'))).toBe(et('mileage.done.returned'));
		await expectAccessible(page);
	});

	it('another county’s coordinator gets not found', async () => {
		const { page } = await session();
		await signIn(page, HARJU.email);
		const res = await page.goto(`${app.url}${claimUrl}`);
		expect(res?.status()).toBe(404);
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(et('error.not_found'));
	});

	it('the volunteer sees the reason, corrects the trip and resubmits, without JavaScript', async () => {
		const { page } = await session({ phone: true, javaScript: false });
		await signIn(page, VOLUNTEER.email);
		await page.goto(`${app.url}/mileage?month=${visitDay.slice(0, 7)}`);
		const claims = await page.locator('#claims').innerText();
		expect(claims).toContain(et('mileage.status.returned'));
		expect(claims).toContain(REASON);
		await page.goto(`${app.url}${claimUrl}`);
		expect(await page.locator('main').innerText()).toContain(REASON);
		await page
			.getByRole('link', {
				name: new RegExp(
					`^${et('mileage.edit_trip_named', { date: formatDate(visitDay), route: 'Tartu, Riia 15' })}`
				)
			})
			.click();
		await visible(page.getByRole('heading', { level: 1, name: et('mileage.edit.title') }));
		await page.getByLabel(et('mileage.km_label'), { exact: true }).fill('11,3');
		await page.getByRole('button', { name: et('common.save') }).click();
		expect(await textOf(page.getByRole('status'))).toBe(et('mileage.done.updated'));
		await page.goto(`${app.url}${claimUrl}`);
		await page.getByRole('button', { name: et('mileage.claim.submit') }).click();
		expect(await textOf(page.getByRole('status'))).toBe(et('mileage.done.submitted'));
		expect((await page.locator('dl.totals').innerText()).replace(/\u00a0/g, ' ')).toContain(
			'7,14 €'
		);
	});

	it('the coordinator approves; the claim PDF and the accountant’s XLSX hold the figures', async () => {
		const { page } = await session();
		await signIn(page, COORDINATOR.email);
		await page.goto(`${app.url}${claimUrl}`);
		await page.getByRole('button', { name: et('mileage.claim.approve') }).click();
		expect(await textOf(page.getByRole('status'))).toBe(et('mileage.done.approved'));
		await expectAccessible(page);

		const pdf = await download(page, () =>
			page.getByRole('link', { name: et('mileage.claim.download_pdf') }).click()
		);
		const text = (await pdfText(pdf)).replace(/\u00a0/g, ' ');
		expect(text).toContain(et('mileage.pdf.title'));
		expect(text).toContain(VOLUNTEER.name);
		expect(text).toContain(`${CLIENT.first} ${CLIENT.last}`);
		expect(text).toContain(ids.municipalityName);
		expect(text).toContain(formatDate(visitDay));
		expect(text).toContain('0,30 €/km');
		expect(text).toContain('23,80');
		expect(text).toContain('7,14 €');
		expect(text).toContain(et('mileage.status.approved'));

		// The accountant's list of the municipality's month.
		await page.goto(`${app.url}/mileage/claims`);
		await page.getByLabel(et('mileage.status')).selectOption('all');
		await page.getByLabel(et('mileage.municipality')).selectOption(ids.municipality);
		await page.getByLabel(et('mileage.month')).fill(visitDay.slice(0, 7));
		await page.getByRole('button', { name: et('common.filter') }).click();
		await visible(page.getByRole('heading', { name: new RegExp(ids.municipalityName) }));
		await expectAccessible(page);
		const xlsx = await download(page, () =>
			page.getByRole('link', { name: et('mileage.summary.xlsx') }).click()
		);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
		const sheet = wb.worksheets[0]!;
		expect(sheet.name).toBe(et('mileage.sheet.summary'));
		expect(sheet.getRow(1).getCell(1).value).toBe(et('mileage.volunteer'));
		expect(sheet.getRow(2).getCell(1).value).toBe(VOLUNTEER.name);
		expect(sheet.getRow(2).getCell(2).value).toBe(2);
		expect(sheet.getRow(2).getCell(3).value).toBe(23.8);
		expect(sheet.getRow(2).getCell(4).value).toBe(0.3);
		expect(sheet.getRow(2).getCell(5).value).toBe(7.14);
		expect(sheet.getRow(2).getCell(6).value).toBe(et('mileage.status.approved'));
		expect(sheet.getRow(3).getCell(1).value).toBe(et('mileage.total'));
		expect(sheet.getRow(3).getCell(5).value).toBe(7.14);
		// The trips sheet: the way there (corrected to 11,3 km) first, then the way back.
		const tripsSheet = wb.worksheets[1]!;
		// Days are Excel dates (decision 0009): a Date at the day's midnight, shown dd.mm.yyyy.
		const excelDay = new Date(`${visitDay}T00:00:00Z`);
		expect(tripsSheet.getRow(2).getCell(2).value).toEqual(excelDay);
		expect(tripsSheet.getRow(2).getCell(2).numFmt).toMatch(/^dd\.mm\.yyyy/);
		expect(tripsSheet.getRow(2).getCell(3).value).toBe('Tartu, Riia 15');
		expect(tripsSheet.getRow(2).getCell(6).value).toBe(11.3);
		expect(tripsSheet.getRow(2).getCell(8).value).toBe(3.39);
		expect(tripsSheet.getRow(2).getCell(9).value).toEqual(excelDay);
		expect(tripsSheet.getRow(3).getCell(3).value).toBe('Nõo, Õunapuu talu');
		expect(tripsSheet.getRow(3).getCell(6).value).toBe(12.5);
	});

	it('the coordinator opens the volunteer’s log from the volunteer’s page, read only', async () => {
		const { page } = await session();
		await signIn(page, COORDINATOR.email);
		await page.goto(`${app.url}/volunteers/${ids.volunteer}`);
		await page.getByRole('link', { name: et('nav.mileage_log'), exact: true }).click();
		await visible(
			page.getByRole('heading', {
				level: 1,
				name: et('mileage.log.title_of', { name: VOLUNTEER.name })
			})
		);
		expect(await page.getByRole('button', { name: et('mileage.add.submit') }).count()).toBe(0);
		expect(await page.locator('#claims').innerText()).toContain(et('mileage.status.approved'));
		await expectAccessible(page);
	});

	it('the administrator sets a municipality’s rate; a back-dated change of an approved claim’s rate is refused', async () => {
		const { page } = await session();
		await signIn(page, ADMIN.email);
		await page.goto(`${app.url}/mileage/claims`);
		await page.getByRole('link', { name: et('mileage.rates.title') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('mileage.rates.title') }));
		expect(await page.locator('table').innerText()).toContain(et('mileage.rates.national'));
		await expectAccessible(page);

		const form = page.locator('#add');
		await form.getByLabel(et('mileage.municipality')).selectOption(ids.municipality);
		await form.getByLabel(et('mileage.rates.valid_from')).fill(addDays(today, 30));
		await form.getByLabel(et('mileage.rates.eur_per_km')).fill('0,35');
		await form.getByLabel(et('mileage.rates.cap')).fill('50');
		await page.getByRole('button', { name: et('mileage.rates.add_submit') }).click();
		expect(await textOf(page.getByRole('status'))).toBe(et('mileage.rates.added'));
		const table = (await page.locator('table').innerText()).replace(/\u00a0/g, ' ');
		expect(table).toContain(formatDate(addDays(today, 30)));
		expect(table).toContain('0,35');
		expect(table).toContain('50,00 €');

		// A national rate from before the approved claim's trips would re-price it.
		await form.getByLabel(et('mileage.rates.valid_from')).fill(addDays(visitDay, -1));
		await form.getByLabel(et('mileage.rates.eur_per_km')).fill('0,40');
		await page.getByRole('button', { name: et('mileage.rates.add_submit') }).click();
		await visible(page.getByText(et('mileage.rate_locked')));
		await expectAccessible(page);
	});

	it('no page had a script error or a CSP violation', () => {
		expect(sessions.flatMap((s) => s.problems)).toEqual([]);
	});
});
