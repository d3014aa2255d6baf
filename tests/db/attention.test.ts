import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	appSettings,
	diaryEntries,
	documents,
	pairings,
	surveyQuestionSets,
	surveyResponses
} from '$lib/server/db/schema';
import {
	countyByName,
	seedClient,
	seedDiaryEntry,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import {
	attentionCounts,
	attentionList,
	markFlagSeen
} from '$lib/server/services/pairings/attention';
import { readSettings, settingsPage, updateSettings } from '$lib/server/services/admin/settings';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * The coordinator's attention list ("what needs me today"): clients waiting (longest first),
 * consents due or late (R-PAIR-2), six-month surveys due (R-PAIR-6), flagged diary entries
 * not yet seen (R-PAIR-3), paper survey originals to destroy, volunteer contracts whose
 * originals are late (R-VOL-7), and pairings without contact for more than N days — for the
 * coordinator's counties only; N is the administrator's setting.
 */
const NOW = new Date('2026-11-23T10:00:00Z');

let t: TestDatabase;
let hiiu: { id: string };
let tartu: { id: string };
let admin: Actor;
let coordinator: Actor;
let tartuCoordinator: Actor;
let expert: Actor;
let volunteerActor: Actor;

const ctx = (actor: Actor | null, now = NOW) => t.ctx(actor, { now });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);
/** The settings' versions as the settings form carries them (services/core/versions.ts). */
const settingVersions = async () =>
	Object.fromEntries(
		Object.entries((await settingsPage(ctx(admin))).versions).map(([k, v]) => [`version:${k}`, v])
	);

const ids = <T extends Record<string, unknown>>(rows: T[], key: keyof T) => rows.map((r) => r[key]);

/** What the Hiiu county holds; every section has rows that belong and rows that do not. */
type Key =
	| 'consentDue'
	| 'consentLate'
	| 'consentOk'
	| 'contractDigital'
	| 'contractDue'
	| 'contractLate'
	| 'contractReceived'
	| 'flagged'
	| 'neverClient'
	| 'neverPairing'
	| 'paperDestroyed'
	| 'paperDue'
	| 'paperLater'
	| 'pausedPairing'
	| 'proposedOnly'
	| 'quietClient'
	| 'quietPairing'
	| 'recentClient'
	| 'recentPairing'
	| 'surveyDone'
	| 'surveyDue'
	| 'surveyNotYet'
	| 'tartuFlagged'
	| 'waitingLong'
	| 'waitingShort'
	| 'waitingUnknown';
const s = {} as Record<Key, string>;

