import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { socialPartnerContacts, socialPartners } from '$lib/server/db/schema';
import { countyByName, seedUser, seedVolunteer } from '$lib/server/fixtures/factories';
import { tallinnDay } from '$lib/server/domain/dates';
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
import { samplePdf } from '../helpers/files';

/**
 * Issue 22, part A, end to end in Chromium: the Harju coordinator creates a base training and,
 * on a phone-sized window, ticks off a candidate who came — the candidate is then trained
 * (the volunteer page shows the date). A volunteer without JavaScript answers "I'll come" on
 * the home page and the coordinator sees the answer. The coordinator records a partner
 * meeting: participants and their consent, a recording refused until everyone consented, a
 * follow-up; the partner page lists the meeting. axe runs on every new page (with JavaScript).
 */
const PASSWORD = 'koolitus ja kohtumine 2026';
const COORDINATOR = { email: 'kaja.harju@example.ee', name: 'Kaja Harjumaa' };
const VOLUNTEER = { email: 'vello.vabatahtlik@example.ee', name: 'Vello Vabatahtlik' };
const CANDIDATE = { firstName: 'Kertu', lastName: 'Kandidaat' };
const TITLE = 'Stardipakett detsembris';
const PARTNER = 'Saue valla sotsiaaltöö';
const CONTACT = 'Sirje Sotsiaaltöötaja';

let app: RunningApp;
let browser: Browser;
let dataDir: string;
const ids = { candidate: '', event: '', partner: '', meeting: '' };
const sessions: Session[] = [];
const today = tallinnDay(new Date());

async function seedData(dir: string) {
	const handle = await openSeededDatabase(dir);
	try {
		const harju = await countyByName(handle.db, 'Harju maakond');
		await seedUser(handle.db, {
			...COORDINATOR,
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: harju.id }]
		});
		const candidate = await seedVolunteer(handle.db, {
			countyId: harju.id,
			status: 'candidate',
			...CANDIDATE,
			criminalRecordCheckedOn: '2026-01-05',
			contractSignedOn: '2026-01-06'
		});
		ids.candidate = candidate.id;
		const v = await seedVolunteer(handle.db, {
			countyId: harju.id,
			status: 'active',
			firstName: 'Vello',
			lastName: 'Vabatahtlik',
			startedOn: '2026-01-10'
		});
		await seedUser(handle.db, {
			...VOLUNTEER,
			password: PASSWORD,
			grants: [{ role: 'volunteer', volunteerId: v.id }]
		});
		const [partner] = await handle.db
			.insert(socialPartners)
			.values({ countyId: harju.id, name: PARTNER, kind: 'municipality_social_work' })
			.returning();
		ids.partner = partner!.id;
		await handle.db.insert(socialPartnerContacts).values({ partnerId: partner!.id, name: CONTACT });
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-programme-'));
	await seedData(dataDir);
	[app, browser] = await Promise.all([startApp({ DATA_DIR: dataDir }), launchBrowser()]);
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

