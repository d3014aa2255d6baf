import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
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
import { sampleExe, samplePdf } from '../helpers/files';

/**
 * Documents end to end (R-DOC-1, R-MAP-3): a coordinator attaches a scanned consent to a
 * client and downloads it again (the same bytes, as an attachment); a broken file and a
 * renamed program get a clear message and are not stored, also without JavaScript; a
 * coordinator of another county gets "not found" for the download address. axe on each page.
 */
const PASSWORD = 'demo seltsiline 2026';
const HARJU = 'koordinaator.harju@demo.seltsiline.ee';
const TARTU = 'koordinaator.tartu@demo.seltsiline.ee';

let app: RunningApp;
let browser: Browser;
const sessions: Session[] = [];
let clientUrl = '';
let downloadUrl = '';
let pdf: Uint8Array;

beforeAll(async () => {
	[app, browser, pdf] = await Promise.all([
		startApp({ SELTSILINE_DEMO: '1' }),
		launchBrowser(),
		samplePdf('Nõusolek andmete töötlemiseks — allkirjastatud')
	]);
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
});

describe('documents on a client', () => {
	it('a coordinator uploads a scanned consent and downloads the same bytes', async () => {
		const s = await newSession(browser);
		sessions.push(s);
		const { page } = s;
		await login(page, app.url, HARJU, PASSWORD);
		await page.goto(`${app.url}/clients`);
		// The first client of the list (the list's layout belongs to the client list's tests).
		const hrefs = await page
			.locator('main a')
			.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
		clientUrl = hrefs.find((h) => /\/clients\/[0-9a-f-]{36}$/.test(h))!;
		expect(clientUrl).toBeTruthy();
		await page.goto(clientUrl);
		await visible(page.locator('#documents'));

		await page.locator('#documents summary', { hasText: et('document.upload.title') }).click();
		await page.getByLabel(et('document.upload.kind'), { exact: true }).selectOption('consent');
		await page.getByLabel(et('document.upload.file'), { exact: true }).setInputFiles({
			name: 'Nõusolek skaneeritud.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from(pdf)
		});
		await page.getByRole('button', { name: et('document.upload.submit') }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(page.locator('#documents [role="status"]'))).toBe(et('document.uploaded'));
		const row = page.locator('#documents tbody tr', { hasText: 'Nõusolek skaneeritud.pdf' });
		expect(await textOf(row)).toContain(et('document.kind.consent'));
		await expectAccessible(page);

		const link = row.getByRole('link', { name: new RegExp(et('document.download')) });
		downloadUrl = new URL((await link.getAttribute('href'))!, app.url).toString();
		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		expect(download.suggestedFilename()).toBe('Nõusolek skaneeritud.pdf');
		const saved = readFileSync((await download.path())!);
		expect(Buffer.compare(saved, Buffer.from(pdf))).toBe(0);

		const res = await s.context.request.get(downloadUrl);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toBe('application/pdf');
		expect(res.headers()['content-disposition']).toMatch(/^attachment;/);
		expect(res.headers()['x-content-type-options']).toBe('nosniff');
		expect(res.headers()['cache-control']).toContain('no-store');
	});

	it('a broken file gets a clear message at the field and is not stored', async () => {
		const { page } = sessions[0]!;
		await page.goto(clientUrl);
		const before = await page.locator('#documents tbody tr').count();
		await page.locator('#documents summary', { hasText: et('document.upload.title') }).click();
		await page.getByLabel(et('document.upload.kind'), { exact: true }).selectOption('intake_form');
		await page.getByLabel(et('document.upload.file'), { exact: true }).setInputFiles({
			name: 'kaardistus.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from(pdf.slice(0, Math.floor(pdf.length / 2)))
		});
		await page.getByRole('button', { name: et('document.upload.submit') }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(page.locator('#documents .field-error'))).toBe(et('document.error.broken'));
		const input = page.getByLabel(et('document.upload.file'), { exact: true });
		expect(await input.getAttribute('aria-invalid')).toBe('true');
		expect(await input.getAttribute('aria-describedby')).toContain('documents-new-file-error');
		// The kind chosen is kept for the next try.
		expect(await page.getByLabel(et('document.upload.kind'), { exact: true }).inputValue()).toBe(
			'intake_form'
		);
		await expectAccessible(page);
		await page.goto(clientUrl);
		expect(await page.locator('#documents tbody tr').count()).toBe(before);
	});

	it('without JavaScript, on a phone: a renamed program is refused with its message', async () => {
		const s = await newSession(browser, { javaScript: false, phone: true });
		sessions.push(s);
		const { page } = s;
		await login(page, app.url, HARJU, PASSWORD);
		await page.goto(clientUrl);
		const before = await page.locator('#documents tbody tr').count();
		await page.locator('#documents summary', { hasText: et('document.upload.title') }).click();
		await page.getByLabel(et('document.upload.kind'), { exact: true }).selectOption('consent');
		await page.getByLabel(et('document.upload.file'), { exact: true }).setInputFiles({
			name: 'nousolek.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from(sampleExe())
		});
		await page.getByRole('button', { name: et('document.upload.submit') }).click();
		await page.waitForLoadState('load');
		expect(await textOf(page.locator('#documents .field-error'))).toBe(
			et('document.error.not_what_name_says')
		);
		await page.goto(clientUrl);
		expect(await page.locator('#documents tbody tr').count()).toBe(before);
	});

	it('a coordinator of another county gets "not found" for the download address', async () => {
		const s = await newSession(browser);
		sessions.push(s);
		await login(s.page, app.url, TARTU, PASSWORD);
		const res = await s.context.request.get(downloadUrl);
		expect(res.status()).toBe(404);
		expect((await res.body()).includes(Buffer.from('%PDF'))).toBe(false);
		const page = await s.context.request.get(clientUrl);
		expect(page.status()).toBe(404);
	});

	it('the client list downloads as Excel with the list’s filter (R-ROLE-4)', async () => {
		const { page } = sessions[0]!;
		await page.goto(`${app.url}/clients?status=waiting`);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: et('download.xlsx') }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^abivajajad-\d{4}-\d{2}-\d{2}\.xlsx$/);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
		const sheet = wb.worksheets[0]!;
		// Headers in the reader's language; the second sheet pairs each with its stable code
		// (decision 0009).
		const header = (sheet.getRow(1).values as unknown[]).slice(1);
		const codes = wb.worksheets[1]!.getSheetValues()
			.slice(2)
			.map((r) => (r as unknown[])[2]);
		expect(codes).toHaveLength(header.length);
		const status = codes.indexOf('status') + 1;
		const county = codes.indexOf('county') + 1;
		expect(header[status - 1]).toBe(et('download.col.status'));
		// The coordinator's identifying columns, but never the isikukood.
		expect(codes).toContain('last_name');
		expect(header).toContain(et('download.col.last_name'));
		expect(codes).not.toContain('isikukood');
		expect(sheet.rowCount).toBeGreaterThan(1);
		for (const row of sheet.getRows(2, sheet.rowCount - 1)!) {
			expect(row.getCell(status).value).toBe(et('client.status.waiting'));
			expect(row.getCell(county).value).toBe('Harju maakond');
		}
	});

	it('no script errors or CSP violations', () => {
		expect(sessions.flatMap((s) => s.problems)).toEqual([]);
	});
});