beforeAll(async () => {
	t = await createTestDatabase();
	hiiu = await countyByName(db(), 'Hiiu maakond');
	tartu = await countyByName(db(), 'Tartu maakond');
	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: hiiu.id }] }))
		.actor;
	tartuCoordinator = (
		await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu.id }] })
	).actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
	const c = (input: Parameters<typeof seedClient>[1]) => seedClient(db(), input);
	const v = (input: Parameters<typeof seedVolunteer>[1] = { countyId: hiiu.id }) =>
		seedVolunteer(db(), { maxClients: 10, ...input });
	const volunteer = await v();
	volunteerActor = (
		await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: volunteer.id }] })
	).actor;

	// Waiting: longest first; one without a start day goes last; a paired one is not waiting.
	s.waitingLong = (
		await c({ countyId: hiiu.id, status: 'waiting', waitingSince: '2026-08-01' })
	).id;
	s.waitingShort = (
		await c({ countyId: hiiu.id, status: 'waiting', waitingSince: '2026-11-01' })
	).id;
	s.waitingUnknown = (await c({ countyId: hiiu.id, status: 'waiting' })).id;
	await c({ countyId: tartu.id, status: 'waiting', waitingSince: '2026-01-01' });

	// Consents: first meeting in October → late on 23 Nov; in November → due 3 Dec; uploaded → ok.
	s.consentLate = (await c({ countyId: hiiu.id, status: 'paired' })).id;
	await seedPairing(db(), {
		clientId: s.consentLate,
		volunteerId: volunteer.id,
		startsOn: '2026-10-20',
		status: 'active'
	});
	await db()
		.update(pairings)
		.set({ introducedOn: '2026-10-20' })
		.where(eq(pairings.clientId, s.consentLate));
	s.consentDue = (await c({ countyId: hiiu.id, status: 'paired' })).id;
	await seedPairing(db(), {
		clientId: s.consentDue,
		volunteerId: volunteer.id,
		startsOn: '2026-11-12',
		status: 'active'
	});
	s.consentOk = (await c({ countyId: hiiu.id, status: 'paired' })).id;
	await seedPairing(db(), {
		clientId: s.consentOk,
		volunteerId: volunteer.id,
		startsOn: '2026-11-05',
		status: 'active'
	});
	await db()
		.insert(documents)
		.values({
			countyId: hiiu.id,
			kind: 'consent',
			clientId: s.consentOk,
			fileName: 'nousolek.pdf',
			mediaType: 'application/pdf',
			sizeBytes: 10,
			sha256: 'a'.repeat(64),
			storageKey: `documents/2026/11/${crypto.randomUUID()}`
		});
	s.proposedOnly = (
		await c({ countyId: hiiu.id, status: 'waiting', waitingSince: '2026-09-15' })
	).id;
	await seedPairing(db(), {
		clientId: s.proposedOnly,
		volunteerId: volunteer.id,
		startsOn: '2026-09-01',
		status: 'proposed'
	});

	// Six-month surveys: due (began 2026-05-01); not yet (2026-06-01); answered.
	const surveyDue = await c({ countyId: hiiu.id, status: 'paired' });
	s.surveyDue = surveyDue.id;
	await seedPairing(db(), {
		clientId: s.surveyDue,
		volunteerId: volunteer.id,
		startsOn: '2026-05-01'
	});
	s.surveyNotYet = (await c({ countyId: hiiu.id, status: 'paired' })).id;
	await seedPairing(db(), {
		clientId: s.surveyNotYet,
		volunteerId: volunteer.id,
		startsOn: '2026-06-01'
	});
	s.surveyDone = (await c({ countyId: hiiu.id, status: 'paired' })).id;
	await seedPairing(db(), {
		clientId: s.surveyDone,
		volunteerId: volunteer.id,
		startsOn: '2026-04-01'
	});
	const [set] = await db().select().from(surveyQuestionSets);
	const response = (clientId: string, extra: Partial<typeof surveyResponses.$inferInsert>) =>
		db()
			.insert(surveyResponses)
			.values({
				clientId,
				questionSetId: set!.id,
				conductedOn: '2026-10-05',
				answers: { satisfaction: 5 },
				...extra
			})
			.returning({ id: surveyResponses.id });
	await response(s.surveyDone, {});
	// Keep the survey/no-contact clients visited recently, so they stay out of other sections.
	for (const id of [s.surveyDue, s.surveyNotYet, s.surveyDone, s.consentLate]) {
		const [p] = await db().select().from(pairings).where(eq(pairings.clientId, id));
		await seedDiaryEntry(db(), {
			clientId: id,
			pairingId: p!.id,
			volunteerId: volunteer.id,
			contactDate: '2026-11-20'
		});
	}

	// Paper originals: due 20 Nov → listed; due 1 Dec → not yet; destroyed → not listed.
	const paperClient = await c({ countyId: hiiu.id, status: 'ended', endedOn: '2026-09-01' });
	s.paperDue = (
		await response(paperClient.id, { onPaper: true, paperDestroyDueOn: '2026-11-20' })
	)[0]!.id;
	s.paperLater = (
		await response(paperClient.id, { onPaper: true, paperDestroyDueOn: '2026-12-01' })
	)[0]!.id;
	s.paperDestroyed = (
		await response(paperClient.id, {
			onPaper: true,
			paperDestroyDueOn: '2026-11-01',
			paperDestroyedOn: '2026-11-02'
		})
	)[0]!.id;

	// Contracts: signed 15 Oct, no original → late; signed 10 Nov → due 3 Dec; received → fine.
	s.contractLate = (
		await v({
			countyId: hiiu.id,
			contractSignedOn: '2026-10-15',
			contractHasPaperOriginal: true
		})
	).id;
	s.contractDue = (
		await v({
			countyId: hiiu.id,
			contractSignedOn: '2026-11-10',
			contractHasPaperOriginal: true
		})
	).id;
	s.contractReceived = (
		await v({
			countyId: hiiu.id,
			contractSignedOn: '2026-09-10',
			contractHasPaperOriginal: true,
			contractOriginalReceivedOn: '2026-09-30'
		})
	).id;
	s.contractDigital = (
		await v({ countyId: hiiu.id, contractSignedOn: '2026-09-10', contractHasPaperOriginal: false })
	).id;

	// No contact: last entry 34 days ago → listed; none for 29 days → listed; 13 days → not;
	// a paused pairing and an ended one are not listed.
	const quiet = await v();
	s.quietClient = (await c({ countyId: hiiu.id, status: 'paired' })).id;
	s.quietPairing = (
		await seedPairing(db(), {
			clientId: s.quietClient,
			volunteerId: quiet.id,
			startsOn: '2026-09-01'
		})
	).id;
	await seedDiaryEntry(db(), {
		clientId: s.quietClient,
		pairingId: s.quietPairing,
		volunteerId: quiet.id,
		contactDate: '2026-10-20'
	});
	// A removed entry does not count as contact.
	await seedDiaryEntry(db(), {
		clientId: s.quietClient,
		pairingId: s.quietPairing,
		volunteerId: quiet.id,
		contactDate: '2026-11-15',
		removedAt: new Date('2026-11-16T10:00:00Z')
	});
	s.neverClient = (await c({ countyId: hiiu.id, status: 'paired' })).id;
	s.neverPairing = (
		await seedPairing(db(), {
			clientId: s.neverClient,
			volunteerId: quiet.id,
			startsOn: '2026-10-25'
		})
	).id;
	s.recentClient = (await c({ countyId: hiiu.id, status: 'paired' })).id;
	s.recentPairing = (
		await seedPairing(db(), {
			clientId: s.recentClient,
			volunteerId: quiet.id,
			startsOn: '2026-11-10'
		})
	).id;
	const pausedClient = await c({ countyId: hiiu.id, status: 'paired' });
	s.pausedPairing = (
		await seedPairing(db(), {
			clientId: pausedClient.id,
			volunteerId: quiet.id,
			startsOn: '2026-08-01',
			status: 'paused'
		})
	).id;

	// Flagged entries: one unseen, one seen, one removed.
	s.flagged = (
		await seedDiaryEntry(db(), {
			clientId: s.quietClient,
			pairingId: s.quietPairing,
			volunteerId: quiet.id,
			contactDate: '2026-10-19',
			flagged: true,
			flagNote: 'Tervis on halvemaks läinud.'
		})
	).id;
	await seedDiaryEntry(db(), {
		clientId: s.quietClient,
		pairingId: s.quietPairing,
		volunteerId: quiet.id,
		contactDate: '2026-10-18',
		flagged: true,
		flagNote: 'Vana märkus',
		flagSeenAt: new Date('2026-10-19T10:00:00Z')
	});
	await seedDiaryEntry(db(), {
		clientId: s.quietClient,
		pairingId: s.quietPairing,
		volunteerId: quiet.id,
		contactDate: '2026-10-17',
		flagged: true,
		flagNote: 'Eemaldatud',
		removedAt: new Date('2026-10-18T10:00:00Z')
	});
	// Tartu has its own flagged entry, never shown to Hiiu.
	const tartuClient = await c({ countyId: tartu.id, status: 'paired' });
	s.tartuFlagged = (
		await seedDiaryEntry(db(), {
			clientId: tartuClient.id,
			contactDate: '2026-11-01',
			flagged: true,
			flagNote: 'Tartu'
		})
	).id;
});

