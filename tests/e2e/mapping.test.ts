import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { countyByName, firstMunicipality, seedUser } from '$lib/server/fixtures/factories';
import { buildIsikukood } from '$lib/server/domain/isikukood';
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
 * Issue 3, mapping clients, end to end in Chromium: a Harju coordinator adds a social partner
 * and a general mapping entry referred by it, makes the entry personal with an isikukood (the
 * date of birth is filled in as the code is typed, and by the server without JavaScript), is
 * warned about a duplicate, records the consent date and attaches the scanned consent (the
 * "consent missing" flag goes away) and the scanned paper intake form (R-MAP-3). The same
 * steps by the Tartu coordinator end in "not found". axe runs on every page visited with
 * JavaScript (axe cannot run in the page without it).
 */
const PASSWORD = 'kaardistame koos külas 2026';
const HARJU = { email: 'helve.harju@example.ee', name: 'Helve Harjumaa' };
const TARTU = { email: 'toomas.tartu@example.ee', name: 'Toomas Tartumaa' };
const CODE = buildIsikukood('1942-05-17', 'female', 37);
const PARTNER = 'Keila Raamatukogu';

let app: RunningApp;
let browser: Browser;
let dataDir: string;
let municipalityName = '';
const sessions: Session[] = [];
const ids = { partner: '', client: '' };

async function seedData(dir: string) {
	const handle = await openSeededDatabase(dir);
	try {
		const harju = await countyByName(handle.db, 'Harju maakond');
		const tartu = await countyByName(handle.db, 'Tartu maakond');
		municipalityName = (await firstMunicipality(handle.db, harju.id)).name;
		await seedUser(handle.db, {
			...HARJU,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: harju.id }]
		});
		await seedUser(handle.db, {
			...TARTU,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: tartu.id }]
		});
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-mapping-'));
	await seedData(dataDir);
	[app, browser] = await Promise.all([startApp({ DATA_DIR: dataDir }), launchBrowser()]);
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

async function session(opts: { javaScript?: boolean } = {}): Promise<Session> {
	const s = await newSession(browser, opts);
	sessions.push(s);
	return s;
}

/** One logged-in browser per person (and one without JavaScript), reused across the steps. */
const signedIn = new Map<string, Session>();
async function as(who: { email: string }, opts: { javaScript?: boolean } = {}): Promise<Page> {
	const key = `${who.email}/${opts.javaScript ?? true}`;
	let s = signedIn.get(key);
	if (!s) {
		s = await session(opts);
		await login(s.page, app.url, who.email, PASSWORD);
		// The login post has answered once the browser has left the login page.
		await s.page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
		signedIn.set(key, s);
	}
	return s.page;
}

