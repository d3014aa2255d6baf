import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	clientExclusions,
	clients,
	diaryEntryVersions,
	pairings,
	surveyQuestionSets,
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
import { getClient } from '$lib/server/services/clients/clients';
import { uploadDocument } from '$lib/server/services/documents/documents';
import { enterSurvey } from '$lib/server/services/pairings/surveys';
import { clientExtract, extractFile, extractPage } from '$lib/server/services/clients/extract';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { samplePdf } from '../helpers/files';
import { pdfTagging, pdfText } from '../helpers/pdf';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * The client's extract (R-PAIR-4): everything stored about them, as machine-readable JSON and
 * as a PDF with Estonian letters — personal data, needs, pairings, diary (with earlier
 * versions), surveys with their questions, documents list, trips, and who accessed the data.
 * Only the county's coordinator and the administrator produce it; every extract is audited.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const ISIKUKOOD = buildIsikukood('1944-02-29', 'female', 27);

let t: TestDatabase;
let harju: { id: string };
let tartu: { id: string };
let admin: Actor;
let coordinator: Actor;
let tartuCoordinator: Actor;
let expert: Actor;
let volunteerActor: Actor;
let clientId: string;
let pairingId: string;

const ctx = (actor: Actor | null) => t.ctx(actor, { now: NOW });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);

beforeAll(async () => {
	t = await createTestDatabase();
	harju = await countyByName(db(), 'Harju maakond');
	tartu = await countyByName(db(), 'Tartu maakond');
	const municipality = await firstMunicipality(db(), harju.id);
	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	coordinator = (
		await seedUser(db(), {
			name: 'Koordinaator Kärt',
			grants: [{ role: 'coordinator', countyId: harju.id }]
		})
	).actor;
	tartuCoordinator = (
		await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu.id }] })
	).actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
	const client = await seedClient(db(), {
		countyId: harju.id,
		municipalityId: municipality.id,
		status: 'paired',
		firstName: 'Õie',
		lastName: 'Šmidt-Žukova',
		isikukood: ISIKUKOOD,
		dateOfBirth: '1944-02-29',
		gender: 'female',
		languages: ['et', 'ru'],
		phone: '+372 5555 1234',
		settlement: 'Äksi küla',
		street: 'Õunapuu tee 4',
		livingSituation: 'alone',
		contactPersonName: 'Tütar Ülle',
		contactPersonPhone: '+372 5111 2222',
		situation: 'Elab üksi metsatalus, käib harva poes.',
		helpProfilesWanted: ['P1', 'P3'],
		tasks: 'Poes käimine ja jutuajamine.',
		notes: 'Kuuleb halvasti, tuleb rääkida valjult.',
		referralPerson: 'Perearst dr Kõiv',
		waitingSince: '2026-03-01'
	});
	clientId = client.id;
	const volunteer = await seedVolunteer(db(), {
		countyId: harju.id,
		firstName: 'Jüri',
		lastName: 'Vabatahtlik'
	});
	volunteerActor = (
		await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: volunteer.id }] })
	).actor;
	const pairing = await seedPairing(db(), {
		clientId,
		volunteerId: volunteer.id,
		startsOn: '2026-04-01'
	});
	pairingId = pairing.id;
	await db()
		.update(pairings)
		.set({ introducedOn: '2026-04-01' })
		.where(eq(pairings.id, pairing.id));
	const entry = await seedDiaryEntry(db(), {
		clientId,
		pairingId: pairing.id,
		volunteerId: volunteer.id,
		contactDate: '2026-11-10',
		contactKind: 'outing',
		helpProfiles: ['P3'],
		durationMinutes: 95,
		description: 'Käisime koos apteegis ja jõime kohvikus teed.',
		flagged: true,
		flagNote: 'Jalad valutavad rohkem kui varem.',
		version: 2
	});
	await db()
		.insert(diaryEntryVersions)
		.values({
			entryId: entry.id,
			version: 1,
			contactDate: '2026-11-10',
			contactKind: 'outing',
			helpProfiles: ['P3'],
			durationMinutes: 90,
			description: 'Käisime apteegis.',
			flagged: false,
			writtenAt: new Date('2026-11-10T15:00:00Z')
		});
	const [set] = await db().select().from(surveyQuestionSets);
	await enterSurvey(ctx(coordinator), clientId, {
		questionSetId: set!.id,
		conductedOn: '2026-11-02',
		a_satisfaction: '5',
		a_change: '1',
		a_change_text: 'Tunneb end vähem üksikuna.',
		a_ucla_companionship: '1',
		a_ucla_left_out: '2',
		a_ucla_isolated: '1'
	});
	await uploadDocument(
		ctx(coordinator),
		{ kind: 'client', clientId },
		{
			kind: 'consent',
			file: { name: 'nõusolek allkirjaga.pdf', bytes: await samplePdf() }
		}
	);
	await db().insert(trips).values({
		volunteerId: volunteer.id,
		clientId,
		pairingId: pairing.id,
		municipalityId: municipality.id,
		tripDate: '2026-11-10',
		fromPlace: 'Tartu, Rüütli 1',
		toPlace: 'Äksi küla',
		purpose: 'Apteeki',
		kilometres: '24.50'
	});
	const other = await seedVolunteer(db(), {
		countyId: harju.id,
		firstName: 'Mart',
		lastName: 'Mitte'
	});
	await db()
		.insert(clientExclusions)
		.values({ clientId, volunteerId: other.id, reason: 'Endine naaber, tülis.' });
	// Someone looked at the record before the client asked.
	await getClient(ctx(coordinator), clientId);
});

