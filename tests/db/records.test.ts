import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { auditEvents, clients, diaryEntries, pairings } from '$lib/server/db/schema';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import {
	clientFormOptions,
	createClient,
	getClient,
	updateClient
} from '$lib/server/services/clients/clients';
import { clientListOptions, listClients } from '$lib/server/services/clients/client-list';
import { createPairing, endPairing } from '$lib/server/services/pairings/pairing-lifecycle';
import { volunteerPairings } from '$lib/server/services/pairings/pairings';
import { addDiaryEntry, listDiary } from '$lib/server/services/pairings/diary';
import {
	createVolunteer,
	listVolunteers,
	updateVolunteer,
	volunteerFormOptions,
	volunteerListOptions
} from '$lib/server/services/volunteers/volunteers';
import { clientRecord, volunteerRecord } from '$lib/server/services/clients/record-pages';
import { versionOf } from '../helpers/versions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * The services behind the record pages (/clients, /volunteers and their record pages):
 * validation, audit details, pairing rules (R-PAIR-1, R-ROLE-6), the diary (R-PAIR-3, R-PAIR-8),
 * CSV export (R-ROLE-4) and field minimisation for volunteers (R-ROLE-3).
 */
const NOW = new Date('2025-03-15T10:00:00Z');
const TODAY = '2025-03-15';

let t: TestDatabase;
let harju: { id: string };
let tartu: { id: string };
let harjuMunicipality: { id: string };
let tartuMunicipality: { id: string };
let admin: Actor;
let coordinator: Actor;
let twoCounties: Actor;
let expert: Actor;
let nobody: Actor;

const ctx = (actor: Actor | null) => t.ctx(actor, { now: NOW });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);

/** A volunteer of `countyId` with a user account (the actor) and an active pairing. */
async function pairedVolunteer(clientId: string, countyId: string, startsOn = '2025-01-10') {
	const volunteer = await seedVolunteer(db(), { countyId });
	const pairing = await seedPairing(db(), { clientId, volunteerId: volunteer.id, startsOn });
	const { actor } = await seedUser(db(), {
		grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
	});
	return { volunteer, pairing, actor };
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
	twoCounties = (
		await seedUser(db(), {
			grants: [
				{ role: 'coordinator', countyId: harju.id },
				{ role: 'coordinator', countyId: tartu.id }
			]
		})
	).actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
	nobody = (await seedUser(db(), {})).actor;
});

afterAll(async () => {
	await t?.close();
});

