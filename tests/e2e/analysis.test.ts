import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
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
import {
	lastCompletedQuarter,
	quarterOf,
	quarterPeriod,
	reportDueDate
} from '$lib/server/domain/periods';
import { readZip } from '$lib/server/files/zip';
import { formatDate } from '$lib/i18n';
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
import { pdfText } from '../helpers/pdf';

/**
 * The analysis module and the quarterly report end to end (R-REP-1…4, R-ROLE-1/2/4, R-CTRL-2)
 * in Chromium: a coordinator sees only their county's figures and downloads them (another
 * county and the whole country are "not found"); an expert downloads the national table; the
 * administrator sees the report due on the home page, produces the quarterly ZIP, which the
 * test opens and checks, and downloads the hand-over package. axe on every page.
 */
const PASSWORD = 'analüüs ja kvartaliaruanne 2026';
const COORDINATOR = { email: 'hele.harju@example.ee', name: 'Hele Harju' };
const EXPERT = { email: 'eero.ekspert@example.ee', name: 'Eero Ekspert' };
const ADMIN = { email: 'anu.admin@example.ee', name: 'Anu Admin' };

const today = tallinnDay(new Date());
const last = lastCompletedQuarter(today);
const lastPeriod = quarterPeriod(last);
const current = quarterPeriod(quarterOf(today));

let app: RunningApp;
let browser: Browser;
let dataDir: string;
const ids = { harju: '', tartu: '' };
const sessions: Session[] = [];

async function seedData(dir: string) {
	const handle = await openSeededDatabase(dir);
	try {
		const db = handle.db;
		const harju = await countyByName(db, 'Harju maakond');
		const tartu = await countyByName(db, 'Tartu maakond');
		ids.harju = harju.id;
		ids.tartu = tartu.id;
		await seedUser(db, {
			...COORDINATOR,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: harju.id }]
		});
		await seedUser(db, { ...EXPERT, password: PASSWORD, grants: [{ role: 'expert' }] });
		await seedUser(db, { ...ADMIN, password: PASSWORD, grants: [{ role: 'admin' }] });
		const created = new Date(`${addDays(lastPeriod.from, -60)}T10:00:00Z`);
		const hm = await firstMunicipality(db, harju.id);
		const tm = await firstMunicipality(db, tartu.id);
		const hv = await seedVolunteer(db, {
			countyId: harju.id,
			municipalityId: hm.id,
			createdAt: created
		});
		const tv = await seedVolunteer(db, {
			countyId: tartu.id,
			municipalityId: tm.id,
			createdAt: created
		});
		const hc = await seedClient(db, {
			countyId: harju.id,
			municipalityId: hm.id,
			status: 'paired',
			firstName: 'Linda',
			lastName: 'Lõhmus',
			createdAt: created
		});
		const tc = await seedClient(db, {
			countyId: tartu.id,
			municipalityId: tm.id,
			status: 'paired',
			firstName: 'Uno',
			lastName: 'Uibo',
			createdAt: created
		});
		const hp = await seedPairing(db, {
			clientId: hc.id,
			volunteerId: hv.id,
			startsOn: addDays(lastPeriod.from, -30)
		});
		const tp = await seedPairing(db, {
			clientId: tc.id,
			volunteerId: tv.id,
			startsOn: addDays(lastPeriod.from, 10)
		});
		const entry = (
			p: { id: string; clientId: string; volunteerId: string },
			contactDate: string,
			durationMinutes: number,
			contactKind: 'home_visit' | 'outing' | 'call'
		) =>
			seedDiaryEntry(db, {
				clientId: p.clientId,
				pairingId: p.id,
				volunteerId: p.volunteerId,
				contactDate,
				durationMinutes,
				contactKind,
				helpProfiles: contactKind === 'outing' ? ['P3'] : ['P2'],
				createdAt: new Date(`${contactDate}T12:00:00Z`),
				updatedAt: new Date(`${contactDate}T12:00:00Z`)
			});
		// Last quarter: two contacts in Harju (one on its last day), one in Tartu.
		await entry(hp, addDays(lastPeriod.from, 5), 90, 'home_visit');
		await entry(hp, lastPeriod.to, 120, 'outing');
		await entry(tp, addDays(lastPeriod.from, 20), 60, 'call');
		// This quarter: one more in Harju.
		await entry(hp, current.from, 45, 'home_visit');
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-analysis-'));
	await seedData(dataDir);
	[app, browser] = await Promise.all([startApp({ DATA_DIR: dataDir }), launchBrowser()]);
});

