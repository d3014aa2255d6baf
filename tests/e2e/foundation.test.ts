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
	type RunningApp,
	type Session
} from './harness';
import { linkToken, startSmtpServer, type TestSmtp } from '../helpers/smtp';

/**
 * Issue 2 end to end: the administrator (from ADMIN_EMAIL/ADMIN_PASSWORD) invites a
 * coordinator, a volunteer and an expert by e-mail; each accepts through the link received on
 * a real SMTP server; the menu shows each role only what it may use; a coordinator who edits
 * the address to reach another county's client gets "not found", and the administrator finds
 * the refusal in the audit log. axe runs on every page visited.
 */

const ADMIN = {
	name: 'Anu Admin',
	email: 'anu.admin@example.ee',
	password: 'kolm rohelist õuna laual'
};
const COORDINATOR = {
	name: 'Kadri Koordinaator',
	email: 'kadri.tartu@example.ee',
	password: 'sinine paat järve ääres'
};
const VOLUNTEER = {
	first: 'Vello',
	last: 'Vabatahtlik',
	email: 'vello.v@example.ee',
	password: 'vana kell tiksub seinal'
};
const EXPERT = {
	name: 'Eha Ekspert',
	email: 'eha.ekspert@example.ee',
	password: 'pruun koer jookseb aias'
};

let smtp: TestSmtp;
let app: RunningApp;
let browser: Browser;
let admin: Session;
let coordinator: Session;
/** Every session opened, to check for script errors and CSP violations at the end. */
const sessions: Session[] = [];
/** The client in Harju county the Tartu coordinator must not reach. */
let harjuClientId = '';

beforeAll(async () => {
	smtp = await startSmtpServer();
	[app, browser] = await Promise.all([
		startApp({
			ADMIN_EMAIL: ADMIN.email,
			ADMIN_PASSWORD: ADMIN.password,
			ADMIN_NAME: ADMIN.name,
			SMTP_URL: smtp.url
		}),
		launchBrowser()
	]);
});
afterAll(async () => {
	await browser?.close();
	await app?.stop();
	await smtp?.close();
});

async function session(): Promise<Session> {
	const s = await newSession(browser);
	sessions.push(s);
	return s;
}

/** Opens a page of the app and checks it with axe. */
async function visit(page: Page, path: string): Promise<void> {
	await page.goto(`${app.url}${path}`);
	await expectAccessible(page);
}

/** The labels of the main menu, in order. */
async function menu(page: Page): Promise<string[]> {
	const nav = page.getByRole('navigation', { name: et('layout.main_navigation') });
	await visible(nav);
	return (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
}

/** The invitation mail to `email`: its link opens the activation page; a password is set. */
async function acceptInvitation(page: Page, email: string, name: string, password: string) {
	const mail = await smtp.waitForMail(email);
	expect(mail.subject).toBe(et('mail.invite.subject'));
	const token = linkToken(mail, '/invite');
	expect(mail.text).toContain(`${app.url}/invite?token=${token}`);
	await visit(page, `/invite?token=${token}`);
	expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(et('auth.invite.title'));
	await visible(page.getByText(et('auth.invite.intro', { name })));
	await page.getByLabel(et('auth.new_password')).fill(password);
	await page.getByRole('button', { name: et('auth.invite.submit') }).click();
	await page.waitForURL(`${app.url}/`);
	expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(et('home.title', { name }));
	await expectAccessible(page);
	// The link works only once.
	const again = await session();
	await again.page.goto(`${app.url}/invite?token=${token}`);
	expect(await textOf(again.page.getByRole('alert'))).toBe(et('auth.link_invalid'));
	await again.context.close();
}

/** Fills the invitation form; `roles` ticks the boxes and picks the volunteer record. */
async function invite(
	page: Page,
	who: { name: string; email: string },
	roles: (page: Page) => Promise<void>
): Promise<void> {
	await visit(page, '/admin/users/new');
	await page.getByLabel(et('admin.users.name'), { exact: true }).fill(who.name);
	await page.getByLabel(et('admin.users.email'), { exact: true }).fill(who.email);
	await roles(page);
	await page.getByRole('button', { name: et('admin.users.new.submit') }).click();
	await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}\?notice=invited$/);
	expect(await textOf(page.getByRole('status'))).toBe(et('admin.users.notice.invited'));
	expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(who.name);
	// "Roles and access" is shown once: the section heading (the fieldset keeps it as its name
	// for screen readers only).
	expect(await page.getByRole('heading', { name: et('admin.users.grants') }).count()).toBe(1);
	const shown = await page.getByText(et('admin.users.grants'), { exact: true }).evaluateAll((els) =>
		els.filter((el) => {
			const box = el.getBoundingClientRect();
			return box.width > 1 && box.height > 1;
		})
	);
	expect(shown).toHaveLength(1);
	await visible(page.getByRole('group', { name: et('admin.users.grants') }));
	await expectAccessible(page);
}