describe('createClient', () => {
	it('creates a client in the coordinator’s county, mapped, audited without personal data', async () => {
		const id = await createClient(ctx(coordinator), {
			countyId: harju.id,
			municipalityId: harjuMunicipality.id,
			firstName: 'Maie',
			lastName: 'Tamm',
			phone: '5551234',
			dateOfBirth: '1940-05-01',
			notes: 'Vajab juttu ajamist.'
		});
		const [row] = await db().select().from(clients).where(eq(clients.id, id));
		expect(row).toMatchObject({ status: 'mapped', firstName: 'Maie', countyId: harju.id });
		const event = await lastEvent('client.create');
		expect(event).toMatchObject({ entityId: id, outcome: 'success', countyId: harju.id });
		expect(JSON.stringify(event)).not.toMatch(/Maie|Tamm|5551234|juttu/);
	});

	it('accepts a general mapping entry without a name (R-MAP-2)', async () => {
		const id = await createClient(ctx(coordinator), {
			countyId: harju.id,
			municipalityId: '',
			firstName: '',
			lastName: '',
			phone: '',
			dateOfBirth: '',
			notes: ''
		});
		const [row] = await db().select().from(clients).where(eq(clients.id, id));
		expect(row).toMatchObject({ firstName: null, lastName: null, municipalityId: null });
	});

	it('refuses a municipality of another county and writes nothing', async () => {
		const [before] = await db().select({ n: count() }).from(clients);
		const e = await appError(
			createClient(ctx(twoCounties), {
				countyId: harju.id,
				municipalityId: tartuMunicipality.id,
				firstName: 'Vale',
				lastName: 'Vald'
			})
		);
		expect(e.code).toBe('invalid');
		expect(e.fields).toEqual({ municipalityId: 'error.choice' });
		const [after] = await db().select({ n: count() }).from(clients);
		expect(after!.n).toBe(before!.n);
		const rows = await db().select().from(clients).where(eq(clients.firstName, 'Vale'));
		expect(rows).toHaveLength(0);
	});

	it('answers invalid input with i18n keys per field', async () => {
		const e = await appError(
			createClient(ctx(coordinator), {
				countyId: 'x',
				dateOfBirth: '2025-02-30',
				firstName: 'a'.repeat(101)
			})
		);
		expect(e.code).toBe('invalid');
		expect(e.fields).toMatchObject({
			countyId: 'error.choice',
			dateOfBirth: 'error.date',
			firstName: 'error.too_long'
		});
	});

	it('refuses (404) a coordinator creating in another county and audits the denial', async () => {
		const e = await appError(
			createClient(ctx(coordinator), { countyId: tartu.id, municipalityId: null })
		);
		expect(e.code).toBe('not_found');
		expect(await lastEvent('client.create')).toMatchObject({
			outcome: 'denied',
			actorUserId: coordinator.userId
		});
	});

	it('refuses an expert and a volunteer', async () => {
		expect((await appError(createClient(ctx(expert), { countyId: harju.id }))).code).toBe(
			'not_found'
		);
		const client = await seedClient(db(), { countyId: harju.id });
		const { actor } = await pairedVolunteer(client.id, harju.id);
		expect((await appError(createClient(ctx(actor), { countyId: harju.id }))).code).toBe(
			'not_found'
		);
	});
});

describe('updateClient', () => {
	// A new person each time: the same name and date of birth twice is a duplicate (issue 3).
	let person = 0;
	beforeEach(() => {
		person++;
	});
	const form = (over: Record<string, string> = {}) => ({
		municipalityId: harjuMunicipality.id,
		firstName: 'Ilse',
		lastName: `Kuusk${person}`,
		phone: '5550000',
		dateOfBirth: '1938-02-02',
		notes: 'Vanad märkmed',
		...over
	});

	it('audits the names of the changed fields, never their values', async () => {
		const id = await createClient(ctx(coordinator), { countyId: harju.id, ...form() });
		await updateClient(ctx(coordinator), id, {
			...form({ phone: '5559999', notes: 'Uued salajased märkmed' }),
			version: await versionOf(t.handle.db, 'client', id)
		});
		const event = await lastEvent('client.update');
		expect(event).toMatchObject({ entityId: id, outcome: 'success', countyId: harju.id });
		expect((event!.details as { fields: string[] }).fields.sort()).toEqual(['notes', 'phone']);
		expect(JSON.stringify(event)).not.toMatch(/5559999|salajased|Ilse|Kuusk/);
		const [row] = await db().select().from(clients).where(eq(clients.id, id));
		expect(row).toMatchObject({ phone: '5559999', notes: 'Uued salajased märkmed' });
	});

	it('leaves a field that is left out of the input unchanged, and clears an empty one', async () => {
		const id = await createClient(ctx(coordinator), { countyId: harju.id, ...form() });
		await updateClient(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'client', id),
			phone: ''
		});
		const [row] = await db().select().from(clients).where(eq(clients.id, id));
		expect(row).toMatchObject({ phone: null, firstName: 'Ilse', notes: 'Vanad märkmed' });
		expect((await lastEvent('client.update'))!.details).toEqual({ fields: ['phone'] });
	});

	it('sets a manual status and lists it among the changed fields', async () => {
		const id = await createClient(ctx(coordinator), { countyId: harju.id, ...form() });
		await updateClient(ctx(coordinator), id, {
			...form({ status: 'waiting' }),
			version: await versionOf(t.handle.db, 'client', id)
		});
		const [row] = await db().select().from(clients).where(eq(clients.id, id));
		expect(row!.status).toBe('waiting');
		expect((await lastEvent('client.update'))!.details).toEqual({ fields: ['status'] });
	});

	it('refuses a status by hand while the client is paired, and "paired" by hand', async () => {
		const client = await seedClient(db(), { countyId: harju.id, status: 'paired' });
		const e = await appError(
			updateClient(ctx(coordinator), client.id, {
				...form({ status: 'ended' }),
				version: await versionOf(t.handle.db, 'client', client.id)
			})
		);
		expect(e.fields).toEqual({ status: 'client.status_paired_error' });
		const waiting = await seedClient(db(), { countyId: harju.id });
		const e2 = await appError(
			updateClient(ctx(coordinator), waiting.id, {
				...form({ status: 'paired' }),
				version: await versionOf(t.handle.db, 'client', waiting.id)
			})
		);
		expect(e2.fields).toEqual({ status: 'error.choice' });
		// Without a status the record is saved and the status stays.
		await updateClient(ctx(coordinator), client.id, {
			...form(),
			version: await versionOf(t.handle.db, 'client', client.id)
		});
		const [row] = await db().select().from(clients).where(eq(clients.id, client.id));
		expect(row!.status).toBe('paired');
	});

	it('refuses changes to an anonymised client', async () => {
		const client = await seedClient(db(), { countyId: harju.id, status: 'anonymised' });
		const e = await appError(
			updateClient(ctx(coordinator), client.id, {
				...form(),
				version: await versionOf(t.handle.db, 'client', client.id)
			})
		);
		expect(e).toMatchObject({ code: 'forbidden', messageKey: 'client.anonymised' });
	});

	it('answers 403 to an expert (may read, not change) and 404 to another county', async () => {
		const client = await seedClient(db(), { countyId: tartu.id });
		expect(
			(
				await appError(
					updateClient(ctx(expert), client.id, {
						...form(),
						version: await versionOf(t.handle.db, 'client', client.id)
					})
				)
			).code
		).toBe('forbidden');
		expect(
			(
				await appError(
					updateClient(ctx(coordinator), client.id, {
						...form(),
						version: await versionOf(t.handle.db, 'client', client.id)
					})
				)
			).code
		).toBe('not_found');
	});
});

