import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { diaryDrafts, diaryEntries, diaryEntryVersions } from '$lib/server/db/schema';
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
	addDiaryEntry,
	diaryForm,
	diaryPage,
	listDiary,
	markFlagSeen,
	removeDiaryEntry,
	updateDiaryEntry
} from '$lib/server/services/pairings/diary';
import { discardDiaryDraft, saveDiaryDraft } from '$lib/server/services/pairings/diary-drafts';
import { resumeSession } from '$lib/server/services/pairings/diary-session';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * Issue 4, the client diary (R-PAIR-3, R-PAIR-8, R-ROLE-3, R-ROLE-6) through the real services
 * on PGlite and PostgreSQL: the entry's rules, paper entries, versions and conflicts, drafts,
 * soft removal, paging and the refusals.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';

let t: TestDatabase;
let county: { id: string };
let otherCounty: { id: string };
let coordinator: Actor;
let coordinatorUser: { id: string };
let otherCoordinator: Actor;
let expert: Actor;

const ctx = (actor: Actor | null) => t.ctx(actor, { now: NOW });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);

/** A client with a volunteer (with an account) paired since `startsOn`. */
async function paired(
	startsOn = '2026-10-01',
	over: { endsOn?: string; status?: 'introduced' | 'active' | 'paused' | 'ended' } = {}
) {
	const client = await seedClient(db(), { countyId: county.id, status: 'paired' });
	const volunteer = await seedVolunteer(db(), { countyId: county.id });
	const pairing = await seedPairing(db(), {
		clientId: client.id,
		volunteerId: volunteer.id,
		startsOn,
		...over
	});
	const { actor, user } = await seedUser(db(), {
		grants: [{ role: 'volunteer', volunteerId: volunteer.id }],
		password: 'pikk ja hea salasõna 2026'
	});
	return { client, volunteer, pairing, actor, user };
}

const visit = (over: Record<string, unknown> = {}) => ({
	contactDate: '2026-11-20',
	contactKind: 'outing',
	helpProfiles: ['P3', 'P1'],
	durationMinutes: '150',
	description: 'Käisime arsti juures ja poes.',
	...over
});

beforeAll(async () => {
	t = await createTestDatabase();
	county = await countyByName(db(), 'Viljandi maakond');
	otherCounty = await countyByName(db(), 'Valga maakond');
	const c = await seedUser(db(), { grants: [{ role: 'coordinator', countyId: county.id }] });
	coordinator = c.actor;
	coordinatorUser = c.user;
	otherCoordinator = (
		await seedUser(db(), { grants: [{ role: 'coordinator', countyId: otherCounty.id }] })
	).actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
});

afterAll(async () => {
	await t?.close();
});

