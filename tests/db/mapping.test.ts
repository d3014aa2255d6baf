import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import {
	auditEvents,
	clients,
	documents,
	socialPartnerContacts,
	socialPartners
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
import { buildIsikukood } from '$lib/server/domain/isikukood';
import {
	clientFormOptions,
	createClient,
	getClient,
	updateClient
} from '$lib/server/services/clients/clients';
import { clientListOptions, listClients } from '$lib/server/services/clients/client-list';
import { catchDuplicates, DuplicateClientError } from '$lib/server/services/clients/client-fields';
import { clientEditForm } from '$lib/server/services/clients/client-edit-form';
import {
	addPartnerContact,
	createPartner,
	getPartner,
	listPartners,
	partnerFormOptions,
	partnerListOptions,
	removePartnerContact,
	setPartnerArchived,
	updatePartner
} from '$lib/server/services/partners/partners';
import { versionOf } from '../helpers/versions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * Issue 3, "Clients (abivajajad) — mapping" and the social partners registry: a general entry
 * made personal later (R-MAP-2, R-MAP-4), the isikukood (prefill, agreement, duplicates),
 * consent, the status life cycle, the client list, what each role sees, and the partners of a
 * county (R-MAP-1, R-PART-2) — with the access rules and their audit events.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';

let t: TestDatabase;
let harju: { id: string };
let tartu: { id: string };
let harjuMunicipality: { id: string };
let tartuMunicipality: { id: string };
let admin: Actor;
let coordinator: Actor;
let tartuCoordinator: Actor;
let expert: Actor;
let nobody: Actor;

const ctx = (actor: Actor | null) => t.ctx(actor, { now: NOW });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);

async function row(id: string) {
	const [r] = await db().select().from(clients).where(eq(clients.id, id));
	return r!;
}

let codeSeq = 100;
/** A valid isikukood nobody else in this file has. */
const newCode = (dob = '1941-03-07', sex: 'female' | 'male' = 'female') =>
	buildIsikukood(dob, sex, codeSeq++);

/** A volunteer with an account and an active pairing with the client. */
async function pairedVolunteer(clientId: string, countyId: string) {
	const volunteer = await seedVolunteer(db(), { countyId });
	await seedPairing(db(), { clientId, volunteerId: volunteer.id, startsOn: '2026-01-10' });
	const { actor } = await seedUser(db(), {
		grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
	});
	return actor;
}

/** A signed consent on file (the row the documents service writes on upload). */
async function consentDocument(clientId: string, countyId: string) {
	await db()
		.insert(documents)
		.values({
			countyId,
			clientId,
			kind: 'consent',
			fileName: 'nousolek.pdf',
			mediaType: 'application/pdf',
			sizeBytes: 1234,
			sha256: 'a'.repeat(64),
			storageKey: `test/${crypto.randomUUID()}`
		});
}

beforeAll(async () => {
	t = await createTestDatabase();
	harju = await countyByName(db(), 'Harju maakond');
	tartu = await countyByName(db(), 'Tartu maakond');
	harjuMunicipality = await firstMunicipality(db(), harju.id);
	tartuMunicipality = await firstMunicipality(db(), tartu.id);
	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju.id }] }))
		.actor;
	tartuCoordinator = (
		await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu.id }] })
	).actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
	nobody = (await seedUser(db(), {})).actor;
});

afterAll(async () => {
	await t?.close();
});

