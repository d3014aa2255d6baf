import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { auditEvents, clients, diaryEntries, pairings, volunteers } from '$lib/server/db/schema';
import {
	countyByName,
	seedClient,
	seedDiaryEntry,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { AppError } from '$lib/server/errors';
import type { ServiceContext } from '$lib/server/services/core/context';
import { createClient, getClient, updateClient } from '$lib/server/services/clients/clients';
import { listClients } from '$lib/server/services/clients/client-list';
import {
	getVolunteer,
	listVolunteers,
	updateVolunteer
} from '$lib/server/services/volunteers/volunteers';
import { createPairing, endPairing } from '$lib/server/services/pairings/pairing-lifecycle';
import { addDiaryEntry, listDiary, updateDiaryEntry } from '$lib/server/services/pairings/diary';
import { recordAudit } from '$lib/server/services/core/audit';
import { listAuditEvents } from '$lib/server/services/admin/audit-log';
import { downloadClients } from '$lib/server/services/reporting/list-downloads';
import { versionOf } from '../helpers/versions';
import { createEvent, getEvent, recordAttendance } from '$lib/server/services/programme/events';
import { respondToEvent } from '$lib/server/services/programme/event-answers';
import { addSupportEntry, volunteerSupport } from '$lib/server/services/programme/support';
import { addFollowUp } from '$lib/server/services/programme/meeting-follow-ups';
import {
	createPartnerMeeting,
	getPartnerMeeting
} from '$lib/server/services/programme/partner-meetings';
import { programmeEventParticipants, volunteerSupportEntries } from '$lib/server/db/schema';
import { stories, storyPeople } from '$lib/server/db/schema';
import { createStory, getStory, publishStory } from '$lib/server/services/stories/stories';
import { addStoryPerson } from '$lib/server/services/stories/people';
import { intakeItems, recruitmentChannels } from '$lib/server/db/schema';
import {
	createChannel,
	getChannel,
	updateChannel
} from '$lib/server/services/volunteers/recruitment-channels';
import {
	createIntakeItem,
	destroyIntakeItem,
	getIntakeItem
} from '$lib/server/services/intake/intake';
import { consents } from '$lib/server/db/schema';
import { clientConsents, recordClientConsent } from '$lib/server/services/retention/consents';
import { listRegister } from '$lib/server/services/retention/register';
import { retentionOverview } from '$lib/server/services/retention/rules';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const bodyText = (b: Uint8Array | string) =>
	typeof b === 'string' ? b : new TextDecoder().decode(b);

/**
 * Issue 2, "The access policy": the role × action × record table run against the real services
 * on the database (tests/unit/policy.test.ts checks the pure `can`). Every refusal must throw
 * "not found" (or "forbidden" for a record the actor may read but not change), leave an audit
 * event with outcome `denied`, and change nothing.
 *
 * County A is Harju, county B Tartu. V1 is the volunteer with an account:
 *   C1 (A) paired with V1 now · C2 (A) never paired with V1 · C3 (A) V1's pairing ended ·
 *   C4 (A) V1's pairing starts tomorrow · C5 (B).
 * The clock is fixed, so no test depends on the day it runs.
 */

const NOW = new Date('2025-06-15T09:00:00Z'); // 12:00 in Tallinn
const TODAY = '2025-06-15';
const TOMORROW = '2025-06-16';

type Outcome = 'ok' | '404' | '403';
const ROLES = [
	'admin',
	'coordinatorA',
	'coordinatorB',
	'expert',
	'volunteer',
	'noGrants',
	'anonymous'
] as const;
type Role = (typeof ROLES)[number];
const CLIENTS = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
type ClientKey = (typeof CLIENTS)[number];
type Row5 = readonly [Outcome, Outcome, Outcome, Outcome, Outcome];

/** Reads of a client and their file (client.view, diary.view). */
// prettier-ignore
const READ: Record<Role, Row5> = {
	//             C1     C2     C3     C4     C5
	admin:        ['ok',  'ok',  'ok',  'ok',  'ok'],
	coordinatorA: ['ok',  'ok',  'ok',  'ok',  '404'],
	coordinatorB: ['404', '404', '404', '404', 'ok'],
	expert:       ['ok',  'ok',  'ok',  'ok',  'ok'],
	volunteer:    ['ok',  '404', '404', '404', '404'],
	noGrants:     ['404', '404', '404', '404', '404'],
	anonymous:    ['404', '404', '404', '404', '404']
};

/** Changes only the county's coordinators and the administrator make (record, pairings). */
// prettier-ignore
const COORDINATOR_WRITE: Record<Role, Row5> = {
	//             C1     C2     C3     C4     C5
	admin:        ['ok',  'ok',  'ok',  'ok',  'ok'],
	coordinatorA: ['ok',  'ok',  'ok',  'ok',  '404'],
	coordinatorB: ['404', '404', '404', '404', 'ok'],
	expert:       ['403', '403', '403', '403', '403'],
	volunteer:    ['403', '404', '404', '404', '404'],
	noGrants:     ['404', '404', '404', '404', '404'],
	anonymous:    ['404', '404', '404', '404', '404']
};

/** Writing in the diary: the paired volunteer too. */
// prettier-ignore
const DIARY_WRITE: Record<Role, Row5> = {
	//             C1     C2     C3     C4     C5
	admin:        ['ok',  'ok',  'ok',  'ok',  'ok'],
	coordinatorA: ['ok',  'ok',  'ok',  'ok',  '404'],
	coordinatorB: ['404', '404', '404', '404', 'ok'],
	expert:       ['403', '403', '403', '403', '403'],
	volunteer:    ['ok',  '404', '404', '404', '404'],
	noGrants:     ['404', '404', '404', '404', '404'],
	anonymous:    ['404', '404', '404', '404', '404']
};

/**
 * Changing one diary entry (policy `diary_entry:edit`): E1 V1's own on C1 (V1 paired now), E2 by
 * VA, another volunteer of C1, E3 V1's own on C3 (the pairing ended), E4 by VB on C5 (county B).
 * A volunteer reads the whole diary but changes only their own entries (403).
 */
const ENTRIES = ['E1', 'E2', 'E3', 'E4'] as const;
type EntryKey = (typeof ENTRIES)[number];
// prettier-ignore
const DIARY_ENTRY_EDIT: Record<Role, readonly [Outcome, Outcome, Outcome, Outcome]> = {
	//             E1     E2     E3     E4
	admin:        ['ok',  'ok',  'ok',  'ok'],
	coordinatorA: ['ok',  'ok',  'ok',  '404'],
	coordinatorB: ['404', '404', '404', 'ok'],
	expert:       ['403', '403', '403', '403'],
	volunteer:    ['ok',  '403', '404', '404'],
	noGrants:     ['404', '404', '404', '404'],
	anonymous:    ['404', '404', '404', '404']
};

const VOLUNTEERS = ['V1', 'VA', 'VB'] as const; // V1 (the volunteer themself), VA in A, VB in B
type VolunteerKey = (typeof VOLUNTEERS)[number];
type Row3 = readonly [Outcome, Outcome, Outcome];

/** Reading a volunteer record: the volunteer reads their own. */
// prettier-ignore
const VOLUNTEER_READ: Record<Role, Row3> = {
	//             V1     VA     VB
	admin:        ['ok',  'ok',  'ok'],
	coordinatorA: ['ok',  'ok',  '404'],
	coordinatorB: ['404', '404', 'ok'],
	expert:       ['ok',  'ok',  'ok'],
	volunteer:    ['ok',  '404', '404'],
	noGrants:     ['404', '404', '404'],
	anonymous:    ['404', '404', '404']
};

/** Changing a volunteer record: never the volunteer themself (403: they can read it). */
// prettier-ignore
const VOLUNTEER_WRITE: Record<Role, Row3> = {
	//             V1     VA     VB
	admin:        ['ok',  'ok',  'ok'],
	coordinatorA: ['ok',  'ok',  '404'],
	coordinatorB: ['404', '404', 'ok'],
	expert:       ['403', '403', '403'],
	volunteer:    ['403', '404', '404'],
	noGrants:     ['404', '404', '404'],
	anonymous:    ['404', '404', '404']
};

/** Creating a client in county A / county B. */
// prettier-ignore
const CREATE_CLIENT: Record<Role, readonly [Outcome, Outcome]> = {
	//             A      B
	admin:        ['ok',  'ok'],
	coordinatorA: ['ok',  '404'],
	coordinatorB: ['404', 'ok'],
	expert:       ['404', '404'],
	volunteer:    ['404', '404'],
	noGrants:     ['404', '404'],
	anonymous:    ['404', '404']
};

/** Which records a list or download holds: everything, one county's, the volunteer's own, none. */
type Reach = 'all' | 'countyA' | 'countyB' | 'ownClients' | '404';
const LIST_CLIENTS: Record<Role, Reach> = {
	admin: 'all',
	coordinatorA: 'countyA',
	coordinatorB: 'countyB',
	expert: 'all',
	volunteer: 'ownClients',
	noGrants: '404',
	anonymous: '404'
};
const EXPORT_CLIENTS: Record<Role, Reach> = {
	admin: 'all',
	coordinatorA: 'countyA',
	coordinatorB: 'countyB',
	expert: 'all',
	volunteer: '404',
	noGrants: '404',
	anonymous: '404'
};
const LIST_VOLUNTEERS: Record<Role, Reach> = {
	admin: 'all',
	coordinatorA: 'countyA',
	coordinatorB: 'countyB',
	expert: 'all',
	volunteer: '404',
	noGrants: '404',
	anonymous: '404'
};
const LIST_AUDIT: Record<Role, Reach> = {
	admin: 'all',
	coordinatorA: 'countyA',
	coordinatorB: 'countyB',
	expert: '404',
	volunteer: '404',
	noGrants: '404',
	anonymous: '404'
};

// --- The world --------------------------------------------------------------------------------

let t: TestDatabase;
let countyA: string;
let countyB: string;
const actors = {} as Record<Role, Actor | null>;
const clientIds = {} as Record<ClientKey, string>;
const volunteerIds = {} as Record<VolunteerKey, string>;
let v1PairingWithC1: string;
let v1PairingWithC3: string;

beforeAll(async () => {
	t = await createTestDatabase();
	const db = t.handle.db;
	countyA = (await countyByName(db, 'Harju maakond')).id;
	countyB = (await countyByName(db, 'Tartu maakond')).id;

	const v1 = await seedVolunteer(db, { countyId: countyA });
	const va = await seedVolunteer(db, { countyId: countyA });
	const vb = await seedVolunteer(db, { countyId: countyB });
	Object.assign(volunteerIds, { V1: v1.id, VA: va.id, VB: vb.id });

	actors.admin = (await seedUser(db, { grants: [{ role: 'admin' }] })).actor;
	actors.coordinatorA = (
		await seedUser(db, { grants: [{ role: 'coordinator', countyId: countyA }] })
	).actor;
	actors.coordinatorB = (
		await seedUser(db, { grants: [{ role: 'coordinator', countyId: countyB }] })
	).actor;
	actors.expert = (await seedUser(db, { grants: [{ role: 'expert' }] })).actor;
	actors.volunteer = (
		await seedUser(db, { grants: [{ role: 'volunteer', volunteerId: v1.id }] })
	).actor;
	actors.noGrants = (await seedUser(db, {})).actor;
	actors.anonymous = null;

	const c1 = await seedClient(db, {
		countyId: countyA,
		status: 'paired',
		isikukood: '49403136515',
		dateOfBirth: '1994-03-13',
		notes: 'Märkused'
	});
	const c2 = await seedClient(db, { countyId: countyA, isikukood: '38001085718' });
	const c3 = await seedClient(db, { countyId: countyA });
	const c4 = await seedClient(db, { countyId: countyA, status: 'paired' });
	const c5 = await seedClient(db, { countyId: countyB });
	Object.assign(clientIds, { C1: c1.id, C2: c2.id, C3: c3.id, C4: c4.id, C5: c5.id });

	v1PairingWithC1 = (
		await seedPairing(db, { clientId: c1.id, volunteerId: v1.id, startsOn: '2025-01-10' })
	).id;
	v1PairingWithC3 = (
		await seedPairing(db, {
			clientId: c3.id,
			volunteerId: v1.id,
			startsOn: '2024-09-01',
			endsOn: '2025-03-01'
		})
	).id;
	await seedPairing(db, { clientId: c4.id, volunteerId: v1.id, startsOn: TOMORROW });
});

afterAll(async () => {
	await t?.close();
});

// --- Issue 22: experience stories ------------------------------------------------------------

/** Stories of county A and county B: S_A, S_B. Names and consents: the county's coordinators. */
// prettier-ignore
const STORY_ACCESS: Record<Role, readonly [Outcome, Outcome]> = {
	//             S_A    S_B
	admin:        ['ok',  'ok'],
	coordinatorA: ['ok',  '404'],
	coordinatorB: ['404', 'ok'],
	expert:       ['404', '404'],
	volunteer:    ['404', '404'],
	noGrants:     ['404', '404'],
	anonymous:    ['404', '404']
};

describe('issue 22: experience stories by role', () => {
	const ids = {} as Record<'A' | 'B', string>;
	const KEYS = ['A', 'B'] as const;
	beforeAll(async () => {
		const admin = ctxOf('admin');
		for (const key of KEYS) {
			ids[key] = await createStory(admin, {
				countyId: key === 'A' ? countyA : countyB,
				title: `Lugu ${key}`,
				body: 'Tekst',
				language: 'et',
				author: 'Autor'
			});
		}
	});
	const storyState = (id: string) => t.handle.db.select().from(stories).where(eq(stories.id, id));

	describe.each(ROLES)('as %s', (role) => {
		it.each(KEYS.map((k, i) => [k, i] as const))('getStory S_%s', async (key, i) => {
			const ctx = ctxOf(role);
			await expectOutcome(cell(STORY_ACCESS[role], i), ctx, () => getStory(ctx, ids[key]), {
				auditAction: 'story.view',
				entityId: ids[key]
			});
		});

		it.each(KEYS.map((k, i) => [k, i] as const))('addStoryPerson S_%s', async (key, i) => {
			const ctx = ctxOf(role);
			const who = key === 'A' ? volunteerIds.VA : volunteerIds.VB;
			await expectOutcome(
				cell(STORY_ACCESS[role], i),
				ctx,
				async () => {
					await addStoryPerson(ctx, ids[key], { person: `volunteer:${who}` });
					// Taken off again, so the next role starts from the same state.
					await t.handle.db.delete(storyPeople).where(eq(storyPeople.storyId, ids[key]));
				},
				{
					auditAction: 'story.person_add',
					entityId: ids[key],
					state: () =>
						t.handle.db.select().from(storyPeople).where(eq(storyPeople.storyId, ids[key]))
				}
			);
		});

		it.each(KEYS.map((k, i) => [k, i] as const))('publishStory S_%s', async (key, i) => {
			const ctx = ctxOf(role);
			const [row] = await storyState(ids[key]);
			await expectOutcome(
				cell(STORY_ACCESS[role], i),
				ctx,
				async () => {
					await publishStory(ctx, ids[key], {
						anonymous: 'yes',
						namesRemoved: 'on',
						version: row!.version
					});
					// Taken down again, so the next role starts from the same state.
					const [after] = await storyState(ids[key]);
					await t.handle.db
						.update(stories)
						.set({ publishedAt: null, publishedBy: null })
						.where(eq(stories.id, after!.id));
				},
				{ auditAction: 'story.publish', entityId: ids[key], state: () => storyState(ids[key]) }
			);
		});
	});
});

// --- Issue 22: recruitment channels and the intake inbox ------------------------------------

/** Channels and intake items of county A and county B: the county's coordinators only. */
// prettier-ignore
const COUNTY_RECORD_ACCESS: Record<Role, readonly [Outcome, Outcome]> = {
	//             A      B
	admin:        ['ok',  'ok'],
	coordinatorA: ['ok',  '404'],
	coordinatorB: ['404', 'ok'],
	expert:       ['404', '404'],
	volunteer:    ['404', '404'],
	noGrants:     ['404', '404'],
	anonymous:    ['404', '404']
};

describe('issue 22: recruitment channels and intake items by role', () => {
	const channel = {} as Record<'A' | 'B', string>;
	const intake = {} as Record<'A' | 'B', string>;
	const KEYS = ['A', 'B'] as const;
	beforeAll(async () => {
		const admin = ctxOf('admin');
		for (const key of KEYS) {
			const countyId = key === 'A' ? countyA : countyB;
			channel[key] = await createChannel(admin, { countyId, name: `Kanal ${key}`, kind: 'poster' });
			intake[key] = await createIntakeItem(admin, {
				countyId,
				source: 'paper',
				receivedOn: '2025-06-01',
				note: `Teade ${key}`
			});
		}
	});
	const channelState = (id: string) =>
		t.handle.db.select().from(recruitmentChannels).where(eq(recruitmentChannels.id, id));
	const intakeState = (id: string) =>
		t.handle.db.select().from(intakeItems).where(eq(intakeItems.id, id));

	describe.each(ROLES)('as %s', (role) => {
		it.each(KEYS.map((k, i) => [k, i] as const))('getChannel %s', async (key, i) => {
			const ctx = ctxOf(role);
			await expectOutcome(
				cell(COUNTY_RECORD_ACCESS[role], i),
				ctx,
				() => getChannel(ctx, channel[key]),
				{
					auditAction: 'channel.view',
					entityId: channel[key]
				}
			);
		});

		it.each(KEYS.map((k, i) => [k, i] as const))('updateChannel %s', async (key, i) => {
			const ctx = ctxOf(role);
			const [row] = await channelState(channel[key]);
			await expectOutcome(
				cell(COUNTY_RECORD_ACCESS[role], i),
				ctx,
				() =>
					updateChannel(ctx, channel[key], {
						name: row!.name,
						kind: 'poster',
						version: String(row!.version)
					}),
				{
					auditAction: 'channel.update',
					entityId: channel[key],
					state: () => channelState(channel[key])
				}
			);
		});

		it.each(KEYS.map((k, i) => [k, i] as const))('getIntakeItem %s', async (key, i) => {
			const ctx = ctxOf(role);
			await expectOutcome(
				cell(COUNTY_RECORD_ACCESS[role], i),
				ctx,
				() => getIntakeItem(ctx, intake[key]),
				{ auditAction: 'intake.view', entityId: intake[key] }
			);
		});

		it.each(KEYS.map((k, i) => [k, i] as const))('destroyIntakeItem %s', async (key, i) => {
			const ctx = ctxOf(role);
			const expected = cell(COUNTY_RECORD_ACCESS[role], i);
			const [row] = await intakeState(intake[key]);
			await expectOutcome(
				expected,
				ctx,
				async () => {
					await destroyIntakeItem(ctx, intake[key], {
						version: String(row!.version),
						confirm: 'on'
					});
					// Made again, so the next role starts from the same state.
					intake[key] = await createIntakeItem(ctxOf('admin'), {
						countyId: key === 'A' ? countyA : countyB,
						source: 'paper',
						receivedOn: '2025-06-01',
						note: `Teade ${key}`
					});
				},
				{
					auditAction: 'intake.destroy',
					entityId: intake[key],
					state: () => intakeState(intake[key])
				}
			);
		});
	});
});

// --- Issue 24: consents and the destruction register --------------------------------------------

/** A client's consents: read as the consent state is (no volunteer); changed as the record is. */
// prettier-ignore
const CONSENT_READ: Record<Role, Row5> = {
	//             C1     C2     C3     C4     C5
	admin:        ['ok',  'ok',  'ok',  'ok',  'ok'],
	coordinatorA: ['ok',  'ok',  'ok',  'ok',  '404'],
	coordinatorB: ['404', '404', '404', '404', 'ok'],
	expert:       ['ok',  'ok',  'ok',  'ok',  'ok'],
	volunteer:    ['403', '404', '404', '404', '404'],
	noGrants:     ['404', '404', '404', '404', '404'],
	anonymous:    ['404', '404', '404', '404', '404']
};

/** The destruction register (its rows scoped to the actor's counties) and the rules page. */
// prettier-ignore
const RETENTION: Record<Role, readonly [Outcome, Outcome]> = {
	//             register  rules
	admin:        ['ok',     'ok'],
	coordinatorA: ['ok',     '404'],
	coordinatorB: ['ok',     '404'],
	expert:       ['404',    '404'],
	volunteer:    ['404',    '404'],
	noGrants:     ['404',    '404'],
	anonymous:    ['404',    '404']
};

describe('issue 24: consents and retention by role', () => {
	const consentsOf = (clientId: string) =>
		t.handle.db.select().from(consents).where(eq(consents.clientId, clientId)).orderBy(consents.id);
	describe.each(ROLES)('as %s', (role) => {
		it.each(CLIENTS.map((k, i) => [k, i] as const))('clientConsents %s', async (key, i) => {
			const ctx = ctxOf(role);
			await expectOutcome(
				cell(CONSENT_READ[role], i),
				ctx,
				() => clientConsents(ctx, clientIds[key]),
				{
					auditAction: 'consent.list',
					entityId: clientIds[key]
				}
			);
		});

		it.each(CLIENTS.map((k, i) => [k, i] as const))('recordClientConsent %s', async (key, i) => {
			const ctx = ctxOf(role);
			const id = clientIds[key];
			await expectOutcome(
				cell(COORDINATOR_WRITE[role], i),
				ctx,
				async () => {
					await recordClientConsent(ctx, id, {
						purpose: 'survey_research',
						method: 'paper_scan',
						textVersion: '2024-1',
						givenOn: '2025-06-01'
					});
					// Taken off again, so the next role starts from the same state.
					await t.handle.db
						.delete(consents)
						.where(and(eq(consents.clientId, id), eq(consents.purpose, 'survey_research')));
				},
				{ auditAction: 'consent.record', entityId: id, state: () => consentsOf(id) }
			);
		});

		it('listRegister', async () => {
			const ctx = ctxOf(role);
			await expectOutcome(cell(RETENTION[role], 0), ctx, () => listRegister(ctx), {
				auditAction: 'retention.register_view'
			});
		});

		it('retentionOverview', async () => {
			const ctx = ctxOf(role);
			await expectOutcome(cell(RETENTION[role], 1), ctx, () => retentionOverview(ctx), {
				auditAction: 'retention.view'
			});
		});
	});
});

// --- Helpers ----------------------------------------------------------------------------------

function ctxOf(role: Role): ServiceContext {
	return t.ctx(actors[role], { now: NOW });
}

async function eventsOf(requestId: string) {
	return t.handle.db.select().from(auditEvents).where(eq(auditEvents.requestId, requestId));
}

interface Expectation {
	/** The audit action the service records, allowed or denied. */
	auditAction: string;
	/** The record the event is about (omitted for lists). */
	entityId?: string;
	/** Reads what the call must leave untouched when refused. */
	state?: () => Promise<unknown>;
}

/**
 * Runs `call` as `ctx` and checks the outcome: allowed calls succeed and are audited; refused
 * ones throw the right AppError, are audited as `denied` and change nothing.
 */
async function expectOutcome<T>(
	expected: Outcome,
	ctx: ServiceContext,
	call: () => Promise<T>,
	e: Expectation
): Promise<T | undefined> {
	const before = e.state ? await e.state() : undefined;
	const result = await call().then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error })
	);
	const events = await eventsOf(ctx.requestId);
	if (expected === 'ok') {
		if (!result.ok) throw result.error;
		expect(events.filter((ev) => ev.outcome === 'denied')).toEqual([]);
		expect(events.map((ev) => [ev.action, ev.outcome])).toContainEqual([e.auditAction, 'success']);
		return result.value;
	}
	expect(result.ok, 'the call should have been refused').toBe(false);
	const error = (result as { error: unknown }).error;
	expect(error).toBeInstanceOf(AppError);
	expect((error as AppError).code).toBe(expected === '404' ? 'not_found' : 'forbidden');
	const denied = events.filter((ev) => ev.outcome === 'denied');
	expect(denied.map((ev) => ev.action)).toContain(e.auditAction);
	for (const ev of denied) {
		expect(ev.actorUserId).toBe(ctx.actor?.userId ?? null);
		expect(ev.requestId).toBe(ctx.requestId);
		expect(ev.ip).toBe(ctx.ip);
		if (e.entityId) expect(ev.entityId).toBe(e.entityId);
	}
	expect(events.filter((ev) => ev.outcome === 'success')).toEqual([]);
	if (e.state) expect(await e.state()).toEqual(before);
	return undefined;
}