describe('adding an entry', () => {
	it('the paired volunteer: kind, help profiles, duration, the flag; audited without the text', async () => {
		const { client, volunteer, pairing, actor } = await paired();
		const id = await addDiaryEntry(
			ctx(actor),
			client.id,
			visit({ flagged: 'on', flagNote: 'Tervis on halvenenud' })
		);
		const [entry] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, id));
		expect(entry).toMatchObject({
			pairingId: pairing.id,
			volunteerId: volunteer.id,
			contactKind: 'outing',
			helpProfiles: ['P1', 'P3'],
			durationMinutes: 150,
			flagged: true,
			flagNote: 'Tervis on halvenenud',
			fromPaper: false,
			version: 1
		});
		const event = await lastEvent('diary.create');
		expect(event).toMatchObject({ entityId: client.id, outcome: 'success' });
		expect(event!.details).toMatchObject({ diaryEntryId: id, flagged: true, fromPaper: false });
		expect(JSON.stringify(event)).not.toMatch(/arsti|Tervis/);
		// A note without the flag is not kept.
		const plain = await addDiaryEntry(ctx(actor), client.id, visit({ flagNote: 'üleliigne' }));
		const [p] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, plain));
		expect(p).toMatchObject({ flagged: false, flagNote: null });
	});

	it('refuses a date in the future, before the pairing, a bad kind and durations outside 1…720', async () => {
		const { client, actor } = await paired('2026-11-01');
		const cases: [Record<string, unknown>, Record<string, string>][] = [
			[{ contactDate: '2026-11-24' }, { contactDate: 'diary.date_in_future' }],
			[{ contactDate: '2026-10-31' }, { contactDate: 'diary.date_before_pairing' }],
			[{ contactDate: '2026-02-30' }, { contactDate: 'error.date' }],
			[{ contactKind: 'party' }, { contactKind: 'error.choice' }],
			[{ helpProfiles: ['P9'] }, { helpProfiles: 'error.choice' }],
			[{ durationMinutes: '0' }, { durationMinutes: 'diary.duration_invalid' }],
			[{ durationMinutes: '721' }, { durationMinutes: 'diary.duration_invalid' }],
			[{ durationMinutes: '45.5' }, { durationMinutes: 'diary.duration_invalid' }],
			[{ description: '   ' }, { description: 'error.required' }]
		];
		for (const [over, fields] of cases) {
			const e = await appError(addDiaryEntry(ctx(actor), client.id, visit(over)));
			expect(e.fields, JSON.stringify(over)).toEqual(fields);
		}
		expect(
			await db().select().from(diaryEntries).where(eq(diaryEntries.clientId, client.id))
		).toEqual([]);
		await addDiaryEntry(
			ctx(actor),
			client.id,
			visit({ durationMinutes: '720', contactDate: TODAY })
		);
	});

	it('the coordinator from a paper diary: marked, the volunteer named, dates within the pairing', async () => {
		const client = await seedClient(db(), { countyId: county.id });
		const volunteer = await seedVolunteer(db(), { countyId: county.id });
		const ended = await seedPairing(db(), {
			clientId: client.id,
			volunteerId: volunteer.id,
			startsOn: '2026-09-01',
			endsOn: '2026-11-01'
		});
		const id = await addDiaryEntry(
			ctx(coordinator),
			client.id,
			visit({ contactDate: '2026-10-15', pairingId: ended.id })
		);
		const [entry] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, id));
		expect(entry).toMatchObject({
			fromPaper: true,
			volunteerId: volunteer.id,
			pairingId: ended.id,
			createdBy: coordinatorUser.id
		});
		expect(
			(
				await appError(
					addDiaryEntry(
						ctx(coordinator),
						client.id,
						visit({ contactDate: '2026-11-01', pairingId: ended.id })
					)
				)
			).fields
		).toEqual({ contactDate: 'diary.date_after_pairing' });
		// A proposal that never met is no choice.
		const proposed = await seedPairing(db(), {
			clientId: client.id,
			volunteerId: (await seedVolunteer(db(), { countyId: county.id })).id,
			startsOn: '2026-11-01',
			status: 'proposed'
		});
		expect(
			(
				await appError(
					addDiaryEntry(ctx(coordinator), client.id, visit({ pairingId: proposed.id }))
				)
			).fields
		).toEqual({ pairingId: 'error.choice' });
		// The form offers the pairings that met, newest first, not the proposal.
		const form = await diaryForm(ctx(coordinator), client.id, null);
		expect(form.pairingChoice.map((p) => p.id)).toEqual([ended.id]);
		// Without a pairing: the coordinator's own contact.
		const own = await addDiaryEntry(ctx(coordinator), client.id, visit({ contactKind: 'call' }));
		const [ownEntry] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, own));
		expect(ownEntry).toMatchObject({ fromPaper: false, volunteerId: null, pairingId: null });
	});
});