describe('foundation: accounts, roles, navigation, not found and the audit log', () => {
	it('the administrator from the environment logs in and sees the whole menu', async () => {
		admin = await session();
		const { page } = admin;
		await visit(page, '/login');
		await login(page, app.url, ADMIN.email, ADMIN.password);
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
			et('home.title', { name: ADMIN.name })
		);
		await expectAccessible(page);
		expect(await menu(page)).toEqual(
			[
				'nav.home',
				'nav.clients',
				'nav.attention',
				'nav.volunteers',
				'nav.applications',
				'nav.partners',
				'nav.events',
				'nav.stories',
				'nav.folder',
				'nav.analysis',
				'nav.reports',
				'nav.mileage_claims',
				'nav.users',
				'nav.reference',
				'nav.settings',
				'nav.retention',
				'nav.audit'
			].map((k) => et(k))
		);
		// No setup link is printed when the administrator comes from the environment.
		expect(app.setupLink()).toBeNull();
	});

	it('the administrator adds a client in Harju county and a volunteer record in Tartu county', async () => {
		const { page } = admin;
		await visit(page, '/clients/new');
		await page.getByLabel(et('records.county')).selectOption({ label: 'Harju maakond' });
		// Personal data is a disclosure of its own: a mapping entry may start without it (R-MAP-2).
		await page.locator('summary', { hasText: et('mapping.section.personal') }).click();
		await page.getByLabel(et('records.first_name')).fill('Helmi');
		await page.getByLabel(et('records.last_name')).fill('Harjulane');
		await page.getByRole('button', { name: et('client.new.submit') }).click();
		await page.waitForURL(/\/clients\/[0-9a-f-]{36}\?done=created/);
		harjuClientId = /\/clients\/([0-9a-f-]{36})/.exec(page.url())![1]!;
		await expectAccessible(page);

		await visit(page, '/volunteers/new');
		await page.getByLabel(et('records.county')).selectOption({ label: 'Tartu maakond' });
		await page.getByLabel(et('records.first_name')).fill(VOLUNTEER.first);
		await page.getByLabel(et('records.last_name')).fill(VOLUNTEER.last);
		await page.getByLabel(et('records.email')).fill(VOLUNTEER.email);
		await page.getByRole('button', { name: et('volunteer.new.submit') }).click();
		await page.waitForURL(/\/volunteers\/[0-9a-f-]{36}/);
		await expectAccessible(page);
	});

	it('invites a coordinator of Tartu county, a volunteer and an expert by e-mail', async () => {
		const { page } = admin;
		await invite(page, COORDINATOR, async (p) => {
			await p.getByRole('checkbox', { name: 'Tartu maakond' }).check();
		});
		await invite(
			page,
			{ name: `${VOLUNTEER.first} ${VOLUNTEER.last}`, email: VOLUNTEER.email },
			(p) =>
				p
					.getByLabel(et('admin.users.volunteer_record'))
					.selectOption({ label: `${VOLUNTEER.first} ${VOLUNTEER.last} (Tartu maakond)` })
					.then(() => undefined)
		);
		await invite(page, EXPERT, (p) =>
			p.getByRole('checkbox', { name: et('role.expert'), exact: true }).check()
		);
		await visit(page, '/admin/users');
		for (const who of [COORDINATOR.name, EXPERT.name, `${VOLUNTEER.first} ${VOLUNTEER.last}`]) {
			await visible(page.getByRole('link', { name: who }));
		}
	});

	it('the coordinator accepts the invitation, logs in and sees only what a coordinator may use', async () => {
		coordinator = await session();
		const { page } = coordinator;
		await acceptInvitation(page, COORDINATOR.email, COORDINATOR.name, COORDINATOR.password);
		await page.getByRole('button', { name: et('layout.logout') }).click();
		expect(await textOf(page.getByRole('status'))).toBe(et('auth.logged_out'));
		await login(page, app.url, COORDINATOR.email, COORDINATOR.password);
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
			et('home.title', { name: COORDINATOR.name })
		);
		expect(await menu(page)).toEqual(
			[
				'nav.home',
				'nav.clients',
				'nav.attention',
				'nav.volunteers',
				'nav.applications',
				'nav.partners',
				'nav.events',
				'nav.stories',
				'nav.folder',
				'nav.analysis',
				'nav.mileage_claims',
				'nav.retention_register',
				'nav.audit'
			].map((k) => et(k))
		);
		// The menu is not the only fence: the administration pages answer "not found".
		await visit(page, '/admin/users');
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(et('error.not_found'));
		// Their own county's list does not show the Harju client.
		await visit(page, '/clients');
		expect(await page.getByText('Harjulane').count()).toBe(0);
	});

	it('the volunteer and the expert accept their invitations and see their own menus', async () => {
		const volunteer = await session();
		await acceptInvitation(
			volunteer.page,
			VOLUNTEER.email,
			`${VOLUNTEER.first} ${VOLUNTEER.last}`,
			VOLUNTEER.password
		);
		expect(await menu(volunteer.page)).toEqual(
			['nav.home', 'nav.my_clients', 'nav.mileage_log'].map((k) => et(k))
		);
		// Never paired with the Harju client: not found.
		await visit(volunteer.page, `/clients/${harjuClientId}`);
		expect(await textOf(volunteer.page.getByRole('heading', { level: 1 }))).toBe(
			et('error.not_found')
		);

		const expert = await session();
		await acceptInvitation(expert.page, EXPERT.email, EXPERT.name, EXPERT.password);
		expect(await menu(expert.page)).toEqual(
			['nav.home', 'nav.clients', 'nav.volunteers', 'nav.partners', 'nav.analysis'].map((k) =>
				et(k)
			)
		);
	});

	it("the coordinator who edits the address to another county's client gets not found", async () => {
		const { page } = coordinator;
		const response = await page.goto(`${app.url}/clients/${harjuClientId}`);
		expect(response?.status()).toBe(404);
		expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(et('error.not_found'));
		await visible(page.getByText(et('error.not_found_hint')));
		expect(await page.getByText('Helmi').count()).toBe(0);
		await expectAccessible(page);
	});

	it('the administrator finds the refusal in the audit log with the filter', async () => {
		const { page } = admin;
		await visit(page, '/audit');
		await page.getByText(et('audit.filters'), { exact: true }).click();
		await page.getByLabel(et('audit.filter.outcome')).selectOption({
			label: et('audit.outcome.denied')
		});
		await page.getByLabel(et('audit.filter.entity_id')).fill(harjuClientId);
		await page.getByRole('button', { name: et('audit.filter.submit') }).click();
		await page.waitForURL(/\/audit\?.*outcome=denied/);
		await expectAccessible(page);
		const rows = page.locator('table tbody tr');
		await visible(rows);
		// The coordinator's refusal, and the volunteer's (also never allowed to see it).
		const texts = await rows.allInnerTexts();
		const coordinatorRow = texts.find((r) => r.includes(COORDINATOR.name));
		expect(coordinatorRow).toBeDefined();
		expect(coordinatorRow).toContain(et('audit.outcome.denied'));
		expect(coordinatorRow).toContain(et('audit.action.client_view'));
		expect(coordinatorRow).toContain(et('role.coordinator'));
		expect(texts.every((r) => r.includes(et('audit.outcome.denied')))).toBe(true);
		expect(texts.some((r) => r.includes(`${VOLUNTEER.first} ${VOLUNTEER.last}`))).toBe(true);
	});

	it('a password change ends the other sessions; "log out everywhere" ends them all', async () => {
		const other = await session();
		await login(other.page, app.url, COORDINATOR.email, COORDINATOR.password);
		await visible(other.page.getByRole('navigation', { name: et('layout.main_navigation') }));

		const { page } = coordinator;
		const newPassword = 'punane õhupall taevas lendab';
		await visit(page, '/account');
		await page.getByLabel(et('auth.current_password')).fill(COORDINATOR.password);
		await page.getByLabel(et('auth.new_password')).fill(newPassword);
		await page.getByRole('button', { name: et('auth.account.change_password_submit') }).click();
		await page.waitForURL(/\/account\?notice=password/);
		expect(await textOf(page.getByRole('status'))).toBe(et('auth.account.password_changed'));
		await expectAccessible(page);

		// The other browser's session has ended; the old password no longer works.
		await other.page.goto(`${app.url}/clients`);
		expect(new URL(other.page.url()).pathname).toBe('/login');
		await login(other.page, app.url, COORDINATOR.email, COORDINATOR.password);
		expect(await textOf(other.page.getByRole('alert'))).toBe(et('auth.invalid_credentials'));
		await login(other.page, app.url, COORDINATOR.email, newPassword);
		expect(await menu(other.page)).toContain(et('nav.audit'));

		// Log out everywhere from the first browser: the second is logged out too.
		await page.getByRole('button', { name: et('auth.account.logout_everywhere') }).click();
		await page.waitForURL(/\/login/);
		await expectAccessible(page);
		await other.page.goto(`${app.url}/clients`);
		expect(new URL(other.page.url()).pathname).toBe('/login');
	});

	it('no page had a script error or a CSP violation', () => {
		expect(sessions.flatMap((s) => s.problems)).toEqual([]);
	});
});
