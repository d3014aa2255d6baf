import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents } from '$lib/server/db/schema';
import {
	countyByName,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { recordAudit } from '$lib/server/services/core/audit';
import {
	auditFilterOptions,
	clientAccessLog,
	listAuditEvents
} from '$lib/server/services/admin/audit-log';
import { getClient, updateClient } from '$lib/server/services/clients/clients';
import { addDiaryEntry, listDiary } from '$lib/server/services/pairings/diary';
import { createPairing, endPairing } from '$lib/server/services/pairings/pairing-lifecycle';
import { versionOf } from '../helpers/versions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { refusal } from '../helpers/errors';

/**
 * Issue 2, "Audit log": the administrator browses and filters the whole log, a coordinator the
 * events of their counties' records, and a client's record shows who looked at their data.
 */

const NOW = new Date('2025-06-15T09:00:00Z');
const TODAY = '2025-06-15';

let t: TestDatabase;
let countyA: string;
let countyB: string;
let admin: Actor;
let coordinatorA: Actor;
let coordinatorB: Actor;
let expert: Actor;
let volunteer: Actor;
let clientA: string;
let otherClientA: string;

const ctx = (actor: Actor | null, now = NOW) => t.ctx(actor, { now });

beforeAll(async () => {
	t = await createTestDatabase();
	const db = t.handle.db;
	countyA = (await countyByName(db, 'Harju maakond')).id;
	countyB = (await countyByName(db, 'Tartu maakond')).id;
	admin = (await seedUser(db, { name: 'Anne Admin', grants: [{ role: 'admin' }] })).actor;
	coordinatorA = (
		await seedUser(db, {
			name: 'Kati Koordinaator',
			grants: [{ role: 'coordinator', countyId: countyA }]
		})
	).actor;
	coordinatorB = (
		await seedUser(db, { name: 'Tiit Tartu', grants: [{ role: 'coordinator', countyId: countyB }] })
	).actor;
	expert = (await seedUser(db, { name: 'Eva Ekspert', grants: [{ role: 'expert' }] })).actor;
	const vol = await seedVolunteer(db, { countyId: countyA });
	volunteer = (
		await seedUser(db, {
			name: 'Villu Vabatahtlik',
			grants: [{ role: 'volunteer', volunteerId: vol.id }]
		})
	).actor;
	clientA = (await seedClient(db, { countyId: countyA })).id;
	otherClientA = (await seedClient(db, { countyId: countyA })).id;
	await seedPairing(db, { clientId: clientA, volunteerId: vol.id, startsOn: '2025-01-10' });
});

afterAll(async () => {
	await t?.close();
});

describe('listAuditEvents', () => {
	it('shows the administrator every event with the actor’s name, roles and county name', async () => {
		const c = ctx(coordinatorA);
		await getClient(c, clientA);
		const { rows } = await listAuditEvents(ctx(admin), { requestId: c.requestId });
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			action: 'client.view',
			actorUserId: coordinatorA.userId,
			actorName: 'Kati Koordinaator',
			actorRoles: 'coordinator',
			entityType: 'client',
			entityId: clientA,
			countyId: countyA,
			countyName: 'Harju maakond',
			outcome: 'success',
			requestId: c.requestId,
			ip: '127.0.0.1'
		});
	});

	it('shows a coordinator only the events of their county', async () => {
		const marker = 'test.county_scope';
		const seed = ctx(null);
		await recordAudit(t.handle.db, seed, { action: marker, countyId: countyA });
		await recordAudit(t.handle.db, seed, { action: marker, countyId: countyB });
		await recordAudit(t.handle.db, seed, { action: marker, countyId: null });
		const a = await listAuditEvents(ctx(coordinatorA), { action: marker });
		expect(a.rows.map((r) => r.countyId)).toEqual([countyA]);
		const b = await listAuditEvents(ctx(coordinatorB), { action: marker });
		expect(b.rows.map((r) => r.countyId)).toEqual([countyB]);
		const all = await listAuditEvents(ctx(admin), { action: marker });
		expect(all.rows).toHaveLength(3);
		// Asking for another county's events gives nothing, not an error.
		const other = await listAuditEvents(ctx(coordinatorA), { action: marker, countyId: countyB });
		expect(other.rows).toEqual([]);
	});

	it('refuses everyone else with "not found", and records the refusal', async () => {
		for (const actor of [expert, volunteer, null]) {
			const c = ctx(actor);
			const error = await refusal(listAuditEvents(c, {}));
			expect(error.code).toBe('not_found');
			const events = await t.handle.db
				.select()
				.from(auditEvents)
				.where(eq(auditEvents.requestId, c.requestId));
			expect(events.map((e) => [e.action, e.outcome])).toEqual([['audit.view', 'denied']]);
		}
		expect((await refusal(auditFilterOptions(ctx(expert)))).code).toBe('not_found');
	});

	it('filters by outcome, record type and id, and time', async () => {
		const c = ctx(coordinatorB);
		await getClient(c, clientA).catch(() => undefined); // denied: another county
		const denied = await listAuditEvents(ctx(admin), {
			outcome: 'denied',
			entityType: 'client',
			entityId: clientA
		});
		expect(denied.rows.map((r) => r.requestId)).toContain(c.requestId);
		expect(denied.rows.every((r) => r.outcome === 'denied' && r.entityId === clientA)).toBe(true);

		const marker = 'test.time_window';
		for (const at of ['2025-06-10T12:00:00Z', '2025-06-12T12:00:00Z', '2025-06-14T12:00:00Z']) {
			await recordAudit(t.handle.db, ctx(null, new Date(at)), { action: marker });
		}
		const window = await listAuditEvents(ctx(admin), {
			action: marker,
			from: new Date('2025-06-11T00:00:00Z'),
			to: new Date('2025-06-14T12:00:00Z')
		});
		expect(window.rows.map((r) => r.occurredAt.toISOString())).toEqual([
			'2025-06-12T12:00:00.000Z'
		]);
	});

	it('pages newest first', async () => {
		const marker = 'test.paging';
		for (let i = 0; i < 5; i++) {
			await recordAudit(t.handle.db, ctx(null, new Date(Date.UTC(2025, 5, 1, 10, i))), {
				action: marker,
				details: { i }
			});
		}
		const first = await listAuditEvents(ctx(admin), { action: marker, pageSize: 2 });
		expect(first.hasMore).toBe(true);
		expect(first.rows.map((r) => r.details?.i)).toEqual([4, 3]);
		const third = await listAuditEvents(ctx(admin), { action: marker, pageSize: 2, page: 3 });
		expect(third.hasMore).toBe(false);
		expect(third.rows.map((r) => r.details?.i)).toEqual([0]);
	});

	it('refuses a malformed county or actor id as invalid input, not a database error', async () => {
		const error = await refusal(listAuditEvents(ctx(admin), { countyId: 'harju' }));
		expect(error.code).toBe('invalid');
		expect(error.fields).toEqual({ countyId: 'error.choice' });
	});

	it('records the look at the log with the names of the filters only', async () => {
		const c = ctx(admin);
		await listAuditEvents(c, { entityId: clientA, outcome: 'success' });
		const [event] = await t.handle.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.requestId, c.requestId));
		expect(event).toMatchObject({ action: 'audit.view', outcome: 'success' });
		expect(event!.details).toMatchObject({ filters: ['entityId', 'outcome'] });
		expect(JSON.stringify(event!.details)).not.toContain(clientA);
	});

	it('offers the coordinator their own counties to filter by, the administrator all', async () => {
		const own = await auditFilterOptions(ctx(coordinatorA));
		expect(own.allCounties).toBe(false);
		expect(own.counties.map((c) => c.id)).toEqual([countyA]);
		const all = await auditFilterOptions(ctx(admin));
		expect(all.allCounties).toBe(true);
		expect(all.counties).toHaveLength(15);
		expect(all.actions).toContain('client.view');
	});
});