afterAll(async () => {
	for (const s of sessions) expect(s.problems, 'console errors / CSP violations').toEqual([]);
	await browser?.close();
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

async function session(opts: { phone?: boolean; javaScript?: boolean } = {}) {
	const s = await newSession(browser, opts);
	sessions.push(s);
	return s;
}

async function download(page: Page, click: () => Promise<void>) {
	const [file] = await Promise.all([page.waitForEvent('download'), click()]);
	return {
		name: file.suggestedFilename(),
		bytes: new Uint8Array(readFileSync((await file.path())!))
	};
}

/**
 * Logs in and waits for the home page, so the next navigation carries the session. On a busy
 * machine a click can land before the login form has hydrated and be lost; then it tries once
 * more.
 */
async function loginAs(page: Page, user: { email: string; name: string }) {
	const home = page.getByRole('heading', { level: 1, name: et('home.title', { name: user.name }) });
	for (let attempt = 1; ; attempt++) {
		await login(page, app.url, user.email, PASSWORD);
		try {
			await home.waitFor({ state: 'visible', timeout: 10_000 });
			return;
		} catch (err) {
			if (attempt === 2) {
				const h1 = await page.locator('h1').allInnerTexts();
				throw new Error(`login of ${user.email} ended on ${page.url()} (h1 ${h1})`, {
					cause: err
				});
			}
		}
	}
}

/** The value shown for a key figure. */
async function keyFigure(page: Page, key: string): Promise<string> {
	const item = page
		.locator('.key-figures > div')
		.filter({ has: page.getByText(et(key), { exact: true }) });
	return textOf(item.locator('dd'));
}

describe('a coordinator: only their county', () => {
	it('sees the figures of Harju and downloads them', async () => {
		const { page } = await session();
		await loginAs(page, COORDINATOR);
		await page
			.getByRole('navigation', { name: et('layout.main_navigation') })
			.getByRole('link', { name: et('nav.analysis'), exact: true })
			.click();
		await visible(page.getByRole('heading', { level: 1, name: et('analysis.title') }));
		// Their county only: no county choice, no whole country.
		expect(await page.getByRole('combobox', { name: et('analysis.county') }).count()).toBe(0);
		await page.getByRole('link', { name: et('analysis.pick.previous_quarter') }).click();
		await visible(
			page.getByRole('heading', {
				level: 2,
				name: et('analysis.heading', {
					scope: 'Harju maakond',
					from: formatDate(lastPeriod.from),
					to: formatDate(lastPeriod.to)
				})
			})
		);
		expect(await keyFigure(page, 'analysis.fig.contacts')).toBe('2');
		expect(await keyFigure(page, 'analysis.fig.clients_served')).toBe('1');
		expect(await keyFigure(page, 'analysis.fig.hours')).toBe('3,5');
		// Charts with their tables, and no county comparison for one county.
		await visible(page.getByRole('img', { name: new RegExp(et('analysis.chart.months')) }));
		await visible(page.getByRole('table', { name: et('analysis.table.months') }));
		expect(await page.getByRole('heading', { name: et('analysis.table.counties') }).count()).toBe(
			0
		);
		await expectAccessible(page);

		const csv = await download(page, () =>
			page
				.getByRole('link', {
					name: et('analysis.download_table', { table: et('analysis.table.kinds'), format: 'CSV' })
				})
				.click()
		);
		expect(csv.name).toBe(`analuus-harju-${lastPeriod.from}-${lastPeriod.to}-kinds.csv`);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes);
		expect(text.startsWith('\uFEFF')).toBe(true);
		expect(text).toContain(`${et('analysis.kind.home_visit')};1;1,5;1;1`);
		expect(text).toContain(`${et('analysis.kind.outing')};1;2;1;1`);
		expect(text).not.toContain(et('analysis.kind.call'));
	});

	it("gets 'not found' for another county and for the whole country", async () => {
		const { page } = await session();
		await loginAs(page, COORDINATOR);
		for (const county of [ids.tartu, 'all']) {
			const res = await page.goto(`${app.url}/analysis?county=${county}`);
			expect(res?.status(), county).toBe(404);
			const dl = await page.request.get(
				`${app.url}/analysis/download?county=${county}&table=summary&format=csv`
			);
			expect(dl.status(), county).toBe(404);
		}
		// Reports are the administrator's.
		expect((await page.goto(`${app.url}/reports`))?.status()).toBe(404);
	});
});

describe('an expert: every county and the whole country, read only', () => {
	it('downloads the national county comparison', async () => {
		const { page } = await session();
		await loginAs(page, EXPERT);
		await page.goto(`${app.url}/analysis?pick=previous_quarter`);
		await visible(
			page.getByRole('heading', {
				level: 2,
				name: et('analysis.heading', {
					scope: et('analysis.whole_country'),
					from: formatDate(lastPeriod.from),
					to: formatDate(lastPeriod.to)
				})
			})
		);
		expect(await keyFigure(page, 'analysis.fig.contacts')).toBe('3');
		await visible(page.getByRole('table', { name: et('analysis.table.counties') }));
		await expectAccessible(page);
		const xlsx = await download(page, () =>
			page
				.getByRole('link', {
					name: et('analysis.download_table', {
						table: et('analysis.table.counties'),
						format: 'XLSX'
					})
				})
				.click()
		);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ArrayBuffer);
		const ws = wb.worksheets[0]!;
		expect(ws.name).toBe(et('analysis.table.counties'));
		const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
		expect(rows).toHaveLength(16); // header and 15 counties
		const harju = rows.find((r) => r[1] === 'Harju maakond')!;
		const tartu = rows.find((r) => r[1] === 'Tartu maakond')!;
		expect(harju[8]).toBe(2); // contacts
		expect(tartu[8]).toBe(1);
		// Experts read; they do not make reports.
		expect((await page.goto(`${app.url}/reports`))?.status()).toBe(404);
	});
});