describe('changing an entry: versions and conflicts', () => {
	it('keeps the earlier version with who wrote it, bumps the version, audits the field names', async () => {
		const { client, actor, user } = await paired();
		const id = await addDiaryEntry(ctx(actor), client.id, visit());
		await updateDiaryEntry(ctx(actor), client.id, id, {
			...visit({ description: 'Käisime arsti juures, poes ja apteegis.' }),
			version: '1'
		});
		await updateDiaryEntry(ctx(coordinator), client.id, id, {
			...visit({ description: 'Parandus: ka apteegis.', durationMinutes: '160' }),
			version: '2'
		});
		const [entry] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, id));
		expect(entry).toMatchObject({
			version: 3,
			description: 'Parandus: ka apteegis.',
			durationMinutes: 160,
			updatedBy: coordinatorUser.id
		});
		const versions = await db()
			.select()
			.from(diaryEntryVersions)
			.where(eq(diaryEntryVersions.entryId, id))
			.orderBy(diaryEntryVersions.version);
		expect(versions.map((v) => [v.version, v.description, v.writtenBy])).toEqual([
			[1, 'Käisime arsti juures ja poes.', user.id],
			[2, 'Käisime arsti juures, poes ja apteegis.', user.id]
		]);
		const event = await lastEvent('diary.update');
		expect(event!.details).toEqual({
			diaryEntryId: id,
			version: 3,
			fields: ['durationMinutes', 'description']
		});
		const form = await diaryForm(ctx(coordinator), client.id, id);
		expect(form.versions.map((v) => v.version)).toEqual([2, 1]);
		expect(form.entry!.version).toBe(3);
	});

	it('two people editing the same version: the second gets a conflict, their text kept as a draft', async () => {
		const { client, actor, user } = await paired();
		const id = await addDiaryEntry(ctx(actor), client.id, visit());
		await updateDiaryEntry(ctx(coordinator), client.id, id, {
			...visit({ description: 'Koordinaatori parandus' }),
			version: '1'
		});
		const e = await appError(
			updateDiaryEntry(ctx(actor), client.id, id, {
				...visit({ description: 'Vabatahtliku pikk ja hoolikas tekst' }),
				version: '1'
			})
		);
		expect(e).toMatchObject({ code: 'conflict', messageKey: 'diary.conflict' });
		const [entry] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, id));
		expect(entry).toMatchObject({ version: 2, description: 'Koordinaatori parandus' });
		// Nothing lost: the volunteer's text is their draft for this entry.
		const [draft] = await db()
			.select()
			.from(diaryDrafts)
			.where(and(eq(diaryDrafts.userId, user.id), eq(diaryDrafts.entryId, id)));
		expect(draft!.fields).toMatchObject({
			description: 'Vabatahtliku pikk ja hoolikas tekst',
			version: '1'
		});
		// The form shows the newer entry and the draft.
		const form = await diaryForm(ctx(actor), client.id, id);
		expect(form.entry!.description).toBe('Koordinaatori parandus');
		expect(form.draft!.fields.description).toBe('Vabatahtliku pikk ja hoolikas tekst');
		// Saving against the newer version goes through and clears the draft.
		await updateDiaryEntry(ctx(actor), client.id, id, {
			...visit({ description: 'Vabatahtliku pikk ja hoolikas tekst' }),
			version: '2'
		});
		expect(await db().select().from(diaryDrafts).where(eq(diaryDrafts.userId, user.id))).toEqual(
			[]
		);
	});

	it('a volunteer changes only their own entries (403, audited); the coordinator any', async () => {
		const { client, actor } = await paired('2026-10-01');
		const earlier = await seedVolunteer(db(), { countyId: county.id });
		const theirs = await seedDiaryEntry(db(), {
			clientId: client.id,
			volunteerId: earlier.id,
			contactDate: '2026-09-01'
		});
		const e = await appError(
			updateDiaryEntry(ctx(actor), client.id, theirs.id, { ...visit(), version: '1' })
		);
		expect(e.code).toBe('forbidden');
		const event = await lastEvent('diary.update');
		expect(event).toMatchObject({ outcome: 'denied' });
		expect(event!.details).toMatchObject({ diaryEntryId: theirs.id, reason: 'not_own_entry' });
		expect(
			(await appError(removeDiaryEntry(ctx(actor), client.id, theirs.id, { version: 1 }))).code
		).toBe('forbidden');
		expect((await appError(diaryForm(ctx(actor), client.id, theirs.id))).code).toBe('forbidden');
		// The page marks which entries they may change.
		const own = await addDiaryEntry(ctx(actor), client.id, visit());
		const rows = await listDiary(ctx(actor), client.id);
		expect(Object.fromEntries(rows.map((r) => [r.id, r.canEdit]))).toEqual({
			[own]: true,
			[theirs.id]: false
		});
	});
});

describe('removing an entry', () => {
	it('is soft: the row stays with who and when, leaves the diary, audited; a stale version conflicts', async () => {
		const { client, actor, user } = await paired();
		const id = await addDiaryEntry(ctx(actor), client.id, visit());
		expect(
			await appError(removeDiaryEntry(ctx(actor), client.id, id, { version: '2' }))
		).toMatchObject({ code: 'conflict', messageKey: 'diary.conflict' });
		await removeDiaryEntry(ctx(actor), client.id, id, { version: '1' });
		const [row] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, id));
		expect(row!.removedAt).toEqual(NOW);
		expect(row!.removedBy).toBe(user.id);
		expect((await listDiary(ctx(actor), client.id)).map((r) => r.id)).not.toContain(id);
		expect(await lastEvent('diary.remove')).toMatchObject({
			outcome: 'success',
			details: { diaryEntryId: id, version: 1 }
		});
		expect(
			await appError(removeDiaryEntry(ctx(actor), client.id, id, { version: '1' }))
		).toMatchObject({ code: 'conflict', messageKey: 'diary.entry_removed' });
		expect(
			await appError(updateDiaryEntry(ctx(actor), client.id, id, { ...visit(), version: '1' }))
		).toMatchObject({ code: 'conflict', messageKey: 'diary.entry_removed' });
	});
});

