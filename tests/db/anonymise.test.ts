import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	clientExclusions,
	clients,
	diaryDrafts,
	diaryEntries,
	diaryEntryVersions,
	documents,
	pairings,
	surveyQuestionSets,
	surveyResponses,
	trips
} from '$lib/server/db/schema';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedDiaryEntry,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { buildIsikukood } from '$lib/server/domain/isikukood';
import { ERASED_TEXT } from '$lib/server/domain/client-rights';
import { clientAccessLog } from '$lib/server/services/admin/audit-log';
import { getClient } from '$lib/server/services/clients/clients';
import { uploadDocument } from '$lib/server/services/documents/documents';
import { enterSurvey } from '$lib/server/services/pairings/surveys';
import { clientExtract } from '$lib/server/services/clients/extract';
import { attentionList } from '$lib/server/services/pairings/attention';
import {
	anonymiseClient,
	anonymisePage,
	anonymiseStepOne,
	anonymisationCode
} from '$lib/server/services/clients/anonymise';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { listFiles, scanDatabase, scanFiles, textColumns } from '../helpers/scan';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * Anonymisation on the client's request (R-PAIR-5): confirmed twice, one transaction; names,
 * isikukood, contacts, the address below the municipality, free text, diary descriptions,
 * survey free text, trip places and documents (rows and files) go; dates, durations, counts,
 * municipality, age group, gender and help profiles stay. Afterwards a scan of every text-like
 * column of the whole database and of every file in the file store finds nothing of the client.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';
const ISIKUKOOD = buildIsikukood('1950-05-05', 'female', 412);
const FIRST = 'Õnnela';
const LAST = 'Šaškova-Žukovskaja';

/** Everything that identifies or describes the client; none may survive anywhere. */
const TERMS = [
	FIRST,
	LAST,
	'Šaškov',
	ISIKUKOOD,
	'1950-05-05',
	'5559 8765',
	'Kaasiku tee 12',
	'Kõrvemaa',
	'Ülo Šaškov',
	'5221 3344',
	'diabeet',
	'üksildane pensionär',
	'raamatukogu',
	'sotsiaaltöötaja Mari',
	'Tallinnasse',
	'lõpuvestlusel',
	'eelistab naist',
	'haiglas ravil',
	'Lõunasöögi',
	'kukkus vannitoas',
	'lapselapsed',
	'Kaasiku bussipeatus',
	'naabrimees',
	'mustandi tekst',
	'Võru 12',
	'59.1234'
];

let t: TestDatabase;
let harju: { id: string };
let tartu: { id: string };
let municipalityId: string;
let coordinator: Actor;
let tartuCoordinator: Actor;
let expert: Actor;
let volunteerActor: Actor;
let clientId: string;
let openPairingId: string;
let endedPairingId: string;
let paperResponseId: string;
let entryIds: string[] = [];

const ctx = (actor: Actor | null) => t.ctx(actor, { now: NOW });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);

/** A small PDF whose bytes hold `text` uncompressed, so a byte scan of the store can find it. */
function plainPdf(text: string): Uint8Array {
	const content = `BT /F1 12 Tf 20 100 Td (${text}) Tj ET`;
	const body = [
		'%PDF-1.4',
		'1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj',
		'2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj',
		'3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R>> endobj',
		`4 0 obj <</Length ${Buffer.byteLength(content)}>> stream`,
		content,
		'endstream endobj',
		'trailer <</Root 1 0 R>>',
		'%%EOF',
		''
	].join('\n');
	return new TextEncoder().encode(body);
}

