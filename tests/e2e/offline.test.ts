import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import { addDays, tallinnDay } from '$lib/server/domain/dates';
import {
	et,
	expectAccessible,
	launchBrowser,
	startApp,
	visible,
	type RunningApp,
	openSeededDatabase
} from './harness';

/**
 * Issue 19, the volunteer's phone in the field, in Chromium at 360 × 740:
 * - with no connection a visit and its trip are kept on the phone (the unsent count on every
 *   page), the page opens again offline, and back online they are sent: exactly one entry and
 *   one trip on the server, the queue empty;
 * - a queued visit the server refuses on replay (the pairing ended meanwhile) stays with the
 *   server's message until the volunteer discards it;
 * - a double tap on "save" on slow 3G (CDP network emulation) saves one entry, with JavaScript
 *   (the button refuses the second tap) and without (the server's idempotency key).
 */
const PASSWORD = 'külas käimas ilma levita 2026';
const COORDINATOR = { email: 'kerli.tartu@example.ee', name: 'Kerli Koordinaator' };
const VELLO = { email: 'vello.valjas@example.ee', name: 'Vello Väljas' };
const VILMA = { email: 'vilma.valjas@example.ee', name: 'Vilma Väljas' };
const VAIKE = { email: 'vaike.valjas@example.ee', name: 'Väike Väljas' };
const OIE = { first: 'Õie', last: 'Ülevain' };
const MALLE = { first: 'Malle', last: 'Männik' };
const HELGI = { first: 'Helgi', last: 'Hõbe' };

const today = tallinnDay(new Date());
let app: RunningApp;
let browser: Browser;
let dataDir: string;
const ids = { oie: '', malle: '', mallePairing: '', helgi: '' };
const contexts: BrowserContext[] = [];

async function seedData(dir: string) {
	const handle = await openSeededDatabase(dir);
	try {
		const db = handle.db;
		const tartu = await countyByName(db, 'Tartu maakond');
		const municipality = await firstMunicipality(db, tartu.id);
		await seedUser(db, {
			...COORDINATOR,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: tartu.id }]
		});
		const pair = async (
			person: { email: string; name: string },
			client: { first: string; last: string }
		) => {
			const [firstName, lastName] = person.name.split(' ');
			const volunteer = await seedVolunteer(db, { countyId: tartu.id, firstName, lastName });
			await seedUser(db, {
				...person,
				password: PASSWORD,
				grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
			});
			const row = await seedClient(db, {
				countyId: tartu.id,
				municipalityId: municipality.id,
				status: 'paired',
				firstName: client.first,
				lastName: client.last
			});
			const pairing = await seedPairing(db, {
				clientId: row.id,
				volunteerId: volunteer.id,
				startsOn: addDays(today, -30)
			});
			return { client: row.id, pairing: pairing.id };
		};
		ids.oie = (await pair(VELLO, OIE)).client;
		const malle = await pair(VILMA, MALLE);
		ids.malle = malle.client;
		ids.mallePairing = malle.pairing;
		ids.helgi = (await pair(VAIKE, HELGI)).client;
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-offline-'));
	await seedData(dataDir);
	[app, browser] = await Promise.all([startApp({ DATA_DIR: dataDir }), launchBrowser()]);
}, 300_000);

afterAll(async () => {
	for (const c of contexts) await c.close().catch(() => {});
	await browser?.close();
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

/** A phone of 360 × 740 px; script errors and CSP violations are collected. */
async function phone(opts: { javaScript?: boolean } = {}) {
	const context = await browser.newContext({
		viewport: { width: 360, height: 740 },
		javaScriptEnabled: opts.javaScript ?? true,
		locale: 'et-EE',
		isMobile: true,
		hasTouch: true
	});
	contexts.push(context);
	const page = await context.newPage();
	const problems: string[] = [];
	page.on('console', (msg) => {
		// Offline, the browser reports the requests that could not go out; that is the point.
		const text = msg.text();
		if (
			msg.type() === 'error' &&
			!text.startsWith('Failed to load resource') &&
			!text.includes('ERR_INTERNET_DISCONNECTED')
		) {
			problems.push(text);
		}
	});
	page.on('pageerror', (err) => problems.push(err.message));
	return { context, page, problems };
}

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

/** The service worker controls the page (it was installed by the volunteer's pages). */
async function workerReady(page: Page) {
	await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, {
		timeout: 30_000
	});
}

/** Items in the phone's queue (IndexedDB). */
async function queueSize(page: Page): Promise<number> {
	return page.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				const req = indexedDB.open('seltsiline', 1);
				req.onupgradeneeded = () =>
					req.result.createObjectStore('queue', { keyPath: 'key' }).createIndex('userId', 'userId');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const count = req.result.transaction('queue').objectStore('queue').count();
					count.onsuccess = () => {
						resolve(count.result);
						req.result.close();
					};
				};
			})
	);
}