describe('createPairing', () => {
	it('pairs an active volunteer of the same county and marks the client paired', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		const volunteer = await seedVolunteer(db(), { countyId: harju.id });
		const id = await createPairing(ctx(coordinator), client.id, {
			volunteerId: volunteer.id,
			startsOn: TODAY
		});
		const [p] = await db().select().from(pairings).where(eq(pairings.id, id));
		expect(p).toMatchObject({ status: 'active', startsOn: TODAY, endsOn: null });
		const [row] = await db().select().from(clients).where(eq(clients.id, client.id));
		expect(row!.status).toBe('paired');
		expect(await lastEvent('pairing.create')).toMatchObject({ entityId: id, outcome: 'success' });
	});

	it('refuses a volunteer of another county, even for a coordinator of both', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		const other = await seedVolunteer(db(), { countyId: tartu.id });
		const e = await appError(
			createPairing(ctx(twoCounties), client.id, { volunteerId: other.id, startsOn: TODAY })
		);
		expect(e.code).toBe('invalid');
		expect(e.fields).toEqual({ volunteerId: 'pairing.volunteer_not_available' });
		const rows = await db().select().from(pairings).where(eq(pairings.clientId, client.id));
		expect(rows).toHaveLength(0);
	});

	it('refuses a volunteer who is not active', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		for (const status of ['candidate', 'paused', 'ended'] as const) {
			const volunteer = await seedVolunteer(db(), { countyId: harju.id, status });
			const e = await appError(
				createPairing(ctx(coordinator), client.id, { volunteerId: volunteer.id, startsOn: TODAY })
			);
			expect(e.fields).toEqual({ volunteerId: 'pairing.volunteer_not_available' });
		}
		const [row] = await db().select().from(clients).where(eq(clients.id, client.id));
		expect(row!.status).toBe('waiting');
	});

	it('answers a second open pairing of the same two with a conflict', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		const volunteer = await seedVolunteer(db(), { countyId: harju.id });
		await createPairing(ctx(coordinator), client.id, {
			volunteerId: volunteer.id,
			startsOn: TODAY
		});
		const e = await appError(
			createPairing(ctx(coordinator), client.id, { volunteerId: volunteer.id, startsOn: TODAY })
		);
		expect(e).toMatchObject({ code: 'conflict', messageKey: 'pairing.already_paired' });
		const rows = await db().select().from(pairings).where(eq(pairings.clientId, client.id));
		expect(rows).toHaveLength(1);
	});

	it('refuses an expert (403) and a coordinator of another county (404)', async () => {
		const client = await seedClient(db(), { countyId: tartu.id });
		const volunteer = await seedVolunteer(db(), { countyId: tartu.id });
		const input = { volunteerId: volunteer.id, startsOn: TODAY };
		expect((await appError(createPairing(ctx(expert), client.id, input))).code).toBe('forbidden');
		expect((await appError(createPairing(ctx(coordinator), client.id, input))).code).toBe(
			'not_found'
		);
	});
});