const clientRow = (id: string) =>
	t.handle.db
		.select()
		.from(clients)
		.where(eq(clients.id, id))
		.then((r) => r[0]);
const volunteerRow = (id: string) =>
	t.handle.db
		.select()
		.from(volunteers)
		.where(eq(volunteers.id, id))
		.then((r) => r[0]);
const pairingsOf = (clientId: string) =>
	t.handle.db.select().from(pairings).where(eq(pairings.clientId, clientId)).orderBy(pairings.id);
const diaryOf = (clientId: string) =>
	t.handle.db
		.select()
		.from(diaryEntries)
		.where(eq(diaryEntries.clientId, clientId))
		.orderBy(diaryEntries.id);
const allClientIds = () =>
	t.handle.db
		.select({ id: clients.id })
		.from(clients)
		.orderBy(clients.id)
		.then((r) => r.map((x) => x.id));

/** The form an edit page would post: every field, the phone changed. */
async function clientEdit(id: string) {
	const row = (await clientRow(id))!;
	return {
		municipalityId: row.municipalityId ?? '',
		firstName: row.firstName ?? '',
		lastName: row.lastName ?? '',
		phone: `+372 5${Math.floor(Math.random() * 1e6)}`,
		dateOfBirth: row.dateOfBirth ?? '',
		notes: row.notes ?? ''
	};
}