async function fillVisit(page: Page, text: string, minutes = '60') {
	await page.getByLabel(et('diary.kind.home_visit')).check();
	await page.getByLabel(et('diary.duration')).fill(minutes);
	await page.getByLabel(et('diary.description')).fill(text);
}

const banner = (page: Page) => page.locator('.offline-status');

describe('the volunteer’s phone without a connection', () => {
	it('keeps a visit and its trip on the phone, opens offline, and sends them once back online', async () => {
		const { context, page, problems } = await phone();
		await signIn(page, VELLO.email);
		await visible(page.getByRole('heading', { name: et('home.volunteer.title') }));
		// How to put the app on the home screen, for Android and iPhone.
		await page.getByText(et('offline.install.title')).click();
		await visible(page.getByText(et('offline.install.iphone')));
		await expectAccessible(page);
		await workerReady(page);
		const manifest = await page.evaluate(async () => {
			const href = document.querySelector('link[rel="manifest"]')?.getAttribute('href');
			return href ? ((await (await fetch(href)).json()) as { start_url: string }) : null;
		});
		expect(manifest?.start_url).toBe('/');
		// The pages the volunteer will need are opened once with a connection.
		const formPath = `/clients/${ids.oie}/diary/new`;
		await page.goto(`${app.url}/mileage`);
		await page.goto(`${app.url}/`);
		await page.goto(`${app.url}${formPath}`);
		await page.waitForLoadState('networkidle');

		await context.setOffline(true);
		const text = 'Käisin Õie juures, rääkisime aiast ja jõime teed.';
		await fillVisit(page, text);
		await page.getByRole('button', { name: et('diary.add.submit') }).click();
		await visible(page.getByText(et('offline.queued_diary')));
		await visible(banner(page).getByText(et('offline.unsent_count', { count: 1 })));
		await visible(banner(page).getByText(et('offline.saved_on_phone')));
		await expectAccessible(page);

		// "Add the trip for this visit": the client and the day are filled in.
		await page.getByRole('link', { name: et('offline.add_trip_for_visit') }).click();
		await page.waitForURL(/\/mileage\?client=/);
		await visible(page.getByRole('heading', { level: 1, name: et('mileage.log.title') }));
		expect(await page.getByLabel(et('mileage.client')).inputValue()).toBe(ids.oie);
		expect(await page.getByLabel(et('mileage.date'), { exact: true }).inputValue()).toBe(today);
		await page.getByLabel(et('mileage.from'), { exact: true }).fill('Elva, Kesk 3');
		await page.getByLabel(et('mileage.to'), { exact: true }).fill('Rõngu, Õie talu');
		await page.getByLabel(et('mileage.purpose'), { exact: true }).fill('Külastus');
		await page.getByLabel(et('mileage.km_label'), { exact: true }).fill('14,5');
		await page.getByRole('button', { name: et('mileage.add.submit') }).click();
		await visible(page.getByText(et('offline.queued_trip')));
		await visible(banner(page).getByText(et('offline.unsent_count', { count: 2 })));
		expect(await queueSize(page)).toBe(2);

		// Reloaded with no connection, the page opens from the phone and still counts both.
		await page.reload();
		await visible(page.getByRole('heading', { level: 1, name: et('mileage.log.title') }));
		await visible(banner(page).getByText(et('offline.unsent_count', { count: 2 })));
		await expectAccessible(page);

		// Back online: the next page load sends them.
		await context.setOffline(false);
		await page.reload();
		// Right after a load the banner is not there yet (the queue is read first): wait for the
		// queue itself to empty, then for the banner to go.
		await expect.poll(() => queueSize(page), { timeout: 30_000 }).toBe(0);
		await banner(page).waitFor({ state: 'detached', timeout: 30_000 });
		await page.goto(`${app.url}/mileage`);
		await visible(page.getByText('Elva, Kesk 3 → Rõngu, Õie talu'));
		expect(await page.getByText('Elva, Kesk 3 → Rõngu, Õie talu').count()).toBe(1);
		await page.goto(`${app.url}/clients/${ids.oie}/diary`);
		await visible(page.getByText(text));
		expect(await page.getByText(text).count()).toBe(1);
		expect(problems).toEqual([]);
	}, 240_000);

	it('a queued visit the server refuses (the pairing ended meanwhile) stays with its message until discarded', async () => {
		const { context, page } = await phone();
		await signIn(page, VILMA.email);
		await workerReady(page);
		await page.goto(`${app.url}/clients/${ids.malle}/diary/new`);
		await page.waitForLoadState('networkidle');
		await context.setOffline(true);
		await fillVisit(page, 'Malle oli rõõmus, käisime jalutamas.');
		await page.getByRole('button', { name: et('diary.add.submit') }).click();
		await visible(page.getByText(et('offline.queued_diary')));

		// Meanwhile the coordinator ends the pairing.
		const coordinator = await phone();
		await signIn(coordinator.page, COORDINATOR.email);
		await coordinator.page.goto(`${app.url}/clients/${ids.malle}/pairings/${ids.mallePairing}`);
		await coordinator.page.locator('#end > summary').click();
		await coordinator.page.getByLabel(et('pairing.end.date')).fill(today);
		await coordinator.page
			.getByLabel(et('pairing.end.reason'), { exact: true })
			.fill('Vabatahtlik lõpetab.');
		await coordinator.page.getByRole('button', { name: et('pairing.end.submit') }).click();
		await coordinator.page.waitForURL(/done=ended/);

		await context.setOffline(false);
		await page.goto(`${app.url}/`);
		const refused = banner(page);
		await visible(refused.getByText(et('offline.not_found')));
		await visible(refused.getByText(et('offline.unsent_count', { count: 1 })));
		await expectAccessible(page);
		// Still there after another page load: nothing is dropped silently.
		await page.reload();
		await visible(banner(page).getByText(et('offline.not_found')));
		expect(await queueSize(page)).toBe(1);
		await banner(page)
			.getByRole('button', { name: new RegExp(`^${et('offline.discard')}`) })
			.click();
		await banner(page).waitFor({ state: 'detached' });
		expect(await queueSize(page)).toBe(0);
	}, 240_000);
});