beforeAll(async () => {
	t = await createTestDatabase();
	harju = await countyByName(db(), 'Harju maakond');
	tartu = await countyByName(db(), 'Tartu maakond');
	municipalityId = (await firstMunicipality(db(), harju.id)).id;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju.id }] }))
		.actor;
	tartuCoordinator = (
		await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu.id }] })
	).actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;

	const client = await seedClient(db(), {
		countyId: harju.id,
		municipalityId,
		status: 'paired',
		firstName: FIRST,
		lastName: LAST,
		isikukood: ISIKUKOOD,
		dateOfBirth: '1950-05-05',
		gender: 'female',
		languages: ['et'],
		languageOther: 'Võru 12 murre',
		phone: '+372 5559 8765',
		settlement: 'Kõrvemaa küla',
		street: 'Kaasiku tee 12',
		latitude: 59.1234,
		longitude: 25.5678,
		livingSituation: 'alone',
		contactPersonName: 'Ülo Šaškov',
		contactPersonPhone: '+372 5221 3344',
		contactPersonRelation: 'poeg',
		situation: 'Üksildane pensionär, kellel on diabeet.',
		helpProfilesWanted: ['P1', 'P2'],
		tasks: 'Käia koos raamatukogus ja poes.',
		helpAmount: 2,
		helpUnit: 'visits',
		helpPeriod: 'week',
		preferredVolunteerGender: 'female',
		notes: 'Diabeet; eelistab naist vabatahtlikuna.',
		referralPerson: 'sotsiaaltöötaja Mari Maasikas',
		waitingSince: '2026-01-10',
		consentGivenOn: '2026-02-01'
	});
	clientId = client.id;

	const first = await seedVolunteer(db(), {
		countyId: harju.id,
		firstName: 'Ants',
		lastName: 'Esimene'
	});
	const second = await seedVolunteer(db(), {
		countyId: harju.id,
		firstName: 'Berit',
		lastName: 'Teine'
	});
	volunteerActor = (
		await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: second.id }] })
	).actor;
	const ended = await seedPairing(db(), {
		clientId,
		volunteerId: first.id,
		startsOn: '2026-02-01',
		endsOn: '2026-06-01'
	});
	endedPairingId = ended.id;
	await db()
		.update(pairings)
		.set({
			endReason: 'Vabatahtlik kolis Tallinnasse.',
			closingInterview: 'Kokkulepe lõpuvestlusel: klient soovib uut vabatahtlikku.',
			matchNote: 'Klient eelistab naist.',
			introducedOn: '2026-02-01'
		})
		.where(eq(pairings.id, ended.id));
	const open = await seedPairing(db(), {
		clientId,
		volunteerId: second.id,
		startsOn: '2026-06-05',
		status: 'paused'
	});
	openPairingId = open.id;
	await db()
		.update(pairings)
		.set({ pausedReason: 'Klient on haiglas ravil.', pausedUntil: '2026-12-01' })
		.where(eq(pairings.id, open.id));

	const e1 = await seedDiaryEntry(db(), {
		clientId,
		pairingId: ended.id,
		volunteerId: first.id,
		contactDate: '2026-03-03',
		durationMinutes: 120,
		helpProfiles: ['P1'],
		description: 'Lõunasöögi järel rääkisime lapselapsed ja käisime Kaasiku bussipeatuses.',
		version: 2
	});
	const e2 = await seedDiaryEntry(db(), {
		clientId,
		pairingId: open.id,
		volunteerId: second.id,
		contactDate: '2026-11-01',
		durationMinutes: 45,
		helpProfiles: ['P2'],
		contactKind: 'call',
		description: `Helistasin, ${FIRST} rääkis, et kukkus vannitoas.`,
		flagged: true,
		flagNote: `${FIRST} kukkus vannitoas, vajab arsti.`
	});
	entryIds = [e1.id, e2.id];
	await db()
		.insert(diaryEntryVersions)
		.values({
			entryId: e1.id,
			version: 1,
			contactDate: '2026-03-03',
			contactKind: 'home_visit',
			helpProfiles: ['P1'],
			durationMinutes: 100,
			description: 'Lõunasöögi järel jutt.',
			flagged: true,
			flagNote: `${LAST} on kurb.`,
			writtenAt: new Date('2026-03-03T15:00:00Z')
		});
	const { user: draftAuthor } = await seedUser(db(), {});
	await db()
		.insert(diaryDrafts)
		.values({
			userId: draftAuthor.id,
			clientId,
			fields: { description: 'Pooleli mustandi tekst: naabrimees tõi kartuleid.' }
		});

	const [set] = await db().select().from(surveyQuestionSets);
	paperResponseId = await enterSurvey(ctx(coordinator), clientId, {
		questionSetId: set!.id,
		conductedOn: '2026-11-20',
		onPaper: 'on',
		a_satisfaction: '5',
		a_change: '1',
		a_change_text: `Nüüd käivad lapselapsed tihemini, ütleb ${FIRST}.`,
		a_ucla_companionship: '2',
		a_ucla_left_out: '2',
		a_ucla_isolated: '1'
	});

	await db()
		.insert(trips)
		.values({
			volunteerId: second.id,
			clientId,
			pairingId: open.id,
			municipalityId,
			tripDate: '2026-11-01',
			fromPlace: 'Võru 12, Tallinn',
			toPlace: 'Kaasiku tee 12, Kõrvemaa',
			purpose: `Viisin ${FIRST} raamatukogu`,
			kilometres: '31.40'
		});
	await db().insert(clientExclusions).values({
		clientId,
		volunteerId: first.id,
		reason: 'Endine naabrimees, ei soovi teda.'
	});

	// Documents: a consent with the name in its file name and bytes, and a survey scan.
	await uploadDocument(
		ctx(coordinator),
		{ kind: 'client', clientId },
		{
			kind: 'consent',
			file: { name: `${LAST}_nõusolek.pdf`, bytes: plainPdf(`${FIRST} ${LAST} ${ISIKUKOOD}`) }
		}
	);
	await uploadDocument(
		ctx(coordinator),
		{ kind: 'client', clientId, pairingId: open.id },
		{ kind: 'goodwill_agreement', file: { name: 'kokkulepe.pdf', bytes: plainPdf(LAST) } }
	);
	await uploadDocument(
		ctx(coordinator),
		{ kind: 'ref', ownerRef: `survey_response:${paperResponseId}`, countyId: harju.id },
		{ kind: 'survey_scan', file: { name: 'kusitlus.pdf', bytes: plainPdf(ISIKUKOOD) } }
	);

	// Reads and an extract before the request: the log has events about the client.
	await getClient(ctx(coordinator), clientId);
	await clientAccessLog(ctx(coordinator), clientId);
	await clientExtract(ctx(coordinator), clientId, { format: 'pdf' });
});