/** One cell of a table row (the rows are tuples; the index comes from describe.each). */
function cell<T>(row: readonly T[], i: number): T {
	const value = row[i];
	if (value === undefined) throw new Error(`no cell ${i}`);
	return value;
}

const countyOf = (key: ClientKey) => (key === 'C5' ? countyB : countyA);

// --- Records of one client ----------------------------------------------------------------------

describe.each(ROLES)('as %s, on each client', (role) => {
	describe.each(CLIENTS.map((key, i) => [key, i] as const))('%s', (key, i) => {
		it(`getClient → ${cell(READ[role], i)}`, async () => {
			const id = clientIds[key];
			const ctx = ctxOf(role);
			const view = await expectOutcome(cell(READ[role], i), ctx, () => getClient(ctx, id), {
				auditAction: 'client.view',
				entityId: id
			});
			if (view) expect(view.id).toBe(id);
		});

		it(`listDiary → ${cell(READ[role], i)}`, async () => {
			const id = clientIds[key];
			const ctx = ctxOf(role);
			await expectOutcome(cell(READ[role], i), ctx, () => listDiary(ctx, id), {
				auditAction: 'diary.view',
				entityId: id
			});
		});

		it(`updateClient → ${cell(COORDINATOR_WRITE[role], i)}`, async () => {
			const id = clientIds[key];
			const ctx = ctxOf(role);
			const input = await clientEdit(id);
			await expectOutcome(
				cell(COORDINATOR_WRITE[role], i),
				ctx,
				async () =>
					updateClient(ctx, id, { ...input, version: await versionOf(t.handle.db, 'client', id) }),
				{
					auditAction: 'client.update',
					entityId: id,
					state: () => clientRow(id)
				}
			);
			if (cell(COORDINATOR_WRITE[role], i) === 'ok')
				expect((await clientRow(id))!.phone).toBe(input.phone);
		});

		it(`addDiaryEntry → ${cell(DIARY_WRITE[role], i)}`, async () => {
			const id = clientIds[key];
			const ctx = ctxOf(role);
			const entry = { contactDate: TODAY, durationMinutes: 45, description: 'Käisime jalutamas.' };
			const entryId = await expectOutcome(
				cell(DIARY_WRITE[role], i),
				ctx,
				() => addDiaryEntry(ctx, id, entry),
				{ auditAction: 'diary.create', entityId: id, state: () => diaryOf(id) }
			);
			if (entryId) expect((await diaryOf(id)).map((d) => d.id)).toContain(entryId);
		});

		it(`createPairing → ${cell(COORDINATOR_WRITE[role], i)}`, async () => {
			const id = clientIds[key];
			const ctx = ctxOf(role);
			const fresh = await seedVolunteer(t.handle.db, { countyId: countyOf(key) });
			const pairingId = await expectOutcome(
				cell(COORDINATOR_WRITE[role], i),
				ctx,
				() => createPairing(ctx, id, { volunteerId: fresh.id, startsOn: TODAY }),
				{
					auditAction: 'pairing.create',
					entityId: id,
					state: async () => ({ client: await clientRow(id), pairings: await pairingsOf(id) })
				}
			);
			if (pairingId) {
				const [p] = await t.handle.db.select().from(pairings).where(eq(pairings.id, pairingId));
				expect(p).toMatchObject({ clientId: id, volunteerId: fresh.id, status: 'active' });
			}
		});

		it(`endPairing → ${cell(COORDINATOR_WRITE[role], i)}`, async () => {
			const id = clientIds[key];
			const ctx = ctxOf(role);
			const fresh = await seedVolunteer(t.handle.db, { countyId: countyOf(key) });
			const pairing = await seedPairing(t.handle.db, {
				clientId: id,
				volunteerId: fresh.id,
				startsOn: '2025-03-01'
			});
			await expectOutcome(
				cell(COORDINATOR_WRITE[role], i),
				ctx,
				async () =>
					endPairing(ctx, pairing.id, {
						version: await versionOf(t.handle.db, 'pairing', pairing.id),
						endsOn: TODAY,
						reason: 'Kolis ära'
					}),
				{
					auditAction: 'pairing.end',
					entityId: pairing.id,
					state: async () => ({ client: await clientRow(id), pairings: await pairingsOf(id) })
				}
			);
			const [after] = await t.handle.db.select().from(pairings).where(eq(pairings.id, pairing.id));
			expect(after!.status).toBe(cell(COORDINATOR_WRITE[role], i) === 'ok' ? 'ended' : 'active');
		});
	});
});