describe('the administrator: the quarterly report and the hand-over', () => {
	it('sees the report due on the home page, produces the ZIP and opens it', async () => {
		const { page } = await session();
		await loginAs(page, ADMIN);
		const due = page.locator('.report-due');
		await visible(due);
		const quarterName = et('report.quarter_label', { quarter: last.quarter, year: last.year });
		expect(await textOf(due)).toContain(quarterName);
		expect(await textOf(due)).toContain(formatDate(reportDueDate(last)));
		await expectAccessible(page);

		await due.getByRole('link', { name: et('report.due.open') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('report.title') }));
		await expectAccessible(page);
		expect(await page.getByLabel(et('report.quarter'), { exact: true }).inputValue()).toBe(
			`${last.year}-Q${last.quarter}`
		);
		await page.getByRole('button', { name: et('report.produce') }).click();
		await visible(page.getByText(et('report.made', { quarter: quarterName })));
		await expectAccessible(page);

		const zip = await download(page, () =>
			page
				.getByRole('link', { name: et('report.download_label', { quarter: quarterName }) })
				.first()
				.click()
		);
		expect(zip.name).toMatch(
			new RegExp(`^kvartaliaruanne-${last.year}-Q${last.quarter}-\\d{8}-\\d{4}\\.zip$`)
		);
		const files = readZip(zip.bytes);
		for (const name of [
			'0-kokkuvote/kokkuvote.xlsx',
			'1-tegevused/tegevused.xlsx',
			'1-tegevused/tegevused-kontaktid.csv',
			'2-osalejad/osalejad.csv',
			'3-alustanud/alustanud-kliendid.csv',
			'4-akt/uleandmise-vastuvotmise-akt.pdf',
			'manifest.json'
		]) {
			expect(files[name], name).toBeDefined();
		}
		const contacts = new TextDecoder()
			.decode(files['1-tegevused/tegevused-kontaktid.csv'])
			.trim()
			.split('\r\n');
		expect(contacts).toHaveLength(4); // header and three contacts
		expect(contacts.join('\n')).not.toMatch(/Linda|Lõhmus|Uno|Uibo/);
		const started = new TextDecoder().decode(files['3-alustanud/alustanud-kliendid.csv']);
		expect(started).toContain('Tartu maakond');
		expect(await pdfText(files['4-akt/uleandmise-vastuvotmise-akt.pdf']!)).toContain(
			'Üleandmise-vastuvõtmise akt'
		);
		expect(JSON.parse(new TextDecoder().decode(files['manifest.json'])).totals).toMatchObject({
			contacts: 3,
			clientsServed: 2,
			clientsStarted: 1
		});

		// The home page now says it was made and names the next one.
		await page.goto(`${app.url}/`);
		expect(await textOf(page.locator('.report-due'))).toContain(
			et('report.due.upcoming', {
				last: quarterName,
				quarter: et('report.quarter_label', {
					quarter: quarterOf(today).quarter,
					year: quarterOf(today).year
				}),
				due: formatDate(reportDueDate(quarterOf(today)))
			})
		);
	});

	it('downloads the hand-over package of every client’s data', async () => {
		const { page } = await session();
		await loginAs(page, ADMIN);
		await page.goto(`${app.url}/reports`);
		await page.getByLabel(et('handover.confirm')).check();
		const zip = await download(page, () =>
			page.getByRole('button', { name: et('handover.download') }).click()
		);
		expect(zip.name).toBe(`seltsiline-uleandmine-${today}.zip`);
		const files = readZip(zip.bytes);
		const clients = JSON.parse(new TextDecoder().decode(files['tabelid/client.json'])) as {
			lastName: string;
		}[];
		expect(clients.map((c) => c.lastName).sort()).toEqual(['Lõhmus', 'Uibo']);
		expect(files['tabelid/diary_entry.csv']).toBeDefined();
	});
});