describe('a general mapping entry, made personal later (R-MAP-2, R-MAP-4)', () => {
	it('starts without identifying anyone, and audits field names only', async () => {
		const partner = await createPartner(ctx(coordinator), {
			countyId: harju.id,
			name: 'Saue Vallavalitsus',
			kind: 'municipality_social_work'
		});
		const id = await createClient(ctx(coordinator), {
			countyId: harju.id,
			municipalityId: harjuMunicipality.id,
			settlement: 'Laagri',
			livingSituation: 'alone',
			situation: 'Eakas naine, lapsed välismaal, tunneb end üksikuna.',
			referralPartnerId: partner,
			referralPerson: 'Sotsiaaltöötaja Mari, 5550001',
			referredOn: '2026-11-20',
			firstName: '',
			lastName: '',
			isikukood: ''
		});
		const r = await row(id);
		expect(r).toMatchObject({
			status: 'mapped',
			firstName: null,
			isikukood: null,
			settlement: 'Laagri',
			livingSituation: 'alone',
			referralPartnerId: partner,
			referredOn: '2026-11-20',
			waitingSince: null,
			mappedOn: expect.any(String)
		});
		const view = await getClient(ctx(coordinator), id);
		expect(view).toMatchObject({ personal: false, consent: { missing: false } });
		expect(view.referral).toMatchObject({
			partner: { id: partner, name: 'Saue Vallavalitsus', kind: 'municipality_social_work' },
			person: 'Sotsiaaltöötaja Mari, 5550001'
		});
		const event = await lastEvent('client.create');
		expect(event).toMatchObject({ entityId: id, countyId: harju.id, outcome: 'success' });
		expect((event!.details as { fields: string[] }).fields.sort()).toEqual(
			[
				'livingSituation',
				'municipalityId',
				'referralPartnerId',
				'referralPerson',
				'referredOn',
				'settlement',
				'situation'
			].sort()
		);
		expect(JSON.stringify(event)).not.toMatch(/Laagri|Mari|välismaal|5550001/);
	});

	it('is made personal with an isikukood: date of birth and sex filled in from it', async () => {
		const id = await createClient(ctx(coordinator), {
			countyId: harju.id,
			settlement: 'Keila'
		});
		const code = newCode('1941-03-07', 'female');
		const spaced = `${code.slice(0, 5)} ${code.slice(5)}`;
		await updateClient(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'client', id),
			firstName: 'Leida',
			lastName: 'Lepik',
			isikukood: spaced,
			dateOfBirth: '',
			languages: ['', 'et', 'other'],
			languageOther: 'soome',
			phone: '+372 5551 111',
			street: 'Pargi 3',
			contactPersonName: 'Tiina Lepik',
			contactPersonPhone: '5552222',
			contactPersonRelation: 'tütar',
			helpProfilesWanted: ['', 'P1', 'P3'],
			tasks: 'Poes käimine, jalutamine',
			helpAmount: '2',
			helpUnit: 'visits',
			helpPeriod: 'week',
			preferredVolunteerGender: 'female',
			preferredLanguage: 'et',
			hasPets: ['false', 'true'],
			smokesAtHome: 'false'
		});
		const r = await row(id);
		expect(r).toMatchObject({
			firstName: 'Leida',
			isikukood: code,
			dateOfBirth: '1941-03-07',
			gender: 'female',
			languages: ['et', 'other'],
			languageOther: 'soome',
			helpProfilesWanted: ['P1', 'P3'],
			helpAmount: 2,
			helpUnit: 'visits',
			helpPeriod: 'week',
			hasPets: true,
			smokesAtHome: false
		});
		const event = await lastEvent('client.update');
		const details = event!.details as { fields: string[]; prefilled: string[] };
		expect(details.prefilled).toEqual(['dateOfBirth', 'gender']);
		expect(details.fields).toEqual(
			expect.arrayContaining(['firstName', 'isikukood', 'dateOfBirth', 'gender', 'hasPets'])
		);
		expect(details.fields).not.toContain('smokesAtHome');
		expect(JSON.stringify(event)).not.toMatch(new RegExp(`${code}|Leida|Lepik|Pargi|soome`));
		const view = await getClient(ctx(coordinator), id);
		expect(view).toMatchObject({
			personal: true,
			isikukood: code,
			dateOfBirth: '1941-03-07',
			ageGroup: '85_plus',
			consent: { missing: true, givenOn: null, hasDocument: false }
		});
	});

	it('names a language typed under "other" as "other", and clears a ticked group', async () => {
		const id = await createClient(ctx(coordinator), {
			countyId: harju.id,
			languages: 'ru',
			languageOther: 'ukraina',
			helpProfilesWanted: 'P2'
		});
		expect(await row(id)).toMatchObject({ languages: ['ru', 'other'], helpProfilesWanted: ['P2'] });
		await updateClient(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'client', id),
			helpProfilesWanted: ''
		});
		expect((await row(id)).helpProfilesWanted).toEqual([]);
		expect((await lastEvent('client.update'))!.details).toEqual({
			fields: ['helpProfilesWanted']
		});
	});

	it('checks the amount of help, its unit and period, and dates in the future', async () => {
		const e = await appError(
			createClient(ctx(coordinator), {
				countyId: harju.id,
				helpAmount: '3',
				referredOn: '2026-11-24',
				consentGivenOn: '2026-12-01'
			})
		);
		expect(e.fields).toEqual({
			helpUnit: 'mapping.help_unit_required',
			helpPeriod: 'mapping.help_period_required',
			referredOn: 'mapping.date_future',
			consentGivenOn: 'mapping.date_future'
		});
		const range = await appError(
			createClient(ctx(coordinator), { countyId: harju.id, helpAmount: '0' })
		);
		expect(range.fields).toEqual({ helpAmount: 'mapping.help_amount_range' });
		const choice = await appError(
			createClient(ctx(coordinator), {
				countyId: harju.id,
				helpProfilesWanted: ['P5'],
				livingSituation: 'castle'
			})
		);
		expect(choice.fields).toEqual({
			helpProfilesWanted: 'error.choice',
			livingSituation: 'error.choice'
		});
	});
});