afterAll(async () => {
	await t?.close();
});

describe('before: the scans do find the client', () => {
	it('finds the name and isikukood in the database and in the file store', async () => {
		const columns = await textColumns(db());
		expect(columns.length).toBeGreaterThan(50);
		expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(
			expect.arrayContaining([
				'client.first_name',
				'survey_response.answers',
				'audit_event.details'
			])
		);
		const hits = await scanDatabase(db(), TERMS);
		for (const place of [
			'public.client.first_name',
			'public.client.last_name',
			'public.client.isikukood',
			'public.diary_entry.description',
			'public.diary_entry.flag_note',
			'public.diary_entry_version.description',
			'public.diary_draft.fields',
			'public.survey_response.answers',
			'public.trip.from_place',
			'public.client_exclusion.reason',
			'public.pairing.end_reason',
			'public.pairing.closing_interview',
			'public.pairing.paused_reason',
			'public.pairing.match_note',
			'public.document.file_name'
		]) {
			expect(hits, place).toHaveProperty([place]);
		}
		expect(scanFiles(t.config.DATA_DIR, [FIRST, LAST, ISIKUKOOD])).toHaveLength(3);
	});
});

describe('the two confirmations', () => {
	it('step one needs the client’s request; nothing changes', async () => {
		const e = await appError(anonymiseStepOne(ctx(coordinator), clientId, {}));
		expect(e.fields).toEqual({ requested: 'anonymise.confirm_requested' });
		expect(await anonymiseStepOne(ctx(coordinator), clientId, { requested: 'on' })).toEqual({
			code: anonymisationCode(clientId)
		});
	});

	it('step two refuses a missing tick or a wrong code, and changes nothing', async () => {
		const code = anonymisationCode(clientId);
		const noTick = await appError(
			anonymiseClient(ctx(coordinator), clientId, { requested: 'on', code })
		);
		expect(noTick.fields).toEqual({ irreversible: 'anonymise.confirm_irreversible' });
		const noRequest = await appError(
			anonymiseClient(ctx(coordinator), clientId, { irreversible: 'on', code })
		);
		expect(noRequest.fields).toEqual({ requested: 'anonymise.confirm_requested' });
		const wrongCode = await appError(
			anonymiseClient(ctx(coordinator), clientId, {
				requested: 'on',
				irreversible: 'on',
				code: 'ABC123'
			})
		);
		expect(wrongCode.fields).toEqual({ code: 'anonymise.code_mismatch' });
		const [row] = await db().select().from(clients).where(eq(clients.id, clientId));
		expect(row).toMatchObject({ firstName: FIRST, status: 'paired' });
	});

	it("another county's coordinator: not found; the volunteer and the expert: refused; all audited", async () => {
		const input = { requested: 'on', irreversible: 'on', code: anonymisationCode(clientId) };
		expect((await appError(anonymiseClient(ctx(tartuCoordinator), clientId, input))).code).toBe(
			'not_found'
		);
		expect(await lastEvent('client.anonymise')).toMatchObject({
			outcome: 'denied',
			actorUserId: tartuCoordinator.userId,
			entityId: clientId,
			countyId: harju.id
		});
		expect((await appError(anonymisePage(ctx(tartuCoordinator), clientId))).code).toBe('not_found');
		for (const actor of [volunteerActor, expert]) {
			expect((await appError(anonymiseClient(ctx(actor), clientId, input))).code).toBe('forbidden');
			expect(await lastEvent('client.anonymise')).toMatchObject({
				outcome: 'denied',
				actorUserId: actor.userId
			});
		}
		const [row] = await db().select().from(clients).where(eq(clients.id, clientId));
		expect(row!.status).toBe('paired');
	});
});

