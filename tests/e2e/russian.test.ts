import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { counties, municipalities, users } from '$lib/server/db/schema';
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
import { translate } from '$lib/server/i18n';
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

/**
 * Russian everywhere (issue 20) in Chromium: a volunteer switches to Russian with the header's
 * switcher (no JavaScript needed: a form post), the choice is kept on the account, and they log
 * a visit and a trip; a coordinator whose browser asks for Russian gets the login page in
 * Russian, then opens the attention list and pairs a waiting client. On every page: no Latin
 * script words outside names and a short allow-list (so no Estonian or English left), no
 * untranslated message key.
 */
// Seeding, starting the server and Chromium on a shared CI machine can take a while.
vi.setConfig({ hookTimeout: 300_000, testTimeout: 180_000 });

const ru = (key: string, params?: Record<string, string | number>) => translate('ru', key, params);

const PASSWORD = 'русский язык и эстонский 2026';
const COORDINATOR = { email: 'galina.tartu@example.ee', name: 'Галина Иванова' };
const VOLUNTEER = { email: 'vera.volonter@example.ee', name: 'Вера Смирнова' };
const CANDIDATE = { first: 'Ольга', last: 'Петрова' };
const CLIENT = { first: 'Анна', last: 'Кузнецова' };
const WAITING = { first: 'Пётр', last: 'Соколов' };

const today = tallinnDay(new Date());
const visitDay = addDays(today, -2);

let app: RunningApp;
let browser: Browser;
let dataDir: string;
const ids = { client: '', waiting: '' };
/** Proper names on the pages (people, places from the reference data, e-mail addresses). */
const names: string[] = [];
const sessions: Session[] = [];

/**
 * Words allowed in Latin script on a Russian page: the other languages in the switcher (named in
 * themselves), the service's name, units and file formats.
 */
const ALLOWED = new Set([
	'Eesti',
	'English',
	'Seltsiline',
	'km',
	'PDF',
	'JPEG',
	'PNG',
	'DOCX',
	'ODT',
	'XLSX',
	'CSV',
	'JSON',
	// product names in the phone's install hints (issue 19)
	'Android',
	'Chrome',
	'iPhone',
	'Safari'
]);

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-e2e-ru-'));
	const handle = await openSeededDatabase(dataDir);
	try {
		const db = handle.db;
		const county = await countyByName(db, 'Ida-Viru maakond');
		const muni = await firstMunicipality(db, county.id);
		// Counties and municipalities keep their official Estonian names in every language.
		for (const r of await db.select({ name: counties.name }).from(counties)) names.push(r.name);
		for (const r of await db.select({ name: municipalities.name }).from(municipalities))
			names.push(r.name);
		const coordinator = await seedUser(db, {
			...COORDINATOR,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: county.id }]
		});
		// The coordinator chose Russian earlier (account page); the volunteer has not yet.
		await db.update(users).set({ locale: 'ru' }).where(eq(users.id, coordinator.user.id));
		const vera = await seedVolunteer(db, {
			countyId: county.id,
			municipalityId: muni.id,
			firstName: 'Вера',
			lastName: 'Смирнова',
			languages: ['ru', 'et']
		});
		await seedUser(db, {
			...VOLUNTEER,
			password: PASSWORD,
			grants: [{ role: 'volunteer', volunteerId: vera.id }]
		});
		const client = await seedClient(db, {
			countyId: county.id,
			municipalityId: muni.id,
			status: 'paired',
			firstName: CLIENT.first,
			lastName: CLIENT.last,
			languages: ['ru']
		});
		ids.client = client.id;
		const pairing = await seedPairing(db, {
			clientId: client.id,
			volunteerId: vera.id,
			startsOn: addDays(today, -60)
		});
		await seedDiaryEntry(db, {
			clientId: client.id,
			pairingId: pairing.id,
			volunteerId: vera.id,
			contactDate: visitDay,
			// what the volunteer wrote: their own words, in Russian here
			description: 'Пили чай и беседовали о саде.'
		});
		// A client waiting for a volunteer, and a free volunteer who speaks Russian.
		const waiting = await seedClient(db, {
			countyId: county.id,
			municipalityId: muni.id,
			firstName: WAITING.first,
			lastName: WAITING.last,
			languages: ['ru'],
			preferredLanguage: 'ru',
			helpProfilesWanted: ['P1'],
			status: 'waiting',
			waitingSince: addDays(today, -40)
		});
		ids.waiting = waiting.id;
		await seedVolunteer(db, {
			countyId: county.id,
			municipalityId: muni.id,
			firstName: CANDIDATE.first,
			lastName: CANDIDATE.last,
			languages: ['ru'],
			helpProfilesOffered: ['P1']
		});
	} finally {
		await handle.close();
	}
	names.push(
		COORDINATOR.email,
		VOLUNTEER.email,
		'Tallinn' // the time zone's city, where a page names it
	);
	[app, browser] = await Promise.all([startApp({ DATA_DIR: dataDir }), launchBrowser()]);
});