describe('the isikukood on entry', () => {
	it('refuses a date of birth or sex that contradicts the code, and writes nothing', async () => {
		const [before] = await db().select({ n: count() }).from(clients);
		const code = newCode('1950-06-15', 'male');
		const e = await appError(
			createClient(ctx(coordinator), {
				countyId: harju.id,
				firstName: 'Vale',
				isikukood: code,
				dateOfBirth: '1950-06-16',
				gender: 'female'
			})
		);
		expect(e.code).toBe('invalid');
		expect(e.fields).toEqual({
			dateOfBirth: 'mapping.dob_mismatch',
			gender: 'mapping.gender_mismatch'
		});
		const [after] = await db().select({ n: count() }).from(clients);
		expect(after!.n).toBe(before!.n);
	});

	it('accepts a date of birth and sex that agree with the code', async () => {
		const code = newCode('1950-06-15', 'male');
		const id = await createClient(ctx(coordinator), {
			countyId: harju.id,
			isikukood: code,
			dateOfBirth: '1950-06-15',
			gender: 'male'
		});
		expect(await row(id)).toMatchObject({ isikukood: code, dateOfBirth: '1950-06-15' });
		expect((await lastEvent('client.create'))!.details).not.toHaveProperty('prefilled');
	});

	it.each([
		['3500615', 'isikukood.format'],
		['95006150001', 'isikukood.century'],
		['35002300001', 'isikukood.date']
	])('passes on the isikukood’s own message for %s', async (code, message) => {
		const e = await appError(
			createClient(ctx(coordinator), { countyId: harju.id, isikukood: code })
		);
		expect(e.fields).toEqual({ isikukood: message });
	});

	it('refuses a mistyped check digit', async () => {
		const code = newCode('1944-02-29', 'female');
		const wrong = code.slice(0, 10) + String((Number(code[10]) + 1) % 10);
		const e = await appError(
			createClient(ctx(coordinator), { countyId: harju.id, isikukood: wrong })
		);
		expect(e.fields).toEqual({ isikukood: 'isikukood.checksum' });
	});

	it('on a change, compares the new code with the stored date of birth', async () => {
		const id = await createClient(ctx(coordinator), {
			countyId: harju.id,
			dateOfBirth: '1939-09-01'
		});
		const other = newCode('1939-09-02', 'male');
		const e = await appError(
			updateClient(ctx(coordinator), id, {
				version: await versionOf(t.handle.db, 'client', id),
				isikukood: other
			})
		);
		expect(e.fields).toEqual({ dateOfBirth: 'mapping.dob_mismatch' });
		// Sending the corrected date with the code fixes it; the sex is filled in.
		await updateClient(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'client', id),
			isikukood: other,
			dateOfBirth: '1939-09-02'
		});
		expect(await row(id)).toMatchObject({ dateOfBirth: '1939-09-02', gender: 'male' });
	});

	it('reports the status and the identity errors of one change together', async () => {
		const id = await createClient(ctx(coordinator), { countyId: harju.id });
		const e = await appError(
			updateClient(ctx(coordinator), id, {
				version: await versionOf(t.handle.db, 'client', id),
				status: 'ended',
				isikukood: '123'
			})
		);
		expect(e.fields).toEqual({
			isikukood: 'isikukood.format',
			endedOn: 'client.end.date_required',
			endReason: 'client.end.reason_required'
		});
	});
});

describe('duplicates: warned, not blocked', () => {
	it('warns about the same isikukood in the county; nothing is saved until confirmed', async () => {
		const code = newCode('1936-12-24', 'female');
		const first = await createClient(ctx(coordinator), {
			countyId: harju.id,
			firstName: 'Hilda',
			lastName: 'Saar',
			isikukood: code
		});
		const [before] = await db().select({ n: count() }).from(clients);
		const e = await appError(
			createClient(ctx(coordinator), { countyId: harju.id, firstName: 'Hilda', isikukood: code })
		);
		expect(e).toBeInstanceOf(DuplicateClientError);
		expect(e).toMatchObject({ code: 'conflict', messageKey: 'mapping.duplicate.warning' });
		expect((e as DuplicateClientError).duplicates).toEqual([
			expect.objectContaining({
				id: first,
				firstName: 'Hilda',
				lastName: 'Saar',
				match: 'isikukood',
				countyName: 'Harju maakond'
			})
		]);
		const [after] = await db().select({ n: count() }).from(clients);
		expect(after!.n).toBe(before!.n);
		const warning = await lastEvent('client.duplicate_warning');
		expect(warning).toMatchObject({ countyId: harju.id, details: { duplicateIds: [first] } });
		expect(JSON.stringify(warning)).not.toMatch(new RegExp(`${code}|Hilda|Saar`));

		const id = await createClient(ctx(coordinator), {
			countyId: harju.id,
			firstName: 'Hilda',
			isikukood: code,
			duplicateConfirmed: 'true'
		});
		expect((await lastEvent('client.create'))!.details).toMatchObject({
			duplicateConfirmed: true,
			duplicateOf: [first]
		});
		// Later changes of other fields do not warn again.
		await updateClient(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'client', id),
			phone: '5550000'
		});
		expect((await row(id)).phone).toBe('5550000');
	});

	it('warns about the same name (any case) and date of birth', async () => {
		const first = await createClient(ctx(coordinator), {
			countyId: harju.id,
			firstName: 'Ants',
			lastName: 'Mets',
			dateOfBirth: '1933-01-05'
		});
		const result = await catchDuplicates(() =>
			createClient(ctx(coordinator), {
				countyId: harju.id,
				firstName: ' ants ',
				lastName: 'METS',
				dateOfBirth: '1933-01-05'
			})
		);
		expect(result).toEqual({
			ok: false,
			duplicates: [expect.objectContaining({ id: first, match: 'name_and_birth' })]
		});
		// A different date of birth is a different person.
		const other = await catchDuplicates(() =>
			createClient(ctx(coordinator), {
				countyId: harju.id,
				firstName: 'Ants',
				lastName: 'Mets',
				dateOfBirth: '1933-01-06'
			})
		);
		expect(other.ok).toBe(true);
	});

	it('warns when a change makes a record match another one', async () => {
		const code = newCode('1945-05-09', 'male');
		const first = await createClient(ctx(coordinator), { countyId: harju.id, isikukood: code });
		const second = await createClient(ctx(coordinator), { countyId: harju.id });
		const e = await appError(
			updateClient(ctx(coordinator), second, {
				version: await versionOf(t.handle.db, 'client', second),
				isikukood: code
			})
		);
		expect((e as DuplicateClientError).duplicates.map((d) => d.id)).toEqual([first]);
		expect(await lastEvent('client.duplicate_warning')).toMatchObject({ entityId: second });
		expect((await row(second)).isikukood).toBeNull();
	});

	it('tells a coordinator nothing about a match in another county', async () => {
		const code = newCode('1938-08-08', 'female');
		await createClient(ctx(coordinator), {
			countyId: harju.id,
			firstName: 'Salme',
			lastName: 'Harjust',
			isikukood: code
		});
		// The Tartu coordinator enters the same person: no warning, no hint.
		const result = await catchDuplicates(() =>
			createClient(ctx(tartuCoordinator), {
				countyId: tartu.id,
				firstName: 'Salme',
				isikukood: code
			})
		);
		expect(result.ok).toBe(true);
		// And the Harju coordinator entering a third one is warned only about their own county.
		const again = await catchDuplicates(() =>
			createClient(ctx(coordinator), { countyId: harju.id, isikukood: code })
		);
		expect(again.ok).toBe(false);
		if (!again.ok) {
			expect(again.duplicates.map((d) => d.countyName)).toEqual(['Harju maakond']);
			expect(JSON.stringify(again.duplicates)).not.toMatch(/Tartu/);
		}
	});

	it('warns the administrator about a match anywhere', async () => {
		const code = newCode('1940-10-10', 'male');
		const harjuId = await createClient(ctx(coordinator), { countyId: harju.id, isikukood: code });
		const result = await catchDuplicates(() =>
			createClient(ctx(admin), { countyId: tartu.id, isikukood: code })
		);
		expect(result).toEqual({
			ok: false,
			duplicates: [expect.objectContaining({ id: harjuId, countyName: 'Harju maakond' })]
		});
	});

	it('does not compare with anonymised records', async () => {
		const code = newCode('1931-03-03', 'female');
		await seedClient(db(), { countyId: harju.id, status: 'anonymised', isikukood: code });
		const result = await catchDuplicates(() =>
			createClient(ctx(coordinator), { countyId: harju.id, isikukood: code })
		);
		expect(result.ok).toBe(true);
	});
});

