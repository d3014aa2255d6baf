import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
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
	type Session,
	openSeededDatabase
} from './harness';

/**
 * Issue 17, item 2, end to end in Chromium: a coordinator and the administrator open the same
 * client's edit form in their own browsers and change the phone number. The first save goes
 * through; the later one is refused with the conflict page — the message, the newer saved
 * number beside the one typed, the typed number still in the form — and nothing is
 * overwritten. Saving again from that page is a conscious overwrite and goes through.
 */
const PASSWORD = 'kaks toimetajat korraga 2026';
const COORDINATOR = { email: 'kadri.koordinaator@example.ee', name: 'Kadri Koordinaator' };
const ADMIN = { email: 'aivar.admin@example.ee', name: 'Aivar Administraator' };
const OLD = '+372 5550 0000';
const FIRST = '+372 5551 1111';
const SECOND = '+372 5552 2222';

let app: RunningApp;
let browser: Browser;
let dataDir: string;
let clientId = '';
const sessions: Session[] = [];

async function seedData(dir: string) {
	const handle = await openSeededDatabase(dir);
	try {
		const harju = await countyByName(handle.db, 'Harju maakond');
		await seedUser(handle.db, {
			...COORDINATOR,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: harju.id }]
		});
		await seedUser(handle.db, { ...ADMIN, password: PASSWORD, grants: [{ role: 'admin' }] });
		clientId = (
			await seedClient(handle.db, {
				countyId: harju.id,
				firstName: 'Elfride',
				lastName: 'Kuusik',
				phone: OLD
			})
		).id;
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-conflicts-'));
	await seedData(dataDir);
	[app, browser] = await Promise.all([startApp({ DATA_DIR: dataDir }), launchBrowser()]);
});

afterAll(async () => {
	for (const s of sessions) expect(s.problems).toEqual([]);
	await browser?.close();
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(who: { email: string }): Promise<Page> {
	const s = await newSession(browser);
	sessions.push(s);
	await login(s.page, app.url, who.email, PASSWORD);
	await s.page.waitForURL((u) => u.pathname !== '/login');
	return s.page;
}

const phoneField = (page: Page) =>
	page.getByLabel(new RegExp(`^${et('records.phone')}`), { exact: false }).first();

async function openEditForm(page: Page) {
	await page.goto(`${app.url}/clients/${clientId}/edit`, { waitUntil: 'networkidle' });
	await visible(page.getByRole('heading', { level: 1, name: et('mapping.edit.title') }));
	expect(await phoneField(page).inputValue()).toBe(OLD);
}

/** Steps on a loaded machine take their time: each step gets its own budget. */
const STEP = 180_000;
let coordinator: Page;
let admin: Page;

describe('two people edit the same client at once', () => {
	it(
		'both open the edit form at the same version',
		async () => {
			coordinator = await signIn(COORDINATOR);
			admin = await signIn(ADMIN);
			await openEditForm(coordinator);
			await openEditForm(admin);
		},
		STEP
	);

	it(
		'the first save goes through',
		async () => {
			await phoneField(coordinator).fill(FIRST);
			await coordinator.getByRole('button', { name: et('mapping.edit.submit') }).click();
			await visible(coordinator.getByRole('heading', { level: 1, name: 'Elfride Kuusik' }));
			expect(await textOf(coordinator.getByRole('status'))).toBe(et('client.updated'));
		},
		STEP
	);

	it(
		'the later save shows the conflict, keeps the typed number and overwrites nothing',
		async () => {
			await phoneField(admin).fill(SECOND);
			await admin.getByRole('button', { name: et('mapping.edit.submit') }).click();
			await visible(admin.getByRole('heading', { name: et('records.conflict.title') }));
			// Still the edit form, with the conflict said in Estonian …
			expect(new URL(admin.url()).pathname).toBe(`/clients/${clientId}/edit`);
			expect(await textOf(admin.getByRole('alert'))).toBe(et('records.conflict'));
			// … who saved the newer version, and its number beside the typed one …
			expect(await textOf(admin.locator('.conflict'))).toContain(COORDINATOR.name);
			const row = admin.locator('.conflict tr[data-field="phone"]');
			expect(await textOf(row.locator('td.saved'))).toBe(FIRST);
			expect(await textOf(row.locator('td.typed'))).toBe(SECOND);
			// … and the typed number kept in the form.
			expect(await phoneField(admin).inputValue()).toBe(SECOND);
			await expectAccessible(admin);

			// Nothing was overwritten: the client page shows the coordinator's number.
			await coordinator.reload({ waitUntil: 'networkidle' });
			const main = await textOf(coordinator.locator('main'));
			expect(main).toContain(FIRST);
			expect(main).not.toContain(SECOND);
		},
		STEP
	);

	it(
		'saving again from the conflict page is a conscious overwrite',
		async () => {
			await admin.getByRole('button', { name: et('mapping.edit.submit') }).click();
			await visible(admin.getByRole('heading', { level: 1, name: 'Elfride Kuusik' }));
			expect(await textOf(admin.locator('main'))).toContain(SECOND);
		},
		STEP
	);
});
