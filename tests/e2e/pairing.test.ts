import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
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
import { openDatabase } from '$lib/server/db/client';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import { auditEvents, diaryEntries, pairings } from '$lib/server/db/schema';
import { addDays, tallinnDay } from '$lib/server/domain/dates';

/**
 * Issue 4 end to end on a phone-sized window (390×844): the coordinator pairs a client using
 * the suggestions and records the first meeting; the volunteer logs in and adds a visit with
 * JavaScript disabled — once more after their session has ended, the text intact; the
 * coordinator ends the pairing; the first volunteer's old address answers "not found"; a
 * second volunteer is paired and sees the first one's entries. axe runs on every page.
 *
 * The people are put into the embedded database before the app starts (the same factories as
 * the db tests), so the test spends its time on what the users do. axe needs JavaScript: the
 * pages the volunteers use without it are checked again in a JavaScript session of the same
 * volunteer ("twin").
 */

const PASSWORD = {
	coordinator: 'sinine paat järve ääres',
	first: 'vana kell tiksub seinal',
	second: 'pruun koer jookseb aias'
};
const COORDINATOR = { name: 'Kadri Koordinaator', email: 'kadri.saare@example.ee' };
const FIRST = { first: 'Vello', last: 'Vabatahtlik', email: 'vello.v@example.ee' };
const SECOND = { first: 'Silvi', last: 'Seltsiline', email: 'silvi.s@example.ee' };
const CLIENT = { first: 'Helmi', last: 'Saarepuu' };
const TODAY = tallinnDay(new Date());

let dataDir: string;
let app: RunningApp;
let browser: Browser;
let clientId = '';
let stopped = false;
const sessions: Session[] = [];

async function session(javaScript = true): Promise<Session> {
	const s = await newSession(browser, { phone: true, javaScript });
	sessions.push(s);
	return s;
}

async function visit(page: Page, path: string) {
	const res = await page.goto(`${app.url}${path}`);
	await expectAccessible(page);
	return res;
}

/** axe on `path` as seen by the same user in a JavaScript session. */
async function axeAs(twin: Session, path: string) {
	const res = await twin.page.goto(`${app.url}${path}`);
	await expectAccessible(twin.page);
	return res;
}

async function h1(page: Page) {
	return textOf(page.getByRole('heading', { level: 1 }));
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-e2e-pairing-'));
	const handle = await openSeededDatabase(dataDir);
	const db = handle.db;
	const county = await countyByName(db, 'Saare maakond');
	const muni = await firstMunicipality(db, county.id);
	await seedUser(db, {
		...COORDINATOR,
		password: PASSWORD.coordinator,
		grants: [{ role: 'coordinator', countyId: county.id }]
	});
	const client = await seedClient(db, {
		countyId: county.id,
		municipalityId: muni.id,
		firstName: CLIENT.first,
		lastName: CLIENT.last,
		settlement: 'Kuressaare',
		languages: ['et'],
		preferredLanguage: 'et',
		helpProfilesWanted: ['P1', 'P3'],
		hasPets: true,
		status: 'waiting',
		waitingSince: '2026-10-01'
	});
	clientId = client.id;
	// The best fit: same town, Estonian, offers P1 and P3, has a car.
	const first = await seedVolunteer(db, {
		countyId: county.id,
		municipalityId: muni.id,
		settlement: 'Kuressaare',
		firstName: FIRST.first,
		lastName: FIRST.last,
		languages: ['et'],
		helpProfilesOffered: ['P1', 'P3'],
		hasCar: true,
		startedOn: '2026-06-01'
	});
	const second = await seedVolunteer(db, {
		countyId: county.id,
		firstName: SECOND.first,
		lastName: SECOND.last,
		languages: ['et'],
		helpProfilesOffered: ['P2']
	});
	// Allergic to the client's cat: shown as excluded, never suggested.
	await seedVolunteer(db, {
		countyId: county.id,
		firstName: 'Aino',
		lastName: 'Allergik',
		petAllergy: true
	});
	await seedUser(db, {
		name: `${FIRST.first} ${FIRST.last}`,
		email: FIRST.email,
		password: PASSWORD.first,
		grants: [{ role: 'volunteer', volunteerId: first.id }]
	});
	await seedUser(db, {
		name: `${SECOND.first} ${SECOND.last}`,
		email: SECOND.email,
		password: PASSWORD.second,
		grants: [{ role: 'volunteer', volunteerId: second.id }]
	});
	await handle.close();
	[app, browser] = await Promise.all([
		startApp({
			DATA_DIR: dataDir,
			ADMIN_EMAIL: 'anu.admin@example.ee',
			ADMIN_PASSWORD: 'kolm rohelist õuna laual'
		}),
		launchBrowser()
	]);
});