afterAll(async () => {
	await t?.close();
});

describe("the coordinator's attention list", () => {
	it('lists clients waiting for a volunteer, longest first, in their county only', async () => {
		const l = await attentionList(ctx(coordinator));
		expect(ids(l.waiting.rows, 'clientId')).toEqual([
			s.waitingLong,
			s.proposedOnly,
			s.waitingShort,
			s.waitingUnknown
		]);
		expect(l.waiting.total).toBe(4);
		expect(l.waiting.rows[0]).toMatchObject({ waitingSince: '2026-08-01', days: 114 });
	});

	it('lists consents due and late from the first meeting, not those uploaded or never met', async () => {
		const l = await attentionList(ctx(coordinator));
		const byClient = Object.fromEntries(l.consents.rows.map((r) => [r.clientId, r]));
		expect(byClient[s.consentLate]).toMatchObject({
			firstMeetingOn: '2026-10-20',
			dueOn: '2026-11-03',
			late: true
		});
		expect(byClient[s.consentDue]).toMatchObject({
			firstMeetingOn: '2026-11-12',
			dueOn: '2026-12-03',
			late: false
		});
		expect(byClient[s.consentOk]).toBeUndefined();
		expect(byClient[s.proposedOnly]).toBeUndefined();
		// Oldest first meeting first.
		expect(l.consents.rows[0]!.firstMeetingOn <= l.consents.rows.at(-1)!.firstMeetingOn).toBe(true);
	});

	it('lists six-month surveys due, not those not yet due or already answered', async () => {
		const l = await attentionList(ctx(coordinator));
		const listed = ids(l.surveys.rows, 'clientId');
		expect(listed).toContain(s.surveyDue);
		expect(listed).not.toContain(s.surveyNotYet);
		expect(listed).not.toContain(s.surveyDone);
		expect(l.surveys.rows.find((r) => r.clientId === s.surveyDue)).toMatchObject({
			dueOn: '2026-11-01'
		});
	});

	it('lists paper originals due for destruction until confirmed', async () => {
		const l = await attentionList(ctx(coordinator));
		expect(ids(l.papers.rows, 'responseId')).toEqual([s.paperDue]);
		const later = await attentionList(ctx(coordinator, new Date('2026-12-02T10:00:00Z')));
		expect(ids(later.papers.rows, 'responseId')).toEqual([s.paperDue, s.paperLater]);
	});

	it('lists volunteer contracts whose paper originals are late', async () => {
		const l = await attentionList(ctx(coordinator));
		expect(ids(l.contracts.rows, 'volunteerId')).toEqual([s.contractLate]);
		expect(l.contracts.rows[0]).toMatchObject({ signedOn: '2026-10-15', dueOn: '2026-11-03' });
		// On the 3rd of December the November contract is still on time; on the 4th it is late.
		const third = await attentionList(ctx(coordinator, new Date('2026-12-03T10:00:00Z')));
		expect(ids(third.contracts.rows, 'volunteerId')).toEqual([s.contractLate]);
		const fourth = await attentionList(ctx(coordinator, new Date('2026-12-04T10:00:00Z')));
		expect(ids(fourth.contracts.rows, 'volunteerId')).toEqual([s.contractLate, s.contractDue]);
	});

	it('lists pairings without any contact for more than N days, quietest first', async () => {
		const l = await attentionList(ctx(coordinator));
		expect(l.noContactDays).toBe(21);
		expect(ids(l.noContact.rows, 'pairingId')).toEqual([s.quietPairing, s.neverPairing]);
		expect(l.noContact.rows[0]).toMatchObject({
			clientId: s.quietClient,
			lastContactOn: '2026-10-20',
			days: 34
		});
		expect(l.noContact.rows[1]).toMatchObject({ lastContactOn: null, days: 29 });
		expect(ids(l.noContact.rows, 'pairingId')).not.toContain(s.recentPairing);
		expect(ids(l.noContact.rows, 'pairingId')).not.toContain(s.pausedPairing);
	});

	it('lists flagged diary entries not yet seen; "seen" takes one off, audited', async () => {
		const before = await attentionList(ctx(coordinator));
		expect(ids(before.flagged.rows, 'entryId')).toEqual([s.flagged]);
		expect(before.flagged.rows[0]).toMatchObject({ flagNote: 'Tervis on halvemaks läinud.' });

		// Not theirs: another county's coordinator, a volunteer.
		expect((await appError(markFlagSeen(ctx(tartuCoordinator), s.flagged))).code).toBe('not_found');
		expect(await lastEvent('diary.flag_seen')).toMatchObject({
			outcome: 'denied',
			actorUserId: tartuCoordinator.userId,
			countyId: hiiu.id
		});
		expect((await appError(markFlagSeen(ctx(volunteerActor), s.flagged))).code).toBe('not_found');
		expect((await appError(markFlagSeen(ctx(coordinator), s.tartuFlagged))).code).toBe('not_found');

		await markFlagSeen(ctx(coordinator), s.flagged);
		const [entry] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, s.flagged));
		expect(entry!.flagSeenAt?.toISOString()).toBe(NOW.toISOString());
		expect(await lastEvent('diary.flag_seen')).toMatchObject({
			outcome: 'success',
			actorUserId: coordinator.userId,
			entityType: 'client',
			entityId: s.quietClient,
			details: { diaryEntryId: s.flagged }
		});
		const after = await attentionList(ctx(coordinator));
		expect(after.flagged.total).toBe(0);
		// Seeing it again changes nothing.
		await markFlagSeen(ctx(coordinator), s.flagged);
	});

	it('is audited with the section totals, never names', async () => {
		const l = await attentionList(ctx(coordinator));
		const event = await lastEvent('attention.view');
		expect(event).toMatchObject({ outcome: 'success', actorUserId: coordinator.userId });
		expect(event.details).toEqual({
			waiting: l.waiting.total,
			consents: l.consents.total,
			surveys: l.surveys.total,
			flagged: l.flagged.total,
			papers: l.papers.total,
			contracts: l.contracts.total,
			noContact: l.noContact.total,
			supportQuiet: l.programme.supportQuiet.total,
			partnerMeetingsDue: l.programme.partnerMeetingsDue.total,
			goodwill: l.paperItems.goodwill.total,
			paperDiaries: l.paperItems.paperDiaries.total,
			// Issue 22 (R-MAP-3): unused intake items past their three months.
			intakeDue: l.intake.total
		});
		expect(l.showCountyFilter).toBe(false);
	});

	it('gives the home page the same totals without names', async () => {
		const l = await attentionList(ctx(coordinator));
		const counts = await attentionCounts(ctx(coordinator));
		expect(counts).toEqual({
			waiting: l.waiting.total,
			consents: l.consents.total,
			surveys: l.surveys.total,
			flagged: l.flagged.total,
			papers: l.papers.total,
			contracts: l.contracts.total,
			noContact: l.noContact.total,
			noContactDays: 21,
			supportQuiet: l.programme.supportQuiet.total,
			partnerMeetingsDue: l.programme.partnerMeetingsDue.total,
			goodwill: l.paperItems.goodwill.total,
			paperDiaries: l.paperItems.paperDiaries.total,
			// Issue 22 (R-MAP-3): unused intake items past their three months.
			intakeDue: l.intake.total
		});
		expect(await attentionCounts(ctx(volunteerActor))).toBeNull();
		expect(await attentionCounts(ctx(expert))).toBeNull();
	});
});

