import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
	auditEvents,
	documents,
	partnerMeetingParticipants,
	programmeEventParticipants,
	programmeEvents,
	volunteers
} from '$lib/server/db/schema';
import { migrateDatabase, openDatabase } from '$lib/server/db/client';
import { countyByName, seedUser, seedVolunteer } from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import {
	changeVolunteerStatus,
	recordBaseTraining,
	recordContract,
	recordCriminalRecordCheck
} from '$lib/server/services/volunteers/volunteer-profile';
import {
	comingEventsOfVolunteer,
	respondToEvent
} from '$lib/server/services/programme/event-answers';
import {
	createEvent,
	getEvent,
	inviteVolunteers,
	listEvents,
	recordAttendance,
	setEventCancelled,
	updateEvent
} from '$lib/server/services/programme/events';
import { addSupportEntry, volunteerSupport } from '$lib/server/services/programme/support';
import {
	addMeetingParticipant,
	setParticipantConsent
} from '$lib/server/services/programme/meeting-participants';
import {
	createPartnerMeeting,
	getPartnerMeeting,
	meetingsOfPartner
} from '$lib/server/services/programme/partner-meetings';
import { uploadMeetingDocument } from '$lib/server/services/programme/meeting-documents';
import { programmeAttention, programmeFigures } from '$lib/server/services/programme/figures';
import { attentionList } from '$lib/server/services/pairings/attention';
import { addPartnerContact, createPartner } from '$lib/server/services/partners/partners';
import {
	createTestDatabase,
	MIGRATIONS,
	PG_ADMIN_URL,
	TEST_DRIVER,
	type TestDatabase
} from '../helpers/db';
import { samplePdf } from '../helpers/files';
import { versionOf } from '../helpers/versions';
import { appError } from '../helpers/errors';

/**
 * Issue 22, part A: trainings and attendance (the base training derived from attending one),
 * the volunteer's answers, the support log, partner meetings (the recording only with everyone's
 * consent), the attention items and the figures — and who is refused.
 */

const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';

let t: TestDatabase;
let harju: string;
let tartu: string;
let admin: Actor;
let coordinator: Actor;
let otherCoordinator: Actor;
let expert: Actor;
let volunteerActor: Actor;
let volunteerId: string;

const ctx = (actor: Actor | null, now = NOW) => t.ctx(actor, { now });
const db = () => t.handle.db;

const volunteerRow = async (id: string) =>
	(await db().select().from(volunteers).where(eq(volunteers.id, id)))[0]!;

async function deniedEvents(requestId: string) {
	return (await db().select().from(auditEvents).where(eq(auditEvents.requestId, requestId))).filter(
		(e) => e.outcome === 'denied'
	);
}

beforeAll(async () => {
	t = await createTestDatabase();
	harju = (await countyByName(db(), 'Harju maakond')).id;
	tartu = (await countyByName(db(), 'Tartu maakond')).id;
	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju }] }))
		.actor;
	otherCoordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu }] }))
		.actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
	const v = await seedVolunteer(db(), {
		countyId: harju,
		status: 'active',
		startedOn: '2026-01-10'
	});
	volunteerId = v.id;
	volunteerActor = (await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: v.id }] }))
		.actor;
});

afterAll(async () => {
	await t?.close();
});