describe('clientAccessLog: who looked at my data', () => {
	let pairingId: string;

	beforeAll(async () => {
		// A morning in the client's life: the volunteer reads and writes, the coordinator edits,
		// pairs and ends a pairing, someone from another county tries to look.
		const v = ctx(volunteer);
		await getClient(v, clientA);
		await listDiary(v, clientA);
		await addDiaryEntry(v, clientA, {
			contactDate: TODAY,
			durationMinutes: 30,
			description: 'Jalutuskäik.'
		});
		const fresh = await seedVolunteer(t.handle.db, { countyId: countyA });
		pairingId = await createPairing(ctx(coordinatorA), clientA, {
			volunteerId: fresh.id,
			startsOn: TODAY
		});
		await endPairing(ctx(volunteer), pairingId, {
			version: await versionOf(t.handle.db, 'pairing', pairingId),
			endsOn: TODAY,
			reason: 'x'
		}).catch(() => undefined);
		await endPairing(ctx(coordinatorA), pairingId, {
			version: await versionOf(t.handle.db, 'pairing', pairingId),
			endsOn: TODAY,
			reason: 'Ei sobinud'
		});
		await getClient(ctx(coordinatorB), clientA).catch(() => undefined);
		// Events about another client must not show.
		await getClient(ctx(coordinatorA), otherClientA);
	});

	it('lists the client’s events and their pairings’ events with names, newest first', async () => {
		const log = await clientAccessLog(ctx(coordinatorA), clientA);
		const seen = log.rows.map((r) => [r.action, r.outcome, r.actorName]);
		expect(seen).toEqual(
			expect.arrayContaining([
				['client.view', 'success', 'Villu Vabatahtlik'],
				['diary.view', 'success', 'Villu Vabatahtlik'],
				['diary.create', 'success', 'Villu Vabatahtlik'],
				['pairing.create', 'success', 'Kati Koordinaator'],
				['pairing.end', 'denied', 'Villu Vabatahtlik'],
				['pairing.end', 'success', 'Kati Koordinaator'],
				['client.view', 'denied', 'Tiit Tartu']
			])
		);
		expect(log.rows.every((r) => r.entityId === clientA || r.entityId === pairingId)).toBe(true);
		const times = log.rows.map((r) => r.occurredAt.getTime());
		expect([...times].sort((a, b) => b - a)).toEqual(times);
		expect(log.client).toMatchObject({ id: clientA, countyName: 'Harju maakond' });
	});

	it('is itself audited, and shows up in the log the next time', async () => {
		const c = ctx(admin);
		await clientAccessLog(c, clientA);
		const log = await clientAccessLog(ctx(admin), clientA);
		expect(log.rows.map((r) => r.requestId)).toContain(c.requestId);
		const mine = log.rows.find((r) => r.requestId === c.requestId)!;
		expect(mine).toMatchObject({ action: 'client.access_log_view', outcome: 'success' });
	});

	it('is the county coordinator’s and the administrator’s: others are refused and audited', async () => {
		const cases = [
			[coordinatorB, 'not_found'],
			[null, 'not_found'],
			// They may read the client, not the log about them.
			[volunteer, 'forbidden'],
			[expert, 'forbidden']
		] as const;
		for (const [actor, code] of cases) {
			const c = ctx(actor);
			expect((await refusal(clientAccessLog(c, clientA))).code).toBe(code);
			const events = await t.handle.db
				.select()
				.from(auditEvents)
				.where(eq(auditEvents.requestId, c.requestId));
			expect(events.map((e) => [e.action, e.outcome, e.entityId])).toEqual([
				['client.access_log_view', 'denied', clientA]
			]);
		}
		expect((await refusal(clientAccessLog(ctx(admin), 'nope'))).code).toBe('not_found');
	});

	it('pages', async () => {
		for (let i = 0; i < 3; i++) {
			await updateClient(ctx(coordinatorA), otherClientA, {
				version: await versionOf(t.handle.db, 'client', otherClientA),
				municipalityId: '',
				firstName: 'Maie',
				lastName: `Tamm${i}`,
				phone: '',
				dateOfBirth: '',
				notes: ''
			});
		}
		const first = await clientAccessLog(ctx(admin), otherClientA, { pageSize: 2 });
		expect(first.rows).toHaveLength(2);
		expect(first.hasMore).toBe(true);
		const second = await clientAccessLog(ctx(admin), otherClientA, { pageSize: 2, page: 2 });
		expect(second.page).toBe(2);
		expect(second.rows.map((r) => r.id)).not.toContain(first.rows[0]!.id);
	});

	it('carries no personal data in the events it shows', async () => {
		const log = await clientAccessLog(ctx(admin), clientA);
		const details = JSON.stringify(log.rows.map((r) => r.details));
		expect(details).not.toMatch(/Jalutuskäik|Ei sobinud|Maie|Tamm/);
	});
});
