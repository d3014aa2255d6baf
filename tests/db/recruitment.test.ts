import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import {
	auditEvents,
	documents,
	mailOutbox,
	pairings,
	recruitmentOutcomes,
	volunteerApplications,
	volunteers
} from '$lib/server/db/schema';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { formStartedToken } from '$lib/server/domain/recruitment';
import { buildIsikukood } from '$lib/server/domain/isikukood';
import {
	APPLICATIONS_PER_IP_PER_HOUR,
	submitApplication
} from '$lib/server/services/volunteers/public-application';
import {
	applicationCounts,
	arrangeInterview,
	enterApplication,
	getApplication,
	listApplications,
	recordInterview
} from '$lib/server/services/volunteers/recruitment';
import {
	rejectApplication,
	selectApplication
} from '$lib/server/services/volunteers/application-decisions';
import {
	changeVolunteerStatus,
	lateContractOriginals,
	recordBaseTraining,
	recordContract,
	recordCriminalRecordCheck,
	updateVolunteerProfile,
	volunteerProfile
} from '$lib/server/services/volunteers/volunteer-profile';
import { recruitmentHome } from '$lib/server/services/volunteers/recruitment-home';
import { getVolunteer, updateVolunteer } from '$lib/server/services/volunteers/volunteers';
import { volunteerRecord } from '$lib/server/services/clients/record-pages';
import { inviteVolunteerAccount } from '$lib/server/services/admin/user-invitations';
import { uploadDocument, listDocuments } from '$lib/server/services/documents/documents';
import { versionOf } from '../helpers/versions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp';
import { samplePdf, samplePng } from '../helpers/files';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * Issue 3, recruiting volunteers (R-VOL-2…8): the public form and its spam checks, the
 * coordinator's pipeline, "not selected" leaving no trace (R-VOL-6), "selected" making the
 * volunteer record, the volunteer's vetting and status, late contract originals, and the
 * access rules (another county, an expert, a volunteer: not found and audited).
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';
const SHOWN = formStartedToken(new Date(NOW.getTime() - 90_000));

let t: TestDatabase;
let smtp: TestSmtp;
let harju: { id: string };
let tartu: { id: string };
let harjuMunicipality: { id: string };
let tartuMunicipality: { id: string };
let admin: Actor;
let coordinator: Actor;
let tartuCoordinator: Actor;
let expert: Actor;
let volunteerActor: Actor;
let coordinatorEmail: string;

let ipSeq = 0;
const ctx = (actor: Actor | null, ip = '198.51.100.1') => t.ctx(actor, { now: NOW, ip });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);
const freshIp = () => `203.0.113.${++ipSeq}`;

let personSeq = 0;
/** A believable web application; names and contacts unique per call. */
function webForm(over: Record<string, unknown> = {}) {
	const n = ++personSeq;
	return {
		startedAt: SHOWN,
		website: '',
		countyId: harju.id,
		municipalityId: harjuMunicipality.id,
		firstName: `Svetlana${n}`,
		lastName: `Ivanova${n}`,
		email: `svetlana${n}.kandidaat@example.ee`,
		phone: `+372 5555 ${String(1000 + n)}`,
		settlement: 'Kallavere',
		motivation: 'Хочу помогать пожилым людям в моём посёлке.',
		answer_experience: 'Ухаживала за бабушкой.',
		answer_languages: 'русский, эстонский',
		answer_heard_from: 'friend',
		refereeName: 'Anna Referent',
		refereeContact: '+372 5123 0000',
		consent: 'on',
		...over
	};
}

async function submit(over: Record<string, unknown> = {}, locale: 'et' | 'ru' | 'en' = 'ru') {
	const form = webForm(over);
	const result = await submitApplication(ctx(null, freshIp()), form, locale);
	return { form, result };
}

async function applicationsNamed(firstName: string) {
	return db()
		.select()
		.from(volunteerApplications)
		.where(eq(volunteerApplications.firstName, firstName));
}

/**
 * Every text, character, JSON and array column of every table in the database, searched for
 * each needle (case-insensitive). Returns "table.column" for each hit.
 */