describe('drafts: a long entry is never lost', () => {
	it('a refused save keeps the form; "save as draft" keeps it on purpose; a save clears it', async () => {
		const { client, actor, user } = await paired();
		const long = 'Pikk kirjeldus. '.repeat(100);
		await appError(
			addDiaryEntry(ctx(actor), client.id, visit({ description: long, durationMinutes: '9999' }))
		);
		let form = await diaryForm(ctx(actor), client.id, null);
		expect(form.draft!.fields).toMatchObject({
			description: long,
			durationMinutes: '9999',
			helpProfiles: ['P3', 'P1']
		});
		expect(await lastEvent('diary.draft_save')).toMatchObject({
			outcome: 'success',
			details: { diaryEntryId: null, reason: 'invalid' }
		});
		// One draft per user, client and entry: the next save replaces it.
		await saveDiaryDraft(ctx(actor), client.id, null, visit({ description: 'Teine mustand' }));
		const drafts = await db().select().from(diaryDrafts).where(eq(diaryDrafts.userId, user.id));
		expect(drafts).toHaveLength(1);
		expect(drafts[0]!.fields.description).toBe('Teine mustand');
		// Another user never sees it.
		expect((await diaryForm(ctx(coordinator), client.id, null)).draft).toBeNull();
		expect(
			(await appError(saveDiaryDraft(ctx(actor), client.id, null, { description: ' ' }))).fields
		).toEqual({ description: 'diary.draft_empty' });
		await addDiaryEntry(ctx(actor), client.id, visit({ description: 'Teine mustand' }));
		form = await diaryForm(ctx(actor), client.id, null);
		expect(form.draft).toBeNull();
		await saveDiaryDraft(ctx(actor), client.id, null, visit());
		await discardDiaryDraft(ctx(actor), client.id, null);
		expect(await db().select().from(diaryDrafts).where(eq(diaryDrafts.userId, user.id))).toEqual(
			[]
		);
	});

	it('refuses drafts to those who may not write the diary (no draft is stored)', async () => {
		const { client } = await paired();
		expect((await appError(saveDiaryDraft(ctx(expert), client.id, null, visit()))).code).toBe(
			'forbidden'
		);
		expect(
			(await appError(saveDiaryDraft(ctx(otherCoordinator), client.id, null, visit()))).code
		).toBe('not_found');
		expect(
			await db().select().from(diaryDrafts).where(eq(diaryDrafts.clientId, client.id))
		).toEqual([]);
	});

	it('an expired session: the form logs in with the same login service and returns the actor', async () => {
		const { actor, user } = await paired();
		const resumed = await resumeSession(ctx(null), {
			email: user.email,
			password: 'pikk ja hea salasõna 2026',
			userAgent: null
		});
		expect(resumed.actor).toMatchObject({ userId: user.id, volunteerId: actor.volunteerId });
		expect(resumed.session.token).toBeTruthy();
		expect(
			await appError(
				resumeSession(ctx(null), { email: user.email, password: 'vale', userAgent: null })
			)
		).toMatchObject({ code: 'invalid', messageKey: 'auth.invalid_credentials' });
	});
});