const signedIn = new Map<string, Session>();
async function as(
	who: { email: string },
	opts: { javaScript?: boolean; phone?: boolean } = {}
): Promise<Page> {
	const key = `${who.email}/${opts.javaScript ?? true}/${opts.phone ?? false}`;
	let s = signedIn.get(key);
	if (!s) {
		s = await newSession(browser, opts);
		sessions.push(s);
		await login(s.page, app.url, who.email, PASSWORD);
		await s.page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
		signedIn.set(key, s);
	}
	return s.page;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A form field by the start of its label (optional fields end with "(valikuline)"). */
const field = (page: Page, key: string) => page.getByLabel(new RegExp(`^${escape(et(key))}`));

describe('trainings: the coordinator on a phone, the volunteer without JavaScript', () => {
	it('opens the list of trainings and the new-training form', async () => {
		const page = await as(COORDINATOR, { phone: true });
		await page.goto(`${app.url}/events`);
		await visible(page.getByRole('heading', { level: 1, name: et('programme.events.title') }));
		await expectAccessible(page);
		await page.getByRole('link', { name: et('programme.events.new') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('programme.new.title') }));
		await expectAccessible(page);
	});

	it('refuses a bad time and keeps the rest, then saves the training', async () => {
		const page = await as(COORDINATOR, { phone: true });
		await page.goto(`${app.url}/events/new`);
		await field(page, 'programme.kind').selectOption('base_training');
		await field(page, 'programme.title').fill(TITLE);
		await field(page, 'programme.held_on').fill(today);
		// A bad time is refused with the field's message, the rest kept.
		await field(page, 'programme.starts_at').fill('25:99');
		await page.getByRole('button', { name: et('programme.new.submit') }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(page.locator('.field-error'))).toBe(et('programme.error.time'));
		expect(await field(page, 'programme.title').inputValue()).toBe(TITLE);
		await field(page, 'programme.starts_at').fill('10:00');
		await page.getByRole('button', { name: et('programme.new.submit') }).click();
		await visible(page.getByRole('heading', { level: 1, name: TITLE }));
		ids.event = new URL(page.url()).pathname.split('/').pop()!;
		await expectAccessible(page);
	});

	it("ticks the candidate off the county's list at the door, on the phone", async () => {
		const page = await as(COORDINATOR, { phone: true });
		await page.goto(`${app.url}/events/${ids.event}`);
		await page
			.getByRole('checkbox', { name: `${CANDIDATE.firstName} ${CANDIDATE.lastName}` })
			.check();
		await page.getByRole('button', { name: et('programme.attendance.submit') }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(page.getByRole('status'))).toBe(et('programme.attendance.done'));
		const row = page.locator('#people tbody tr', { hasText: CANDIDATE.lastName });
		expect(await textOf(row)).toContain(et('programme.meeting.consent_yes'));
		await expectAccessible(page);
	});

	it('the candidate is now trained; the support page lists the training', async () => {
		const page = await as(COORDINATOR, { phone: true });
		// The volunteer page shows the base training as completed on the event's day.
		await page.goto(`${app.url}/volunteers/${ids.candidate}`);
		expect(await textOf(page.locator('main'))).toContain(
			et('volunteer_vetting.training.completed', { date: formatDate(today) })
		);
		// The support page lists the training and takes a support entry.
		await page.goto(`${app.url}/volunteers/${ids.candidate}/support`);
		await visible(page.getByRole('link', { name: TITLE }));
		await field(page, 'programme.support.kind').selectOption('conversation');
		await field(page, 'programme.support.note').fill('Esimene tugivestlus pärast koolitust.');
		await page.getByRole('button', { name: et('programme.support.add') }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(page.locator('#log tbody'))).toContain('Esimene tugivestlus');
		await expectAccessible(page);
	});

	it('the volunteer answers "I\'ll come" without JavaScript; the coordinator sees it', async () => {
		const page = await as(VOLUNTEER, { javaScript: false });
		await page.goto(`${app.url}/`);
		await visible(page.getByRole('heading', { name: et('programme.home.title') }));
		const card = page.locator('#events li', { hasText: TITLE });
		await card.getByRole('button', { name: `${et('programme.home.coming')}: ${TITLE}` }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(page.locator('#events [role="status"]'))).toBe(
			et('programme.home.answered')
		);
		expect(await textOf(page.locator('#events li', { hasText: TITLE }))).toContain(
			et('programme.home.your_answer', { answer: et('programme.answer.coming') })
		);
		// axe needs JavaScript: the same home page in a browser with it.
		const withJs = await as(VOLUNTEER);
		await withJs.goto(`${app.url}/`);
		await visible(withJs.getByRole('heading', { name: et('programme.home.title') }));
		await expectAccessible(withJs);

		const coordinator = await as(COORDINATOR);
		await coordinator.goto(`${app.url}/events/${ids.event}`);
		const row = coordinator.locator('#people tbody tr', { hasText: 'Vabatahtlik' });
		expect(await textOf(row)).toContain(et('programme.answer.coming'));
		// The volunteer may not open the coordinator's page of the event.
		const denied = await page.goto(`${app.url}/events/${ids.event}`);
		expect(denied?.status()).toBe(404);
	});

	it('the figures page counts the training', async () => {
		const page = await as(COORDINATOR);
		await page.goto(`${app.url}/events/figures`);
		await visible(page.getByRole('heading', { level: 1, name: et('programme.figures.title') }));
		expect(await textOf(page.locator('main'))).toContain('Harju maakond');
		await expectAccessible(page);
	});
});

