import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, diaryEntries, formSubmissions, trips } from '$lib/server/db/schema';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { addDiaryEntry, updateDiaryEntry } from '$lib/server/services/pairings/diary';
import { addTrip } from '$lib/server/services/mileage/trips';
import { pruneSubmissions } from '$lib/server/services/core/submissions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { appError } from '../helpers/errors';

/**
 * Issue 19, exactly once: a diary entry or a trip posted again with the same idempotency key —
 * a second tap, a replay from the phone's queue, twenty at once — is saved once, and every
 * repeat answers with the record saved the first time. On PGlite and on PostgreSQL
 * (`TEST_DB=postgres`), where the twenty run on separate connections of the pool.
 */
const NOW = new Date('2026-11-23T10:00:00Z');

let t: TestDatabase;
let county: { id: string };
let municipality: { id: string };

const ctx = (actor: Actor | null) => t.ctx(actor, { now: NOW });
const db = () => t.handle.db;

/** A client in a municipality with a volunteer (with an account) paired since October. */
async function paired() {
	const client = await seedClient(db(), {
		countyId: county.id,
		municipalityId: municipality.id,
		status: 'paired'
	});
	const volunteer = await seedVolunteer(db(), { countyId: county.id });
	await seedPairing(db(), {
		clientId: client.id,
		volunteerId: volunteer.id,
		startsOn: '2026-10-01'
	});
	const { actor } = await seedUser(db(), {
		grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
	});
	return { client, volunteer, actor };
}

const visit = (over: Record<string, unknown> = {}) => ({
	contactDate: '2026-11-20',
	contactKind: 'home_visit',
	helpProfiles: ['P1'],
	durationMinutes: '90',
	description: 'Jõime teed ja rääkisime.',
	...over
});

const trip = (clientId: string, over: Record<string, string> = {}) => ({
	tripDate: '2026-11-20',
	clientId,
	fromPlace: 'Kodu',
	toPlace: 'Küla',
	purpose: 'Külastus',
	kilometres: '8',
	...over
});

beforeAll(async () => {
	t = await createTestDatabase();
	county = await countyByName(db(), 'Viljandi maakond');
	municipality = await firstMunicipality(db(), county.id);
});

afterAll(async () => {
	await t?.close();
});

