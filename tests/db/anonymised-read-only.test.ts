import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, desc, eq } from 'drizzle-orm';
import {
	auditEvents,
	clientExclusions,
	clients,
	diaryDrafts,
	diaryEntries,
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
import { getClient, updateClient } from '$lib/server/services/clients/clients';
import {
	addDiaryEntry,
	listDiary,
	markFlagSeen,
	removeDiaryEntry,
	updateDiaryEntry
} from '$lib/server/services/pairings/diary';
import { saveDiaryDraft } from '$lib/server/services/pairings/diary-drafts';
import { addClientExclusion } from '$lib/server/services/pairings/matching';
import {
	createPairing,
	endPairing,
	recordClosingInterview
} from '$lib/server/services/pairings/pairing-lifecycle';
import { getPairing } from '$lib/server/services/pairings/pairings';
import { uploadDocument } from '$lib/server/services/documents/documents';
import { enterSurvey } from '$lib/server/services/pairings/surveys';
import { anonymiseClient, anonymisationCode } from '$lib/server/services/clients/anonymise';
import { clientAccessLog } from '$lib/server/services/admin/audit-log';
import { clientExtract } from '$lib/server/services/clients/extract';
import { clientCareLinks } from '$lib/server/services/clients/client-page-links';
import { addTrip } from '$lib/server/services/mileage/trips';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { appError } from '../helpers/errors';

/**
 * Issue 17, item 8: after anonymisation nothing can be written to the client in any service —
 * edits, diary entries and drafts, pairings and their steps, exclusions, documents, surveys,
 * trips — for every role, the administrator included. One place decides (policy.ts: an
 * anonymised client resource allows only reads), so each refusal is the same: "forbidden" with
 * the message `client.anonymised`, a `denied` audit event with the reason, and no row changed.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';

let t: TestDatabase;
let harju: { id: string };
let municipalityId: string;
let admin: Actor;
let coordinator: Actor;
let volunteerActor: Actor;
let volunteerId: string;
let clientId: string;
let pairingId: string;
let entryId: string;

const ctx = (actor: Actor) => t.ctx(actor, { now: NOW });
const db = () => t.handle.db;

/** Rows that a write to the client would add to or change. */
async function snapshot() {
	const n = async (table: typeof diaryEntries | typeof pairings | typeof documents) =>
		(await db().select({ n: count() }).from(table).where(eq(table.clientId, clientId)))[0]!.n;
	const [client] = await db().select().from(clients).where(eq(clients.id, clientId));
	const entries = await db().select().from(diaryEntries).where(eq(diaryEntries.clientId, clientId));
	const pairingRows = await db().select().from(pairings).where(eq(pairings.clientId, clientId));
	return {
		client,
		entries,
		pairings: pairingRows,
		documents: await n(documents),
		drafts: (
			await db().select({ n: count() }).from(diaryDrafts).where(eq(diaryDrafts.clientId, clientId))
		)[0]!.n,
		exclusions: (
			await db()
				.select({ n: count() })
				.from(clientExclusions)
				.where(eq(clientExclusions.clientId, clientId))
		)[0]!.n,
		surveys: (
			await db()
				.select({ n: count() })
				.from(surveyResponses)
				.where(eq(surveyResponses.clientId, clientId))
		)[0]!.n,
		trips: (await db().select({ n: count() }).from(trips).where(eq(trips.clientId, clientId)))[0]!.n
	};
}

beforeAll(async () => {
	t = await createTestDatabase();
	harju = await countyByName(db(), 'Harju maakond');
	municipalityId = (await firstMunicipality(db(), harju.id)).id;
	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju.id }] }))
		.actor;
	const v = await seedVolunteer(db(), { countyId: harju.id });
	volunteerId = v.id;
	volunteerActor = (await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: v.id }] }))
		.actor;
	const c = await seedClient(db(), {
		countyId: harju.id,
		municipalityId,
		status: 'paired',
		firstName: 'Helju',
		lastName: 'Mets'
	});
	clientId = c.id;
	const p = await seedPairing(db(), { clientId, volunteerId: v.id, startsOn: '2026-10-01' });
	pairingId = p.id;
	entryId = (
		await seedDiaryEntry(db(), {
			clientId,
			pairingId,
			volunteerId: v.id,
			contactDate: '2026-11-02',
			flagged: true,
			flagNote: 'Kukkus'
		})
	).id;
	await anonymiseClient(ctx(coordinator), clientId, {
		requested: 'on',
		irreversible: 'on',
		code: anonymisationCode(clientId)
	});
});

afterAll(async () => {
	await t?.close();
});