describe('who sees which list', () => {
	it("another county's coordinator sees none of it, and cannot ask for it by county", async () => {
		const l = await attentionList(ctx(tartuCoordinator));
		const all = [
			...ids(l.waiting.rows, 'clientId'),
			...ids(l.consents.rows, 'clientId'),
			...ids(l.surveys.rows, 'clientId'),
			...ids(l.noContact.rows, 'clientId'),
			...ids(l.contracts.rows, 'volunteerId')
		];
		for (const id of Object.values(s)) expect(all).not.toContain(id);
		expect(ids(l.flagged.rows, 'entryId')).toEqual([s.tartuFlagged]);
		expect((await appError(attentionList(ctx(tartuCoordinator), { countyId: hiiu.id }))).code).toBe(
			'not_found'
		);
		expect(await lastEvent('attention.view')).toMatchObject({
			outcome: 'denied',
			actorUserId: tartuCoordinator.userId,
			countyId: hiiu.id
		});
	});

	it('the administrator sees every county and may filter by one', async () => {
		const l = await attentionList(ctx(admin));
		expect(l.showCountyFilter).toBe(true);
		expect(l.counties).toHaveLength(15);
		expect(l.waiting.total).toBe(5);
		const hiiuOnly = await attentionList(ctx(admin), { countyId: hiiu.id });
		expect(hiiuOnly.countyId).toBe(hiiu.id);
		expect(hiiuOnly.waiting.total).toBe(4);
		expect(await lastEvent('attention.view')).toMatchObject({
			outcome: 'success',
			countyId: hiiu.id,
			entityId: hiiu.id
		});
	});

	it('a volunteer and an expert have no attention list (not found, audited)', async () => {
		for (const actor of [volunteerActor, expert]) {
			expect((await appError(attentionList(ctx(actor)))).code).toBe('not_found');
			expect(await lastEvent('attention.view')).toMatchObject({
				outcome: 'denied',
				actorUserId: actor.userId
			});
		}
	});
});