afterAll(async () => {
	for (const s of sessions) await s.context.close().catch(() => undefined);
	await browser?.close();
	await app?.stop();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A fresh browser (own cookies) whose language setting (Accept-Language) is `locale`. */
async function session(opts: { phone?: boolean; locale?: string } = {}): Promise<Session> {
	if (!opts.locale) {
		const s = await newSession(browser, { phone: opts.phone });
		sessions.push(s);
		return s;
	}
	const context = await browser.newContext({
		viewport: opts.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
		locale: opts.locale
	});
	const s: Session = { context, page: await context.newPage(), problems: [] };
	sessions.push(s);
	return s;
}

/** Logs in with the login form's labels in the given language. */
async function signIn(page: Page, email: string, tr: (key: string) => string) {
	for (let attempt = 1; ; attempt++) {
		await page.goto(`${app.url}/login`);
		await page.waitForLoadState('networkidle');
		await page.getByLabel(tr('auth.email')).fill(email);
		await page.getByLabel(tr('auth.password')).fill(PASSWORD);
		await page.getByRole('button', { name: tr('auth.login.submit') }).click();
		try {
			await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10_000 });
			return;
		} catch (e) {
			if (attempt === 2) throw e;
		}
	}
}

/**
 * The page's visible text and title in Russian only: Latin-script words outside the names and
 * the allow-list, and anything that looks like a message key, are returned.
 */
async function notRussian(page: Page): Promise<string[]> {
	expect(await page.locator('html').getAttribute('lang')).toBe('ru');
	// Every text node (also those only screen readers hear) and the texts of attributes.
	let text = `${await page.title()}\n${await page.evaluate(() => {
		const parts: string[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			const tag = n.parentElement?.tagName;
			if (tag !== 'SCRIPT' && tag !== 'STYLE' && tag !== 'NOSCRIPT')
				parts.push(n.textContent ?? '');
		}
		for (const el of document.body.querySelectorAll('[aria-label],[title],[placeholder],[alt]')) {
			for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
				const v = el.getAttribute(a);
				if (v) parts.push(v);
			}
		}
		return parts.join(' \n ');
	})}`;
	// longest first, so "Tartu linn" goes before "Tartu"
	const all = [...names, CLIENT.first, CLIENT.last, WAITING.first, WAITING.last];
	for (const name of all.sort((a, b) => b.length - a.length)) {
		text = text.split(name).join(' ');
	}
	const keys = text.match(/\b[a-z_]+(\.[a-z0-9_]+){1,}\b/g) ?? [];
	const latin = (text.match(/[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ]+/g) ?? []).filter(
		(w) => w.length > 1 && !ALLOWED.has(w)
	);
	return [...new Set([...keys.map((k) => `key? ${k}`), ...latin])];
}