describe('consent to data processing (R-MAP-2, R-PAIR-2)', () => {
	it('is missing until both the date and the signed document are there', async () => {
		const id = await createClient(ctx(coordinator), {
			countyId: harju.id,
			firstName: 'Olga',
			lastName: 'Nõusolekuta'
		});
		const missing = async () => (await getClient(ctx(coordinator), id)).consent!.missing;
		const listed = async () =>
			(await listClients(ctx(coordinator), { consent: 'missing', q: 'Nõusolekuta' })).rows.map(
				(r) => r.id
			);
		expect(await missing()).toBe(true);
		expect(await listed()).toEqual([id]);
		await updateClient(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'client', id),
			consentGivenOn: '2026-11-20'
		});
		expect(await missing()).toBe(true);
		expect(await listed()).toEqual([id]);
		await consentDocument(id, harju.id);
		expect(await missing()).toBe(false);
		expect(await listed()).toEqual([]);
		const view = await getClient(ctx(coordinator), id);
		expect(view.consent).toEqual({ givenOn: '2026-11-20', hasDocument: true, missing: false });
		const [r] = (await listClients(ctx(coordinator), { q: 'Nõusolekuta' })).rows;
		expect(r!.consentMissing).toBe(false);
	});

	it('is not asked of a general entry', async () => {
		const id = await createClient(ctx(coordinator), { countyId: harju.id, settlement: 'Üldküla' });
		const [r] = (await listClients(ctx(coordinator), { q: 'Üldküla' })).rows;
		expect(r).toMatchObject({ id, consentMissing: false });
		expect((await getClient(ctx(coordinator), id)).consent!.missing).toBe(false);
	});
});