it('a volunteer may not end their own pairing (403: they see the client, not the pairing rights)', async () => {
	const ctx = ctxOf('volunteer');
	await expectOutcome(
		'403',
		ctx,
		async () =>
			endPairing(ctx, v1PairingWithC1, {
				version: await versionOf(t.handle.db, 'pairing', v1PairingWithC1),
				endsOn: TODAY,
				reason: 'Ei soovi jätkata'
			}),
		{
			auditAction: 'pairing.end',
			entityId: v1PairingWithC1,
			state: () => pairingsOf(clientIds.C1)
		}
	);
});

it('ids that are not there and ids that are not uuids look the same as hidden ones', async () => {
	for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
		const admin = ctxOf('admin');
		await expectOutcome('404', admin, () => getClient(admin, id), {
			auditAction: 'client.view',
			entityId: id
		});
		const coordinator = ctxOf('coordinatorA');
		await expectOutcome(
			'404',
			coordinator,
			() => endPairing(coordinator, id, { version: 1, endsOn: TODAY, reason: 'x' }),
			{ auditAction: 'pairing.end', entityId: id }
		);
	}
});

// --- One diary entry -------------------------------------------------------------------------

describe('changing one diary entry: its author, or those who manage the diary', () => {
	const entries = {} as Record<EntryKey, { id: string; clientId: string; contactDate: string }>;
	const entryRow = (id: string) =>
		t.handle.db
			.select()
			.from(diaryEntries)
			.where(eq(diaryEntries.id, id))
			.then((r) => r[0]);

	beforeAll(async () => {
		const db = t.handle.db;
		const seed = async (
			clientId: string,
			volunteerId: string,
			pairingId: string | null,
			contactDate: string
		) => {
			const row = await seedDiaryEntry(db, { clientId, volunteerId, pairingId, contactDate });
			return { id: row.id, clientId, contactDate };
		};
		entries.E1 = await seed(clientIds.C1, volunteerIds.V1, v1PairingWithC1, '2025-06-01');
		entries.E2 = await seed(clientIds.C1, volunteerIds.VA, null, '2025-01-05');
		entries.E3 = await seed(clientIds.C3, volunteerIds.V1, v1PairingWithC3, '2025-02-01');
		entries.E4 = await seed(clientIds.C5, volunteerIds.VB, null, '2025-06-01');
	});

	describe.each(ROLES)('as %s', (role) => {
		it.each(ENTRIES.map((key, i) => [key, i] as const))('updateDiaryEntry %s', async (key, i) => {
			const expected = cell(DIARY_ENTRY_EDIT[role], i);
			const { id, clientId, contactDate } = entries[key];
			const ctx = ctxOf(role);
			const description = `Parandus (${role})`;
			await expectOutcome(
				expected,
				ctx,
				async () =>
					updateDiaryEntry(ctx, clientId, id, {
						contactDate,
						durationMinutes: 45,
						description,
						version: (await entryRow(id))!.version
					}),
				{ auditAction: 'diary.update', entityId: clientId, state: () => entryRow(id) }
			);
			if (expected === 'ok') expect((await entryRow(id))!.description).toBe(description);
			// The expert is refused on the client (`diary:update`), the volunteer on the entry.
			if (expected === '403' && role === 'volunteer') {
				const [denied] = (await eventsOf(ctx.requestId)).filter((e) => e.outcome === 'denied');
				expect(denied!.details).toMatchObject({ diaryEntryId: id, reason: 'not_own_entry' });
			}
		});
	});
});

