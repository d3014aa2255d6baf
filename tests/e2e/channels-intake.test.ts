import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openDatabase, migrateDatabase } from '$lib/server/db/client';
import { seedReferenceData } from '$lib/server/services/core/reference';
import { countyByName, seedClient, seedUser } from '$lib/server/fixtures/factories';
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
import { samplePdf } from '../helpers/files';

/**
 * Issue 22, end to end in Chromium as the Harju coordinator: a recruitment channel is added and
 * its link copied (R-VOL-1); a candidate applies through the link on a phone and the channel's
 * count goes up; the county folder takes a document (R-DOC-1); an intake note with a scan is
 * attached to the client it turned into, and a note without one is destroyed (R-MAP-3).
 */
const PASSWORD = 'kanalid ja kaust 2026';
const COORDINATOR = { email: 'hele.kanal@example.ee', name: 'Hele Harjumaa' };
const CHANNEL = 'Hiiumaa praam';

let app: RunningApp;
let browser: Browser;
let dataDir: string;
let harjuId = '';
let clientId = '';
const state = { link: '', channelPath: '' };
const sessions: Session[] = [];

async function seedData(dir: string) {
	const handle = await openDatabase({ pgliteDir: join(dir, 'pglite') });
	try {
		await migrateDatabase(handle, 'drizzle');
		await seedReferenceData(handle.db);
		const harju = await countyByName(handle.db, 'Harju maakond');
		harjuId = harju.id;
		await seedUser(handle.db, {
			...COORDINATOR,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: harju.id }]
		});
		clientId = (
			await seedClient(handle.db, { countyId: harju.id, firstName: 'Maali', lastName: 'Metsaveer' })
		).id;
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-channels-'));
	await seedData(dataDir);
	[app, browser] = await Promise.all([startApp({ DATA_DIR: dataDir }), launchBrowser()]);
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

const pages: Record<string, Page> = {};
async function coordinator(javaScript = true): Promise<Page> {
	const key = javaScript ? 'js' : 'nojs';
	if (!pages[key]) {
		const s = await newSession(browser, { javaScript });
		sessions.push(s);
		await login(s.page, app.url, COORDINATOR.email, PASSWORD);
		expect(new URL(s.page.url()).pathname).not.toBe('/login');
		// A step that cannot happen fails with its reason, not as the test's timeout.
		s.page.setDefaultTimeout(20_000);
		pages[key] = s.page;
	}
	return pages[key]!;
}

/** A loaded machine (two cores, four people): a logged-in step with two axe runs takes a while. */
const SLOW = 150_000;

/** After a form post or a link without JavaScript: the new page has loaded and is the one expected. */
async function arrived(page: Page, expected: (url: URL) => boolean) {
	await page.waitForLoadState('load');
	expect(expected(new URL(page.url())), page.url()).toBe(true);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const field = (page: Page, key: string) =>
	page.locator('main').getByLabel(new RegExp(`^${escape(et(key))}`));

describe('recruitment channels (R-VOL-1)', () => {
	it('the coordinator adds a channel from the pipeline and copies its link', async () => {
		const page = await coordinator();
		await page.goto(`${app.url}/applications`);
		await page.getByRole('link', { name: et('channels.pipeline_link') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('channels.title') }));
		await expectAccessible(page);
		await page.getByRole('link', { name: et('channels.new') }).click();
		await field(page, 'channels.name').fill(CHANNEL);
		await field(page, 'channels.kind').selectOption('poster');
		await field(page, 'channels.message').fill('Tule seltsiliseks! Praamil on aega mõelda.');
		await expectAccessible(page);
		await page.getByRole('button', { name: et('channels.save') }).click();
		await page.waitForURL((url) => url.search.includes('done=created'));
		await visible(page.getByRole('heading', { level: 1, name: CHANNEL }));
		state.channelPath = new URL(page.url()).pathname;
		state.link = await page.getByLabel(et('channels.link_label')).inputValue();
		expect(state.link).toMatch(new RegExp(`^${escape(app.url)}/apply\\?kanal=[a-z2-9]{6}$`));
		await expectAccessible(page);
	});

	it('a candidate applies through the link on a phone; the county is chosen for them', async () => {
		const s = await newSession(browser, { phone: true });
		sessions.push(s);
		const page = s.page;
		await page.goto(state.link);
		const county = page.getByRole('combobox', { name: et('apply.county'), exact: true });
		expect(await county.inputValue()).toBe(harjuId);
		const text = (key: string, optional = false) =>
			page.getByRole('textbox', {
				name: optional ? `${et(key)} ${et('apply.optional')}` : et(key),
				exact: true
			});
		await text('apply.first_name').fill('Pille');
		await text('apply.last_name').fill('Praamisõitja');
		await text('apply.email', true).fill('pille.praam@example.ee');
		await text('apply.motivation').fill('Nägin plakatit praamil.');
		await text('apply.referee_name').fill('Mari Soovitaja');
		await text('apply.referee_contact').fill('mari@example.ee');
		await page.getByRole('checkbox', { name: et('apply.consent_label'), exact: true }).check();
		// The public form asks for a few seconds of a person's time (the fill-time check).
		await page.waitForTimeout(3200);
		await page.getByRole('button', { name: et('apply.submit') }).click();
		await page.waitForURL(/\/apply\/thanks/);
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(et('apply.thanks.title'));
	});

	it('the pipeline counts the application for the channel', async () => {
		const page = await coordinator();
		await page.goto(`${app.url}/applications/channels`);
		const row = page.locator('tr', { hasText: CHANNEL });
		await visible(row);
		expect(await textOf(row.locator(`td[data-label="${et('channels.applied')}"]`))).toBe('1');
		expect(await textOf(row.locator(`td[data-label="${et('channels.selected')}"]`))).toBe('0');
		await page.goto(`${app.url}${state.channelPath}`);
		expect(await textOf(page.locator('dl.facts'))).toContain(et('channels.applied'));
		await expectAccessible(page);
	});
});

