import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
	type RunningApp
} from './harness';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp';
import { samplePdf, samplePng } from '../helpers/files';
import { tallinnDay } from '../../src/lib/server/domain/dates';
import { buildIsikukood } from '../../src/lib/server/domain/isikukood';
import { translate } from '$lib/server/i18n';

/**
 * Recruiting volunteers end to end (issue 3, R-VOL-2…8): a candidate applies through the public
 * form in Russian and gets the confirmation page and e-mail; the Harju coordinator sees the
 * new application on the home page, arranges and records the interview, selects the candidate,
 * fills in the isikukood (date of birth and gender follow), uploads the criminal-record extract
 * and the contract and activates the volunteer; a second candidate (applying without
 * JavaScript) is not selected and disappears; the Tartu coordinator gets "not found" for the
 * application. axe on every page.
 */
const PASSWORD = 'demo seltsiline 2026';
const HARJU = 'koordinaator.harju@demo.seltsiline.ee';
const TARTU = 'koordinaator.tartu@demo.seltsiline.ee';
const ru = (key: string) => translate('ru', key);

const candidate = {
	firstName: 'Светлана',
	lastName: 'Кандидатова',
	email: 'svetlana.kandidatova@example.ee',
	phone: '+372 5811 2233'
};
const rejected = {
	firstName: 'Peeter',
	lastName: 'Mittevalitu',
	email: 'peeter.mittevalitu@example.ee',
	phone: '+372 5822 3344'
};

let app: RunningApp;
let browser: Browser;
let smtp: TestSmtp;
let coordinator: Page;
let applicationUrl = '';
let rejectedUrl = '';
let volunteerId = '';
const today = tallinnDay(new Date());

beforeAll(async () => {
	smtp = await startSmtpServer();
	[app, browser] = await Promise.all([
		startApp({ SELTSILINE_DEMO: '1', SMTP_URL: smtp.url }),
		launchBrowser()
	]);
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
	await smtp?.close();
});

/** The public form asks for at least a few seconds of a person's time (the fill-time check). */
async function waitForFillTime(page: Page) {
	await page.waitForTimeout(3200);
}