/** Chrome's "slow 3G" preset: 400 ms, 400 kbit/s both ways. */
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

/** Entries in the client's diary with this text (the diary page, newest first). */
async function entriesWith(page: Page, clientId: string, text: string): Promise<number> {
	await page.goto(`${app.url}/clients/${clientId}/diary`);
	await page.waitForLoadState('networkidle');
	return page.getByText(text).count();
}

describe('exactly once', () => {
	it('a double tap on "save" on slow 3G saves one entry: the button shows its work and refuses the second tap', async () => {
		const { context, page, problems } = await phone();
		await signIn(page, VAIKE.email);
		await page.goto(`${app.url}/clients/${ids.helgi}/diary/new`);
		await page.waitForLoadState('networkidle');
		await slow3g(context, page);
		const text = 'Helgi juures; salvestamist puudutati kaks korda.';
		await fillVisit(page, text);
		const save = page.getByRole('button', { name: et('diary.add.submit') });
		await save.click();
		const busy = page.getByRole('button', { name: et('offline.saving') });
		await visible(busy);
		expect(await busy.isDisabled()).toBe(true);
		await busy.click({ force: true, noWaitAfter: true, timeout: 2_000 }).catch(() => {
			/* a disabled button takes no tap */
		});
		await page.waitForURL(/\/diary\?done=added/, { timeout: 60_000 });
		await visible(page.getByText(text));
		expect(await entriesWith(page, ids.helgi, text)).toBe(1);
		expect(problems).toEqual([]);
	}, 240_000);

	it('without JavaScript the form’s key makes a repeated post answer with the same entry', async () => {
		const { context, page } = await phone({ javaScript: false });
		await signIn(page, VAIKE.email);
		const formPath = `/clients/${ids.helgi}/diary/new`;
		await page.goto(`${app.url}${formPath}`);
		const key = await page.locator('input[name="submissionKey"]').inputValue();
		expect(key).toMatch(/^[0-9a-f-]{36}$/);
		const text = 'Helgi juures; vorm saadeti kaks korda korraga.';
		const post = () =>
			context.request.post(`${app.url}${formPath}?/save`, {
				form: {
					submissionKey: key,
					contactDate: today,
					contactKind: 'home_visit',
					durationMinutes: '45',
					description: text
				},
				headers: { origin: app.url, accept: 'text/html' },
				maxRedirects: 0
			});
		const answers = await Promise.all([post(), post(), post()]);
		const locations = answers.map((a) => [a.status(), a.headers()['location']]);
		expect(new Set(locations.map((l) => JSON.stringify(l))).size).toBe(1);
		expect(locations[0]![0]).toBe(303);
		expect(locations[0]![1]).toMatch(/\/diary\?done=added&entry=/);
		expect(await entriesWith(page, ids.helgi, text)).toBe(1);
	}, 240_000);
});