/** Every write a service offers on a client, as `actor`. */
function writes(actor: Actor): [string, string, () => Promise<unknown>][] {
	const c = ctx(actor);
	return [
		[
			'updateClient',
			'client.update',
			() => updateClient(c, clientId, { phone: '5550000', version: 2 })
		],
		[
			'addDiaryEntry',
			'diary.create',
			() =>
				addDiaryEntry(c, clientId, {
					contactDate: TODAY,
					durationMinutes: '60',
					description: 'Vaba tekst pärast anonüümimist'
				})
		],
		[
			'updateDiaryEntry',
			'diary.update',
			() =>
				updateDiaryEntry(c, clientId, entryId, {
					contactDate: '2026-11-02',
					durationMinutes: '30',
					description: 'Muudetud',
					version: 1
				})
		],
		[
			'removeDiaryEntry',
			'diary.remove',
			() => removeDiaryEntry(c, clientId, entryId, { version: 1 })
		],
		['markFlagSeen', 'diary.flag_seen', () => markFlagSeen(c, clientId, entryId)],
		[
			'saveDiaryDraft',
			'diary.draft_save',
			() => saveDiaryDraft(c, clientId, null, { description: 'Mustand' })
		],
		[
			'createPairing',
			'pairing.create',
			() => createPairing(c, clientId, { volunteerId, startsOn: TODAY })
		],
		[
			'endPairing',
			'pairing.end',
			() => endPairing(c, pairingId, { endsOn: TODAY, reason: 'x', version: 2 })
		],
		[
			'recordClosingInterview',
			'pairing.closing_interview',
			() => recordClosingInterview(c, pairingId, { closingInterview: 'Tekst', version: 2 })
		],
		[
			'addClientExclusion',
			'client.exclusion_add',
			() => addClientExclusion(c, clientId, { volunteerId, reason: 'Ei soovi' })
		],
		[
			'uploadDocument (consent)',
			'document.upload',
			() =>
				uploadDocument(
					c,
					{ kind: 'client', clientId },
					{ kind: 'consent', file: { name: 'nousolek.pdf', bytes: new Uint8Array([1, 2, 3]) } }
				)
		],
		['enterSurvey', 'survey.enter', () => enterSurvey(c, clientId, { questionSetId: clientId })],
		[
			'anonymiseClient again',
			'client.anonymise',
			() =>
				anonymiseClient(c, clientId, {
					requested: 'on',
					irreversible: 'on',
					code: anonymisationCode(clientId)
				})
		]
	];
}

describe('an anonymised client is read-only for every role', () => {
	for (const role of ['admin', 'coordinator'] as const) {
		it(`${role}: every write is refused with the reason, audited, and changes nothing`, async () => {
			const actor = role === 'admin' ? admin : coordinator;
			const before = await snapshot();
			for (const [name, auditAction, call] of writes(actor)) {
				const e = await appError(call());
				expect(e, name).toMatchObject({ code: 'forbidden', messageKey: 'client.anonymised' });
				const [event] = await db()
					.select()
					.from(auditEvents)
					.where(
						and(eq(auditEvents.action, auditAction), eq(auditEvents.actorUserId, actor.userId))
					)
					.orderBy(desc(auditEvents.id))
					.limit(1);
				expect(event, name).toMatchObject({
					outcome: 'denied',
					details: expect.objectContaining({ reason: 'anonymised' })
				});
			}
			expect(await snapshot()).toEqual(before);
		});
	}

	it('the volunteer who was paired can neither write nor read (the pairing ended with it)', async () => {
		for (const [name, , call] of writes(volunteerActor)) {
			const e = await appError(call());
			expect(['not_found', 'forbidden'], name).toContain(e.code);
		}
		expect((await appError(getClient(ctx(volunteerActor), clientId))).code).toBe('not_found');
	});

	it('a trip against the anonymised client is refused in the volunteer’s mileage log', async () => {
		const before = await snapshot();
		const e = await appError(
			addTrip(ctx(volunteerActor), volunteerId, {
				tripDate: '2026-11-02',
				clientId,
				fromPlace: 'Kodu',
				toPlace: 'Abivajaja',
				purpose: 'Külastus',
				kilometres: '12'
			})
		);
		expect(e).toMatchObject({ code: 'invalid', fields: { clientId: 'mileage.client_anonymised' } });
		expect(await snapshot()).toEqual(before);
	});

	it('reading what is left still works: the page, the diary, the access log, an extract', async () => {
		for (const actor of [admin, coordinator]) {
			const view = await getClient(ctx(actor), clientId);
			expect(view.status).toBe('anonymised');
			// The page offers no write: no "add a visit", no "edit", no pairing, no ending.
			expect(view.permissions).toMatchObject({
				update: false,
				pair: false,
				endPairing: false,
				addDiary: false,
				readDiary: true
			});
			const care = await clientCareLinks(ctx(actor), clientId);
			expect(care).toMatchObject({ anonymise: false, survey: null });
			expect(await listDiary(ctx(actor), clientId)).toHaveLength(1);
			expect((await getPairing(ctx(actor), pairingId)).permissions).toMatchObject({
				update: false,
				end: false,
				uploadDocuments: false
			});
			await clientAccessLog(ctx(actor), clientId);
			await clientExtract(ctx(actor), clientId);
		}
	});

	it('a survey question set exists, so the survey refusal above is the gate, not a bad choice', async () => {
		const [set] = await db().select().from(surveyQuestionSets).limit(1);
		const e = await appError(enterSurvey(ctx(coordinator), clientId, { questionSetId: set!.id }));
		expect(e).toMatchObject({ code: 'forbidden', messageKey: 'client.anonymised' });
	});
});