// --- Volunteer records ------------------------------------------------------------------------

describe.each(ROLES)('as %s, on each volunteer record', (role) => {
	describe.each(VOLUNTEERS.map((key, i) => [key, i] as const))('%s', (key, i) => {
		it(`getVolunteer → ${cell(VOLUNTEER_READ[role], i)}`, async () => {
			const id = volunteerIds[key];
			const ctx = ctxOf(role);
			await expectOutcome(cell(VOLUNTEER_READ[role], i), ctx, () => getVolunteer(ctx, id), {
				auditAction: 'volunteer.view',
				entityId: id
			});
		});

		it(`updateVolunteer → ${cell(VOLUNTEER_WRITE[role], i)}`, async () => {
			const id = volunteerIds[key];
			const ctx = ctxOf(role);
			const row = (await volunteerRow(id))!;
			const input = {
				municipalityId: row.municipalityId ?? '',
				firstName: row.firstName,
				lastName: row.lastName,
				email: row.email ?? '',
				phone: `+372 5${Math.floor(Math.random() * 1e6)}`,
				dateOfBirth: row.dateOfBirth ?? '',
				status: row.status,
				maxClients: String(row.maxClients)
			};
			await expectOutcome(
				cell(VOLUNTEER_WRITE[role], i),
				ctx,
				async () =>
					updateVolunteer(ctx, id, {
						...input,
						version: await versionOf(t.handle.db, 'volunteer', id)
					}),
				{
					auditAction: 'volunteer.update',
					entityId: id,
					state: () => volunteerRow(id)
				}
			);
			if (cell(VOLUNTEER_WRITE[role], i) === 'ok')
				expect((await volunteerRow(id))!.phone).toBe(input.phone);
		});
	});
});