describe('endPairing', () => {
	it('sets the client back to waiting only when no open pairing is left', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		const [a, b] = [
			await seedVolunteer(db(), { countyId: harju.id }),
			await seedVolunteer(db(), { countyId: harju.id })
		];
		const pa = await createPairing(ctx(coordinator), client.id, {
			volunteerId: a.id,
			startsOn: '2025-01-01'
		});
		const pb = await createPairing(ctx(coordinator), client.id, {
			volunteerId: b.id,
			startsOn: '2025-02-01'
		});
		await endPairing(ctx(coordinator), pa, {
			version: await versionOf(t.handle.db, 'pairing', pa),
			endsOn: TODAY,
			reason: 'Kolis ära'
		});
		let [row] = await db().select().from(clients).where(eq(clients.id, client.id));
		expect(row!.status).toBe('paired');
		await endPairing(ctx(coordinator), pb, {
			version: await versionOf(t.handle.db, 'pairing', pb),
			endsOn: TODAY,
			reason: 'Lõpuvestlus peetud'
		});
		[row] = await db().select().from(clients).where(eq(clients.id, client.id));
		expect(row!.status).toBe('waiting');
		const [p] = await db().select().from(pairings).where(eq(pairings.id, pb));
		expect(p).toMatchObject({ status: 'ended', endsOn: TODAY, endReason: 'Lõpuvestlus peetud' });
		const event = await lastEvent('pairing.end');
		expect(event).toMatchObject({ entityId: pb, outcome: 'success' });
		expect(JSON.stringify(event)).not.toMatch(/Lõpuvestlus/);
	});

	it('refuses ending twice, ending before the start, and an empty reason', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		const volunteer = await seedVolunteer(db(), { countyId: harju.id });
		const id = await createPairing(ctx(coordinator), client.id, {
			volunteerId: volunteer.id,
			startsOn: '2025-03-01'
		});
		const early = await appError(
			endPairing(ctx(coordinator), id, {
				version: await versionOf(t.handle.db, 'pairing', id),
				endsOn: '2025-02-28',
				reason: 'x'
			})
		);
		expect(early.fields).toEqual({ endsOn: 'pairing.end_before_start' });
		const empty = await appError(
			endPairing(ctx(coordinator), id, {
				version: await versionOf(t.handle.db, 'pairing', id),
				endsOn: TODAY,
				reason: ' '
			})
		);
		expect(empty.fields).toEqual({ reason: 'error.required' });
		await endPairing(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'pairing', id),
			endsOn: TODAY,
			reason: 'x'
		});
		const again = await appError(
			endPairing(ctx(coordinator), id, {
				version: await versionOf(t.handle.db, 'pairing', id),
				endsOn: TODAY,
				reason: 'x'
			})
		);
		expect(again).toMatchObject({ code: 'conflict', messageKey: 'pairing.already_ended' });
	});

	it('refuses the paired volunteer and a coordinator of another county', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		const { pairing, actor } = await pairedVolunteer(client.id, harju.id);
		const input = { endsOn: TODAY, reason: 'x' };
		expect(
			(
				await appError(
					endPairing(ctx(actor), pairing.id, {
						...input,
						version: await versionOf(t.handle.db, 'pairing', pairing.id)
					})
				)
			).code
		).toBe('forbidden');
		const tartuCoordinator = (
			await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu.id }] })
		).actor;
		expect(
			(
				await appError(
					endPairing(ctx(tartuCoordinator), pairing.id, {
						...input,
						version: await versionOf(t.handle.db, 'pairing', pairing.id)
					})
				)
			).code
		).toBe('not_found');
		expect(
			(await appError(endPairing(ctx(coordinator), 'not-a-uuid', { ...input, version: 1 }))).code
		).toBe('not_found');
	});
});