async function traces(needles: string[]): Promise<string[]> {
	const columns = (await db().execute(sql`
		select table_name, column_name
		from information_schema.columns
		where table_schema = 'public'
			and data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
	`)) as unknown as { rows: { table_name: string; column_name: string }[] };
	expect(columns.rows.length).toBeGreaterThan(50);
	const hits: string[] = [];
	for (const { table_name, column_name } of columns.rows) {
		for (const needle of needles) {
			const result = (await db().execute(
				sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text ilike ${`%${needle}%`}`
			)) as unknown as { rows: { n: number }[] };
			if (Number(result.rows[0]!.n) > 0) hits.push(`${table_name}.${column_name} ∋ ${needle}`);
		}
	}
	return hits;
}

beforeAll(async () => {
	smtp = await startSmtpServer();
	t = await createTestDatabase({ smtpUrl: smtp.url });
	harju = await countyByName(db(), 'Harju maakond');
	tartu = await countyByName(db(), 'Tartu maakond');
	harjuMunicipality = await firstMunicipality(db(), harju.id);
	tartuMunicipality = await firstMunicipality(db(), tartu.id);
	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	const c = await seedUser(db(), {
		email: `koordinaator.harju.${Date.now()}@example.ee`,
		grants: [{ role: 'coordinator', countyId: harju.id }]
	});
	coordinator = c.actor;
	coordinatorEmail = c.user.email;
	tartuCoordinator = (
		await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu.id }] })
	).actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
	const ownRecord = await seedVolunteer(db(), { countyId: harju.id });
	volunteerActor = (
		await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: ownRecord.id }] })
	).actor;
});

afterAll(async () => {
	await t?.close();
	await smtp?.close();
});

describe('the public application form (R-VOL-2)', () => {
	it('stores the application with its answers, consent and language', async () => {
		const { form, result } = await submit();
		expect(result.stored).toBe(true);
		const [row] = await applicationsNamed(form.firstName);
		expect(row).toMatchObject({
			id: result.id,
			countyId: harju.id,
			municipalityId: harjuMunicipality.id,
			status: 'applied',
			channel: 'web',
			locale: 'ru',
			email: form.email,
			phone: form.phone,
			settlement: 'Kallavere',
			refereeName: 'Anna Referent',
			answers: {
				experience: 'Ухаживала за бабушкой.',
				languages: 'русский, эстонский',
				heard_from: 'friend'
			}
		});
		expect(row!.consentGivenAt.toISOString()).toBe(NOW.toISOString());
		const event = await lastEvent('application.submit');
		expect(event).toMatchObject({
			entityType: 'application',
			entityId: row!.id,
			countyId: harju.id,
			outcome: 'success',
			actorUserId: null
		});
		expect(JSON.stringify(event!.details)).not.toContain(form.firstName);
	});

	it('mails a confirmation in the candidate’s language, without their data', async () => {
		const { form } = await submit({}, 'ru');
		const mail = await smtp.waitForMail(form.email);
		expect(mail.subject).toBe('Ваше заявление волонтёра-компаньона получено');
		expect(mail.text).toContain('23.11.2026');
		for (const secret of [form.firstName, form.lastName, form.phone, form.motivation]) {
			expect(mail.text).not.toContain(secret);
		}
		const english = await submit({}, 'en');
		expect((await smtp.waitForMail(english.form.email)).subject).toBe(
			'Your application to become a volunteer companion has arrived'
		);
	});

	it('tells the county’s coordinators at once: a notice without personal data and a count', async () => {
		const before = (await applicationCounts(ctx(coordinator)))!.applied;
		const { form } = await submit();
		expect((await applicationCounts(ctx(coordinator)))!.applied).toBe(before + 1);
		const notice = await smtp.waitForMail(coordinatorEmail);
		expect(notice.subject).toContain('Harju maakond');
		expect(notice.text).toContain('/applications');
		expect(notice.text).not.toContain(form.firstName);
		expect(notice.text).not.toContain(form.email);
		// The Tartu coordinator's count did not move; an expert has none.
		expect((await applicationCounts(ctx(tartuCoordinator)))!.applied).toBe(0);
		expect(await applicationCounts(ctx(expert))).toBeNull();
		expect(await applicationCounts(ctx(volunteerActor))).toBeNull();
		const home = await recruitmentHome(ctx(coordinator));
		expect(home?.applied).toBe(before + 1);
	});

	it('refuses without consent, without any contact, or with another county’s municipality', async () => {
		const noConsent = webForm({ consent: undefined });
		let e = await appError(submitApplication(ctx(null, freshIp()), noConsent, 'et'));
		expect(e.fields.consent).toBe('apply.error.consent_required');
		const noContact = webForm({ email: '', phone: '' });
		e = await appError(submitApplication(ctx(null, freshIp()), noContact, 'et'));
		expect(e.fields.email).toBe('apply.error.contact_required');
		const wrongPlace = webForm({ municipalityId: tartuMunicipality.id });
		e = await appError(submitApplication(ctx(null, freshIp()), wrongPlace, 'et'));
		expect(e.fields.municipalityId).toBe('apply.error.municipality');
		const badAnswer = webForm({ answer_heard_from: 'billboard', firstName: '' });
		e = await appError(submitApplication(ctx(null, freshIp()), badAnswer, 'et'));
		expect(e.fields).toMatchObject({
			answer_heard_from: 'apply.error.choice',
			firstName: 'apply.error.required'
		});
		for (const f of [noConsent, noContact, wrongPlace]) {
			expect(await applicationsNamed(f.firstName)).toHaveLength(0);
		}
	});

	it('names: NFC and trimmed of invisible characters; hidden or direction-changing ones inside refused (issue 17)', async () => {
		const n = ++personSeq;
		const { result } = await submit({ firstName: `Ju\u0308ri${n}\u200b`, lastName: 'Tamm' });
		expect(result.stored).toBe(true);
		const [row] = await applicationsNamed(`Jüri${n}`);
		expect(row?.firstName).toBe(`J\u00fcri${n}`);
		const hidden = webForm({ lastName: 'Iva\u202enova' });
		const e = await appError(submitApplication(ctx(null, freshIp()), hidden, 'ru'));
		expect(e.fields.lastName).toBe('apply.error.name_characters');
		expect(await applicationsNamed(hidden.firstName)).toHaveLength(0);
	});

	it('a filled honeypot is thanked and stores nothing', async () => {
		const form = webForm({ website: 'http://spam.example' });
		const result = await submitApplication(ctx(null, freshIp()), form, 'et');
		expect(result).toEqual({ stored: false, id: null });
		expect(await applicationsNamed(form.firstName)).toHaveLength(0);
		const event = await lastEvent('application.submit');
		expect(event).toMatchObject({ outcome: 'denied', details: { reason: 'honeypot' } });
		expect(smtp.mailTo(form.email)).toHaveLength(0);
	});

	it('a form sent faster than a person can fill it stores nothing', async () => {
		const form = webForm({ startedAt: formStartedToken(new Date(NOW.getTime() - 1000)) });
		const e = await appError(submitApplication(ctx(null, freshIp()), form, 'et'));
		expect(e.messageKey).toBe('apply.error.too_fast');
		expect(await applicationsNamed(form.firstName)).toHaveLength(0);
		const missing = webForm({ startedAt: undefined });
		expect(
			(await appError(submitApplication(ctx(null, freshIp()), missing, 'et'))).messageKey
		).toBe('apply.error.too_fast');
		expect((await lastEvent('application.submit'))?.details).toMatchObject({
			reason: 'fill_time'
		});
	});

	it(`accepts ${APPLICATIONS_PER_IP_PER_HOUR} an hour from one address, then refuses without storing`, async () => {
		const ip = freshIp();
		for (let i = 0; i < APPLICATIONS_PER_IP_PER_HOUR; i++) {
			expect((await submitApplication(ctx(null, ip), webForm(), 'et')).stored).toBe(true);
		}
		const form = webForm();
		const e = await appError(submitApplication(ctx(null, ip), form, 'et'));
		expect(e.code).toBe('rate_limited');
		expect(e.messageKey).toBe('apply.error.rate_limited');
		expect(await applicationsNamed(form.firstName)).toHaveLength(0);
		expect((await lastEvent('application.submit'))?.details).toMatchObject({
			reason: 'throttled_ip'
		});
		// Another address is not affected; the limit's key is a hash, not the address.
		expect((await submitApplication(ctx(null, freshIp()), webForm(), 'et')).stored).toBe(true);
		const stored = (await db().execute(
			sql`select count(*)::int as n from rate_limit where key like ${`%${ip}%`}`
		)) as unknown as { rows: { n: number }[] };
		expect(Number(stored.rows[0]!.n)).toBe(0);
	});
});

describe('the pipeline (R-VOL-3, R-VOL-4)', () => {
	it('lists the county’s applications per step, oldest first, and audits the list', async () => {
		const { result } = await submit();
		const list = await listApplications(ctx(coordinator), { status: 'applied' });
		expect(list.rows.some((r) => r.id === result.id)).toBe(true);
		expect(list.counts.applied).toBeGreaterThan(0);
		expect(list.rows.every((r) => r.status === 'applied')).toBe(true);
		const tartuList = await listApplications(ctx(tartuCoordinator), {});
		expect(tartuList.rows.some((r) => r.id === result.id)).toBe(false);
		expect(tartuList.counts.applied).toBe(0);
		// Asking for another county's applications by filter gives nothing either.
		const sneaky = await listApplications(ctx(tartuCoordinator), { countyId: harju.id });
		expect(sneaky.rows).toHaveLength(0);
		const all = await listApplications(ctx(admin), { status: 'applied', pageSize: 100 });
		expect(all.rows.some((r) => r.id === result.id)).toBe(true);
		expect(await lastEvent('application.list')).toMatchObject({ outcome: 'success' });
	});

	it('arranges the interview on the Tallinn clock, records it with notes, then selects', async () => {
		const { form, result } = await submit();
		const id = result.id!;
		await arrangeInterview(ctx(coordinator), id, { interviewAt: '2026-11-25T14:30' });
		let a = await getApplication(ctx(coordinator), id);
		expect(a.status).toBe('interview_arranged');
		expect(a.interviewAt?.toISOString()).toBe('2026-11-25T12:30:00.000Z');
		expect(a.interviewAtLocal).toBe('2026-11-25T14:30');
		expect(a.steps).toEqual(['interview_arranged', 'interviewed', 'not_selected']);
		// Selecting before the interview is not a step from here.
		expect((await appError(selectApplication(ctx(coordinator), id))).messageKey).toBe(
			'application.error.step'
		);
		expect(
			(await appError(arrangeInterview(ctx(coordinator), id, { interviewAt: '25.11.2026 14:30' })))
				.fields.interviewAt
		).toBe('application.error.datetime');

		await recordInterview(ctx(coordinator), id, { interviewNotes: 'Rahulik, kannatlik, autoga.' });
		a = await getApplication(ctx(coordinator), id);
		expect(a).toMatchObject({
			status: 'interviewed',
			interviewNotes: 'Rahulik, kannatlik, autoga.'
		});

		// The scanned application moves to the volunteer; the interview notes file stays.
		await uploadDocument(
			ctx(coordinator),
			{ kind: 'application', applicationId: id },
			{ kind: 'application', file: { name: 'avaldus.pdf', bytes: await samplePdf() } }
		);
		await uploadDocument(
			ctx(coordinator),
			{ kind: 'application', applicationId: id },
			{ kind: 'interview_notes', file: { name: 'vestlus.png', bytes: samplePng() } }
		);

		const volunteerId = await selectApplication(ctx(coordinator), id);
		const [v] = await db().select().from(volunteers).where(eq(volunteers.id, volunteerId));
		expect(v).toMatchObject({
			countyId: harju.id,
			municipalityId: harjuMunicipality.id,
			status: 'candidate',
			firstName: form.firstName,
			lastName: form.lastName,
			email: form.email,
			phone: form.phone,
			settlement: 'Kallavere',
			createdBy: coordinator.userId
		});
		a = await getApplication(ctx(coordinator), id);
		expect(a).toMatchObject({ status: 'selected', volunteerId, steps: [] });
		const docs = await db().select().from(documents).where(eq(documents.volunteerId, volunteerId));
		expect(docs.map((d) => d.kind)).toEqual(['application']);
		const left = await db().select().from(documents).where(eq(documents.applicationId, id));
		expect(left.map((d) => d.kind)).toEqual(['interview_notes']);
		const outcomes = await db()
			.select()
			.from(recruitmentOutcomes)
			.where(
				and(eq(recruitmentOutcomes.countyId, harju.id), eq(recruitmentOutcomes.outcome, 'selected'))
			);
		expect(outcomes.length).toBeGreaterThan(0);
		expect(outcomes[0]!.decidedOn).toBe(TODAY);
		expect(await lastEvent('application.selected')).toMatchObject({
			entityId: id,
			details: { volunteerId, documentsMoved: 1 }
		});
		// A selected application is final: no second decision.
		expect(
			(await appError(rejectApplication(ctx(coordinator), id, { confirm: 'on' }))).messageKey
		).toBe('application.error.step');
		// The volunteer's page shows the vetting part with the application it came from.
		const record = await volunteerRecord(ctx(coordinator), volunteerId);
		expect(record.recruitment).toMatchObject({
			applicationId: id,
			missing: ['criminal_record', 'contract', 'base_training']
		});
	});

	it('a coordinator types in a paper application', async () => {
		const id = await enterApplication(ctx(coordinator), {
			channel: 'paper',
			locale: 'et',
			receivedOn: '2026-11-20',
			countyId: harju.id,
			firstName: 'Paber',
			lastName: 'Avaldaja',
			phone: '+372 5000 0001',
			motivation: 'Tahan aidata.',
			consentConfirmed: 'on'
		});
		const a = await getApplication(ctx(coordinator), id);
		expect(a).toMatchObject({ channel: 'paper', status: 'applied', email: null });
		expect(a.submittedAt.toISOString()).toBe('2026-11-19T22:00:00.000Z');
		const e = await appError(
			enterApplication(ctx(coordinator), {
				channel: 'paper',
				receivedOn: TODAY,
				countyId: harju.id,
				firstName: 'Ilma',
				lastName: 'Nõusolekuta',
				phone: '+372 5000 0002',
				motivation: 'x'
			})
		);
		expect(e.fields.consentConfirmed).toBe('application.error.consent_confirmed');
		// Not in a county the coordinator does not coordinate.
		const denied = await appError(
			enterApplication(ctx(coordinator), {
				channel: 'email',
				receivedOn: TODAY,
				countyId: tartu.id,
				firstName: 'Tartu',
				lastName: 'Avaldaja',
				email: 'tartu.avaldaja@example.ee',
				motivation: 'x',
				consentConfirmed: 'on'
			})
		);
		expect(denied.code).toBe('not_found');
	});
});

describe('not selected destroys the application, its notes and files (R-VOL-6)', () => {
	it('asks for confirmation, then leaves no trace in the database or the file store', async () => {
		const name = 'Zinaida';
		const surname = 'Jäljetu-Kustutatav';
		const email = 'zinaida.jaljetu@example.ee';
		const phone = '+372 5987 6543';
		const { result } = await submit({ firstName: name, lastName: surname, email, phone });
		const id = result.id!;
		await smtp.waitForMail(email);
		await arrangeInterview(ctx(coordinator), id, { interviewAt: '2026-11-24T10:00' });
		await recordInterview(ctx(coordinator), id, {
			interviewNotes: `${name} ${surname} ei sobi praegu.`
		});
		const owner = { kind: 'application' as const, applicationId: id };
		await uploadDocument(ctx(coordinator), owner, {
			kind: 'application',
			file: {
				name: `${name}_${surname}_avaldus.pdf`,
				bytes: await samplePdf(`${name} ${surname}`)
			},
			description: `${name} paberavaldus`
		});
		await uploadDocument(ctx(coordinator), owner, {
			kind: 'interview_notes',
			file: { name: `${surname}-vestlus.png`, bytes: samplePng() }
		});
		expect(await listDocuments(ctx(coordinator), owner)).toHaveLength(2);
		const keys = (await db().select().from(documents).where(eq(documents.applicationId, id))).map(
			(d) => d.storageKey
		);
		const before = await t.files.list();
		for (const k of keys) expect(before).toContain(k);
		expect((await traces([surname, email, phone])).length).toBeGreaterThan(0);

		// Without the confirmation nothing happens.
		const e = await appError(rejectApplication(ctx(coordinator), id, {}));
		expect(e.fields.confirm).toBe('application.reject.confirm_required');
		expect(await applicationsNamed(name)).toHaveLength(1);

		const countBefore = (
			await db()
				.select()
				.from(recruitmentOutcomes)
				.where(eq(recruitmentOutcomes.outcome, 'not_selected'))
		).length;
		await rejectApplication(ctx(coordinator), id, { confirm: 'on' });

		expect(await applicationsNamed(name)).toHaveLength(0);
		expect(await traces([name, surname, email, phone])).toEqual([]);
		const after = await t.files.list();
		for (const k of keys) expect(after).not.toContain(k);
		// What remains: an anonymous count and an event without personal data.
		const outcomes = await db()
			.select()
			.from(recruitmentOutcomes)
			.where(eq(recruitmentOutcomes.outcome, 'not_selected'));
		expect(outcomes).toHaveLength(countBefore + 1);
		expect(outcomes.at(-1)).toMatchObject({ countyId: harju.id, decidedOn: TODAY });
		const event = await lastEvent('application.not_selected');
		expect(event).toMatchObject({
			entityType: 'application',
			entityId: id,
			countyId: harju.id,
			actorUserId: coordinator.userId,
			details: { documentsDeleted: 2, interviewed: true }
		});
		// Gone means gone: the page and the files answer "not found".
		expect((await appError(getApplication(ctx(coordinator), id))).code).toBe('not_found');
		expect((await appError(rejectApplication(ctx(coordinator), id, { confirm: 'on' }))).code).toBe(
			'not_found'
		);
	});

	it('keeps other mail to the same address (only the application’s confirmation goes)', async () => {
		const email = 'jagatud.aadress@example.ee';
		await db().insert(mailOutbox).values({ toAddress: email, subject: 'Muu kiri', body: 'x' });
		const { result } = await submit({ email });
		await smtp.waitForMail(email);
		await rejectApplication(ctx(coordinator), result.id!, { confirm: 'on' });
		const left = await db().select().from(mailOutbox).where(eq(mailOutbox.toAddress, email));
		expect(left.map((m) => m.subject)).toEqual(['Muu kiri']);
	});
});

describe('who may see and decide applications', () => {
	let id: string;
	beforeAll(async () => {
		id = (await submit()).result.id!;
	});

	it('a coordinator of another county: not found, audited, nothing changed', async () => {
		for (const call of [
			() => getApplication(ctx(tartuCoordinator), id),
			() => arrangeInterview(ctx(tartuCoordinator), id, { interviewAt: '2026-11-25T10:00' }),
			() => recordInterview(ctx(tartuCoordinator), id, { interviewNotes: 'x' }),
			() => selectApplication(ctx(tartuCoordinator), id),
			() => rejectApplication(ctx(tartuCoordinator), id, { confirm: 'on' })
		]) {
			expect((await appError(call())).code).toBe('not_found');
		}
		const denied = await db()
			.select()
			.from(auditEvents)
			.where(
				and(
					eq(auditEvents.actorUserId, tartuCoordinator.userId),
					eq(auditEvents.entityId, id),
					eq(auditEvents.outcome, 'denied')
				)
			);
		expect(denied.map((d) => d.action).sort()).toEqual(
			[
				'application.interview_arranged',
				'application.interviewed',
				'application.not_selected',
				'application.selected',
				'application.view'
			].sort()
		);
		expect(denied.every((d) => d.countyId === harju.id)).toBe(true);
		const [row] = await db()
			.select()
			.from(volunteerApplications)
			.where(eq(volunteerApplications.id, id));
		expect(row).toMatchObject({ status: 'applied', interviewAt: null });
	});

	it('an expert, a volunteer and a visitor cannot read applications', async () => {
		for (const actor of [expert, volunteerActor, null]) {
			expect((await appError(getApplication(ctx(actor), id))).code).toBe('not_found');
			expect((await appError(listApplications(ctx(actor), {}))).code).toBe('not_found');
		}
		const denied = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.actorUserId, expert.userId), eq(auditEvents.outcome, 'denied')));
		expect(denied.map((d) => d.action)).toEqual(
			expect.arrayContaining(['application.view', 'application.list'])
		);
		// Nor its files.
		expect(
			(
				await appError(
					uploadDocument(
						ctx(expert),
						{ kind: 'application', applicationId: id },
						{ kind: 'application', file: { name: 'a.png', bytes: samplePng() } }
					)
				)
			).code
		).toBe('not_found');
	});

	it('an unknown or malformed id is not found', async () => {
		for (const bad of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
			expect((await appError(getApplication(ctx(coordinator), bad))).code).toBe('not_found');
		}
	});
});

describe('the selected volunteer’s details (R-VOL-4)', () => {
	it('fills in the date of birth and gender from the isikukood', async () => {
		const v = await seedVolunteer(db(), { countyId: harju.id, status: 'candidate' });
		const code = buildIsikukood('1984-02-29', 'female', 123);
		const result = await updateVolunteerProfile(ctx(coordinator), v.id, {
			version: await versionOf(t.handle.db, 'volunteer', v.id),
			firstName: v.firstName,
			lastName: v.lastName,
			email: v.email,
			isikukood: `${code.slice(0, 3)} ${code.slice(3)}`,
			languages: ['et', 'ru'],
			helpProfilesOffered: ['P1', 'P3'],
			maxClients: '2',
			hasCar: 'on',
			avoidsSmoke: 'on',
			employment: 'retired',
			education: 'isced_5_8',
			expectations: 'Tahan olla kasulik.',
			availability: 'E ja K õhtuti',
			municipalityId: harjuMunicipality.id,
			settlement: 'Kuusalu'
		});
		expect(result).toEqual({ saved: true });
		const [row] = await db().select().from(volunteers).where(eq(volunteers.id, v.id));
		expect(row).toMatchObject({
			isikukood: code,
			dateOfBirth: '1984-02-29',
			gender: 'female',
			languages: ['et', 'ru'],
			helpProfilesOffered: ['P1', 'P3'],
			maxClients: 2,
			hasCar: true,
			petAllergy: false,
			avoidsSmoke: true,
			employment: 'retired',
			education: 'isced_5_8',
			settlement: 'Kuusalu'
		});
		const event = await lastEvent('volunteer.update');
		expect(event?.details).toMatchObject({ fields: expect.arrayContaining(['isikukood']) });
		expect(JSON.stringify(event?.details)).not.toContain(code);
	});

	it('says precisely what is wrong with a code, and refuses a contradicting birth date', async () => {
		const v = await seedVolunteer(db(), { countyId: harju.id, status: 'candidate' });
		const base = { firstName: v.firstName, lastName: v.lastName, maxClients: '1' };
		const code = buildIsikukood('1990-05-17', 'male', 5);
		const wrongCheck = code.slice(0, 10) + String((Number(code[10]) + 1) % 10);
		expect(
			(
				await appError(
					updateVolunteerProfile(ctx(coordinator), v.id, {
						version: await versionOf(t.handle.db, 'volunteer', v.id),
						...base,
						isikukood: wrongCheck
					})
				)
			).fields.isikukood
		).toBe('isikukood.checksum');
		expect(
			(
				await appError(
					updateVolunteerProfile(ctx(coordinator), v.id, {
						version: await versionOf(t.handle.db, 'volunteer', v.id),
						...base,
						isikukood: '39002300000'
					})
				)
			).fields.isikukood
		).toBe('isikukood.date');
		const mismatch = await appError(
			updateVolunteerProfile(ctx(coordinator), v.id, {
				version: await versionOf(t.handle.db, 'volunteer', v.id),
				...base,
				isikukood: code,
				dateOfBirth: '1990-05-18',
				gender: 'female'
			})
		);
		expect(mismatch.fields).toEqual({
			dateOfBirth: 'volunteer_profile.error.birth_mismatch',
			gender: 'volunteer_profile.error.gender_mismatch'
		});
		// A date of birth alone is fine (R-VOL-4: isikukood or date of birth).
		expect(
			await updateVolunteerProfile(ctx(coordinator), v.id, {
				version: await versionOf(t.handle.db, 'volunteer', v.id),
				...base,
				dateOfBirth: '1990-05-17'
			})
		).toEqual({ saved: true });
	});

	it('warns about duplicates in the county (the administrator: anywhere) and saves once confirmed', async () => {
		const code = buildIsikukood('1975-07-01', 'male', 77);
		const existing = await seedVolunteer(db(), {
			countyId: harju.id,
			isikukood: code,
			dateOfBirth: '1975-07-01',
			firstName: 'Toomas',
			lastName: 'Topelt'
		});
		const fresh = await seedVolunteer(db(), { countyId: harju.id, status: 'candidate' });
		const input = {
			firstName: fresh.firstName,
			lastName: fresh.lastName,
			maxClients: '1',
			isikukood: code
		};
		const warned = await updateVolunteerProfile(ctx(coordinator), fresh.id, {
			...input,
			version: await versionOf(t.handle.db, 'volunteer', fresh.id)
		});
		expect(warned).toMatchObject({
			saved: false,
			duplicates: [{ id: existing.id, reason: 'isikukood', countyName: 'Harju maakond' }]
		});
		const [unchanged] = await db().select().from(volunteers).where(eq(volunteers.id, fresh.id));
		expect(unchanged!.isikukood).toBeNull();
		expect(
			await updateVolunteerProfile(ctx(coordinator), fresh.id, {
				version: await versionOf(t.handle.db, 'volunteer', fresh.id),
				...input,
				confirmDuplicates: 'on'
			})
		).toEqual({ saved: true });
		expect((await volunteerProfile(ctx(coordinator), fresh.id)).duplicates).toHaveLength(1);

		// Same name and date of birth in another county: the Tartu coordinator is not warned,
		// the administrator is.
		const twin = await seedVolunteer(db(), {
			countyId: harju.id,
			firstName: 'Mari',
			lastName: 'Kaksik',
			dateOfBirth: '1960-01-01'
		});
		const tartuOne = await seedVolunteer(db(), { countyId: tartu.id, status: 'candidate' });
		const same = {
			firstName: 'mari',
			lastName: 'KAKSIK',
			dateOfBirth: '1960-01-01',
			maxClients: '1'
		};
		expect(
			await updateVolunteerProfile(ctx(tartuCoordinator), tartuOne.id, {
				...same,
				version: await versionOf(t.handle.db, 'volunteer', tartuOne.id)
			})
		).toEqual({
			saved: true
		});
		const other = await seedVolunteer(db(), { countyId: tartu.id, status: 'candidate' });
		expect(
			await updateVolunteerProfile(ctx(admin), other.id, {
				...same,
				version: await versionOf(t.handle.db, 'volunteer', other.id)
			})
		).toMatchObject({
			saved: false,
			duplicates: expect.arrayContaining([
				expect.objectContaining({ id: twin.id, reason: 'name_and_birth' }),
				expect.objectContaining({ id: tartuOne.id, reason: 'name_and_birth' })
			])
		});
	});

	it('is for the county’s coordinators and the administrator only', async () => {
		const v = await seedVolunteer(db(), { countyId: harju.id, status: 'candidate' });
		expect((await appError(volunteerProfile(ctx(tartuCoordinator), v.id))).code).toBe('not_found');
		expect(
			(
				await appError(
					updateVolunteerProfile(ctx(tartuCoordinator), v.id, {
						version: await versionOf(t.handle.db, 'volunteer', v.id),
						firstName: 'X',
						lastName: 'Y',
						maxClients: '1'
					})
				)
			).code
		).toBe('not_found');
		// An expert reads volunteers but changes nothing.
		expect((await appError(volunteerProfile(ctx(expert), v.id))).code).toBe('forbidden');
		expect(
			(
				await appError(
					recordCriminalRecordCheck(ctx(expert), v.id, {
						version: await versionOf(t.handle.db, 'volunteer', v.id),
						checkedOn: TODAY
					})
				)
			).code
		).toBe('forbidden');
		expect((await volunteerRecord(ctx(expert), v.id)).recruitment).toBeNull();
	});
});

describe('vetting, contract, training and status (R-VOL-5, 7, 8)', () => {
	it('activates only once the extract, the contract and the training are in', async () => {
		const v = await seedVolunteer(db(), { countyId: harju.id, status: 'candidate' });
		const notReady = await appError(
			changeVolunteerStatus(ctx(coordinator), v.id, {
				version: await versionOf(t.handle.db, 'volunteer', v.id),
				status: 'active'
			})
		);
		expect(notReady.fields.status).toBe('volunteer_status.error.not_ready');
		// The old inline edit form cannot jump the queue either.
		expect(
			(
				await appError(
					updateVolunteer(ctx(coordinator), v.id, {
						version: await versionOf(t.handle.db, 'volunteer', v.id),
						firstName: v.firstName,
						lastName: v.lastName,
						status: 'active'
					})
				)
			).fields.status
		).toBe('volunteer_status.error.not_ready');

		expect(
			(
				await appError(
					recordCriminalRecordCheck(ctx(coordinator), v.id, {
						version: await versionOf(t.handle.db, 'volunteer', v.id),
						checkedOn: '2026-11-24'
					})
				)
			).fields.checkedOn
		).toBe('volunteer_vetting.error.future');
		await recordCriminalRecordCheck(ctx(coordinator), v.id, {
			version: await versionOf(t.handle.db, 'volunteer', v.id),
			checkedOn: '2026-11-10'
		});
		await recordContract(ctx(coordinator), v.id, {
			version: await versionOf(t.handle.db, 'volunteer', v.id),
			signedOn: '2026-11-12',
			hasPaperOriginal: 'on'
		});
		await recordBaseTraining(ctx(coordinator), v.id, {
			version: await versionOf(t.handle.db, 'volunteer', v.id),
			completedOn: '2026-11-20'
		});
		let profile = await volunteerProfile(ctx(coordinator), v.id);
		expect(profile.volunteer).toMatchObject({
			criminalRecordCheckedOn: '2026-11-10',
			criminalRecordCheckedBy: coordinator.userId,
			contractSignedOn: '2026-11-12',
			contractHasPaperOriginal: true,
			baseTrainingCompletedOn: '2026-11-20'
		});
		expect(profile.volunteer.criminalRecordCheckedByName).toBeTruthy();
		expect(profile.vetting).toMatchObject({
			missing: [],
			contractOriginal: { state: 'due', dueOn: '2026-12-03' },
			transitions: ['active', 'ended']
		});
		// The extract and the contract themselves are documents of the volunteer.
		for (const kind of ['criminal_record_extract', 'contract'] as const) {
			await uploadDocument(
				ctx(coordinator),
				{ kind: 'volunteer', volunteerId: v.id },
				{ kind, file: { name: `${kind}.pdf`, bytes: await samplePdf(kind) } }
			);
		}

		await changeVolunteerStatus(ctx(coordinator), v.id, {
			version: await versionOf(t.handle.db, 'volunteer', v.id),
			status: 'active'
		});
		profile = await volunteerProfile(ctx(coordinator), v.id);
		expect(profile.volunteer).toMatchObject({ status: 'active', startedOn: TODAY });
		expect(await lastEvent('volunteer.status_change')).toMatchObject({
			entityId: v.id,
			details: { from: 'candidate', to: 'active' }
		});
		// While active, the vetting dates cannot be taken away.
		expect(
			(
				await appError(
					recordCriminalRecordCheck(ctx(coordinator), v.id, {
						version: await versionOf(t.handle.db, 'volunteer', v.id),
						checkedOn: ''
					})
				)
			).fields.checkedOn
		).toBe('volunteer_vetting.error.needed_while_active');

		await changeVolunteerStatus(ctx(coordinator), v.id, {
			version: await versionOf(t.handle.db, 'volunteer', v.id),
			status: 'paused'
		});
		await changeVolunteerStatus(ctx(coordinator), v.id, {
			version: await versionOf(t.handle.db, 'volunteer', v.id),
			status: 'active'
		});

		// Ending waits for the pairings to end and needs a day and a reason.
		const client = await seedClient(db(), { countyId: harju.id });
		const pairing = await seedPairing(db(), {
			clientId: client.id,
			volunteerId: v.id,
			startsOn: '2026-11-21'
		});
		const blocked = await appError(
			changeVolunteerStatus(ctx(coordinator), v.id, {
				version: await versionOf(t.handle.db, 'volunteer', v.id),
				status: 'ended',
				endedOn: TODAY,
				endReason: 'Kolis Tartusse'
			})
		);
		expect(blocked.fields.status).toBe('volunteer_status.error.open_pairings');
		await db()
			.update(pairings)
			.set({ status: 'ended', endsOn: TODAY, endReason: 'test' })
			.where(eq(pairings.id, pairing.id));
		expect(
			(
				await appError(
					changeVolunteerStatus(ctx(coordinator), v.id, {
						version: await versionOf(t.handle.db, 'volunteer', v.id),
						status: 'ended'
					})
				)
			).fields
		).toEqual({ endedOn: 'error.required', endReason: 'error.required' });
		await changeVolunteerStatus(ctx(coordinator), v.id, {
			version: await versionOf(t.handle.db, 'volunteer', v.id),
			status: 'ended',
			endedOn: TODAY,
			endReason: 'Kolis Tartusse'
		});
		profile = await volunteerProfile(ctx(coordinator), v.id);
		expect(profile.volunteer).toMatchObject({
			status: 'ended',
			endedOn: TODAY,
			endReason: 'Kolis Tartusse'
		});
		expect(profile.vetting.transitions).toEqual([]);
		expect(
			(
				await appError(
					changeVolunteerStatus(ctx(coordinator), v.id, {
						version: await versionOf(t.handle.db, 'volunteer', v.id),
						status: 'active'
					})
				)
			).fields.status
		).toBe('volunteer_status.error.transition');
	});

	it('checks the contract dates', async () => {
		const v = await seedVolunteer(db(), { countyId: harju.id, status: 'candidate' });
		expect(
			(
				await appError(
					recordContract(ctx(coordinator), v.id, {
						version: await versionOf(t.handle.db, 'volunteer', v.id),
						signedOn: '2026-11-12',
						originalReceivedOn: '2026-11-13'
					})
				)
			).fields.originalReceivedOn
		).toBe('volunteer_vetting.error.no_original');
		expect(
			(
				await appError(
					recordContract(ctx(coordinator), v.id, {
						version: await versionOf(t.handle.db, 'volunteer', v.id),
						signedOn: '2026-11-12',
						hasPaperOriginal: 'on',
						originalReceivedOn: '2026-11-11'
					})
				)
			).fields.originalReceivedOn
		).toBe('volunteer_vetting.error.received_before_signed');
	});

	it('lists the late contract originals of the coordinator’s counties', async () => {
		const late = await seedVolunteer(db(), {
			countyId: harju.id,
			contractSignedOn: '2026-10-15',
			contractHasPaperOriginal: true
		});
		const received = await seedVolunteer(db(), {
			countyId: harju.id,
			contractSignedOn: '2026-10-15',
			contractHasPaperOriginal: true,
			contractOriginalReceivedOn: '2026-11-02'
		});
		const digital = await seedVolunteer(db(), {
			countyId: harju.id,
			contractSignedOn: '2026-10-15',
			contractHasPaperOriginal: false
		});
		const stillDue = await seedVolunteer(db(), {
			countyId: harju.id,
			contractSignedOn: '2026-11-02',
			contractHasPaperOriginal: true
		});
		const tartuLate = await seedVolunteer(db(), {
			countyId: tartu.id,
			contractSignedOn: '2026-09-30',
			contractHasPaperOriginal: true
		});
		const list = (await lateContractOriginals(ctx(coordinator)))!;
		const ids = list.map((r) => r.id);
		expect(ids).toContain(late.id);
		for (const other of [received.id, digital.id, stillDue.id, tartuLate.id]) {
			expect(ids).not.toContain(other);
		}
		expect(list.find((r) => r.id === late.id)).toMatchObject({
			signedOn: '2026-10-15',
			dueOn: '2026-11-03'
		});
		expect((await lateContractOriginals(ctx(admin)))!.map((r) => r.id)).toEqual(
			expect.arrayContaining([late.id, tartuLate.id])
		);
		expect(await lateContractOriginals(ctx(expert))).toBeNull();
		expect((await recruitmentHome(ctx(coordinator)))!.lateContracts.map((r) => r.id)).toContain(
			late.id
		);
		// On the 3rd of the month the original is still on time.
		const onTime = await lateContractOriginals(
			t.ctx(coordinator, { now: new Date('2026-11-03T10:00:00Z') })
		);
		expect(onTime!.map((r) => r.id)).not.toContain(late.id);
	});
});

describe('inviting a volunteer to an account', () => {
	it('only an active volunteer with an e-mail address', async () => {
		const candidate = await seedVolunteer(db(), { countyId: harju.id, status: 'candidate' });
		expect((await getVolunteer(ctx(coordinator), candidate.id)).permissions.invite).toBe(false);
		const e = await appError(inviteVolunteerAccount(ctx(coordinator), candidate.id));
		expect(e.messageKey).toBe('volunteer_invite.not_active');
		const paused = await seedVolunteer(db(), { countyId: harju.id, status: 'paused' });
		expect((await appError(inviteVolunteerAccount(ctx(coordinator), paused.id))).messageKey).toBe(
			'volunteer_invite.not_active'
		);
		const active = await seedVolunteer(db(), { countyId: harju.id, status: 'active' });
		expect((await getVolunteer(ctx(coordinator), active.id)).permissions.invite).toBe(true);
		await inviteVolunteerAccount(ctx(coordinator), active.id);
		await smtp.waitForMail(active.email!);
	});
});