describe('partner meetings', () => {
	const meetingTitle = et('programme.meeting.title', { date: formatDate(today) });

	it('the coordinator records a meeting from the partners list', async () => {
		const page = await as(COORDINATOR);
		await page.goto(`${app.url}/partners`);
		await page.getByRole('link', { name: et('programme.meetings.link') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('programme.meetings.title') }));
		// No meeting yet: due now.
		expect(await textOf(page.locator('main'))).toContain(et('programme.meetings.due'));
		await expectAccessible(page);
		await page.getByRole('link', { name: et('programme.meetings.new') }).click();
		await visible(page.getByRole('heading', { level: 1, name: et('programme.meeting.new_title') }));
		await expectAccessible(page);
		await field(page, 'programme.held_on').fill(today);
		await field(page, 'programme.place').fill('Saue vallamaja');
		await field(page, 'programme.agenda').fill('Kvartali ülevaade');
		await page.getByRole('button', { name: et('programme.meeting.save') }).click();
		await visible(page.getByRole('heading', { level: 1, name: meetingTitle }));
		ids.meeting = new URL(page.url()).pathname.split('/').pop()!;
	});

	it("adds the partner's contact person, who consents, and a guest who does not yet", async () => {
		const page = await as(COORDINATOR);
		await page.goto(`${app.url}/partners/meetings/${ids.meeting}`);
		await page.locator('#people summary').click();
		await field(page, 'programme.meeting.contact').selectOption({
			label: `${CONTACT} (${PARTNER})`
		});
		await page.getByRole('checkbox', { name: et('programme.meeting.consent_box') }).check();
		await page
			.getByRole('button', { name: et('programme.meeting.add_submit'), exact: true })
			.click();
		await page.waitForURL((url) => url.search.includes('done=people'));
		expect(await textOf(page.locator('#people tbody'))).toContain(CONTACT);
		await page.goto(`${app.url}/partners/meetings/${ids.meeting}`);
		await page.locator('#people summary').click();
		await field(page, 'programme.meeting.other_name').fill('Peeter Perearst');
		await field(page, 'programme.meeting.organisation').fill('Perearstikeskus');
		await page
			.getByRole('button', { name: et('programme.meeting.add_submit'), exact: true })
			.click();
		await page.waitForURL((url) => url.search.includes('done=people'));
		const guest = page.locator('#people tbody tr', { hasText: 'Peeter Perearst' });
		expect(await textOf(guest)).toContain(et('programme.meeting.consent_no'));
		expect(await textOf(page.locator('#people'))).toContain(et('programme.meeting.recording_no'));
		await expectAccessible(page);
	});

	it('refuses the recording until everyone consented, then keeps it', async () => {
		const page = await as(COORDINATOR);
		await page.goto(`${app.url}/partners/meetings/${ids.meeting}`);
		const upload = async (name: string) => {
			await page.locator('#documents summary', { hasText: et('document.upload.title') }).click();
			await page.getByLabel(et('document.upload.kind'), { exact: true }).selectOption('recording');
			await page.getByLabel(et('document.upload.file'), { exact: true }).setInputFiles({
				name,
				mimeType: 'application/pdf',
				buffer: Buffer.from(await samplePdf('Salvestis'))
			});
			await page.getByRole('button', { name: et('document.upload.submit') }).click();
			await page.waitForLoadState('networkidle');
		};
		await upload('salvestis.pdf');
		expect(await textOf(page.locator('#documents'))).toContain(
			et('programme.error.recording_consent')
		);

		await page.goto(`${app.url}/partners/meetings/${ids.meeting}`);
		await page
			.locator('#people tbody tr', { hasText: 'Peeter Perearst' })
			.getByRole('button', { name: et('programme.meeting.consent_give') })
			.click();
		await page.waitForURL((url) => url.search.includes('done=people'));
		expect(await textOf(page.locator('#people'))).toContain(et('programme.meeting.recording_ok'));
		await upload('salvestis.pdf');
		expect(await textOf(page.locator('#documents [role="status"]'))).toBe(et('document.uploaded'));
		expect(await textOf(page.locator('#documents tbody'))).toContain(et('document.kind.recording'));
	});

	it('writes down a follow-up; the partner page and the attention list show the meeting', async () => {
		const page = await as(COORDINATOR);
		await page.goto(`${app.url}/partners/meetings/${ids.meeting}`);
		await page.locator('#follow-ups summary').click();
		await field(page, 'programme.meeting.follow_up').fill(
			'Perearstikeskus annab teada üksikutest eakatest.'
		);
		await page.getByRole('button', { name: et('programme.meeting.add_follow_up') }).click();
		await page.waitForLoadState('networkidle');
		expect(await textOf(page.locator('#follow-ups tbody'))).toContain('Perearstikeskus annab');
		await expectAccessible(page);

		// The partner page lists the meeting its person attended.
		await page.goto(`${app.url}/partners/${ids.partner}`);
		expect(await textOf(page.locator('#meetings'))).toContain(CONTACT);
		await expectAccessible(page);

		// The attention list has the programme's sections.
		await page.goto(`${app.url}/attention`);
		await visible(page.locator('#support-quiet'));
		await expectAccessible(page);
	});

	it('had no script errors or CSP violations', () => {
		for (const s of sessions) expect(s.problems).toEqual([]);
	});
});