describe('the base training is derived from attending a base training (R-VOL-8)', () => {
	it('attendance makes a candidate trained, and the activation check passes', async () => {
		const v = await seedVolunteer(db(), { countyId: harju, status: 'candidate' });
		await recordCriminalRecordCheck(ctx(coordinator), v.id, {
			checkedOn: '2026-11-01',
			version: await versionOf(db(), 'volunteer', v.id)
		});
		await recordContract(ctx(coordinator), v.id, {
			signedOn: '2026-11-02',
			version: await versionOf(db(), 'volunteer', v.id)
		});
		const notReady = await appError(
			changeVolunteerStatus(ctx(coordinator), v.id, {
				status: 'active',
				version: await versionOf(db(), 'volunteer', v.id)
			})
		);
		expect(notReady.fields.status).toBe('volunteer_status.error.not_ready');

		const eventId = await createEvent(ctx(coordinator), {
			countyId: harju,
			kind: 'base_training',
			title: 'Stardipakett novembris',
			heldOn: '2026-11-20',
			startsAt: '10:00',
			place: 'Tallinn'
		});
		await inviteVolunteers(ctx(coordinator), eventId, { volunteerIds: [v.id] });
		await recordAttendance(ctx(coordinator), eventId, { attended: [v.id], listed: [v.id] });
		expect((await volunteerRow(v.id)).baseTrainingCompletedOn).toBe('2026-11-20');
		await changeVolunteerStatus(ctx(coordinator), v.id, {
			status: 'active',
			version: await versionOf(db(), 'volunteer', v.id)
		});
		expect((await volunteerRow(v.id)).status).toBe('active');

		// Two base trainings: the earliest counts; taking the tick back moves the date.
		const earlier = await createEvent(ctx(coordinator), {
			countyId: harju,
			kind: 'base_training',
			title: 'Stardipakett oktoobris',
			heldOn: '2026-10-15'
		});
		await recordAttendance(ctx(coordinator), earlier, { add: [v.id] });
		expect((await volunteerRow(v.id)).baseTrainingCompletedOn).toBe('2026-10-15');
		await recordAttendance(ctx(coordinator), earlier, { attended: [], listed: [v.id] });
		expect((await volunteerRow(v.id)).baseTrainingCompletedOn).toBe('2026-11-20');

		// A further training is not the base training; a cancelled base training does not count.
		const further = await createEvent(ctx(coordinator), {
			countyId: harju,
			kind: 'further_training',
			title: 'Täiendkoolitus',
			heldOn: '2026-09-01'
		});
		await recordAttendance(ctx(coordinator), further, { add: [v.id] });
		expect((await volunteerRow(v.id)).baseTrainingCompletedOn).toBe('2026-11-20');
		await setEventCancelled(ctx(coordinator), eventId, true);
		expect((await volunteerRow(v.id)).baseTrainingCompletedOn).toBeNull();
		await setEventCancelled(ctx(coordinator), eventId, false);
		// Moving the event's day moves the date with it.
		await updateEvent(ctx(coordinator), eventId, {
			kind: 'base_training',
			title: 'Stardipakett novembris',
			heldOn: '2026-11-19'
		});
		expect((await volunteerRow(v.id)).baseTrainingCompletedOn).toBe('2026-11-19');
	});

	it('refuses attendance before the day and volunteers of another county', async () => {
		const coming = await createEvent(ctx(coordinator), {
			countyId: harju,
			kind: 'base_training',
			title: 'Tulevane',
			heldOn: '2026-12-05'
		});
		const e = await appError(recordAttendance(ctx(coordinator), coming, { add: [volunteerId] }));
		expect(e.fields.attended).toBe('programme.error.not_yet_held');
		const held = await createEvent(ctx(coordinator), {
			countyId: harju,
			kind: 'club_meeting',
			title: 'Klubi',
			heldOn: '2026-11-10'
		});
		const stranger = await seedVolunteer(db(), { countyId: tartu });
		const e2 = await appError(recordAttendance(ctx(coordinator), held, { add: [stranger.id] }));
		expect(e2.fields.attended).toBe('error.choice');
		const rows = await db()
			.select()
			.from(programmeEventParticipants)
			.where(eq(programmeEventParticipants.eventId, held));
		expect(rows).toEqual([]);
	});

	it('the volunteer page date is attendance too, and clearing it is refused while serving', async () => {
		const v = await seedVolunteer(db(), { countyId: harju, status: 'candidate' });
		await recordBaseTraining(ctx(coordinator), v.id, {
			completedOn: '2026-11-05',
			version: await versionOf(db(), 'volunteer', v.id)
		});
		expect((await volunteerRow(v.id)).baseTrainingCompletedOn).toBe('2026-11-05');
		const [ev] = await db()
			.select()
			.from(programmeEvents)
			.innerJoin(
				programmeEventParticipants,
				eq(programmeEventParticipants.eventId, programmeEvents.id)
			)
			.where(eq(programmeEventParticipants.volunteerId, v.id));
		expect(ev!.programme_event).toMatchObject({
			kind: 'base_training',
			origin: 'volunteer_page',
			countyId: harju
		});
		// A corrected day replaces the earlier page entry.
		await recordBaseTraining(ctx(coordinator), v.id, {
			completedOn: '2026-11-07',
			version: await versionOf(db(), 'volunteer', v.id)
		});
		expect((await volunteerRow(v.id)).baseTrainingCompletedOn).toBe('2026-11-07');
		await recordBaseTraining(ctx(coordinator), v.id, {
			completedOn: '',
			version: await versionOf(db(), 'volunteer', v.id)
		});
		expect((await volunteerRow(v.id)).baseTrainingCompletedOn).toBeNull();
	});

	it('the migration turns earlier dates into attendance at a migrated base training', async () => {
		// Migrate a database up to the migration before this one, add a trained volunteer the old
		// way, then apply the rest.
		const folder = mkdtempSync(join(tmpdir(), 'seltsiline-migrations-'));
		cpSync(MIGRATIONS, folder, { recursive: true });
		const journalPath = join(folder, 'meta', '_journal.json');
		const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
			entries: { tag: string }[];
		};
		const index = journal.entries.findIndex((e) => e.tag.endsWith('_programme'));
		expect(index).toBeGreaterThan(0);
		writeFileSync(
			journalPath,
			JSON.stringify({ ...journal, entries: journal.entries.slice(0, index) })
		);
		let drop = async () => {};
		let url: string | undefined;
		if (TEST_DRIVER === 'postgres') {
			const name = `seltsiline_mig_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
			const c = new pg.Client({ connectionString: PG_ADMIN_URL });
			await c.connect();
			await c.query(`create database "${name}"`);
			await c.end();
			const u = new URL(PG_ADMIN_URL);
			u.pathname = `/${name}`;
			url = u.toString();
			drop = async () => {
				const d = new pg.Client({ connectionString: PG_ADMIN_URL });
				await d.connect();
				await d.query(`drop database if exists "${name}" with (force)`);
				await d.end();
			};
		}
		const handle = url
			? await openDatabase({ url, poolMax: 2 })
			: await openDatabase({ pgliteDir: 'memory://' });
		try {
			await migrateDatabase(handle, folder);
			await handle.db.execute(
				`insert into county (id, code, name) values ('00000000-0000-4000-8000-000000000001', '37', 'Harju maakond')`
			);
			await handle.db
				.execute(`insert into volunteer (id, county_id, first_name, last_name, status, base_training_completed_on)
				values ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000001', 'Mari', 'Maasikas', 'active', '2025-03-04'),
				('00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-000000000001', 'Jüri', 'Juurikas', 'active', '2025-03-04'),
				('00000000-0000-4000-8000-0000000000a3', '00000000-0000-4000-8000-000000000001', 'Uus', 'Tulija', 'candidate', null)`);
			await migrateDatabase(handle, MIGRATIONS);
			const events = (await handle.db.execute(
				`select kind, held_on::text as held_on, origin from programme_event`
			)) as unknown as { rows: { kind: string; held_on: string; origin: string }[] };
			expect(events.rows).toEqual([
				{ kind: 'base_training', held_on: '2025-03-04', origin: 'migrated' }
			]);
			const attended = (await handle.db.execute(
				`select volunteer_id::text as v from programme_event_participant where attended order by 1`
			)) as unknown as { rows: { v: string }[] };
			expect(attended.rows.map((r) => r.v)).toEqual([
				'00000000-0000-4000-8000-0000000000a1',
				'00000000-0000-4000-8000-0000000000a2'
			]);
			const dates = (await handle.db.execute(
				`select base_training_completed_on::text as d from volunteer order by id`
			)) as unknown as { rows: { d: string | null }[] };
			expect(dates.rows.map((r) => r.d)).toEqual(['2025-03-04', '2025-03-04', null]);
		} finally {
			await handle.close();
			await drop();
			rmSync(folder, { recursive: true, force: true });
		}
	}, 240_000);
});

describe('the volunteer answers (no JavaScript needed)', () => {
	it('sees the coming events of their county and the national ones, and answers', async () => {
		const own = await createEvent(ctx(coordinator), {
			countyId: harju,
			kind: 'development_day',
			title: 'Arengupäev',
			heldOn: '2026-12-10'
		});
		const national = await createEvent(ctx(admin), {
			countyId: '',
			kind: 'further_training',
			title: 'Üleriigiline koolitus',
			heldOn: '2026-12-12'
		});
		const elsewhere = await createEvent(ctx(otherCoordinator), {
			countyId: tartu,
			kind: 'club_meeting',
			title: 'Tartu klubi',
			heldOn: '2026-12-11'
		});
		const coming = (await comingEventsOfVolunteer(ctx(volunteerActor)))!;
		const ids = coming.map((e) => e.id);
		expect(ids).toContain(own);
		expect(ids).toContain(national);
		expect(ids).not.toContain(elsewhere);

		await respondToEvent(ctx(volunteerActor), own, { response: 'coming' });
		await respondToEvent(ctx(volunteerActor), national, { response: 'not_coming' });
		const after = (await comingEventsOfVolunteer(ctx(volunteerActor)))!;
		expect(after.find((e) => e.id === own)!.response).toBe('coming');
		expect(after.find((e) => e.id === national)!.response).toBe('not_coming');

		// The coordinator sees who answered; another county's coordinator sees nothing of it.
		const view = await getEvent(ctx(coordinator), own);
		expect(view.participants).toEqual([
			expect.objectContaining({ volunteerId, response: 'coming', attended: false })
		]);
		const nationalView = await getEvent(ctx(otherCoordinator), national);
		expect(nationalView.participants).toEqual([]);
		expect(nationalView.canManage).toBe(false);

		// Another county's event: not found, audited, nothing written.
		const c = ctx(volunteerActor);
		const e = await appError(respondToEvent(c, elsewhere, { response: 'coming' }));
		expect(e.code).toBe('not_found');
		expect((await deniedEvents(c.requestId)).map((x) => x.action)).toContain('event.respond');
		expect(
			await db()
				.select()
				.from(programmeEventParticipants)
				.where(eq(programmeEventParticipants.eventId, elsewhere))
		).toEqual([]);

		// A past event cannot be answered; a bad answer is a field error.
		const past = await createEvent(ctx(coordinator), {
			countyId: harju,
			kind: 'club_meeting',
			title: 'Möödunud',
			heldOn: '2026-11-01'
		});
		expect(
			(await appError(respondToEvent(ctx(volunteerActor), past, { response: 'coming' }))).fields
				.response
		).toBe('programme.error.not_open');
		expect(
			(await appError(respondToEvent(ctx(volunteerActor), own, { response: 'maybe' }))).fields
				.response
		).toBe('error.choice');
	});
});

describe('who may do what with events', () => {
	it('refuses another county, the volunteer and the expert, with a denied audit event', async () => {
		const eventId = await createEvent(ctx(coordinator), {
			countyId: harju,
			kind: 'club_meeting',
			title: 'Klubiõhtu',
			heldOn: '2026-11-15'
		});
		const national = await createEvent(ctx(admin), {
			countyId: 'national',
			kind: 'development_day',
			title: 'Riiklik arengupäev',
			heldOn: '2026-11-16'
		});
		const attempts: [
			Actor,
			() => (c: ReturnType<typeof ctx>) => Promise<unknown>,
			string,
			string
		][] = [
			[otherCoordinator, () => (c) => getEvent(c, eventId), 'not_found', 'event.view'],
			[
				otherCoordinator,
				() => (c) => recordAttendance(c, eventId, { add: [volunteerId] }),
				'not_found',
				'event.attendance'
			],
			[
				otherCoordinator,
				() => (c) => createEvent(c, { countyId: harju, kind: 'other', title: 'x', heldOn: TODAY }),
				'not_found',
				'event.create'
			],
			[volunteerActor, () => (c) => getEvent(c, eventId), 'not_found', 'event.view'],
			[
				volunteerActor,
				() => (c) => createEvent(c, { countyId: harju, kind: 'other', title: 'x', heldOn: TODAY }),
				'not_found',
				'event.create'
			],
			[
				volunteerActor,
				() => (c) => recordAttendance(c, eventId, { add: [volunteerId] }),
				'not_found',
				'event.attendance'
			],
			[expert, () => (c) => getEvent(c, eventId), 'not_found', 'event.view'],
			[expert, () => (c) => listEvents(c), 'not_found', 'event.list'],
			[
				expert,
				() => (c) => createEvent(c, { countyId: harju, kind: 'other', title: 'x', heldOn: TODAY }),
				'not_found',
				'event.create'
			],
			[
				expert,
				() => (c) => respondToEvent(c, eventId, { response: 'coming' }),
				'not_found',
				'event.respond'
			],
			[
				coordinator,
				() => (c) => updateEvent(c, national, { kind: 'other', title: 'x', heldOn: TODAY }),
				'forbidden',
				'event.update'
			],
			[
				coordinator,
				() => (c) => createEvent(c, { countyId: '', kind: 'other', title: 'x', heldOn: TODAY }),
				'not_found',
				'event.create'
			]
		];
		for (const [actor, make, code, action] of attempts) {
			const c = ctx(actor);
			const before = await db().select().from(programmeEventParticipants);
			const e = await appError(make()(c));
			expect(e.code, action).toBe(code);
			expect((await deniedEvents(c.requestId)).map((x) => x.action)).toContain(action);
			expect(await db().select().from(programmeEventParticipants)).toEqual(before);
		}
	});

	it('the support log: coordinators of the county only; the note never to the volunteer', async () => {
		await addSupportEntry(ctx(coordinator), volunteerId, {
			happenedOn: '2026-11-20',
			kind: 'conversation',
			note: 'Rääkisime koormusest.'
		});
		const log = await volunteerSupport(ctx(coordinator), volunteerId);
		expect(log.entries).toEqual([
			expect.objectContaining({ kind: 'conversation', note: 'Rääkisime koormusest.' })
		]);
		expect((await appError(volunteerSupport(ctx(volunteerActor), volunteerId))).code).toBe(
			'forbidden'
		);
		expect((await appError(volunteerSupport(ctx(otherCoordinator), volunteerId))).code).toBe(
			'not_found'
		);
		expect(
			(
				await appError(
					addSupportEntry(ctx(expert), volunteerId, { happenedOn: TODAY, kind: 'recognition' })
				)
			).code
		).toBe('forbidden');
		expect(
			(
				await appError(
					addSupportEntry(ctx(coordinator), volunteerId, {
						happenedOn: '2026-12-01',
						kind: 'recognition'
					})
				)
			).fields.happenedOn
		).toBe('programme.error.future');
		expect((await volunteerSupport(ctx(coordinator), volunteerId)).entries).toHaveLength(1);
	});
});

describe('partner meetings (R-PART-1)', () => {
	it('keeps a recording only when everyone present consented', async () => {
		const partnerId = await createPartner(ctx(coordinator), {
			countyId: harju,
			name: 'Kose valla sotsiaaltöö',
			kind: 'municipality_social_work'
		});
		await addPartnerContact(ctx(coordinator), partnerId, { name: 'Sirje Sotsiaaltöötaja' });
		const meetingId = await createPartnerMeeting(ctx(coordinator), {
			countyId: harju,
			heldOn: '2026-11-18',
			place: 'Kose',
			agenda: 'Kvartali ülevaade'
		});
		const view = await getPartnerMeeting(ctx(coordinator), meetingId);
		const contact = view.contacts.find((c) => c.name === 'Sirje Sotsiaaltöötaja')!;
		await addMeetingParticipant(ctx(coordinator), meetingId, {
			contactId: contact.id,
			recordingConsent: 'on'
		});
		const otherId = await addMeetingParticipant(ctx(coordinator), meetingId, {
			name: 'Peeter Perearst',
			organisation: 'Perearstikeskus'
		});
		const recording = {
			kind: 'recording' as const,
			file: { name: 'salvestis.pdf', bytes: await samplePdf('salvestis') }
		};
		const refused = await appError(uploadMeetingDocument(ctx(coordinator), meetingId, recording));
		expect(refused.fields.kind).toBe('programme.error.recording_consent');
		const ref = `partner_meeting:${meetingId}`;
		expect(await db().select().from(documents).where(eq(documents.ownerRef, ref))).toEqual([]);

		// Minutes need no consent; the recording does, from everyone.
		await uploadMeetingDocument(ctx(coordinator), meetingId, {
			kind: 'minutes',
			file: { name: 'protokoll.pdf', bytes: await samplePdf('protokoll') }
		});
		await setParticipantConsent(ctx(coordinator), meetingId, otherId, true);
		const kept = await uploadMeetingDocument(ctx(coordinator), meetingId, recording);
		expect(kept.kind).toBe('recording');
		expect(kept.ownerRef).toBe(ref);

		// While the recording is kept, nobody joins without consent and nobody's consent is undone.
		expect(
			(await appError(setParticipantConsent(ctx(coordinator), meetingId, otherId, false)))
				.messageKey
		).toBe('programme.error.recording_kept');
		expect(
			(await appError(addMeetingParticipant(ctx(coordinator), meetingId, { name: 'Hilineja' })))
				.messageKey
		).toBe('programme.error.recording_kept');
		const people = await db()
			.select()
			.from(partnerMeetingParticipants)
			.where(eq(partnerMeetingParticipants.meetingId, meetingId));
		expect(people.map((p) => p.recordingConsent)).toEqual([true, true]);

		// The partner page lists the meetings its people attended.
		const ofPartner = (await meetingsOfPartner(ctx(coordinator), {
			id: partnerId,
			countyId: harju
		}))!;
		expect(ofPartner).toEqual([
			{ meetingId, heldOn: '2026-11-18', names: ['Sirje Sotsiaaltöötaja'] }
		]);
		expect(await meetingsOfPartner(ctx(expert), { id: partnerId, countyId: harju })).toBeNull();

		// Refusals: another county, the volunteer, the expert.
		for (const [actor, code] of [
			[otherCoordinator, 'not_found'],
			[volunteerActor, 'not_found'],
			[expert, 'not_found']
		] as const) {
			const c = ctx(actor);
			expect((await appError(getPartnerMeeting(c, meetingId))).code).toBe(code);
			expect((await appError(uploadMeetingDocument(c, meetingId, recording))).code).toBe(code);
			expect((await deniedEvents(c.requestId)).length).toBeGreaterThan(0);
		}
		expect(
			(await appError(createPartnerMeeting(ctx(expert), { countyId: harju, heldOn: TODAY }))).code
		).toBe('not_found');
		expect(
			await db()
				.select()
				.from(documents)
				.where(and(eq(documents.ownerRef, ref), eq(documents.kind, 'recording')))
		).toHaveLength(1);
	});
});

describe('the attention list and the figures', () => {
	it('lists quiet volunteers and counties whose partner meeting is due', async () => {
		const quiet = await seedVolunteer(db(), {
			countyId: harju,
			status: 'active',
			startedOn: '2026-03-01'
		});
		const supported = await seedVolunteer(db(), {
			countyId: harju,
			status: 'active',
			startedOn: '2026-03-01'
		});
		const newcomer = await seedVolunteer(db(), {
			countyId: harju,
			status: 'active',
			startedOn: '2026-10-01'
		});
		await addSupportEntry(ctx(coordinator), supported.id, {
			happenedOn: '2026-10-01',
			kind: 'supervision'
		});
		const items = await programmeAttention(db(), [harju], TODAY, 50);
		const ids = items.supportQuiet.rows.map((r) => r.volunteerId);
		expect(ids).toContain(quiet.id);
		expect(ids).not.toContain(supported.id);
		expect(ids).not.toContain(newcomer.id);
		// Harju met on 18.11.2026: not due; Tartu never met: due.
		expect(items.partnerMeetingsDue.rows.map((r) => r.countyId)).not.toContain(harju);
		const tartuItems = await programmeAttention(db(), [tartu], TODAY, 50);
		expect(tartuItems.partnerMeetingsDue.rows).toEqual([
			expect.objectContaining({ countyId: tartu, lastHeldOn: null, dueOn: TODAY })
		]);
		// A quarter after the meeting, Harju is due again.
		const later = await programmeAttention(db(), [harju], '2027-02-18', 50);
		expect(later.partnerMeetingsDue.rows.map((r) => r.countyId)).toEqual([harju]);
		// On the coordinator's attention list page.
		const list = await attentionList(ctx(coordinator));
		expect(list.programme.supportQuiet.rows.map((r) => r.volunteerId)).toContain(quiet.id);
		expect(list.programme.partnerMeetingsDue.total).toBe(0);
	});

	it('counts trainings and attendance per county and quarter, and the share of active volunteers', async () => {
		const figures = await programmeFigures(ctx(expert));
		const harjuQ4 = figures.quarters.find(
			(q) => q.countyName === 'Harju maakond' && q.quarter === '2026-Q4'
		)!;
		expect(harjuQ4.events).toBeGreaterThanOrEqual(3);
		expect(harjuQ4.attendances).toBeGreaterThanOrEqual(1);
		expect(harjuQ4.trainings).toBeGreaterThanOrEqual(2);
		const share = figures.shares.find((s) => s.countyName === 'Harju maakond')!;
		expect(share.active).toBeGreaterThan(0);
		expect(share.attended).toBeGreaterThanOrEqual(1);
		expect(share.attended).toBeLessThanOrEqual(share.active);
		// The coordinator of Tartu sees Tartu only.
		const tartuFigures = await programmeFigures(ctx(otherCoordinator));
		expect(tartuFigures.shares.every((s) => s.countyName === 'Tartu maakond')).toBe(true);
		expect((await appError(programmeFigures(ctx(volunteerActor)))).code).toBe('not_found');
	});
});