describe('the setting: days without contact', () => {
	it('the administrator changes it (validated), and the list follows it', async () => {
		const page = await settingsPage(ctx(admin));
		expect(page.values['attention.no_contact_days']).toBe(21);
		for (const bad of ['0', '366', 'kolm', '2.5', '']) {
			const e = await appError(
				updateSettings(ctx(admin), {
					...(await settingVersions()),
					'attention.no_contact_days': bad
				})
			);
			expect(e.fields).toEqual({ 'attention.no_contact_days': 'settings.days_invalid' });
		}
		await updateSettings(ctx(admin), {
			...(await settingVersions()),
			'attention.no_contact_days': '30'
		});
		expect((await readSettings(db()))['attention.no_contact_days']).toBe(30);
		expect(await lastEvent('settings.update')).toMatchObject({
			outcome: 'success',
			actorUserId: admin.userId,
			details: { fields: ['attention.no_contact_days'] }
		});
		const l = await attentionList(ctx(coordinator));
		expect(l.noContactDays).toBe(30);
		expect(ids(l.noContact.rows, 'pairingId')).toEqual([s.quietPairing]);
		// Saving the same value again writes an event naming no field.
		await updateSettings(ctx(admin), {
			...(await settingVersions()),
			'attention.no_contact_days': '30'
		});
		expect((await lastEvent('settings.update')).details).toEqual({ fields: [] });
	});

	it('a stored value that no longer fits falls back to the default', async () => {
		await db()
			.update(appSettings)
			.set({ value: 'vigane' })
			.where(eq(appSettings.key, 'attention.no_contact_days'));
		expect((await readSettings(db()))['attention.no_contact_days']).toBe(21);
		await updateSettings(ctx(admin), {
			...(await settingVersions()),
			'attention.no_contact_days': '21'
		});
	});

	it('nobody but the administrator reaches the settings (not found, audited)', async () => {
		for (const actor of [coordinator, expert, volunteerActor]) {
			expect((await appError(settingsPage(ctx(actor)))).code).toBe('not_found');
			expect(
				(
					await appError(
						updateSettings(ctx(actor), {
							...(await settingVersions()),
							'attention.no_contact_days': '5'
						})
					)
				).code
			).toBe('not_found');
			expect(await lastEvent('settings.update')).toMatchObject({
				outcome: 'denied',
				actorUserId: actor.userId
			});
		}
		expect((await readSettings(db()))['attention.no_contact_days']).toBe(21);
	});
});