describe('addDiaryEntry', () => {
	const visit = (over: Record<string, string> = {}) => ({
		contactDate: '2025-03-14',
		durationMinutes: '90',
		description: 'Käisime poes ja jõime kohvi.',
		...over
	});

	it('records the paired volunteer’s visit on their pairing', async () => {
		const client = await seedClient(db(), { countyId: harju.id, status: 'paired' });
		const { volunteer, pairing, actor } = await pairedVolunteer(client.id, harju.id);
		const id = await addDiaryEntry(ctx(actor), client.id, visit());
		const [entry] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, id));
		expect(entry).toMatchObject({
			pairingId: pairing.id,
			volunteerId: volunteer.id,
			durationMinutes: 90,
			contactDate: '2025-03-14'
		});
		const event = await lastEvent('diary.create');
		expect(event).toMatchObject({ entityId: client.id, outcome: 'success' });
		expect(JSON.stringify(event)).not.toMatch(/poes/);
	});

	it('refuses a date in the future and a date before the pairing started', async () => {
		const client = await seedClient(db(), { countyId: harju.id, status: 'paired' });
		const { actor } = await pairedVolunteer(client.id, harju.id, '2025-03-01');
		const future = await appError(
			addDiaryEntry(ctx(actor), client.id, visit({ contactDate: '2025-03-16' }))
		);
		expect(future.fields).toEqual({ contactDate: 'diary.date_in_future' });
		const before = await appError(
			addDiaryEntry(ctx(actor), client.id, visit({ contactDate: '2025-02-28' }))
		);
		expect(before.fields).toEqual({ contactDate: 'diary.date_before_pairing' });
		const rows = await db().select().from(diaryEntries).where(eq(diaryEntries.clientId, client.id));
		expect(rows).toHaveLength(0);
	});

	it('refuses a duration outside 1–1440 whole minutes', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		for (const durationMinutes of ['0', '1441', '1.5', 'tund']) {
			const e = await appError(
				addDiaryEntry(ctx(coordinator), client.id, visit({ durationMinutes }))
			);
			expect(e.fields).toEqual({ durationMinutes: 'diary.duration_invalid' });
		}
	});

	it('lets the coordinator enter a paper diary on a pairing of this client (R-PAIR-8)', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		const volunteer = await seedVolunteer(db(), { countyId: harju.id });
		const pairing = await seedPairing(db(), {
			clientId: client.id,
			volunteerId: volunteer.id,
			startsOn: '2025-01-01',
			endsOn: '2025-03-01'
		});
		const id = await addDiaryEntry(
			ctx(coordinator),
			client.id,
			visit({ contactDate: '2025-02-10', pairingId: pairing.id })
		);
		const [entry] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, id));
		expect(entry).toMatchObject({ pairingId: pairing.id, volunteerId: volunteer.id });
		// The end day is exclusive: the volunteer no longer met the client on it.
		const after = await appError(
			addDiaryEntry(
				ctx(coordinator),
				client.id,
				visit({ contactDate: '2025-03-01', pairingId: pairing.id })
			)
		);
		expect(after.fields).toEqual({ contactDate: 'diary.date_after_pairing' });
		// A pairing of another client is no choice.
		const other = await seedClient(db(), { countyId: harju.id });
		const wrong = await appError(
			addDiaryEntry(ctx(coordinator), other.id, visit({ pairingId: pairing.id }))
		);
		expect(wrong.fields).toEqual({ pairingId: 'error.choice' });
		// Without a pairing the entry is the coordinator's own.
		const own = await addDiaryEntry(ctx(coordinator), client.id, visit());
		const [ownEntry] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, own));
		expect(ownEntry).toMatchObject({ pairingId: null, volunteerId: null });
	});

	it('refuses an expert (403), an ended volunteer and another county (404)', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		expect((await appError(addDiaryEntry(ctx(expert), client.id, visit()))).code).toBe('forbidden');
		const volunteer = await seedVolunteer(db(), { countyId: harju.id });
		await seedPairing(db(), {
			clientId: client.id,
			volunteerId: volunteer.id,
			startsOn: '2025-01-01',
			endsOn: '2025-03-01'
		});
		const { actor } = await seedUser(db(), {
			grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
		});
		expect((await appError(addDiaryEntry(ctx(actor), client.id, visit()))).code).toBe('not_found');
		const tartuClient = await seedClient(db(), { countyId: tartu.id });
		expect((await appError(addDiaryEntry(ctx(coordinator), tartuClient.id, visit()))).code).toBe(
			'not_found'
		);
	});
});