describe('a candidate applies', () => {
	it('in Russian, through the public form, and gets the confirmation page and e-mail', async () => {
		const { page, problems } = await newSession(browser);
		await page.goto(`${app.url}/apply`);
		await page.getByRole('link', { name: 'По-русски' }).click();
		await page.waitForURL(/\/apply\?lang=ru/);
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(ru('apply.title'));
		expect(await page.locator('.apply').getAttribute('lang')).toBe('ru');
		await expectAccessible(page);

		await page
			.getByRole('textbox', { name: ru('apply.first_name'), exact: true })
			.fill(candidate.firstName);
		await page
			.getByRole('textbox', { name: ru('apply.last_name'), exact: true })
			.fill(candidate.lastName);
		await page
			.getByRole('textbox', {
				name: `${ru('apply.email')} ${ru('apply.optional')}`,
				exact: true
			})
			.fill(candidate.email);
		await page
			.getByRole('textbox', {
				name: `${ru('apply.phone')} ${ru('apply.optional')}`,
				exact: true
			})
			.fill(candidate.phone);
		await page
			.getByRole('combobox', { name: ru('apply.county'), exact: true })
			.selectOption({ label: 'Harju maakond' });
		// With JavaScript only the chosen county's municipalities are offered.
		await page
			.getByRole('combobox', {
				name: `${ru('apply.municipality')} ${ru('apply.optional')}`,
				exact: true
			})
			.selectOption({ label: 'Maardu linn' });
		expect(await page.locator('#f-municipalityId optgroup').count()).toBe(1);
		await page
			.getByRole('textbox', {
				name: `${ru('apply.settlement')} ${ru('apply.optional')}`,
				exact: true
			})
			.fill('Kallavere');
		await page
			.getByRole('textbox', { name: ru('apply.motivation'), exact: true })
			.fill('Хочу помогать пожилым соседям.');
		await page
			.getByRole('textbox', {
				name: `${ru('apply.q.languages')} ${ru('apply.optional')}`,
				exact: true
			})
			.fill('русский, эстонский');
		await page
			.getByRole('combobox', {
				name: `${ru('apply.q.heard_from')} ${ru('apply.optional')}`,
				exact: true
			})
			.selectOption({ label: ru('apply.heard_from.friend') });
		await page
			.getByRole('textbox', { name: ru('apply.referee_name'), exact: true })
			.fill('Анна Рекомендатель');
		await page
			.getByRole('textbox', { name: ru('apply.referee_contact'), exact: true })
			.fill('+372 5123 0000');
		await page.getByRole('checkbox', { name: ru('apply.consent_label'), exact: true }).check();
		await waitForFillTime(page);
		await page.getByRole('button', { name: ru('apply.submit') }).click();
		await page.waitForURL(/\/apply\/thanks\?lang=ru/);
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(ru('apply.thanks.title'));
		await expectAccessible(page);

		const mail = await smtp.waitForMail(candidate.email);
		expect(mail.subject).toBe(ru('apply.mail.subject'));
		expect(mail.text).not.toContain(candidate.lastName);
		expect(problems).toEqual([]);
	});

	it('in Estonian, on a phone: a missing consent is explained at the field, the text kept', async () => {
		const { page, problems } = await newSession(browser, { phone: true });
		await page.goto(`${app.url}/apply?lang=et`);
		await fillEstonian(page);
		await waitForFillTime(page);
		await page.getByRole('button', { name: et('apply.submit') }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(page.getByRole('alert'))).toContain(et('apply.error.consent_required'));
		const consent = page.getByRole('checkbox', { name: et('apply.consent_label'), exact: true });
		expect(await consent.getAttribute('aria-invalid')).toBe('true');
		expect(
			await page.getByRole('textbox', { name: et('apply.last_name'), exact: true }).inputValue()
		).toBe(rejected.lastName);
		await expectAccessible(page);
		expect(problems).toEqual([]);
	});

	it('without JavaScript the form goes too (the second candidate)', async () => {
		const { page } = await newSession(browser, { javaScript: false, phone: true });
		await page.goto(`${app.url}/apply?lang=et`);
		await fillEstonian(page);
		await page.getByRole('checkbox', { name: et('apply.consent_label'), exact: true }).check();
		await waitForFillTime(page);
		await page.getByRole('button', { name: et('apply.submit') }).click();
		await page.waitForURL(/\/apply\/thanks\?lang=et/);
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(et('apply.thanks.title'));
		await smtp.waitForMail(rejected.email);
	});
});

/** The second candidate's answers on the Estonian form (without the consent). */
async function fillEstonian(page: Page) {
	const field = (key: string, optional = false) =>
		page.getByRole('textbox', {
			name: optional ? `${et(key)} ${et('apply.optional')}` : et(key),
			exact: true
		});
	await field('apply.first_name').fill(rejected.firstName);
	await field('apply.last_name').fill(rejected.lastName);
	await field('apply.email', true).fill(rejected.email);
	await field('apply.phone', true).fill(rejected.phone);
	await page
		.getByRole('combobox', { name: et('apply.county'), exact: true })
		.selectOption({ label: 'Harju maakond' });
	await field('apply.motivation').fill('Mul on vaba aega ja tahan aidata.');
	await field('apply.referee_name').fill('Mari Soovitaja');
	await field('apply.referee_contact').fill('mari@example.ee');
}