afterAll(async () => {
	await t?.close();
});

describe('the extract as JSON', () => {
	it('holds everything stored about the client', async () => {
		const x = await clientExtract(ctx(coordinator), clientId, { format: 'json', locale: 'et' });
		expect(x.format).toBe('seltsiline.client-extract');
		expect(x.client).toMatchObject({
			firstName: 'Õie',
			lastName: 'Šmidt-Žukova',
			isikukood: ISIKUKOOD,
			dateOfBirth: '1944-02-29',
			phone: '+372 5555 1234',
			county: 'Harju maakond',
			settlement: 'Äksi küla',
			street: 'Õunapuu tee 4',
			contactPerson: { name: 'Tütar Ülle', phone: '+372 5111 2222', relation: null },
			notes: 'Kuuleb halvasti, tuleb rääkida valjult.',
			referralPerson: 'Perearst dr Kõiv'
		});
		expect(x.needs).toMatchObject({
			situation: 'Elab üksi metsatalus, käib harva poes.',
			helpProfilesWanted: ['P1', 'P3'],
			tasks: 'Poes käimine ja jutuajamine.'
		});
		expect(x.pairings).toEqual([
			expect.objectContaining({
				id: pairingId,
				volunteer: 'Jüri Vabatahtlik',
				startsOn: '2026-04-01',
				introducedOn: '2026-04-01'
			})
		]);
		expect(x.exclusions).toEqual([
			expect.objectContaining({ volunteer: 'Mart Mitte', reason: 'Endine naaber, tülis.' })
		]);
		expect(x.diary).toEqual([
			expect.objectContaining({
				contactDate: '2026-11-10',
				durationMinutes: 95,
				description: 'Käisime koos apteegis ja jõime kohvikus teed.',
				flagNote: 'Jalad valutavad rohkem kui varem.',
				volunteer: 'Jüri Vabatahtlik',
				earlierVersions: [expect.objectContaining({ version: 1, description: 'Käisime apteegis.' })]
			})
		]);
		expect(x.surveys).toHaveLength(1);
		expect(x.surveys[0]).toMatchObject({ questionSetVersion: 1, lonelinessScore: 4 });
		expect(x.surveys[0]!.answers).toContainEqual({
			questionId: 'satisfaction',
			question: 'Kui rahul olete seltsilise teenusega?',
			value: 5,
			answer: 'Väga rahul'
		});
		expect(x.surveys[0]!.answers).toContainEqual(
			expect.objectContaining({ questionId: 'change_text', answer: 'Tunneb end vähem üksikuna.' })
		);
		expect(x.documents).toEqual([
			expect.objectContaining({ kind: 'consent', fileName: 'nõusolek allkirjaga.pdf' })
		]);
		expect(x.trips).toEqual([
			expect.objectContaining({
				fromPlace: 'Tartu, Rüütli 1',
				toPlace: 'Äksi küla',
				kilometres: '24.50'
			})
		]);
		// Who accessed the data: names and roles, oldest first; no IP addresses.
		const actions = x.accessLog.map((e) => e.action);
		expect(actions).toContain('survey.enter');
		expect(actions).toContain('document.upload');
		expect(actions).toContain('client.view');
		expect(x.accessLog.find((e) => e.action === 'client.view')).toMatchObject({
			actor: 'Koordinaator Kärt',
			roles: ['Koordinaator'],
			outcome: 'success',
			actionLabel: 'Abivajaja andmete vaatamine'
		});
		expect(JSON.stringify(x.accessLog)).not.toContain('127.0.0.1');
		// This very extract is in the log it reports.
		expect(actions.at(-1)).toBe('client.extract');
	});

	it('is audited as client.extract with the format only', async () => {
		await extractFile(ctx(coordinator), clientId, 'json');
		const event = await lastEvent('client.extract');
		expect(event).toMatchObject({
			outcome: 'success',
			actorUserId: coordinator.userId,
			entityType: 'client',
			entityId: clientId,
			countyId: harju.id,
			details: { format: 'json' }
		});
	});

	it('downloads as JSON that parses back to the same data', async () => {
		const file = await extractFile(ctx(admin), clientId, 'json', 'en');
		expect(file.mediaType).toContain('application/json');
		expect(file.fileName).toMatch(/^valjavote-[0-9a-f]{8}-2026-11-23\.json$/);
		const parsed = JSON.parse(new TextDecoder().decode(file.bytes));
		expect(parsed.client.lastName).toBe('Šmidt-Žukova');
		expect(parsed.surveys[0].answers[0].question).toBe(
			'How satisfied are you with the companion service?'
		);
	});
});