describe('the county folder and the intake inbox (R-DOC-1, R-MAP-3)', () => {
	it(
		'the folder takes a signature sheet and lists it under its kind',
		async () => {
			const page = await coordinator();
			await page.goto(`${app.url}/`);
			await page
				.locator('ul.home-links')
				.getByRole('link', { name: et('nav.folder') })
				.click();
			await visible(
				page.getByRole('heading', { level: 1, name: new RegExp(escape(et('folder.title'))) })
			);
			await expectAccessible(page);
			await page.locator('#folder summary').first().click();
			await page
				.locator('#folder')
				.getByLabel(et('document.upload.kind'))
				.selectOption('signature_sheet');
			await page.locator('#folder input[type="file"]').setInputFiles({
				name: 'allkirjad.pdf',
				mimeType: 'application/pdf',
				buffer: Buffer.from(await samplePdf('Allkirjaleht'))
			});
			await page
				.locator('#folder')
				.getByRole('button', { name: et('document.upload.submit') })
				.click();
			await arrived(page, (url) => url.search.includes('document=uploaded'));
			const group = page.locator('section.kind-group', {
				has: page.getByRole('heading', {
					name: new RegExp(escape(et('document.kind.signature_sheet')))
				})
			});
			expect(await textOf(group)).toContain('allkirjad.pdf');
			await expectAccessible(page);
		},
		SLOW
	);

	it(
		'an intake note with a scan is attached to the client it turned into',
		async () => {
			const page = await coordinator();
			await page.goto(`${app.url}/documents`);
			await page.getByRole('link', { name: et('folder.intake_link') }).click();
			await visible(page.getByRole('heading', { level: 1, name: et('intake.title') }));
			await expectAccessible(page);
			await field(page, 'intake.note').fill('Naaber helistas: Maali Metsaveer elab üksi.');
			await page.locator('#intake-file').setInputFiles({
				name: 'kaardistus.pdf',
				mimeType: 'application/pdf',
				buffer: Buffer.from(await samplePdf('Kaardistuse leht'))
			});
			await page.getByRole('button', { name: et('intake.save') }).click();
			await arrived(page, (url) => url.search.includes('done=created'));
			expect(await textOf(page.locator('#scans'))).toContain('kaardistus.pdf');
			await expectAccessible(page);
			await field(page, 'intake.find_client').fill('Metsa');
			await page.getByRole('button', { name: et('intake.search') }).click();
			await page.waitForLoadState('load');
			await page.getByRole('radio', { name: /Maali Metsaveer/ }).check();
			await page.getByRole('button', { name: et('intake.attach') }).click();
			await arrived(page, (url) => url.pathname === `/clients/${clientId}`);
			expect(await textOf(page.locator('#documents'))).toContain('kaardistus.pdf');
		},
		SLOW
	);

	it(
		'a note that led nowhere is destroyed after a confirmation, and the inbox is empty',
		async () => {
			const page = await coordinator();
			await page.goto(`${app.url}/documents/intake`);
			await field(page, 'intake.source').selectOption('email');
			await field(page, 'intake.note').fill('E-kiri: keegi küsis teenuse kohta, ei vastanud enam.');
			await page.getByRole('button', { name: et('intake.save') }).click();
			await arrived(page, (url) => url.search.includes('done=created'));
			// Without the confirmation nothing happens.
			await page.getByRole('button', { name: et('intake.destroy') }).click();
			await page.waitForLoadState('load');
			expect(await textOf(page.locator('#destroy'))).toContain(et('intake.error.confirm'));
			await page.getByRole('checkbox', { name: et('intake.destroy_confirm') }).check();
			await page.getByRole('button', { name: et('intake.destroy') }).click();
			await arrived(page, (url) => url.search.includes('done=destroyed'));
			expect(await textOf(page.getByRole('status'))).toBe(et('intake.destroyed'));
			expect(await textOf(page.locator('#items'))).toContain(et('intake.empty'));
			await expectAccessible(page);
		},
		SLOW
	);

	it('had no script errors or CSP violations', () => {
		for (const s of sessions) expect(s.problems).toEqual([]);
	});
});