// --- Creating in a county ---------------------------------------------------------------------

describe.each(ROLES)('as %s, createClient', (role) => {
	it.each([
		['A', 0],
		['B', 1]
	] as const)('in county %s', async (county, i) => {
		const ctx = ctxOf(role);
		const countyId = county === 'A' ? countyA : countyB;
		const id = await expectOutcome(
			cell(CREATE_CLIENT[role], i),
			ctx,
			() =>
				createClient(ctx, { countyId, municipalityId: '', firstName: 'Uus', lastName: 'Klient' }),
			{ auditAction: 'client.create', state: allClientIds }
		);
		if (id) expect((await clientRow(id))!.countyId).toBe(countyId);
	});
});

// --- Lists and downloads: which records appear ------------------------------------------------

async function expectedClientIds(reach: Reach): Promise<string[]> {
	const db = t.handle.db;
	switch (reach) {
		case 'all':
			return allClientIds();
		case 'countyA':
		case 'countyB': {
			const county = reach === 'countyA' ? countyA : countyB;
			const rows = await db
				.select({ id: clients.id })
				.from(clients)
				.where(eq(clients.countyId, county));
			return rows.map((r) => r.id).sort();
		}
		case 'ownClients':
			return [clientIds.C1];
		case '404':
			return [];
	}
}

async function expectedVolunteerIds(reach: Reach): Promise<string[]> {
	const db = t.handle.db;
	const rows =
		reach === 'all'
			? await db.select({ id: volunteers.id }).from(volunteers)
			: await db
					.select({ id: volunteers.id })
					.from(volunteers)
					.where(eq(volunteers.countyId, reach === 'countyA' ? countyA : countyB));
	return rows.map((r) => r.id).sort();
}

describe.each(ROLES)('as %s, lists and downloads', (role) => {
	it(`listClients → ${LIST_CLIENTS[role]}`, async () => {
		const ctx = ctxOf(role);
		const list = await expectOutcome(
			LIST_CLIENTS[role] === '404' ? '404' : 'ok',
			ctx,
			() => listClients(ctx, { pageSize: 100 }),
			{ auditAction: 'client.list' }
		);
		if (list) {
			expect(list.hasMore).toBe(false);
			expect(list.rows.map((r) => r.id).sort()).toEqual(
				await expectedClientIds(LIST_CLIENTS[role])
			);
		}
	});

	it(`downloadClients (CSV) → ${EXPORT_CLIENTS[role]}`, async () => {
		const ctx = ctxOf(role);
		const csv = await expectOutcome(
			EXPORT_CLIENTS[role] === '404' ? '404' : 'ok',
			ctx,
			async () => bodyText((await downloadClients(ctx, {}, 'csv')).body),
			{ auditAction: 'client.export' }
		);
		if (csv) {
			const ids = csv
				.replace(/^\uFEFF/, '')
				.trim()
				.split('\r\n')
				.slice(1)
				.map((line) => line.split(';')[0]!)
				.sort();
			expect(ids).toEqual(await expectedClientIds(EXPORT_CLIENTS[role]));
		}
	});

	it(`listVolunteers → ${LIST_VOLUNTEERS[role]}`, async () => {
		const ctx = ctxOf(role);
		const list = await expectOutcome(
			LIST_VOLUNTEERS[role] === '404' ? '404' : 'ok',
			ctx,
			() => listVolunteers(ctx, { pageSize: 100 }),
			{ auditAction: 'volunteer.list' }
		);
		if (list) {
			expect(list.hasMore).toBe(false);
			expect(list.rows.map((r) => r.id).sort()).toEqual(
				await expectedVolunteerIds(LIST_VOLUNTEERS[role])
			);
		}
	});

	it(`listAuditEvents → ${LIST_AUDIT[role]}`, async () => {
		// Three marked events: one in each county and one that belongs to no county.
		const marker = `test.matrix_${role}`;
		const seed = t.ctx(null, { now: NOW });
		for (const countyId of [countyA, countyB, null]) {
			await recordAudit(t.handle.db, seed, { action: marker, countyId });
		}
		const ctx = ctxOf(role);
		const page = await expectOutcome(
			LIST_AUDIT[role] === '404' ? '404' : 'ok',
			ctx,
			() => listAuditEvents(ctx, { action: marker }),
			{ auditAction: 'audit.view' }
		);
		if (page) {
			const expected =
				LIST_AUDIT[role] === 'all'
					? [countyA, countyB, null]
					: [LIST_AUDIT[role] === 'countyA' ? countyA : countyB];
			expect(page.rows.map((r) => r.countyId).sort()).toEqual(expected.sort());
		}
	});
});

describe('what the lists hold, in plain words', () => {
	it('the volunteer’s list is exactly C1, their one client with a pairing active today', async () => {
		const list = await listClients(ctxOf('volunteer'), { pageSize: 100 });
		expect(list.rows.map((r) => r.id)).toEqual([clientIds.C1]);
	});

	it('coordinator A’s list holds county A only, C1–C4 among them; the expert’s holds all', async () => {
		const a = (await listClients(ctxOf('coordinatorA'), { pageSize: 100 })).rows.map((r) => r.id);
		expect(a).toEqual(
			expect.arrayContaining([clientIds.C1, clientIds.C2, clientIds.C3, clientIds.C4])
		);
		expect(a).not.toContain(clientIds.C5);
		const rows = await t.handle.db
			.select({ countyId: clients.countyId })
			.from(clients)
			.where(inArray(clients.id, a));
		expect(new Set(rows.map((r) => r.countyId))).toEqual(new Set([countyA]));
		const all = (await listClients(ctxOf('expert'), { pageSize: 100 })).rows.map((r) => r.id);
		expect(all).toEqual(expect.arrayContaining(Object.values(clientIds)));
	});

	it('a coordinator filtering by another county gets nothing from it', async () => {
		const list = await listClients(ctxOf('coordinatorA'), { countyId: countyB, pageSize: 100 });
		expect(list.rows).toEqual([]);
	});
});