describe('the extract as PDF', () => {
	it('is a PDF whose text holds the data, Estonian letters intact', async () => {
		const file = await extractFile(ctx(coordinator), clientId, 'pdf', 'et');
		expect(file.mediaType).toBe('application/pdf');
		expect(new TextDecoder().decode(file.bytes.slice(0, 5))).toBe('%PDF-');
		const text = (await pdfText(file.bytes)).replace(/\s+/g, ' ');
		for (const expected of [
			'Väljavõte andmetest: Õie Šmidt-Žukova',
			ISIKUKOOD,
			'29.02.1944',
			'Õunapuu tee 4',
			'Tütar Ülle',
			'Jüri Vabatahtlik',
			'Käisime koos apteegis ja jõime kohvikus teed.',
			'Varasem versioon 1: Käisime apteegis.',
			'Kui rahul olete seltsilise teenusega?',
			'Väga rahul',
			'nõusolek allkirjaga.pdf',
			'Kes ja millal andmeid vaatas või muutis',
			'Koordinaator Kärt',
			'Abivajaja andmete vaatamine'
		]) {
			expect(text).toContain(expected);
		}
		expect(await lastEvent('client.extract')).toMatchObject({ details: { format: 'pdf' } });
		// Tagged for screen readers, in Estonian, its title shown (issue 20).
		const tags = pdfTagging(file.bytes);
		expect(tags).toMatchObject({
			structTreeRoot: true,
			marked: true,
			lang: 'et',
			displayTitle: true
		});
		for (const type of ['Document', 'H1', 'H2', 'P', 'Table', 'TR', 'TH', 'TD']) {
			expect(tags.types.has(type), type).toBe(true);
		}
	});

	it('comes in English when asked', async () => {
		const file = await extractFile(ctx(coordinator), clientId, 'pdf', 'en');
		const text = (await pdfText(file.bytes)).replace(/\s+/g, ' ');
		expect(text).toContain('Extract of data: Õie Šmidt-Žukova');
		expect(text).toContain('Who looked at or changed the data, and when');
		expect(pdfTagging(file.bytes).lang).toBe('en');
	});

	it('comes in Russian, tagged as Russian', async () => {
		const file = await extractFile(ctx(coordinator), clientId, 'pdf', 'ru');
		const text = (await pdfText(file.bytes)).replace(/\s+/g, ' ');
		expect(text).toContain('Õie Šmidt-Žukova');
		expect(text).toMatch(/[а-яё]{4}/i);
		expect(pdfTagging(file.bytes)).toMatchObject({
			structTreeRoot: true,
			marked: true,
			lang: 'ru'
		});
	});
});

describe('who may produce an extract', () => {
	it("another county's coordinator: not found, audited", async () => {
		const e = await appError(extractFile(ctx(tartuCoordinator), clientId, 'pdf'));
		expect(e.code).toBe('not_found');
		expect(await lastEvent('client.extract')).toMatchObject({
			outcome: 'denied',
			actorUserId: tartuCoordinator.userId,
			entityId: clientId,
			countyId: harju.id
		});
		expect((await appError(extractPage(ctx(tartuCoordinator), clientId))).code).toBe('not_found');
	});

	it('the paired volunteer and the expert read the client but may not extract (403, audited)', async () => {
		for (const actor of [volunteerActor, expert]) {
			const e = await appError(clientExtract(ctx(actor), clientId));
			expect(e.code).toBe('forbidden');
			expect(await lastEvent('client.extract')).toMatchObject({
				outcome: 'denied',
				actorUserId: actor.userId
			});
		}
	});

	it('an unknown id is not found, audited', async () => {
		const e = await appError(
			clientExtract(ctx(coordinator), '00000000-0000-4000-8000-000000000000')
		);
		expect(e.code).toBe('not_found');
	});

	it('the extract page names the client for the coordinator', async () => {
		const page = await extractPage(ctx(coordinator), clientId);
		expect(page.client).toMatchObject({ firstName: 'Õie', lastName: 'Šmidt-Žukova' });
		const [row] = await db().select().from(clients).where(eq(clients.id, clientId));
		expect(row!.status).toBe('paired');
	});
});