describe('the Harju coordinator', () => {
	it('sees the new applications at once on the home page and in the pipeline', async () => {
		const s = await newSession(browser);
		coordinator = s.page;
		await login(coordinator, app.url, HARJU, PASSWORD);
		const card = coordinator.locator('section.recruitment');
		// The two candidates and the demo's one application through a channel's link (issue 22).
		expect(await textOf(card)).toContain(et('recruitment.home.new', { count: 3 }));
		await expectAccessible(coordinator);
		// The county's coordinator also got a notice without personal data.
		const notice = await smtp.waitForMail(HARJU);
		expect(notice.text).not.toContain(candidate.lastName);

		await coordinator
			.getByRole('link', { name: et('nav.applications') })
			.first()
			.click();
		await coordinator.waitForURL(/\/applications/);
		await visible(
			coordinator.getByRole('link', { name: `${candidate.firstName} ${candidate.lastName}` })
		);
		await expectAccessible(coordinator);
		rejectedUrl = new URL(
			(await coordinator
				.getByRole('link', { name: `${rejected.firstName} ${rejected.lastName}` })
				.getAttribute('href'))!,
			app.url
		).toString();
		await coordinator
			.getByRole('link', { name: `${candidate.firstName} ${candidate.lastName}` })
			.click();
		await coordinator.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
		applicationUrl = coordinator.url();
		expect(await textOf(coordinator.locator('main'))).toContain('Хочу помогать пожилым соседям.');
		await expectAccessible(coordinator);
	});

	it('arranges the interview, records it and selects the candidate', async () => {
		await coordinator.getByLabel(et('application.arrange.time')).fill(`${today}T14:30`);
		await coordinator.getByRole('button', { name: et('application.arrange.submit') }).click();
		await coordinator.waitForURL(/done=arranged/);
		expect(await textOf(coordinator.getByRole('status'))).toBe(et('application.done.arranged'));
		await expectAccessible(coordinator);

		await coordinator
			.getByRole('textbox', {
				name: `${et('application.interview.notes')} ${et('common.optional')}`
			})
			.fill('Rahulik ja hooliv, räägib vene ja eesti keelt.');
		await coordinator.getByRole('button', { name: et('application.interview.submit') }).click();
		await coordinator.waitForURL(/done=interviewed/);

		// The scanned paper application goes with the candidate.
		await coordinator
			.locator('#documents summary', { hasText: et('document.upload.title') })
			.click();
		await coordinator
			.getByLabel(et('document.upload.kind'), { exact: true })
			.selectOption('application');
		await coordinator.getByLabel(et('document.upload.file'), { exact: true }).setInputFiles({
			name: 'avaldus.png',
			mimeType: 'image/png',
			buffer: Buffer.from(samplePng())
		});
		await coordinator.getByRole('button', { name: et('document.upload.submit') }).click();
		await coordinator.waitForURL(/document=uploaded/);
		await expectAccessible(coordinator);

		await coordinator.getByRole('button', { name: et('application.select.submit') }).click();
		await coordinator.waitForURL(/\/volunteers\/[0-9a-f-]{36}\/edit\?done=selected/);
		volunteerId = /\/volunteers\/([0-9a-f-]{36})\/edit/.exec(coordinator.url())![1]!;
		expect(await textOf(coordinator.getByRole('status').first())).toBe(
			et('volunteer_profile.selected')
		);
		await expectAccessible(coordinator);
	});

	it('fills in the isikukood (date of birth and gender follow), the extract, contract and training, and activates', async () => {
		const page = coordinator;
		const code = buildIsikukood('1978-04-12', 'female', 321);
		await page.getByLabel(et('isikukood.label')).fill(code);
		// With JavaScript the date of birth and gender are filled in at once.
		expect(await page.getByLabel(et('records.date_of_birth')).inputValue()).toBe('1978-04-12');
		expect(await page.getByLabel(et('volunteer_profile.gender')).inputValue()).toBe('female');
		await page.getByLabel(et('volunteer_profile.language.ru'), { exact: true }).check();
		await page.getByLabel(et('volunteer_profile.language.et'), { exact: true }).check();
		await page.getByLabel(et('volunteer_profile.profile.P1')).check();
		await page.getByRole('button', { name: et('volunteer_profile.submit') }).click();
		await page.waitForURL(/done=profile/);

		// Activation waits for the vetting.
		await page.getByLabel(et('volunteer_status.to')).selectOption('active');
		await page.getByRole('button', { name: et('volunteer_status.submit') }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(page.locator('#status .field-error'))).toBe(
			et('volunteer_status.error.not_ready')
		);
		await expectAccessible(page);

		for (const [section, field] of [
			['#criminal', et('volunteer_vetting.criminal.checked_on')],
			['#contract', et('volunteer_vetting.contract.signed_on')],
			['#training', et('volunteer_vetting.training.completed_on')]
		] as const) {
			await page.locator(section).getByLabel(field).fill(today);
			if (section === '#contract') {
				await page.getByLabel(et('volunteer_vetting.contract.paper')).check();
			}
			await page
				.locator(section)
				.getByRole('button', { name: et('volunteer_vetting.save') })
				.click();
			await page.waitForURL(/done=vetting/);
		}
		for (const [kind, name] of [
			['criminal_record_extract', 'karistusregister.pdf'],
			['contract', 'leping.pdf']
		] as const) {
			await page.locator('#documents summary', { hasText: et('document.upload.title') }).click();
			await page.getByLabel(et('document.upload.kind'), { exact: true }).selectOption(kind);
			await page.getByLabel(et('document.upload.file'), { exact: true }).setInputFiles({
				name,
				mimeType: 'application/pdf',
				buffer: Buffer.from(await samplePdf(name))
			});
			await page.getByRole('button', { name: et('document.upload.submit') }).click();
			await page.waitForURL(/document=uploaded/);
		}
		const docs = await textOf(page.locator('#documents'));
		expect(docs).toContain(et('document.kind.criminal_record_extract'));
		expect(docs).toContain(et('document.kind.contract'));
		// The application document moved to the volunteer on selection.
		expect(docs).toContain('avaldus.png');

		expect(await textOf(page.locator('#vetting'))).toContain(et('volunteer_vetting.ready'));
		await page.getByLabel(et('volunteer_status.to')).selectOption('active');
		await page.getByRole('button', { name: et('volunteer_status.submit') }).click();
		await page.waitForURL(/done=status/);
		await expectAccessible(page);

		// On the volunteer's page: active, and now they can be invited to an account.
		await page.goto(`${app.url}/volunteers/${volunteerId}`);
		expect(await textOf(page.locator('#vetting'))).toContain(
			et('volunteer_vetting.contract.original.due', {
				date: '03.' + nextMonth(today)
			})
		);
		await visible(page.getByRole('button', { name: et('volunteer.invite.submit') }));
		await expectAccessible(page);
	});

	it('does not select the other candidate: after the confirmation the application is gone', async () => {
		const page = coordinator;
		await page.goto(rejectedUrl);
		await page.getByRole('link', { name: et('application.reject.link') }).click();
		await page.waitForURL(/step=reject/);
		await visible(page.getByText(et('application.reject.intro')));
		await expectAccessible(page);
		await page.getByLabel(et('application.reject.confirm')).check();
		await page.getByRole('button', { name: et('application.reject.submit') }).click();
		await page.waitForURL(/\/applications\?done=rejected/);
		expect(await textOf(page.getByRole('status'))).toBe(et('application.done.rejected'));
		expect(await page.getByText(rejected.lastName).count()).toBe(0);
		await expectAccessible(page);
		const gone = await page.goto(rejectedUrl);
		expect(gone?.status()).toBe(404);
	});
});

describe('a coordinator of another county', () => {
	it('gets "not found" for the application', async () => {
		const { page } = await newSession(browser);
		await login(page, app.url, TARTU, PASSWORD);
		const res = await page.goto(applicationUrl);
		expect(res?.status()).toBe(404);
		expect(await page.locator('main').innerText()).not.toContain(candidate.lastName);
		await expectAccessible(page);
		// Their pipeline does not list it either.
		await page.goto(`${app.url}/applications?status=selected`);
		expect(await page.getByText(candidate.lastName).count()).toBe(0);
		await expectAccessible(page);
	});
});

/** "mm.yyyy" of the month after `day` (yyyy-mm-dd). */
function nextMonth(day: string): string {
	const [y, m] = day.split('-').map(Number) as [number, number];
	return m === 12 ? `01.${y + 1}` : `${String(m + 1).padStart(2, '0')}.${y}`;
}