describe('anonymising', () => {
	it('shows the coordinator what will go before confirming', async () => {
		const page = await anonymisePage(ctx(coordinator), clientId);
		expect(page.code).toBe(anonymisationCode(clientId));
		expect(page.counts).toEqual({ diary: 2, documents: 2, openPairings: 1 });
	});

	it('erases the client in one go and deletes their documents and files', async () => {
		const result = await anonymiseClient(ctx(coordinator), clientId, {
			requested: 'on',
			irreversible: 'on',
			code: anonymisationCode(clientId).toLowerCase()
		});
		expect(result).toEqual({
			pairingsEnded: 1,
			diaryEntries: 2,
			surveys: 1,
			trips: 1,
			documents: 3
		});
		const event = await lastEvent('client.anonymise');
		expect(event).toMatchObject({
			outcome: 'success',
			actorUserId: coordinator.userId,
			entityId: clientId,
			details: result
		});
	});

	it('leaves nothing of the client anywhere in the database or the file store', async () => {
		expect(await scanDatabase(db(), TERMS)).toEqual({});
		expect(scanFiles(t.config.DATA_DIR, [FIRST, LAST, 'Šaškov', ISIKUKOOD])).toEqual([]);
		expect(listFiles(t.config.DATA_DIR)).toEqual([]);
		expect(await t.files.list()).toEqual([]);
	});

	it('keeps dates, durations, counts, municipality, age group, gender and help profiles', async () => {
		const [row] = await db().select().from(clients).where(eq(clients.id, clientId));
		expect(row).toMatchObject({
			status: 'anonymised',
			anonymisedAt: NOW,
			countyId: harju.id,
			municipalityId,
			ageGroup: '75-84',
			gender: 'female',
			languages: ['et'],
			livingSituation: 'alone',
			helpProfilesWanted: ['P1', 'P2'],
			helpAmount: 2,
			waitingSince: '2026-01-10',
			consentGivenOn: '2026-02-01',
			endedOn: TODAY,
			firstName: null,
			lastName: null,
			isikukood: null,
			dateOfBirth: null,
			phone: null,
			settlement: null,
			street: null,
			latitude: null,
			longitude: null,
			contactPersonName: null,
			contactPersonPhone: null,
			contactPersonRelation: null,
			situation: null,
			tasks: null,
			notes: null,
			referralPerson: null
		});
		const entries = await db()
			.select()
			.from(diaryEntries)
			.where(eq(diaryEntries.clientId, clientId))
			.orderBy(diaryEntries.contactDate);
		expect(
			entries.map((e) => [e.contactDate, e.durationMinutes, e.contactKind, e.helpProfiles])
		).toEqual([
			['2026-03-03', 120, 'home_visit', ['P1']],
			['2026-11-01', 45, 'call', ['P2']]
		]);
		expect(entries.map((e) => e.description)).toEqual([ERASED_TEXT, ERASED_TEXT]);
		// The flag stays counted but needs nobody's attention any more.
		expect(entries[1]).toMatchObject({ flagged: true, flagNote: null });
		expect(entries[1]!.flagSeenAt).not.toBeNull();
		const versions = await db().select().from(diaryEntryVersions);
		expect(versions.map((v) => [v.description, v.flagNote, v.durationMinutes])).toEqual([
			[ERASED_TEXT, null, 100]
		]);
		expect(await db().select().from(diaryDrafts)).toEqual([]);

		const [response] = await db()
			.select()
			.from(surveyResponses)
			.where(eq(surveyResponses.id, paperResponseId));
		expect(response!.answers).toEqual({
			satisfaction: 5,
			change: 1,
			change_text: ERASED_TEXT,
			ucla_companionship: 2,
			ucla_left_out: 2,
			ucla_isolated: 1
		});
		expect(response).toMatchObject({ lonelinessScore: 5, paperDestroyDueOn: TODAY });

		const [trip] = await db().select().from(trips).where(eq(trips.clientId, clientId));
		expect(trip).toMatchObject({
			tripDate: '2026-11-01',
			kilometres: '31.40',
			fromPlace: ERASED_TEXT,
			toPlace: ERASED_TEXT,
			purpose: ERASED_TEXT
		});
		expect(await db().select().from(documents)).toEqual([]);
	});

	it('ends the open pairing today: the volunteer no longer reaches the client', async () => {
		const rows = await db().select().from(pairings).where(eq(pairings.clientId, clientId));
		const open = rows.find((p) => p.id === openPairingId)!;
		const ended = rows.find((p) => p.id === endedPairingId)!;
		expect(open).toMatchObject({ status: 'ended', endsOn: TODAY, pausedReason: null });
		expect(ended).toMatchObject({
			status: 'ended',
			startsOn: '2026-02-01',
			endsOn: '2026-06-01',
			endReason: ERASED_TEXT,
			closingInterview: ERASED_TEXT,
			matchNote: null
		});
		expect((await appError(getClient(ctx(volunteerActor), clientId))).code).toBe('not_found');
	});

	it('the paper survey original is now due for destruction', async () => {
		const l = await attentionList(ctx(coordinator));
		expect(l.papers.rows.map((r) => r.responseId)).toContain(paperResponseId);
		expect(l.flagged.rows.map((r) => r.entryId)).not.toContain(entryIds[1]);
	});

	it('cannot be done twice, and the record takes no new survey answers', async () => {
		const e = await appError(
			anonymiseClient(ctx(coordinator), clientId, {
				requested: 'on',
				irreversible: 'on',
				code: anonymisationCode(clientId)
			})
		);
		expect(e.messageKey).toBe('client.anonymised');
		const again = await appError(anonymiseStepOne(ctx(coordinator), clientId, { requested: 'on' }));
		expect(again.messageKey).toBe('client.anonymised');
	});

	it('the client page and a later extract show no name', async () => {
		const view = await getClient(ctx(coordinator), clientId);
		expect(view).toMatchObject({ firstName: null, lastName: null, status: 'anonymised' });
		const x = await clientExtract(ctx(coordinator), clientId);
		expect(JSON.stringify(x)).not.toContain(LAST);
		expect(JSON.stringify(x)).not.toContain(ISIKUKOOD);
		expect(x.client.ageGroup).toBe('75-84');
	});
});