describe('reading the diary', () => {
	it('pages newest first over 60 entries with no overlap; flagged ones first for the coordinator', async () => {
		const { client, volunteer, pairing, actor } = await paired('2026-01-01');
		const rows = Array.from({ length: 60 }, (_, i) => ({
			clientId: client.id,
			countyId: client.countyId,
			pairingId: pairing.id,
			volunteerId: volunteer.id,
			contactDate: `2026-${String(1 + Math.floor(i / 6)).padStart(2, '0')}-${String(1 + (i % 6) * 4).padStart(2, '0')}`,
			durationMinutes: 60,
			description: `Külastus ${i}`,
			flagged: i === 3,
			flagNote: i === 3 ? 'Vajab arsti' : null
		}));
		await db().insert(diaryEntries).values(rows);
		const p1 = await diaryPage(ctx(coordinator), client.id, { page: 1 });
		const p2 = await diaryPage(ctx(coordinator), client.id, { page: 2 });
		const p3 = await diaryPage(ctx(coordinator), client.id, { page: 3 });
		expect([p1.rows.length, p2.rows.length, p3.rows.length]).toEqual([25, 25, 10]);
		expect([p1.hasMore, p2.hasMore, p3.hasMore]).toEqual([true, true, false]);
		const all = [...p1.rows, ...p2.rows, ...p3.rows];
		expect(new Set(all.map((r) => r.id)).size).toBe(60);
		const dates = all.map((r) => r.contactDate);
		expect(dates).toEqual([...dates].sort().reverse());
		expect(p1.flagged.map((r) => r.description)).toEqual(['Külastus 3']);
		expect(p2.flagged).toEqual([]);
		// The volunteer reads the whole diary but has no "flagged for the coordinator" list.
		expect((await diaryPage(ctx(actor), client.id)).flagged).toEqual([]);
		// Marking it read takes it off; a volunteer may not.
		const flaggedId = p1.flagged[0]!.id;
		expect((await appError(markFlagSeen(ctx(actor), client.id, flaggedId))).code).toBe('forbidden');
		await markFlagSeen(ctx(coordinator), client.id, flaggedId);
		expect((await diaryPage(ctx(coordinator), client.id)).flagged).toEqual([]);
		expect(await lastEvent('diary.view')).toMatchObject({ details: { count: 25, page: 1 } });
	});
});

describe('who may write (deny tests)', () => {
	it('refuses a volunteer of another client, an ended pairing, a pairing not started yet (404)', async () => {
		const mine = await paired();
		const other = await seedClient(db(), { countyId: county.id });
		const ended = await paired('2026-01-01', { endsOn: '2026-11-01', status: 'ended' });
		const later = await paired('2026-11-24');
		for (const [actor, clientId] of [
			[mine.actor, other.id],
			[ended.actor, ended.client.id],
			[later.actor, later.client.id]
		] as const) {
			expect((await appError(addDiaryEntry(ctx(actor), clientId, visit()))).code).toBe('not_found');
			expect((await appError(listDiary(ctx(actor), clientId))).code).toBe('not_found');
			expect((await appError(diaryForm(ctx(actor), clientId, null))).code).toBe('not_found');
			expect(await lastEvent('diary.create')).toMatchObject({
				outcome: 'denied',
				entityId: clientId
			});
		}
		// An entry of the ended pairing can no longer be changed by its author either.
		const old = await seedDiaryEntry(db(), {
			clientId: ended.client.id,
			pairingId: ended.pairing.id,
			volunteerId: ended.volunteer.id,
			contactDate: '2026-10-01'
		});
		expect(
			(
				await appError(
					updateDiaryEntry(ctx(ended.actor), ended.client.id, old.id, { ...visit(), version: 1 })
				)
			).code
		).toBe('not_found');
	});

	it('refuses another county’s coordinator (404) and an expert, who may only read (403)', async () => {
		const { client, actor } = await paired();
		const id = await addDiaryEntry(ctx(actor), client.id, visit());
		expect((await appError(addDiaryEntry(ctx(otherCoordinator), client.id, visit()))).code).toBe(
			'not_found'
		);
		expect((await appError(listDiary(ctx(otherCoordinator), client.id))).code).toBe('not_found');
		expect((await appError(addDiaryEntry(ctx(expert), client.id, visit()))).code).toBe('forbidden');
		expect(
			(await appError(updateDiaryEntry(ctx(expert), client.id, id, { ...visit(), version: 1 })))
				.code
		).toBe('forbidden');
		expect(
			(await appError(removeDiaryEntry(ctx(expert), client.id, id, { version: 1 }))).code
		).toBe('forbidden');
		expect((await listDiary(ctx(expert), client.id)).map((r) => r.id)).toEqual([id]);
		// An entry id of another client is "not found".
		const elsewhere = await paired();
		expect(
			(
				await appError(
					updateDiaryEntry(ctx(coordinator), elsewhere.client.id, id, { ...visit(), version: 1 })
				)
			).code
		).toBe('not_found');
		const [row] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, id));
		expect(row).toMatchObject({ version: 1, removedAt: null });
	});
});