describe('status: mapped → waiting → (paired) → ended', () => {
	it('waiting sets the waiting day; ending needs a date and a reason', async () => {
		const id = await createClient(ctx(coordinator), { countyId: harju.id, firstName: 'Kaie' });
		await updateClient(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'client', id),
			status: 'waiting'
		});
		expect(await row(id)).toMatchObject({ status: 'waiting', waitingSince: TODAY });
		expect((await lastEvent('client.update'))!.details).toEqual({ fields: ['status'] });

		const e = await appError(
			updateClient(ctx(coordinator), id, {
				version: await versionOf(t.handle.db, 'client', id),
				status: 'ended'
			})
		);
		expect(e.fields).toEqual({
			endedOn: 'client.end.date_required',
			endReason: 'client.end.reason_required'
		});
		const future = await appError(
			updateClient(ctx(coordinator), id, {
				version: await versionOf(t.handle.db, 'client', id),
				status: 'ended',
				endedOn: '2026-11-24',
				endReason: 'x'
			})
		);
		expect(future.fields).toEqual({ endedOn: 'client.end.date_future' });
		expect((await row(id)).status).toBe('waiting');

		await updateClient(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'client', id),
			status: 'ended',
			endedOn: '2026-11-22',
			endReason: 'Kolis hooldekodusse'
		});
		expect(await row(id)).toMatchObject({
			status: 'ended',
			endedOn: '2026-11-22',
			endReason: 'Kolis hooldekodusse'
		});
		const ended = await lastEvent('client.update');
		expect((ended!.details as { fields: string[] }).fields.sort()).toEqual([
			'endReason',
			'endedOn',
			'status'
		]);
		expect(JSON.stringify(ended)).not.toMatch(/hooldekodusse/);

		// The client comes back: the end is cleared, the waiting starts again.
		await updateClient(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'client', id),
			status: 'waiting'
		});
		expect(await row(id)).toMatchObject({
			status: 'waiting',
			endedOn: null,
			endReason: null,
			waitingSince: TODAY
		});
	});

	it('changes the status and the other fields in one save', async () => {
		const id = await createClient(ctx(coordinator), { countyId: harju.id, settlement: 'Rae' });
		await updateClient(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'client', id),
			firstName: 'Samaaegne',
			lastName: 'Muutus',
			settlement: 'Jüri',
			status: 'waiting',
			endedOn: '',
			endReason: ''
		});
		expect(await row(id)).toMatchObject({
			firstName: 'Samaaegne',
			lastName: 'Muutus',
			settlement: 'Jüri',
			status: 'waiting',
			waitingSince: TODAY
		});
		expect(
			((await lastEvent('client.update'))!.details as { fields: string[] }).fields.sort()
		).toEqual(['firstName', 'lastName', 'settlement', 'status']);
	});

	it('may start "waiting" straight away', async () => {
		const id = await createClient(ctx(coordinator), { countyId: harju.id, status: 'waiting' });
		expect(await row(id)).toMatchObject({ status: 'waiting', waitingSince: TODAY });
	});

	it('never sets "paired" or "anonymised" by hand, nor changes a paired client’s status', async () => {
		const id = await createClient(ctx(coordinator), { countyId: harju.id });
		for (const status of ['paired', 'anonymised']) {
			const e = await appError(
				updateClient(ctx(coordinator), id, {
					version: await versionOf(t.handle.db, 'client', id),
					status
				})
			);
			expect(e.fields).toEqual({ status: 'error.choice' });
		}
		const paired = await seedClient(db(), { countyId: harju.id, status: 'paired' });
		const e = await appError(
			updateClient(ctx(coordinator), paired.id, {
				version: await versionOf(t.handle.db, 'client', paired.id),
				status: 'mapped'
			})
		);
		expect(e.fields).toEqual({ status: 'client.status_paired_error' });
		const form = await clientEditForm(ctx(coordinator), paired.id);
		expect(form.statusChoices).toEqual([]);
		expect((await clientEditForm(ctx(coordinator), id)).statusChoices).toEqual([
			'mapped',
			'waiting',
			'ended'
		]);
	});

	it('refuses any change to an anonymised client', async () => {
		const gone = await seedClient(db(), { countyId: harju.id, status: 'anonymised' });
		const e = await appError(
			updateClient(ctx(coordinator), gone.id, {
				version: await versionOf(t.handle.db, 'client', gone.id),
				phone: '1'
			})
		);
		// Read-only for everyone (policy.ts, issue 17 item 8): the edit form is not even opened.
		expect(e).toMatchObject({ code: 'forbidden', messageKey: 'client.anonymised' });
		expect(await appError(clientEditForm(ctx(coordinator), gone.id))).toMatchObject({
			code: 'forbidden',
			messageKey: 'client.anonymised'
		});
	});
});