describe('what a volunteer sees of a client (R-ROLE-3, minimisation)', () => {
	it('never the isikukood, date of birth or the coordinator’s notes', async () => {
		const client = await seedClient(db(), {
			countyId: harju.id,
			status: 'paired',
			isikukood: '49403136526',
			dateOfBirth: '1994-03-13',
			notes: 'Ainult koordinaatorile'
		});
		const { actor } = await pairedVolunteer(client.id, harju.id);
		const seen = await getClient(ctx(actor), client.id);
		expect(seen.isikukood).toBeNull();
		expect(seen.dateOfBirth).toBeNull();
		expect(seen.notes).toBeNull();
		expect(seen.permissions).toMatchObject({
			identifiers: false,
			update: false,
			pair: false,
			endPairing: false,
			readDiary: true,
			addDiary: true,
			readAccessLog: false
		});
		const record = await clientRecord(ctx(actor), client.id);
		expect(JSON.stringify(record)).not.toMatch(/49403136526|Ainult koordinaatorile|1994-03-13/);
		// Suggestions live on the matching page (/clients/[id]/match), for coordinators only.
		expect(record).not.toHaveProperty('candidates');
		expect(record.diaryPairingChoice).toBe(false);
		const coordinatorView = await getClient(ctx(coordinator), client.id);
		expect(coordinatorView.isikukood).toBe('49403136526');
	});

	it('"My clients" lists only clients with a pairing active today', async () => {
		const client = await seedClient(db(), { countyId: harju.id, lastName: 'Aktiivne' });
		const { volunteer, actor } = await pairedVolunteer(client.id, harju.id);
		const ended = await seedClient(db(), { countyId: harju.id, lastName: 'Lõppenud' });
		await seedPairing(db(), {
			clientId: ended.id,
			volunteerId: volunteer.id,
			startsOn: '2024-01-01',
			endsOn: '2025-01-01'
		});
		const later = await seedClient(db(), { countyId: harju.id, lastName: 'Hiljem' });
		await seedPairing(db(), {
			clientId: later.id,
			volunteerId: volunteer.id,
			startsOn: '2025-04-01'
		});
		const { rows } = await listClients(ctx(actor));
		expect(rows.map((r) => r.id)).toEqual([client.id]);
		const options = await clientListOptions(ctx(actor));
		expect(options).toMatchObject({
			myClientsOnly: true,
			canCreate: false,
			canExport: false,
			counties: []
		});
		// Their own volunteer record lists the same single client.
		const mine = await volunteerPairings(ctx(actor), volunteer.id);
		expect(mine.map((p) => p.clientId)).toEqual([client.id]);
		const record = await volunteerRecord(ctx(actor), volunteer.id);
		expect(record.volunteer.permissions).toMatchObject({ update: false, invite: false });
		expect(record.municipalities).toEqual([]);
	});

	it('the diary with the earlier volunteers’ entries (R-ROLE-6)', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		const earlier = await seedVolunteer(db(), { countyId: harju.id });
		const old = await seedPairing(db(), {
			clientId: client.id,
			volunteerId: earlier.id,
			startsOn: '2024-01-01',
			endsOn: '2025-01-01'
		});
		await addDiaryEntry(ctx(coordinator), client.id, {
			contactDate: '2024-06-01',
			durationMinutes: 60,
			description: 'Varasem külastus',
			pairingId: old.id
		});
		const { actor } = await pairedVolunteer(client.id, harju.id);
		const diary = await listDiary(ctx(actor), client.id);
		expect(diary.map((d) => d.description)).toContain('Varasem külastus');
	});
});