describe('a diary entry posted again with the same key', () => {
	it('twenty at once: one entry, one audit event, twenty answers naming it', async () => {
		const { client, actor } = await paired();
		const key = randomUUID();
		const answers = await Promise.all(
			Array.from({ length: 20 }, () =>
				addDiaryEntry(ctx(actor), client.id, visit({ submissionKey: key }))
			)
		);
		const rows = await db()
			.select({ id: diaryEntries.id })
			.from(diaryEntries)
			.where(eq(diaryEntries.clientId, client.id));
		expect(rows).toHaveLength(1);
		expect(answers).toEqual(Array(20).fill(rows[0]!.id));
		const created = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'diary.create'), eq(auditEvents.entityId, client.id)));
		expect(created).toHaveLength(1);
		const [kept] = await db().select().from(formSubmissions).where(eq(formSubmissions.key, key));
		expect(kept).toMatchObject({ kind: 'diary_entry', recordIds: [rows[0]!.id] });
	});

	it('a later repeat answers with the same entry; another key makes another entry', async () => {
		const { client, actor } = await paired();
		const key = randomUUID();
		const first = await addDiaryEntry(ctx(actor), client.id, visit({ submissionKey: key }));
		const again = await addDiaryEntry(ctx(actor), client.id, visit({ submissionKey: key }));
		expect(again).toBe(first);
		const other = await addDiaryEntry(
			ctx(actor),
			client.id,
			visit({ submissionKey: randomUUID() })
		);
		expect(other).not.toBe(first);
		// Without a key (an old page): no guard, two entries — the reason forms carry one.
		await addDiaryEntry(ctx(actor), client.id, visit());
		const rows = await db().select().from(diaryEntries).where(eq(diaryEntries.clientId, client.id));
		expect(rows).toHaveLength(3);
	});

	it('a refused save does not use the key up: corrected, the same key saves', async () => {
		const { client, actor } = await paired();
		const key = randomUUID();
		const e = await appError(
			addDiaryEntry(ctx(actor), client.id, visit({ submissionKey: key, contactDate: '2027-01-01' }))
		);
		expect(e.code).toBe('invalid');
		const id = await addDiaryEntry(ctx(actor), client.id, visit({ submissionKey: key }));
		const rows = await db().select().from(diaryEntries).where(eq(diaryEntries.clientId, client.id));
		expect(rows.map((r) => r.id)).toEqual([id]);
	});

	it('keys are per user: the same key of another user is their own form', async () => {
		const a = await paired();
		const b = await paired();
		const key = randomUUID();
		const ida = await addDiaryEntry(ctx(a.actor), a.client.id, visit({ submissionKey: key }));
		const idb = await addDiaryEntry(ctx(b.actor), b.client.id, visit({ submissionKey: key }));
		expect(idb).not.toBe(ida);
	});

	it('a malformed key is refused and saves nothing; a key of another kind of form conflicts', async () => {
		const { client, actor } = await paired();
		const e = await appError(
			addDiaryEntry(ctx(actor), client.id, visit({ submissionKey: "x' or 1=1" }))
		);
		expect(e).toMatchObject({ code: 'invalid', fields: { submissionKey: 'error.form_invalid' } });
		const key = randomUUID();
		await addDiaryEntry(ctx(actor), client.id, visit({ submissionKey: randomUUID() }));
		const [saved] = await addTrip(
			ctx(actor),
			actor.volunteerId!,
			trip(client.id, { submissionKey: key })
		);
		expect(saved).toBeTruthy();
		const reused = await appError(
			addDiaryEntry(ctx(actor), client.id, visit({ submissionKey: key }))
		);
		expect(reused).toMatchObject({ code: 'conflict', messageKey: 'submission.key_reused' });
	});

	it('a change posted twice is saved once, not a conflict with itself', async () => {
		const { client, actor } = await paired();
		const id = await addDiaryEntry(ctx(actor), client.id, visit());
		const key = randomUUID();
		const change = visit({ description: 'Parandatud tekst.', version: '1', submissionKey: key });
		await Promise.all(
			Array.from({ length: 5 }, () => updateDiaryEntry(ctx(actor), client.id, id, change))
		);
		const [row] = await db().select().from(diaryEntries).where(eq(diaryEntries.id, id));
		expect(row).toMatchObject({ version: 2, description: 'Parandatud tekst.' });
	});
});

describe('a trip posted again with the same key', () => {
	it('twenty at once with the way back: two trips, twenty answers naming both', async () => {
		const { client, actor } = await paired();
		await addDiaryEntry(ctx(actor), client.id, visit());
		const key = randomUUID();
		const answers = await Promise.all(
			Array.from({ length: 20 }, () =>
				addTrip(
					ctx(actor),
					actor.volunteerId!,
					trip(client.id, { submissionKey: key, returnTrip: 'on' })
				)
			)
		);
		const rows = await db()
			.select({ id: trips.id })
			.from(trips)
			.where(eq(trips.volunteerId, actor.volunteerId!));
		expect(rows).toHaveLength(2);
		for (const a of answers) expect([...a].sort()).toEqual(rows.map((r) => r.id).sort());
		const created = await db()
			.select()
			.from(auditEvents)
			.where(
				and(
					eq(auditEvents.action, 'mileage.trip_create'),
					eq(auditEvents.entityId, actor.volunteerId!)
				)
			);
		expect(created).toHaveLength(1);
	});
});

describe('forgetting old keys', () => {
	it('keys older than 60 days go, newer stay', async () => {
		const { client, actor } = await paired();
		const oldKey = randomUUID();
		const newKey = randomUUID();
		await addDiaryEntry(ctx(actor), client.id, visit({ submissionKey: oldKey }));
		await addDiaryEntry(ctx(actor), client.id, visit({ submissionKey: newKey }));
		await db()
			.update(formSubmissions)
			.set({ createdAt: new Date('2026-09-01T00:00:00Z') })
			.where(eq(formSubmissions.key, oldKey));
		await pruneSubmissions(db(), NOW);
		const left = await db()
			.select({ key: formSubmissions.key })
			.from(formSubmissions)
			.where(inArray(formSubmissions.key, [oldKey, newKey]));
		expect(left.map((r) => r.key)).toEqual([newKey]);
	});
});