afterAll(async () => {
	if (!stopped) {
		await browser?.close();
		await app?.stop();
	}
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('pairing a client, the diary without JavaScript, ending, the next volunteer', () => {
	let coordinator: Session;
	let volunteer: Session;
	let twin: Session;
	let pairingPath = '';
	let firstEntryText = '';

	it('the coordinator pairs the client using the suggestions and records the first meeting', async () => {
		coordinator = await session();
		const { page } = coordinator;
		await login(page, app.url, COORDINATOR.email, PASSWORD.coordinator);
		await visit(page, `/clients/${clientId}`);
		await page
			.getByRole('link', { name: et('match.open') })
			.first()
			.click();
		await page.waitForURL(`${app.url}/clients/${clientId}/match`);
		await expectAccessible(page);
		expect(await h1(page)).toBe(et('match.title'));
		// The best suggestion first, with its reasons in words; the allergic one is not offered.
		const first = page.locator('ol.suggestions > li').first();
		expect(await textOf(first.getByRole('heading'))).toBe(`${FIRST.first} ${FIRST.last}`);
		await visible(first.getByText(et('match.top')));
		await visible(first.getByText(et('match.reason.same_settlement')));
		await visible(first.getByText(et('match.reason.car')));
		expect(await page.getByText('Aino Allergik').count()).toBe(0);
		// With "show excluded" it is there, with the reason.
		await page.getByLabel(et('match.filter.include_excluded')).check();
		await page.getByRole('button', { name: et('match.filter.submit') }).click();
		await page.waitForURL(/includeExcluded=1/);
		await visible(page.getByText(et('match.exclusion.pet_allergy')));

		await first
			.getByRole('link', { name: et('match.pick', { name: `${FIRST.first} ${FIRST.last}` }) })
			.click();
		await page.waitForURL(/pick=/);
		await expectAccessible(page);
		// The top suggestion: no "why" asked.
		expect(await page.getByLabel(et('match.note')).count()).toBe(0);
		await page.getByLabel(et('match.stage.proposed')).check();
		await page.getByRole('button', { name: et('match.submit') }).click();
		await page.waitForURL(/\/pairings\/[0-9a-f-]{36}\?done=created$/);
		pairingPath = new URL(page.url()).pathname;
		await expectAccessible(page);
		expect(await textOf(page.getByRole('status'))).toBe(et('pairing.done.created'));
		await visible(page.getByText(et('pairing.chosen_rank', { rank: 1 })));

		await page.getByLabel(et('pairing.introduce.date')).fill(TODAY);
		await page.getByRole('button', { name: et('pairing.introduce.submit') }).click();
		await page.waitForURL(/done=introduced/);
		expect(await textOf(page.getByRole('status'))).toBe(et('pairing.done.introduced'));
	});

	it('the coordinator finds a volunteer by name and excludes them for the client', async () => {
		const { page } = coordinator;
		await visit(page, `/clients/${clientId}/match`);
		await page.getByText(et('exclusion.add'), { exact: true }).first().click();
		const search = page.getByLabel(et('exclusion.search'));
		// One letter is not enough.
		await search.fill('a');
		await page.getByRole('button', { name: et('exclusion.search_button') }).click();
		await page.waitForURL(/excludeQuery=a#exclude$/);
		await visible(page.getByText(et('exclusion.search_short')));
		await page.getByLabel(et('exclusion.search')).fill('allerg');
		await page.getByRole('button', { name: et('exclusion.search_button') }).click();
		await page.waitForURL(/excludeQuery=allerg#exclude$/);
		await expectAccessible(page);
		// Sent without a volunteer chosen: the search and the message stay.
		await page.getByLabel(et('exclusion.reason')).fill('Sugulane');
		await page.locator('#exclude-volunteer').evaluate((el) => el.removeAttribute('required'));
		await page.getByRole('button', { name: et('exclusion.add'), exact: true }).click();
		await visible(page.getByRole('alert'));
		expect(await page.getByLabel(et('exclusion.reason')).inputValue()).toBe('Sugulane');
		// The one volunteer found (after the "choose" line).
		const options = page.locator('#exclude-volunteer option');
		expect(await options.count()).toBe(2);
		expect(await options.nth(1).textContent()).toMatch(/^Allergik, Aino/);
		await page.locator('#exclude-volunteer').selectOption({ index: 1 });
		await page.getByRole('button', { name: et('exclusion.add'), exact: true }).click();
		await page.waitForURL(/done=excluded#exclusions$/);
		expect(await textOf(page.getByRole('status'))).toBe(et('exclusion.added'));
		await visible(
			page.getByRole('button', { name: et('exclusion.remove', { name: 'Aino Allergik' }) })
		);
		await expectAccessible(page);
	});

	it('the volunteer adds a visit without JavaScript, one tap from the home page', async () => {
		volunteer = await session(false);
		twin = await session(true);
		await login(twin.page, app.url, FIRST.email, PASSWORD.first);
		const { page } = volunteer;
		await login(page, app.url, FIRST.email, PASSWORD.first);
		await axeAs(twin, '/');
		await visible(page.getByRole('heading', { name: et('home.volunteer.title') }));
		const name = `${CLIENT.first} ${CLIENT.last}`;
		await page.getByRole('link', { name: et('home.volunteer.add_visit_label', { name }) }).click();
		await page.waitForURL(`${app.url}/clients/${clientId}/diary/new`);
		await axeAs(twin, `/clients/${clientId}/diary/new`);
		expect(await h1(page)).toBe(et('diary.new.title', { name }));
		firstEntryText = 'Käisime koos poes ja apteegis, jõime kohvi. Helmi tundis end hästi.';
		await page.getByLabel(et('diary.kind.outing')).check();
		await page.getByLabel(et('match.profile.P3')).check();
		await page.getByLabel(et('diary.duration')).fill('120');
		await page.getByLabel(et('diary.description')).fill(firstEntryText);
		await page.getByRole('button', { name: et('diary.add.submit') }).click();
		await page.waitForURL(/\/diary\?done=added/);
		expect(await textOf(page.getByRole('status'))).toBe(et('diary.added'));
		await visible(page.getByText(firstEntryText));
		await axeAs(twin, new URL(page.url()).pathname + new URL(page.url()).search);
	});

	it('after the session has ended, the same form comes back with the text, and saves after logging in', async () => {
		const { page, context } = volunteer;
		await page.goto(`${app.url}/clients/${clientId}/diary/new`);
		const text = 'Pikk kirjeldus, mis ei tohi kaduda: rääkisime lastelastest ja vanadest aegadest.';
		await page.getByLabel(et('diary.duration')).fill('45');
		await page.getByLabel(et('diary.description')).fill(text);
		await page.getByLabel(et('diary.flag')).check();
		await page.getByLabel(et('diary.flag_note')).fill('Kõnnib halvemini, vajab ehk abivahendit.');
		// The session ends while the volunteer writes (expired, or logged out elsewhere).
		await context.clearCookies();
		await page.getByRole('button', { name: et('diary.add.submit') }).click();
		await visible(page.getByText(et('diary.session_expired')));
		expect(await page.getByLabel(et('diary.description')).inputValue()).toBe(text);
		expect(await page.getByLabel(et('diary.flag')).isChecked()).toBe(true);
		await page.getByLabel(et('auth.email')).fill(FIRST.email);
		await page.getByLabel(et('auth.password')).fill(PASSWORD.first);
		await page.getByRole('button', { name: et('diary.login.submit') }).click();
		await page.waitForURL(/\/diary\?done=added/);
		await visible(page.getByText(text));
		await visible(page.getByText(firstEntryText));

		// The same "session ended" page, checked with axe in the JavaScript twin.
		await twin.page.goto(`${app.url}/clients/${clientId}/diary/new`);
		await twin.page.getByLabel(et('diary.description')).fill('Veel üks tekst');
		await twin.page.getByLabel(et('diary.duration')).fill('30');
		await twin.context.clearCookies();
		await twin.page.getByRole('button', { name: et('diary.add.submit') }).click();
		await visible(twin.page.getByText(et('diary.session_expired')));
		expect(await twin.page.getByLabel(et('diary.description')).inputValue()).toBe('Veel üks tekst');
		await expectAccessible(twin.page);
		// With JavaScript the browser kept a copy as well: after logging in the form is restored.
		await login(twin.page, app.url, FIRST.email, PASSWORD.first);
		await twin.page.goto(`${app.url}/clients/${clientId}/diary/new`);
		await visible(twin.page.getByText(et('diary.local_restored')));
		expect(await twin.page.getByLabel(et('diary.description')).inputValue()).toBe('Veel üks tekst');
		expect(await twin.page.getByLabel(et('diary.duration')).inputValue()).toBe('30');
	});

	it('two people change the same entry: the second sees the newer text, nothing is lost', async () => {
		const entryLink = (page: Page) =>
			page.getByRole('link', { name: et('diary.edit.link') }).last();
		// The volunteer (no JavaScript) and the coordinator open the first entry at the same time.
		await volunteer.page.goto(`${app.url}/clients/${clientId}/diary`);
		await entryLink(volunteer.page).click();
		await volunteer.page.waitForURL(/\/diary\/[0-9a-f-]{36}$/);
		const editPath = new URL(volunteer.page.url()).pathname;
		const { page } = coordinator;
		await visit(page, editPath);
		await volunteer.page
			.getByLabel(et('diary.description'))
			.fill(`${firstEntryText} Lisaks: apteegis oli järjekord.`);
		await volunteer.page.getByRole('button', { name: et('diary.edit.submit') }).click();
		await volunteer.page.waitForURL(/done=updated/);
		const mine = 'Koordinaatori täpsustus paberilt.';
		await page.getByLabel(et('diary.description')).fill(mine);
		await page.getByRole('button', { name: et('diary.edit.submit') }).click();
		await visible(page.getByText(et('diary.conflict')));
		await expectAccessible(page);
		await visible(page.getByText('Lisaks: apteegis oli järjekord.').first());
		expect(await page.getByLabel(et('diary.description')).inputValue()).toBe(mine);
		// Saving again is a conscious choice; the earlier versions are kept.
		await page.getByRole('button', { name: et('diary.edit.submit') }).click();
		await page.waitForURL(/done=updated/);
		await page.goto(`${app.url}${editPath}`);
		await visible(page.getByRole('heading', { name: et('diary.versions.title') }));
		expect(await page.locator('section[aria-labelledby="versions-title"] li').count()).toBe(2);
	});

	it('the coordinator sees the flag first and ends the pairing with the closing interview', async () => {
		const { page } = coordinator;
		await visit(page, `/clients/${clientId}/diary`);
		const flagged = page.getByRole('region', { name: et('diary.flagged.title') });
		await visible(flagged.getByText('Kõnnib halvemini'));
		await visit(page, pairingPath);
		await page.locator('#end > summary').click();
		// Today would leave today's visit outside the pairing (the end day is exclusive).
		await page.getByLabel(et('pairing.end.date')).fill(TODAY);
		await page.getByLabel(et('pairing.end.reason'), { exact: true }).fill('Vabatahtlik kolib.');
		await page.getByRole('button', { name: et('pairing.end.submit') }).click();
		await visible(page.getByText(et('pairing.end_before_entries')));
		await expectAccessible(page);
		await page.getByLabel(et('pairing.end.date')).fill(addDays(TODAY, 1));
		await page
			.getByLabel(et('pairing.end.reason'), { exact: true })
			.fill('Vabatahtlik kolib mandrile.');
		await page
			.getByLabel(et('pairing.end.closing_interview'))
			.fill('Koostöö sujus; abivajaja soovib uut vabatahtlikku.');
		await page.getByRole('button', { name: et('pairing.end.submit') }).click();
		await page.waitForURL(/done=ended/);
		await expectAccessible(page);
		expect(await textOf(page.getByRole('status'))).toBe(et('pairing.done.ended'));
	});

	it('the first volunteer’s old addresses answer "not found"', async () => {
		const { page } = volunteer;
		for (const path of [
			`/clients/${clientId}`,
			`/clients/${clientId}/diary/new`,
			`/clients/${clientId}/diary`
		]) {
			const res = await page.goto(`${app.url}${path}`);
			expect(res!.status(), path).toBe(404);
			await visible(page.getByText(et('error.not_found')));
		}
		await page.goto(`${app.url}/`);
		await visible(page.getByText(et('home.volunteer.empty')));
		// The same in the JavaScript twin, with axe.
		expect((await axeAs(twin, `/clients/${clientId}/diary`))!.status()).toBe(404);
	});

	it('a second volunteer is paired (the note says why) and sees the first one’s entries', async () => {
		const { page } = coordinator;
		await visit(page, `/clients/${clientId}/match`);
		const row = page.locator('ol.suggestions > li', { hasText: `${SECOND.first} ${SECOND.last}` });
		await row
			.getByRole('link', { name: et('match.pick', { name: `${SECOND.first} ${SECOND.last}` }) })
			.click();
		await page.waitForURL(/pick=/);
		await page.getByLabel(et('match.stage.introduced')).check();
		await page.getByLabel(et('match.starts_on')).fill(TODAY);
		const note = page.getByLabel(et('match.note'));
		if ((await note.count()) > 0) await note.fill('Abivajaja tunneb teda varasemast.');
		await page.getByRole('button', { name: et('match.submit') }).click();
		await page.waitForURL(/done=created/);
		await expectAccessible(page);

		const second = await session(false);
		await login(second.page, app.url, SECOND.email, PASSWORD.second);
		await second.page
			.getByRole('link', { name: `${et('home.volunteer.diary')}: ${CLIENT.first} ${CLIENT.last}` })
			.click();
		await second.page.waitForURL(`${app.url}/clients/${clientId}/diary`);
		const secondTwin = await session(true);
		await login(secondTwin.page, app.url, SECOND.email, PASSWORD.second);
		await axeAs(secondTwin, `/clients/${clientId}/diary`);
		await visible(second.page.getByText('Koordinaatori täpsustus paberilt.'));
		await visible(second.page.getByText(`${FIRST.first} ${FIRST.last}`).first());
		// The first volunteer's entries are read-only for the second.
		expect(await second.page.getByRole('link', { name: et('diary.edit.link') }).count()).toBe(0);
	});

	it('no script errors or CSP violations on any page', () => {
		expect(sessions.flatMap((s) => s.problems)).toEqual([]);
	});

	it('the database holds the ranking, the entries and the audited refusals', async () => {
		stopped = true;
		await browser.close();
		await app.stop();
		const handle = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
		try {
			const rows = await handle.db.select().from(pairings).where(eq(pairings.clientId, clientId));
			expect(rows.map((r) => r.status).sort()).toEqual(['ended', 'introduced']);
			const ended = rows.find((r) => r.status === 'ended')!;
			expect(ended.matchRanking!.chosenRank).toBe(1);
			expect(JSON.stringify(ended.matchRanking)).not.toMatch(/Vello|Helmi|Saarepuu/);
			const entries = await handle.db
				.select()
				.from(diaryEntries)
				.where(eq(diaryEntries.clientId, clientId));
			expect(entries).toHaveLength(2);
			expect(entries.filter((e) => e.flagged)).toHaveLength(1);
			const denied = await handle.db
				.select()
				.from(auditEvents)
				.where(and(eq(auditEvents.entityId, clientId), eq(auditEvents.outcome, 'denied')));
			expect(denied.map((e) => e.action)).toEqual(
				expect.arrayContaining(['client.view', 'diary.create', 'diary.view'])
			);
		} finally {
			await handle.close();
		}
	});
});