describe('the client list: search, filters, sort and paging', () => {
	let hiiu: { id: string };
	let hiiuCoordinator: Actor;
	let kardla: string;
	let other: string;
	const ids: Record<string, string> = {};
	const code = buildIsikukood('1937-07-07', 'male', 777);

	beforeAll(async () => {
		hiiu = await countyByName(db(), 'Hiiu maakond');
		hiiuCoordinator = (
			await seedUser(db(), { grants: [{ role: 'coordinator', countyId: hiiu.id }] })
		).actor;
		const options = await clientListOptions(ctx(hiiuCoordinator));
		[kardla, other] = options.counties[0]!.municipalities.map((m) => m.id) as [string, string];
		const seed = (name: string, values: Partial<typeof clients.$inferInsert>) =>
			seedClient(db(), {
				countyId: hiiu.id,
				firstName: name,
				lastName: 'Saarlane',
				status: 'mapped',
				...values
			}).then((c) => (ids[name] = c.id));
		await seed('Aino', {
			municipalityId: kardla,
			settlement: 'Kärdla',
			status: 'waiting',
			waitingSince: '2026-11-13',
			helpProfilesWanted: ['P1']
		});
		await seed('Bruno', {
			municipalityId: kardla,
			settlement: 'Kõpu',
			status: 'waiting',
			waitingSince: '2026-07-01',
			helpProfilesWanted: ['P3', 'P1'],
			isikukood: code
		});
		await seed('Cärol', {
			municipalityId: other,
			settlement: 'Emmaste',
			status: 'waiting',
			waitingSince: '2026-09-15',
			helpProfilesWanted: ['P2'],
			consentGivenOn: '2026-09-01'
		});
		await seed('Dagmar', {
			municipalityId: other,
			settlement: 'Käina',
			status: 'ended',
			endedOn: '2026-10-01',
			waitingSince: '2025-01-01'
		});
		await consentDocument(ids.Cärol!, hiiu.id);
	});

	const names = (rows: { firstName: string | null }[]) => rows.map((r) => r.firstName);

	it('searches by name and by settlement', async () => {
		const c = ctx(hiiuCoordinator);
		expect(names((await listClients(c, { q: 'brun' })).rows)).toEqual(['Bruno']);
		expect(names((await listClients(c, { q: 'Bruno Saarlane' })).rows)).toEqual(['Bruno']);
		expect(names((await listClients(c, { q: 'kärdla' })).rows)).toEqual(['Aino']);
		expect(names((await listClients(c, { q: '%' })).rows)).toEqual([]);
	});

	it('finds by isikukood only where the identifiers may be read', async () => {
		expect(names((await listClients(ctx(hiiuCoordinator), { q: code })).rows)).toEqual(['Bruno']);
		expect(names((await listClients(ctx(expert), { q: code })).rows)).toEqual([]);
		const volunteer = await pairedVolunteer(ids.Bruno!, hiiu.id);
		expect(names((await listClients(ctx(volunteer), { q: code })).rows)).toEqual([]);
		expect(names((await listClients(ctx(volunteer), { q: 'Bruno' })).rows)).toEqual(['Bruno']);
	});

	it('filters by municipality, status, help profile, waiting time and consent', async () => {
		const c = ctx(hiiuCoordinator);
		const list = async (f: Parameters<typeof listClients>[1]) =>
			names((await listClients(c, { countyId: hiiu.id, ...f })).rows);
		expect(await list({ municipalityId: kardla })).toEqual(['Aino', 'Bruno']);
		expect(await list({ status: 'ended' })).toEqual(['Dagmar']);
		expect(await list({ profile: 'P1' })).toEqual(['Aino', 'Bruno']);
		expect(await list({ profile: 'P9' })).toHaveLength(4);
		expect(await list({ waitingDays: 30 })).toEqual(['Bruno', 'Cärol']);
		expect(await list({ waitingDays: '90' })).toEqual(['Bruno']);
		expect(await list({ waitingDays: 'x' })).toHaveLength(4);
		expect(await list({ consent: 'missing' })).toEqual(['Aino', 'Bruno', 'Dagmar']);
		const event = await lastEvent('client.list');
		expect(event!.details).toMatchObject({ filters: ['county', 'consent'] });
	});

	it('sorts the longest waiting first, and pages', async () => {
		const c = ctx(hiiuCoordinator);
		const sorted = await listClients(c, { sort: 'waiting', pageSize: 2 });
		expect(names(sorted.rows)).toEqual(['Bruno', 'Cärol']);
		expect(sorted.hasMore).toBe(true);
		expect(sorted.rows[0]).toMatchObject({ waitingSince: '2026-07-01', waitingDays: 145 });
		const second = await listClients(c, { sort: 'waiting', pageSize: 2, page: 2 });
		expect(names(second.rows)).toEqual(['Aino', 'Dagmar']);
		expect(second.hasMore).toBe(false);
		// An ended client has no waiting time, whatever was stored.
		expect(second.rows[1]).toMatchObject({ waitingSince: null, waitingDays: null });
		expect(names((await listClients(c, {})).rows)).toEqual(['Aino', 'Bruno', 'Cärol', 'Dagmar']);
	});

	it('shows the consent flag to the county’s staff, never to a volunteer', async () => {
		const [row] = (await listClients(ctx(expert), { q: 'Aino' })).rows;
		expect(row!.consentMissing).toBe(true);
		const volunteer = await pairedVolunteer(ids.Aino!, hiiu.id);
		const [mine] = (await listClients(ctx(volunteer), {})).rows;
		expect(mine).toMatchObject({ firstName: 'Aino', consentMissing: null });
		const missing = await listClients(ctx(volunteer), { consent: 'missing' });
		expect(missing.rows).toEqual([]);
		expect((await clientListOptions(ctx(volunteer))).showConsent).toBe(false);
		expect((await clientListOptions(ctx(hiiuCoordinator))).showConsent).toBe(true);
	});

	it('keeps other counties out, whatever the filters say', async () => {
		expect((await listClients(ctx(coordinator), { countyId: hiiu.id })).rows).toEqual([]);
		expect((await listClients(ctx(coordinator), { q: 'Saarlane' })).rows).toEqual([]);
		expect(
			(await listClients(ctx(coordinator), { municipalityId: kardla, status: 'waiting' })).rows
		).toEqual([]);
	});
});

describe('what each role sees of a client', () => {
	let id: string;
	const code = buildIsikukood('1950-02-02', 'female', 901);

	beforeAll(async () => {
		const partner = await createPartner(ctx(coordinator), {
			countyId: harju.id,
			name: 'Perearst Kuusk',
			kind: 'family_doctor'
		});
		id = await createClient(ctx(coordinator), {
			countyId: harju.id,
			firstName: 'Vaike',
			lastName: 'Vaatlus',
			isikukood: code,
			tasks: 'Koos lugemine',
			notes: 'Ainult koordinaatorile',
			referralPartnerId: partner,
			referralPerson: 'Dr Kuusk',
			consentGivenOn: '2026-11-01',
			status: 'waiting'
		});
	});

	it('a volunteer: what helps them help — no isikukood, birth date, notes, referral or consent', async () => {
		const volunteer = await pairedVolunteer(id, harju.id);
		const view = await getClient(ctx(volunteer), id);
		expect(view).toMatchObject({
			firstName: 'Vaike',
			tasks: 'Koos lugemine',
			ageGroup: '75_84',
			isikukood: null,
			dateOfBirth: null,
			notes: null,
			endReason: null,
			referral: null,
			consent: null
		});
		expect(JSON.stringify(view)).not.toMatch(new RegExp(`${code}|1950-02-02|Ainult|Kuusk`));
		expect((await appError(clientEditForm(ctx(volunteer), id))).code).toBe('forbidden');
	});

	it('an expert: the record and the referral, not the identifiers, and no edit form', async () => {
		const view = await getClient(ctx(expert), id);
		expect(view).toMatchObject({ isikukood: null, dateOfBirth: null, notes: null });
		expect(view.referral?.partner?.name).toBe('Perearst Kuusk');
		expect(view.consent?.missing).toBe(true);
		const e = await appError(clientEditForm(ctx(expert), id));
		expect(e.code).toBe('forbidden');
		expect(await lastEvent('client.update')).toMatchObject({
			outcome: 'denied',
			actorUserId: expert.userId,
			entityId: id
		});
		expect(
			(
				await appError(
					updateClient(ctx(expert), id, {
						version: await versionOf(t.handle.db, 'client', id),
						phone: '1'
					})
				)
			).code
		).toBe('forbidden');
	});

	it('the coordinator of the county: everything, and the edit form with its choices', async () => {
		const form = await clientEditForm(ctx(coordinator), id);
		expect(form.values).toMatchObject({
			isikukood: code,
			dateOfBirth: '1950-02-02',
			gender: 'female'
		});
		expect(form.counties[0]!.partners.map((p) => p.name)).toContain('Perearst Kuusk');
		expect(await lastEvent('client.view')).toMatchObject({
			entityId: id,
			details: { form: 'edit' }
		});
	});

	it('a coordinator of another county: "not found", and the attempt audited', async () => {
		for (const [call, action] of [
			[() => getClient(ctx(tartuCoordinator), id), 'client.view'],
			[() => clientEditForm(ctx(tartuCoordinator), id), 'client.update'],
			[
				async () =>
					updateClient(ctx(tartuCoordinator), id, {
						version: await versionOf(t.handle.db, 'client', id),
						firstName: 'X'
					}),
				'client.update'
			]
		] as const) {
			expect((await appError(call())).code).toBe('not_found');
			expect(await lastEvent(action)).toMatchObject({
				outcome: 'denied',
				actorUserId: tartuCoordinator.userId,
				entityId: id,
				countyId: harju.id
			});
		}
		expect((await row(id)).firstName).toBe('Vaike');
		expect((await appError(clientEditForm(ctx(tartuCoordinator), 'nonsense'))).code).toBe(
			'not_found'
		);
	});
});