// --- Field-level minimisation -------------------------------------------------------------------

describe('field-level minimisation', () => {
	it('the volunteer sees their client without isikukood, date of birth or notes', async () => {
		const view = await getClient(ctxOf('volunteer'), clientIds.C1);
		expect(view.isikukood).toBeNull();
		expect(view.dateOfBirth).toBeNull();
		expect(view.notes).toBeNull();
		expect(view.permissions.identifiers).toBe(false);
		expect(view.permissions.readAccessLog).toBe(false);
		expect(view.permissions.update).toBe(false);
		expect(view.permissions.addDiary).toBe(true);
	});

	it('the coordinator of the county and the administrator see the isikukood', async () => {
		for (const role of ['coordinatorA', 'admin'] as const) {
			const view = await getClient(ctxOf(role), clientIds.C1);
			expect(view.isikukood).toBe('49403136515');
			expect(view.dateOfBirth).toBe('1994-03-13');
			expect(view.permissions.identifiers).toBe(true);
		}
	});

	it('the expert reads the record but not the identifiers, and may change nothing', async () => {
		const view = await getClient(ctxOf('expert'), clientIds.C1);
		expect(view.isikukood).toBeNull();
		expect(view.permissions).toMatchObject({
			update: false,
			pair: false,
			endPairing: false,
			addDiary: false,
			readDiary: true
		});
	});

	it('the CSV download never carries an isikukood', async () => {
		for (const role of ['admin', 'coordinatorA', 'expert'] as const) {
			const csv = bodyText((await downloadClients(ctxOf(role), {}, 'csv')).body);
			expect(csv).not.toContain('49403136515');
			expect(csv).not.toContain('38001085718');
		}
	});
});

// --- R-ROLE-6: a new volunteer sees the history; access ends with the pairing -------------------

describe('R-ROLE-6: the next volunteer of a client', () => {
	let v2: Actor;
	let v2VolunteerId: string;
	let historyIds: string[];

	beforeAll(async () => {
		const db = t.handle.db;
		const vol = await seedVolunteer(db, { countyId: countyA });
		v2VolunteerId = vol.id;
		v2 = (await seedUser(db, { grants: [{ role: 'volunteer', volunteerId: vol.id }] })).actor;
		// What V1 wrote while they were C3's volunteer.
		historyIds = [];
		for (const contactDate of ['2024-10-02', '2025-01-15']) {
			const entry = await seedDiaryEntry(db, {
				clientId: clientIds.C3,
				pairingId: v1PairingWithC3,
				volunteerId: volunteerIds.V1,
				contactDate
			});
			historyIds.push(entry.id);
		}
	});

	const asV2 = () => t.ctx(v2, { now: NOW });

	it('before the pairing, the new volunteer does not reach the client', async () => {
		const ctx = asV2();
		await expectOutcome('404', ctx, () => getClient(ctx, clientIds.C3), {
			auditAction: 'client.view',
			entityId: clientIds.C3
		});
	});

	it('once paired, sees the diary V1 wrote earlier and may add to it', async () => {
		const coordinator = ctxOf('coordinatorA');
		await createPairing(coordinator, clientIds.C3, { volunteerId: v2VolunteerId, startsOn: TODAY });
		const entries = await listDiary(asV2(), clientIds.C3);
		expect(entries.map((e) => e.id)).toEqual(expect.arrayContaining(historyIds));
		const v1Entries = entries.filter((e) => historyIds.includes(e.id));
		expect(v1Entries).toHaveLength(2);
		await addDiaryEntry(asV2(), clientIds.C3, {
			contactDate: TODAY,
			durationMinutes: 60,
			description: 'Esimene kohtumine.'
		});
		const list = await listClients(asV2(), { pageSize: 100 });
		expect(list.rows.map((r) => r.id)).toEqual([clientIds.C3]);
	});

	it('V1, whose pairing with C3 ended, still reaches nothing of C3', async () => {
		const ctx = ctxOf('volunteer');
		await expectOutcome('404', ctx, () => listDiary(ctx, clientIds.C3), {
			auditAction: 'diary.view',
			entityId: clientIds.C3
		});
	});

	it('after endPairing the new volunteer immediately gets "not found"', async () => {
		const [open] = await t.handle.db
			.select()
			.from(pairings)
			.where(and(eq(pairings.clientId, clientIds.C3), eq(pairings.volunteerId, v2VolunteerId)));
		// Ended with an end date still ahead: the access stops now, not on that date.
		await endPairing(ctxOf('coordinatorA'), open!.id, {
			version: await versionOf(t.handle.db, 'pairing', open!.id),
			endsOn: TOMORROW,
			reason: 'Kolis ära'
		});
		const calls: [(ctx: ServiceContext) => Promise<unknown>, string][] = [
			[(ctx) => getClient(ctx, clientIds.C3), 'client.view'],
			[(ctx) => listDiary(ctx, clientIds.C3), 'diary.view'],
			[
				(ctx) =>
					addDiaryEntry(ctx, clientIds.C3, {
						contactDate: TODAY,
						durationMinutes: 30,
						description: 'Pärast lõppu.'
					}),
				'diary.create'
			]
		];
		for (const [call, auditAction] of calls) {
			const ctx = asV2();
			await expectOutcome('404', ctx, () => call(ctx), {
				auditAction,
				entityId: clientIds.C3,
				state: () => diaryOf(clientIds.C3)
			});
		}
		const list = await listClients(asV2(), { pageSize: 100 });
		expect(list.rows).toEqual([]);
	});
});

describe('denials are recorded as facts, without personal data', () => {
	it('a denied read names the actor, the record, its county and the permission', async () => {
		const ctx = ctxOf('coordinatorA');
		await getClient(ctx, clientIds.C5).catch(() => undefined);
		const [event] = await eventsOf(ctx.requestId);
		expect(event).toMatchObject({
			action: 'client.view',
			outcome: 'denied',
			actorUserId: actors.coordinatorA!.userId,
			actorRoles: 'coordinator',
			entityType: 'client',
			entityId: clientIds.C5,
			countyId: countyB,
			details: { permission: 'client:read' }
		});
		const text = JSON.stringify(event);
		const c5 = (await clientRow(clientIds.C5))!;
		expect(text).not.toContain(c5.firstName!);
		expect(text).not.toContain(c5.lastName!);
	});

	it('the audit table keeps every denied event (none were rolled back with the refused change)', async () => {
		const [{ n }] = (await t.handle.db
			.select({ n: sql<number>`count(*)::int` })
			.from(auditEvents)
			.where(eq(auditEvents.outcome, 'denied'))) as [{ n: number }];
		expect(n).toBeGreaterThan(100);
	});
});