/** A form field by the start of its label (labels end with "(valikuline)" when optional). */
const field = (page: Page, key: string) =>
	page.getByLabel(new RegExp(`^${et(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

describe('a coordinator maps a client', () => {
	it('adds a social partner of the county with a contact person', async () => {
		const page = await as(HARJU);
		await page
			.getByRole('navigation', { name: et('layout.main_navigation') })
			.getByRole('link', { name: et('nav.partners') })
			.click();
		await visible(page.getByRole('heading', { level: 1, name: et('partner.list.title') }));
		expect(await textOf(page.locator('main'))).toContain(et('partner.list.empty'));
		await expectAccessible(page);
		await page.getByRole('link', { name: et('partner.list.add') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('partner.new.title') }));
		await page.getByRole('button', { name: et('partner.new.submit') }).click();
		// The browser's own check stops an empty name; the server's message is the same field.
		await field(page, 'partner.name').fill(PARTNER);
		await field(page, 'partner.kind').selectOption({ label: et('partner.kind.library') });
		await field(page, 'records.municipality').selectOption({ label: municipalityName });
		await page.getByRole('button', { name: et('partner.new.submit') }).click();
		await visible(page.getByRole('heading', { level: 1, name: PARTNER }));
		expect(await textOf(page.getByRole('status'))).toBe(et('partner.created'));
		ids.partner = page.url().split('/partners/')[1]!.split('?')[0]!;
		await expectAccessible(page);

		// (the closed edit form above has a 'Nimi' field too)
		await page.locator('#contact-name').fill('Raamatukoguhoidja Reet');
		await field(page, 'partner.contact.phone').fill('5551 2345');
		await page.getByRole('button', { name: et('partner.contact.add_submit') }).click();
		await visible(page.getByRole('heading', { level: 3, name: 'Raamatukoguhoidja Reet' }));
		await expectAccessible(page);
	});

	it('enters a general entry that identifies nobody', async () => {
		const page = await as(HARJU);
		await page.goto(`${app.url}/clients`);
		await page.getByRole('link', { name: et('client.list.add') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('client.new.title') }));
		await expectAccessible(page);
		await field(page, 'records.municipality').selectOption({ label: municipalityName });
		await field(page, 'mapping.settlement').fill('Laulasmaa');
		await field(page, 'mapping.living_situation').selectOption('alone');
		await field(page, 'mapping.situation').fill('Eakas naine, lapsed välismaal, tunneb end üksi.');
		await field(page, 'mapping.referral_partner').selectOption(ids.partner);
		await field(page, 'mapping.referral_person').fill('Reet, raamatukogust');
		await page.getByLabel(et('mapping.profile.P2')).check();
		await page.getByRole('button', { name: et('mapping.new.submit') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('client.unnamed') }));
		ids.client = page.url().split('/clients/')[1]!.split('?')[0]!;
		expect(await textOf(page.getByRole('status'))).toBe(et('client.created'));
		const main = await textOf(page.locator('main'));
		expect(main).toContain(et('mapping.general_entry_hint'));
		expect(main).toContain('Laulasmaa');
		expect(main).toContain(PARTNER);
		expect(main).not.toContain(et('mapping.consent_missing'));
		await expectAccessible(page);
	});

	it('makes it personal with an isikukood: the date of birth is filled in as it is typed', async () => {
		const page = await as(HARJU);
		await page.goto(`${app.url}/clients/${ids.client}`);
		await page.getByRole('link', { name: et('mapping.edit.link') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('mapping.edit.title') }));
		await expectAccessible(page);
		await page.locator('summary', { hasText: et('mapping.section.personal') }).click();
		await field(page, 'records.first_name').fill('Laine');
		await field(page, 'records.last_name').fill('Liivamäe');
		await field(page, 'isikukood.label').pressSequentially(CODE);
		expect(await field(page, 'records.date_of_birth').inputValue()).toBe('1942-05-17');
		expect(await field(page, 'mapping.gender').inputValue()).toBe('female');
		await page.getByLabel(et('mapping.language.et'), { exact: true }).check();
		await field(page, 'records.phone').fill('+372 5550 1942');
		await page.getByLabel(new RegExp(`^${et('records.status')}`)).selectOption('waiting');
		await expectAccessible(page);
		await page.getByRole('button', { name: et('mapping.edit.submit') }).click();
		await visible(page.getByRole('heading', { level: 1, name: 'Laine Liivamäe' }));
		expect(await textOf(page.getByRole('status'))).toBe(et('client.updated'));
		const main = await textOf(page.locator('main'));
		expect(main).toContain(CODE);
		expect(main).toContain('17.05.1942');
		expect(main).toContain(et('client.status.waiting'));
		// Personal now, so the consent is asked for.
		expect(await textOf(page.locator('.consent-missing'))).toContain(et('mapping.consent_missing'));
		await expectAccessible(page);
	});

	it('refuses a date of birth that contradicts the code, and warns about a duplicate', async () => {
		const page = await as(HARJU);
		await page.goto(`${app.url}/clients/new`);
		await page.locator('summary', { hasText: et('mapping.section.personal') }).click();
		await field(page, 'records.first_name').fill('Laine');
		// A date typed first is never overwritten by the live fill-in.
		await field(page, 'records.date_of_birth').fill('1942-05-18');
		await field(page, 'isikukood.label').pressSequentially(CODE);
		const dob = field(page, 'records.date_of_birth');
		expect(await dob.inputValue()).toBe('1942-05-18');
		await page.getByRole('button', { name: et('mapping.new.submit') }).click();
		await visible(page.getByText(et('mapping.dob_mismatch')));
		expect(await dob.getAttribute('aria-invalid')).toBe('true');
		expect(await dob.getAttribute('aria-describedby')).toContain('f-dateOfBirth-error');
		await expectAccessible(page);

		await dob.fill('');
		await page.getByRole('button', { name: et('mapping.new.submit') }).click();
		const warning = page.locator('section', {
			has: page.getByRole('heading', { name: et('mapping.duplicate.title') })
		});
		expect(await textOf(warning)).toContain(et('mapping.duplicate.match_isikukood'));
		expect(await warning.getByRole('link', { name: 'Laine Liivamäe' }).getAttribute('href')).toBe(
			`/clients/${ids.client}`
		);
		expect(await textOf(page.getByRole('alert'))).toBe(et('mapping.duplicate.warning'));
		await expectAccessible(page);
	});

	it('without JavaScript: the server fills in the date of birth; a duplicate is saved once confirmed', async () => {
		// (axe needs JavaScript; these pages were checked above with it.)
		const page = await as(HARJU, { javaScript: false });
		await page.goto(`${app.url}/clients/new`);
		await page.locator('summary', { hasText: et('mapping.section.personal') }).click();
		await field(page, 'records.first_name').fill('Laine');
		await field(page, 'isikukood.label').fill(CODE);
		await page.getByRole('button', { name: et('mapping.new.submit') }).click();
		await visible(page.getByRole('heading', { name: et('mapping.duplicate.title') }));
		// Not saved yet: the coordinator confirms it is a different person.
		await page.getByLabel(et('mapping.duplicate.confirm')).check();
		await page.getByRole('button', { name: et('mapping.new.submit') }).click();
		await visible(page.getByRole('heading', { level: 1, name: 'Laine' }));
		const main = await textOf(page.locator('main'));
		expect(main).toContain('17.05.1942');
		expect(main).toContain(et('mapping.gender.female'));
	});

	it('records the consent and attaches the scanned, signed consent', async () => {
		const page = await as(HARJU);
		await page.goto(`${app.url}/clients?consent=missing`);
		expect(await textOf(page.locator('main table'))).toContain('Laine Liivamäe');
		await expectAccessible(page);

		await page.goto(`${app.url}/clients/${ids.client}/edit`);
		await field(page, 'mapping.consent_given_on').fill('2026-11-20');
		await page.getByRole('button', { name: et('mapping.edit.submit') }).click();
		await visible(page.getByRole('heading', { level: 1, name: 'Laine Liivamäe' }));
		// A date alone is not enough.
		await visible(page.locator('.consent-missing'));

		await page.locator('#documents summary', { hasText: et('document.upload.title') }).click();
		await page.getByLabel(et('document.upload.kind'), { exact: true }).selectOption('consent');
		await page.getByLabel(et('document.upload.file'), { exact: true }).setInputFiles({
			name: 'Laine nõusolek.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from(await samplePdf())
		});
		await page.getByRole('button', { name: et('document.upload.submit') }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(page.locator('#documents [role="status"]'))).toBe(et('document.uploaded'));
		expect(await page.locator('.consent-missing').count()).toBe(0);
		expect(await textOf(page.locator('main'))).toContain(et('mapping.consent_complete'));
		await expectAccessible(page);

		// The paper form it all started from (R-MAP-3), saved onto the same entry.
		await page.locator('#documents summary', { hasText: et('document.upload.title') }).click();
		await page.getByLabel(et('document.upload.kind'), { exact: true }).selectOption('intake_form');
		await page.getByLabel(et('document.upload.file'), { exact: true }).setInputFiles({
			name: 'Kaardistusankeet.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from(await samplePdf('Kaardistusankeet, Laulasmaa'))
		});
		await page.getByRole('button', { name: et('document.upload.submit') }).click();
		await page.waitForLoadState('networkidle');
		const intake = page.locator('#documents tbody tr', { hasText: 'Kaardistusankeet.pdf' });
		expect(await textOf(intake)).toContain(et('document.kind.intake_form'));

		await page.goto(`${app.url}/clients?consent=missing`);
		expect(await textOf(page.locator('main'))).not.toContain('Laine Liivamäe');
		await page.goto(`${app.url}/clients?sort=waiting&waiting=&q=Laulasmaa`);
		expect(await textOf(page.locator('main table'))).toContain(
			et('mapping.waiting_days', { days: 0 })
		);
		await expectAccessible(page);
	});
});

describe('a coordinator of another county', () => {
	it('finds neither the client nor the partner, and cannot change them', async () => {
		const page = await as(TARTU);
		await page.goto(`${app.url}/clients?q=Laine`);
		expect(await textOf(page.locator('main'))).toContain(et('records.no_results'));
		for (const path of [
			`/clients/${ids.client}`,
			`/clients/${ids.client}/edit`,
			`/partners/${ids.partner}`
		]) {
			const response = await page.goto(`${app.url}${path}`);
			expect(response?.status(), path).toBe(404);
			await visible(page.getByRole('heading', { level: 1, name: et('error.not_found') }));
		}
		await expectAccessible(page);
		await page.goto(`${app.url}/partners`);
		expect(await textOf(page.locator('main'))).not.toContain(PARTNER);

		// A hand-made post to the edit form is refused the same way, and changes nothing.
		const post = await page.request.post(`${app.url}/clients/${ids.client}/edit`, {
			headers: { origin: app.url },
			form: { firstName: 'Võõras', status: 'ended', endedOn: '2026-11-20', endReason: 'x' }
		});
		expect(post.status()).toBe(404);
		const archive = await page.request.post(`${app.url}/partners/${ids.partner}?/archive`, {
			headers: { origin: app.url },
			form: {}
		});
		expect(archive.status()).toBe(404);

		const harju = await as(HARJU);
		await harju.goto(`${app.url}/clients/${ids.client}`);
		await visible(harju.getByRole('heading', { level: 1, name: 'Laine Liivamäe' }));
		expect(await textOf(harju.locator('main'))).toContain(et('client.status.waiting'));
	});

	it('left no script errors or CSP violations behind', () => {
		expect(sessions.flatMap((s) => s.problems)).toEqual([]);
	});
});