describe('social partners of a county (R-MAP-1, R-PART-2)', () => {
	it('a coordinator adds, changes, archives and restores a partner of their county', async () => {
		const id = await createPartner(ctx(coordinator), {
			countyId: harju.id,
			municipalityId: harjuMunicipality.id,
			name: 'Keila Raamatukogu',
			kind: 'library',
			notes: 'Raamatukoguhoidja teab eakaid lugejaid'
		});
		expect(await lastEvent('partner.create')).toMatchObject({
			entityType: 'partner',
			entityId: id,
			countyId: harju.id,
			outcome: 'success'
		});
		await updatePartner(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'partner', id),
			name: 'Keila Linnaraamatukogu',
			kind: 'library',
			municipalityId: harjuMunicipality.id,
			notes: ''
		});
		const updated = await lastEvent('partner.update');
		expect((updated!.details as { fields: string[] }).fields.sort()).toEqual(['name', 'notes']);
		expect(JSON.stringify(updated)).not.toMatch(/Keila|Raamatukoguhoidja/);

		await setPartnerArchived(ctx(coordinator), id, true);
		let view = await getPartner(ctx(coordinator), id);
		expect(view.partner).toMatchObject({ name: 'Keila Linnaraamatukogu', notes: null });
		expect(view.partner.archivedAt).not.toBeNull();
		expect(view.canManage).toBe(true);
		expect((await listPartners(ctx(coordinator), { q: 'Keila' })).rows).toEqual([]);
		expect(
			(await listPartners(ctx(coordinator), { q: 'Keila', archived: 'archived' })).rows.map(
				(r) => r.id
			)
		).toEqual([id]);
		await setPartnerArchived(ctx(coordinator), id, false);
		view = await getPartner(ctx(coordinator), id);
		expect(view.partner.archivedAt).toBeNull();
		expect(await lastEvent('partner.restore')).toMatchObject({ entityId: id });
	});

	it('keeps contact persons, audited by id only', async () => {
		const id = await createPartner(ctx(coordinator), {
			countyId: harju.id,
			name: 'Padise Pood',
			kind: 'shop'
		});
		const contact = await addPartnerContact(ctx(coordinator), id, {
			name: 'Poepidaja Piret',
			role: 'omanik',
			phone: '5553333',
			email: 'piret@example.ee'
		});
		const added = await lastEvent('partner.contact_add');
		expect(added).toMatchObject({ entityId: id, details: { contactId: contact } });
		expect(JSON.stringify(added)).not.toMatch(/Piret|5553333/);
		expect((await getPartner(ctx(coordinator), id)).contacts).toEqual([
			expect.objectContaining({ id: contact, name: 'Poepidaja Piret', email: 'piret@example.ee' })
		]);
		const bad = await appError(
			addPartnerContact(ctx(coordinator), id, { name: ' ', email: 'not-an-address' })
		);
		expect(bad.fields).toEqual({ name: 'error.required', email: 'error.email' });
		// A contact of another partner cannot be removed through this one.
		const other = await createPartner(ctx(coordinator), {
			countyId: harju.id,
			name: 'Muu',
			kind: 'other'
		});
		const wrong = await appError(removePartnerContact(ctx(coordinator), other, contact));
		expect(wrong.fields).toEqual({ contactId: 'error.choice' });
		await removePartnerContact(ctx(coordinator), id, contact);
		expect(
			await db().select().from(socialPartnerContacts).where(eq(socialPartnerContacts.id, contact))
		).toEqual([]);
	});

	it('validates the name, kind and municipality', async () => {
		const e = await appError(
			createPartner(ctx(coordinator), {
				countyId: harju.id,
				name: '',
				kind: 'pub',
				municipalityId: tartuMunicipality.id
			})
		);
		expect(e.fields).toEqual({ name: 'error.required', kind: 'error.choice' });
		const m = await appError(
			createPartner(ctx(coordinator), {
				countyId: harju.id,
				name: 'Vale vald',
				kind: 'other',
				municipalityId: tartuMunicipality.id
			})
		);
		expect(m.fields).toEqual({ municipalityId: 'error.choice' });
	});

	it('another county’s coordinator: "not found" for every action, audited', async () => {
		const id = await createPartner(ctx(coordinator), {
			countyId: harju.id,
			name: 'Harju Hooldekodu',
			kind: 'care_home'
		});
		const c = ctx(tartuCoordinator);
		for (const [call, action] of [
			[() => getPartner(c, id), 'partner.view'],
			[
				async () =>
					updatePartner(c, id, {
						version: await versionOf(t.handle.db, 'partner', id),
						name: 'X',
						kind: 'other'
					}),
				'partner.update'
			],
			[() => setPartnerArchived(c, id, true), 'partner.archive'],
			[() => addPartnerContact(c, id, { name: 'X' }), 'partner.contact_add']
		] as const) {
			expect((await appError(call())).code).toBe('not_found');
			expect(await lastEvent(action)).toMatchObject({
				outcome: 'denied',
				actorUserId: tartuCoordinator.userId,
				entityId: id
			});
		}
		expect(
			(await appError(createPartner(c, { countyId: harju.id, name: 'X', kind: 'other' }))).code
		).toBe('not_found');
		expect((await listPartners(c, { countyId: harju.id })).rows).toEqual([]);
		expect((await listPartners(c, { q: 'Harju Hooldekodu' })).rows).toEqual([]);
		const [p] = await db().select().from(socialPartners).where(eq(socialPartners.id, id));
		expect(p).toMatchObject({ name: 'Harju Hooldekodu', archivedAt: null });
	});

	it('an expert reads every county’s partners but changes nothing (403, audited)', async () => {
		const id = await createPartner(ctx(coordinator), {
			countyId: harju.id,
			name: 'Ekspertide Kogudus',
			kind: 'church'
		});
		expect((await getPartner(ctx(expert), id)).canManage).toBe(false);
		expect((await listPartners(ctx(expert), { q: 'Ekspertide' })).rows.map((r) => r.id)).toEqual([
			id
		]);
		const e = await appError(
			updatePartner(ctx(expert), id, {
				version: await versionOf(t.handle.db, 'partner', id),
				name: 'X',
				kind: 'other'
			})
		);
		expect(e.code).toBe('forbidden');
		expect(await lastEvent('partner.update')).toMatchObject({
			outcome: 'denied',
			actorUserId: expert.userId,
			details: { permission: 'partner:manage' }
		});
		expect((await appError(addPartnerContact(ctx(expert), id, { name: 'X' }))).code).toBe(
			'forbidden'
		);
		expect(
			(await appError(createPartner(ctx(expert), { countyId: harju.id, name: 'X', kind: 'other' })))
				.code
		).toBe('not_found');
		expect((await partnerListOptions(ctx(expert))).canCreate).toBe(false);
		expect((await appError(partnerFormOptions(ctx(expert)))).code).toBe('not_found');
	});

	it('a volunteer and a user without roles cannot list or open partners', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		const volunteer = await pairedVolunteer(client.id, harju.id);
		const id = await createPartner(ctx(coordinator), {
			countyId: harju.id,
			name: 'Vabatahtlikule nähtamatu',
			kind: 'post'
		});
		for (const actor of [volunteer, nobody]) {
			expect((await appError(listPartners(ctx(actor)))).code).toBe('not_found');
			expect((await appError(partnerListOptions(ctx(actor)))).code).toBe('not_found');
			expect((await appError(getPartner(ctx(actor), id))).code).toBe('not_found');
		}
		expect(
			await db()
				.select()
				.from(auditEvents)
				.where(
					and(
						eq(auditEvents.action, 'partner.list'),
						eq(auditEvents.actorUserId, volunteer.userId),
						eq(auditEvents.outcome, 'denied')
					)
				)
		).toHaveLength(2);
	});

	it('the client form offers only the county’s partners that are not archived', async () => {
		const own = await createPartner(ctx(coordinator), {
			countyId: harju.id,
			name: 'Valikus olev partner',
			kind: 'other'
		});
		const archived = await createPartner(ctx(coordinator), {
			countyId: harju.id,
			name: 'Arhiivis partner',
			kind: 'other'
		});
		await setPartnerArchived(ctx(coordinator), archived, true);
		const foreign = await createPartner(ctx(tartuCoordinator), {
			countyId: tartu.id,
			name: 'Tartu partner',
			kind: 'other'
		});
		const options = await clientFormOptions(ctx(coordinator));
		const offered = options.counties[0]!.partners.map((p) => p.id);
		expect(offered).toContain(own);
		expect(offered).not.toContain(archived);
		expect(offered).not.toContain(foreign);
		for (const partner of [archived, foreign]) {
			const e = await appError(
				createClient(ctx(coordinator), { countyId: harju.id, referralPartnerId: partner })
			);
			expect(e.fields).toEqual({ referralPartnerId: 'error.choice' });
		}
		// A client referred before the partner was archived keeps it through later edits.
		const kept = await createPartner(ctx(coordinator), {
			countyId: harju.id,
			name: 'Hiljem arhiveeritud',
			kind: 'other'
		});
		const id = await createClient(ctx(coordinator), {
			countyId: harju.id,
			referralPartnerId: kept
		});
		await setPartnerArchived(ctx(coordinator), kept, true);
		await updateClient(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'client', id),
			referralPartnerId: kept,
			settlement: 'Vasalemma'
		});
		expect(await row(id)).toMatchObject({ referralPartnerId: kept, settlement: 'Vasalemma' });
		expect(
			(await clientEditForm(ctx(coordinator), id)).counties[0]!.partners.map((p) => p.id)
		).toContain(kept);
		expect((await getPartner(ctx(coordinator), kept)).referredClients).toBe(1);
	});
});