// --- Issue 22: trainings, support of volunteers, partner meetings ------------------------------

/** Events of county A, of county B, and a national one: E_A, E_B, E_N. */
type Row3E = readonly [Outcome, Outcome, Outcome];
// prettier-ignore
const EVENT_READ: Record<Role, Row3E> = {
	//             E_A    E_B    E_N
	admin:        ['ok',  'ok',  'ok'],
	coordinatorA: ['ok',  '404', 'ok'],
	coordinatorB: ['404', 'ok',  'ok'],
	expert:       ['404', '404', '404'],
	volunteer:    ['404', '404', '404'],
	noGrants:     ['404', '404', '404'],
	anonymous:    ['404', '404', '404']
};
/** Recording attendance: the county's coordinators; national events the administrator only. */
// prettier-ignore
const EVENT_WRITE: Record<Role, Row3E> = {
	//             E_A    E_B    E_N
	admin:        ['ok',  'ok',  'ok'],
	coordinatorA: ['ok',  '404', '403'],
	coordinatorB: ['404', 'ok',  '403'],
	expert:       ['404', '404', '404'],
	volunteer:    ['404', '404', '404'],
	noGrants:     ['404', '404', '404'],
	anonymous:    ['404', '404', '404']
};
/** "I'll come": the volunteer (V1 in A) to their own county's events and national ones. */
// prettier-ignore
const EVENT_RESPOND: Record<Role, Row3E> = {
	//             E_A    E_B    E_N
	admin:        ['404', '404', '404'],
	coordinatorA: ['404', '404', '404'],
	coordinatorB: ['404', '404', '404'],
	expert:       ['404', '404', '404'],
	volunteer:    ['ok',  '404', 'ok'],
	noGrants:     ['404', '404', '404'],
	anonymous:    ['404', '404', '404']
};

describe('issue 22: events, support log and partner meetings by role', () => {
	const events = {} as Record<'A' | 'B' | 'N', string>;
	const meetings = {} as Record<'A' | 'B', string>;
	const EVENT_KEYS = ['A', 'B', 'N'] as const;

	beforeAll(async () => {
		const admin = ctxOf('admin');
		events.A = await createEvent(admin, {
			countyId: countyA,
			kind: 'club_meeting',
			title: 'Klubi A',
			heldOn: TODAY
		});
		events.B = await createEvent(admin, {
			countyId: countyB,
			kind: 'club_meeting',
			title: 'Klubi B',
			heldOn: TODAY
		});
		events.N = await createEvent(admin, {
			countyId: '',
			kind: 'development_day',
			title: 'Riiklik',
			heldOn: TODAY
		});
		meetings.A = await createPartnerMeeting(admin, { countyId: countyA, heldOn: TODAY });
		meetings.B = await createPartnerMeeting(admin, { countyId: countyB, heldOn: TODAY });
	});

	const participants = (eventId: string) =>
		t.handle.db
			.select()
			.from(programmeEventParticipants)
			.where(eq(programmeEventParticipants.eventId, eventId))
			.orderBy(programmeEventParticipants.id);

	describe.each(ROLES)('as %s', (role) => {
		it.each(EVENT_KEYS.map((k, i) => [k, i] as const))('getEvent E_%s', async (key, i) => {
			const ctx = ctxOf(role);
			await expectOutcome(cell(EVENT_READ[role], i), ctx, () => getEvent(ctx, events[key]), {
				auditAction: 'event.view',
				entityId: events[key]
			});
		});

		it.each(EVENT_KEYS.map((k, i) => [k, i] as const))('recordAttendance E_%s', async (key, i) => {
			const ctx = ctxOf(role);
			// Someone of the event's county (anyone for the national one).
			const who = key === 'B' ? volunteerIds.VB : volunteerIds.VA;
			await expectOutcome(
				cell(EVENT_WRITE[role], i),
				ctx,
				() => recordAttendance(ctx, events[key], { add: [who] }),
				{
					auditAction: 'event.attendance',
					entityId: events[key],
					state: () => participants(events[key])
				}
			);
		});

		it.each(EVENT_KEYS.map((k, i) => [k, i] as const))('respondToEvent E_%s', async (key, i) => {
			const ctx = ctxOf(role);
			const expected = cell(EVENT_RESPOND[role], i);
			await expectOutcome(
				expected,
				ctx,
				() => respondToEvent(ctx, events[key], { response: 'coming' }),
				{
					auditAction: 'event.respond',
					entityId: events[key],
					state: () => participants(events[key])
				}
			);
		});

		it('the support log of VA (county A) and VB (county B)', async () => {
			const readable = (v: 'VA' | 'VB'): Outcome =>
				role === 'admin' ||
				(role === 'coordinatorA' && v === 'VA') ||
				(role === 'coordinatorB' && v === 'VB')
					? 'ok'
					: role === 'expert'
						? '403'
						: '404';
			for (const v of ['VA', 'VB'] as const) {
				const id = volunteerIds[v];
				const ctx = ctxOf(role);
				await expectOutcome(readable(v), ctx, () => volunteerSupport(ctx, id), {
					auditAction: 'support.view',
					entityId: id
				});
				const ctx2 = ctxOf(role);
				await expectOutcome(
					readable(v),
					ctx2,
					() => addSupportEntry(ctx2, id, { happenedOn: TODAY, kind: 'conversation' }),
					{
						auditAction: 'support.add',
						entityId: id,
						state: () =>
							t.handle.db
								.select()
								.from(volunteerSupportEntries)
								.where(eq(volunteerSupportEntries.volunteerId, id))
								.orderBy(volunteerSupportEntries.id)
					}
				);
			}
		});

		it('partner meetings of county A and county B', async () => {
			for (const key of ['A', 'B'] as const) {
				const own =
					role === 'admin' ||
					(role === 'coordinatorA' && key === 'A') ||
					(role === 'coordinatorB' && key === 'B');
				const ctx = ctxOf(role);
				await expectOutcome(own ? 'ok' : '404', ctx, () => getPartnerMeeting(ctx, meetings[key]), {
					auditAction: 'partner_meeting.view',
					entityId: meetings[key]
				});
				const ctx2 = ctxOf(role);
				await expectOutcome(
					own ? 'ok' : '404',
					ctx2,
					() => addFollowUp(ctx2, meetings[key], { text: 'Järgmine kord Kosel' }),
					{ auditAction: 'partner_meeting.follow_up_add', entityId: meetings[key] }
				);
			}
		});
	});
});