describe('a volunteer in Russian', () => {
	it('switches to Russian from the header, and the account keeps it', async () => {
		const { page } = await session({ phone: true });
		await signIn(page, VOLUNTEER.email, et);
		expect(await page.locator('html').getAttribute('lang')).toBe('et');
		await page.getByRole('button', { name: 'Русский' }).click();
		await page.waitForLoadState('networkidle');
		expect(await page.locator('html').getAttribute('lang')).toBe('ru');
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
			ru('home.title', { name: VOLUNTEER.name })
		);
		expect(await notRussian(page)).toEqual([]);
		await expectAccessible(page);

		// Another browser (no language cookie, asking for Estonian): Russian after logging in.
		const other = await session({ phone: true, locale: 'et-EE' });
		await signIn(other.page, VOLUNTEER.email, et);
		expect(await other.page.locator('html').getAttribute('lang')).toBe('ru');
	});

	it('logs a visit in Russian', async () => {
		const { page } = await session({ phone: true });
		await signIn(page, VOLUNTEER.email, et);
		const name = `${CLIENT.first} ${CLIENT.last}`;
		await page.getByRole('link', { name: ru('home.volunteer.add_visit_label', { name }) }).click();
		await page.waitForURL(/\/diary\/new/);
		expect(await notRussian(page)).toEqual([]);
		await expectAccessible(page);
		await page.getByLabel(ru('diary.kind.home_visit')).check();
		await page.getByLabel(ru('match.profile.P1')).check();
		await page.getByLabel(ru('diary.duration')).fill('90');
		await page.getByLabel(ru('diary.description')).fill('Гуляли в парке, говорили о внуках.');
		await page.getByRole('button', { name: ru('diary.add.submit') }).click();
		await page.waitForURL((u) => !u.pathname.endsWith('/diary/new'));
		await visible(page.getByText('Гуляли в парке, говорили о внуках.'));
		expect(await notRussian(page)).toEqual([]);
		// the pages ran without a script error (hydration, the phone's offline helpers)
		expect(sessions.flatMap((x) => x.problems)).toEqual([]);
	});

	it('logs a trip in Russian', async () => {
		const { page } = await session({ phone: true });
		await signIn(page, VOLUNTEER.email, et);
		await page.goto(`${app.url}/mileage`);
		await visible(page.getByRole('heading', { level: 1, name: ru('mileage.log.title') }));
		expect(await notRussian(page)).toEqual([]);
		await page.getByLabel(ru('mileage.date'), { exact: true }).fill(visitDay);
		await page.getByLabel(ru('mileage.client')).selectOption(ids.client);
		await page.getByLabel(ru('mileage.from'), { exact: true }).fill('Нарва, Пушкина 10');
		await page.getByLabel(ru('mileage.to'), { exact: true }).fill('Силламяэ, Кесклинна 5');
		await page.getByLabel(ru('mileage.purpose'), { exact: true }).fill('Визит и покупки');
		await page.getByLabel(ru('mileage.km_label'), { exact: true }).fill('24,5');
		await page.getByRole('button', { name: ru('mileage.add.submit') }).click();
		expect(await textOf(page.getByRole('status'))).toBe(ru('mileage.done.added'));
		expect(await page.locator('#trips').innerText()).toContain('Нарва, Пушкина 10');
		expect(await notRussian(page)).toEqual([]);
		await expectAccessible(page);
	});
});

describe('a coordinator in Russian', () => {
	it('gets the login page in the browser’s language on a first visit', async () => {
		const { page } = await session({ locale: 'ru-RU' });
		await page.goto(`${app.url}/login`);
		expect(await page.locator('html').getAttribute('lang')).toBe('ru');
		expect(await notRussian(page)).toEqual([]);
	});

	it('opens the attention list and pairs the waiting client', async () => {
		const { page } = await session({ locale: 'ru-RU' });
		await signIn(page, COORDINATOR.email, ru);
		await page.goto(`${app.url}/attention`);
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(ru('attention.title'));
		await visible(page.getByText(`${WAITING.first} ${WAITING.last}`).first());
		expect(await notRussian(page)).toEqual([]);
		await expectAccessible(page);

		await page.goto(`${app.url}/clients/${ids.waiting}`);
		expect(await notRussian(page)).toEqual([]);
		await page
			.getByRole('link', { name: ru('match.open') })
			.first()
			.click();
		await page.waitForURL(`${app.url}/clients/${ids.waiting}/match`);
		expect(await notRussian(page)).toEqual([]);
		await expectAccessible(page);
		const candidate = `${CANDIDATE.first} ${CANDIDATE.last}`;
		await page.getByRole('link', { name: ru('match.pick', { name: candidate }) }).click();
		await page.waitForURL(/pick=/);
		expect(await notRussian(page)).toEqual([]);
		await page.getByLabel(ru('match.stage.proposed')).check();
		const note = page.getByLabel(ru('match.note'));
		if ((await note.count()) > 0) await note.fill('Говорит по-русски, живёт рядом.');
		await page.getByRole('button', { name: ru('match.submit') }).click();
		await page.waitForURL(/\/pairings\/[0-9a-f-]{36}\?done=created$/);
		expect(await textOf(page.getByRole('status'))).toBe(ru('pairing.done.created'));
		expect(await notRussian(page)).toEqual([]);
		await expectAccessible(page);
	});
});