describe('the lists as the pages call them', () => {
	it('treats empty or malformed query-string filters as "all" and pages by 25', async () => {
		const county = await countyByName(db(), 'Valga maakond');
		for (let i = 0; i < 27; i++) {
			await seedClient(db(), {
				countyId: county.id,
				lastName: `Paging${String(i).padStart(2, '0')}`
			});
		}
		const valga = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: county.id }] }))
			.actor;
		const first = await listClients(ctx(valga), { q: '', countyId: '', status: '', page: 1 });
		expect(first.rows).toHaveLength(25);
		expect(first.hasMore).toBe(true);
		const second = await listClients(ctx(valga), {
			q: 'paging',
			countyId: 'x',
			status: 'nonsense',
			page: 2
		});
		expect(second.rows.map((r) => r.lastName)).toEqual(['Paging25', 'Paging26']);
		expect(second.hasMore).toBe(false);
		expect(await lastEvent('client.list')).toMatchObject({
			countyId: null,
			details: { count: 2, page: 2 }
		});
		// A county filter never widens the scope: another county's id gives nothing.
		const other = await listClients(ctx(valga), { countyId: harju.id });
		expect(other.rows).toHaveLength(0);
		const waiting = await listClients(ctx(admin), { countyId: county.id, status: 'mapped' });
		expect(waiting.rows).toHaveLength(0);
		const volunteers = await listVolunteers(ctx(valga), {
			q: '',
			countyId: '',
			status: '',
			page: 1
		});
		expect(volunteers.rows).toHaveLength(0);
	});
});

describe('page options', () => {
	it('clientFormOptions: the counties the actor may create in, with their municipalities', async () => {
		const own = await clientFormOptions(ctx(coordinator));
		expect(own.counties.map((c) => c.id)).toEqual([harju.id]);
		expect(own.counties[0]!.municipalities.map((m) => m.id)).toContain(harjuMunicipality.id);
		expect(own.counties[0]!.municipalities.map((m) => m.id)).not.toContain(tartuMunicipality.id);
		expect(own.today).toBe(TODAY);
		expect((await clientFormOptions(ctx(twoCounties))).counties).toHaveLength(2);
		const all = await clientFormOptions(ctx(admin));
		expect(all.counties).toHaveLength(15);
		expect(all.counties.reduce((n, c) => n + c.municipalities.length, 0)).toBe(79);
		for (const actor of [expert, nobody, null]) {
			expect((await appError(clientFormOptions(ctx(actor)))).code).toBe('not_found');
		}
	});

	it('clientListOptions: county filter, create and download per role', async () => {
		expect(await clientListOptions(ctx(expert))).toMatchObject({
			canCreate: false,
			canExport: true,
			myClientsOnly: false
		});
		expect((await clientListOptions(ctx(expert))).counties).toHaveLength(15);
		const two = await clientListOptions(ctx(twoCounties));
		expect(two.counties.map((c) => c.id).sort()).toEqual([harju.id, tartu.id].sort());
		expect(two).toMatchObject({ canCreate: true, canExport: true });
		expect((await appError(clientListOptions(ctx(nobody)))).code).toBe('not_found');
	});

	it('volunteer options: refused to volunteers, scoped for coordinators', async () => {
		expect((await volunteerListOptions(ctx(coordinator))).counties.map((c) => c.id)).toEqual([
			harju.id
		]);
		expect((await volunteerFormOptions(ctx(coordinator))).counties.map((c) => c.id)).toEqual([
			harju.id
		]);
		expect((await appError(volunteerFormOptions(ctx(expert)))).code).toBe('not_found');
		const client = await seedClient(db(), { countyId: harju.id });
		const { actor } = await pairedVolunteer(client.id, harju.id);
		expect((await appError(volunteerListOptions(ctx(actor)))).code).toBe('not_found');
	});

	it('clientRecord: a coordinator gets candidates, municipalities and the paper-diary choice', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		const record = await clientRecord(ctx(coordinator), client.id);
		expect(record.client.permissions).toMatchObject({ update: true, pair: true, addDiary: true });
		expect(record.municipalities.map((m) => m.id)).toContain(harjuMunicipality.id);
		expect(record.diaryPairingChoice).toBe(true);
		expect(record.linkVolunteers).toBe(true);
		expect(record.today).toBe(TODAY);
		expect((await appError(clientRecord(ctx(coordinator), crypto.randomUUID()))).code).toBe(
			'not_found'
		);
	});

	it('volunteerPairings: a coordinator of another county gets 404, an expert all pairings', async () => {
		const volunteer = await seedVolunteer(db(), { countyId: tartu.id });
		const client = await seedClient(db(), { countyId: tartu.id });
		await seedPairing(db(), { clientId: client.id, volunteerId: volunteer.id, startsOn: TODAY });
		expect((await appError(volunteerPairings(ctx(coordinator), volunteer.id))).code).toBe(
			'not_found'
		);
		expect((await volunteerPairings(ctx(expert), volunteer.id)).map((p) => p.clientId)).toEqual([
			client.id
		]);
		const event = await lastEvent('client.list');
		expect(event).toMatchObject({ details: { count: 1, volunteerId: volunteer.id } });
	});

	it('updateVolunteer keeps status and capacity when they are left out', async () => {
		const volunteer = await seedVolunteer(db(), { countyId: harju.id, maxClients: 3 });
		await updateVolunteer(ctx(coordinator), volunteer.id, {
			version: await versionOf(t.handle.db, 'volunteer', volunteer.id),
			firstName: 'Uus',
			lastName: volunteer.lastName
		});
		const record = await volunteerRecord(ctx(coordinator), volunteer.id);
		expect(record.volunteer).toMatchObject({ firstName: 'Uus', status: 'active', maxClients: 3 });
		expect(record.volunteer.permissions).toMatchObject({ update: true, invite: true });
		expect((await lastEvent('volunteer.update'))!.details).toEqual({ fields: ['firstName'] });
		expect(
			(
				await appError(
					updateVolunteer(ctx(expert), volunteer.id, {
						version: await versionOf(t.handle.db, 'volunteer', volunteer.id),
						firstName: 'X',
						lastName: 'Y'
					})
				)
			).code
		).toBe('forbidden');
	});

	it('createVolunteer: required names and a county of the coordinator', async () => {
		const e = await appError(
			createVolunteer(ctx(coordinator), { countyId: harju.id, firstName: '', lastName: '' })
		);
		expect(e.fields).toMatchObject({ firstName: 'error.required', lastName: 'error.required' });
		const id = await createVolunteer(ctx(coordinator), {
			countyId: harju.id,
			municipalityId: harjuMunicipality.id,
			firstName: 'Jaan',
			lastName: 'Kask',
			email: 'Jaan.Kask@Example.ee',
			status: 'active',
			maxClients: '2'
		});
		const rows = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'volunteer.create'), eq(auditEvents.entityId, id)));
		expect(rows).toHaveLength(1);
		expect(
			(
				await appError(
					createVolunteer(ctx(coordinator), { countyId: tartu.id, firstName: 'A', lastName: 'B' })
				)
			).code
		).toBe('not_found');
	});
});
