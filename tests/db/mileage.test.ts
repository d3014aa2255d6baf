import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import {
	auditEvents,
	clients,
	diaryEntries,
	mileageClaims,
	mileageRates,
	municipalities,
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
import { addTrip, deleteTrip, getTrip, updateTrip } from '$lib/server/services/mileage/trips';
import { getClaim, reviewClaim, submitClaim } from '$lib/server/services/mileage/claims';
import { listClaims } from '$lib/server/services/mileage/claim-list';
import { mileageLog } from '$lib/server/services/mileage/mileage-log';
import {
	addMileageRate,
	deleteMileageRate,
	ensureDefaultMileageRate,
	mileageRatesPage
} from '$lib/server/services/mileage/mileage-rates';
import { claimPdf, claimsSummary } from '$lib/server/services/mileage/mileage-documents';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { pdfTagging, pdfText } from '../helpers/pdf';
import { translate } from '$lib/server/i18n';
import { readZip } from '$lib/server/files/zip';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * Mileage logs and their reimbursement (R-MILE-1…3) on a real database, PGlite and PostgreSQL:
 * trips with and without a diary entry, return trips, the day bound, claims per paying
 * municipality, removal of a diary entry after the fact, the claim states and their audit,
 * rates with the national default, the documents, and who may not see or do what.
 */
const NOW = new Date('2026-11-23T10:00:00Z');

let t: TestDatabase;
const db = () => t.handle.db;
const { events } = auditLog(db);
const ctx = (actor: Actor | null) => t.ctx(actor, { now: NOW });

let tartu: { id: string };
let harju: { id: string };
let tartuLinn: { id: string; name: string };
let otherTartuMunicipality: { id: string; name: string };
let harjuMunicipality: { id: string };

let admin: Actor;
let coordinator: Actor;
let harjuCoordinator: Actor;
let expert: Actor;
/** Volunteer V (Tartu), the main character. */
let vol: Actor;
let V: { id: string; firstName: string; lastName: string };
/** Volunteer W (Tartu), also a coordinator of Tartu: never reviews their own claim. */
let volW: Actor;
let W: { id: string };
/** Volunteer X: an account with no trips, looking for other people's. */
let volX: Actor;

let c1: { id: string; firstName: string | null };
let c2: { id: string };
let c3: { id: string };
/** A client in a third municipality, for rate changes within a month. */
let c4: { id: string };
let thirdTartuMunicipality: { id: string; name: string };
let neverPaired: { id: string };

const trip = (over: Record<string, string> = {}) => ({
	tripDate: '2026-11-10',
	clientId: c1.id,
	fromPlace: 'Tartu, Riia 1',
	toPlace: 'Kõrveküla',
	purpose: 'Külastus',
	kilometres: '12,5',
	...over
});

async function claimOf(volunteerId: string, municipalityId: string, month = '2026-11-01') {
	const [row] = await db()
		.select()
		.from(mileageClaims)
		.where(
			and(
				eq(mileageClaims.volunteerId, volunteerId),
				eq(mileageClaims.municipalityId, municipalityId),
				eq(mileageClaims.month, month)
			)
		);
	return row;
}

beforeAll(async () => {
	t = await createTestDatabase();
	await ensureDefaultMileageRate(db());
	tartu = await countyByName(db(), 'Tartu maakond');
	harju = await countyByName(db(), 'Harju maakond');
	tartuLinn = await firstMunicipality(db(), tartu.id);
	const tartuMunicipalities = await db()
		.select()
		.from(municipalities)
		.where(eq(municipalities.countyId, tartu.id))
		.orderBy(municipalities.sortOrder);
	otherTartuMunicipality = tartuMunicipalities[1]!;
	thirdTartuMunicipality = tartuMunicipalities[2]!;
	harjuMunicipality = await firstMunicipality(db(), harju.id);

	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu.id }] }))
		.actor;
	harjuCoordinator = (
		await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju.id }] })
	).actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;

	V = await seedVolunteer(db(), { countyId: tartu.id, firstName: 'Vello', lastName: 'Sõitja' });
	vol = (await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: V.id }] })).actor;
	W = await seedVolunteer(db(), { countyId: tartu.id });
	volW = (
		await seedUser(db(), {
			grants: [
				{ role: 'volunteer', volunteerId: W.id },
				{ role: 'coordinator', countyId: tartu.id }
			]
		})
	).actor;

	const X = await seedVolunteer(db(), { countyId: tartu.id });
	volX = (await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: X.id }] })).actor;

	c1 = await seedClient(db(), {
		countyId: tartu.id,
		municipalityId: tartuLinn.id,
		firstName: 'Õie',
		lastName: 'Šmidt',
		status: 'paired'
	});
	c2 = await seedClient(db(), {
		countyId: tartu.id,
		municipalityId: otherTartuMunicipality.id,
		status: 'paired'
	});
	c3 = await seedClient(db(), { countyId: tartu.id, municipalityId: tartuLinn.id });
	c4 = await seedClient(db(), {
		countyId: tartu.id,
		municipalityId: thirdTartuMunicipality.id,
		status: 'paired'
	});
	neverPaired = await seedClient(db(), { countyId: tartu.id, municipalityId: tartuLinn.id });

	const p1 = await seedPairing(db(), {
		clientId: c1.id,
		volunteerId: V.id,
		startsOn: '2026-10-01'
	});
	const p2 = await seedPairing(db(), {
		clientId: c2.id,
		volunteerId: V.id,
		startsOn: '2026-11-01'
	});
	const p3 = await seedPairing(db(), {
		clientId: c3.id,
		volunteerId: V.id,
		startsOn: '2026-09-01',
		endsOn: '2026-11-05'
	});
	const p4 = await seedPairing(db(), {
		clientId: c4.id,
		volunteerId: V.id,
		startsOn: '2026-10-01'
	});
	for (const day of ['2026-10-10', '2026-10-20']) {
		await seedDiaryEntry(db(), {
			clientId: c4.id,
			pairingId: p4.id,
			volunteerId: V.id,
			contactDate: day
		});
	}
	const pw = await seedPairing(db(), {
		clientId: c1.id,
		volunteerId: W.id,
		startsOn: '2026-10-01'
	});
	for (const day of ['2026-11-10', '2026-11-12', '2026-11-16', '2026-10-20']) {
		await seedDiaryEntry(db(), {
			clientId: c1.id,
			pairingId: p1.id,
			volunteerId: V.id,
			contactDate: day
		});
	}
	await seedDiaryEntry(db(), {
		clientId: c2.id,
		pairingId: p2.id,
		volunteerId: V.id,
		contactDate: '2026-11-11'
	});
	await seedDiaryEntry(db(), {
		clientId: c3.id,
		pairingId: p3.id,
		volunteerId: V.id,
		contactDate: '2026-11-03'
	});
	// Another volunteer's visit to the same client does not make V's trip reimbursable.
	for (const day of ['2026-11-10', '2026-11-11']) {
		await seedDiaryEntry(db(), {
			clientId: c1.id,
			pairingId: pw.id,
			volunteerId: W.id,
			contactDate: day
		});
	}
	// A phone call is a contact, not a meeting: no trip for it (R-MILE-2).
	await seedDiaryEntry(db(), {
		clientId: c1.id,
		pairingId: p1.id,
		volunteerId: V.id,
		contactDate: '2026-11-14',
		contactKind: 'call'
	});
	// A removed entry counts for nothing.
	await seedDiaryEntry(db(), {
		clientId: c1.id,
		pairingId: p1.id,
		volunteerId: V.id,
		contactDate: '2026-11-13',
		removedAt: new Date('2026-11-14T10:00:00Z')
	});
});

afterAll(async () => {
	await t?.close();
});

describe('the national default rate', () => {
	it('is seeded once: 0,30 €/km from 2024-01-01, however often start-up runs', async () => {
		await ensureDefaultMileageRate(db());
		await ensureDefaultMileageRate(db());
		const rows = await db().select().from(mileageRates).where(isNull(mileageRates.municipalityId));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			validFrom: '2024-01-01',
			eurPerKm: '0.3000',
			monthlyCapCents: null
		});
	});
});

describe('logging a trip (R-MILE-1, R-MILE-2)', () => {
	it('logs a trip on a day with the volunteer’s diary entry, filed into a draft claim of the client’s municipality', async () => {
		const [id] = await addTrip(ctx(vol), V.id, trip());
		const [row] = await db().select().from(trips).where(eq(trips.id, id!));
		expect(row).toMatchObject({
			volunteerId: V.id,
			clientId: c1.id,
			municipalityId: tartuLinn.id,
			tripDate: '2026-11-10',
			kilometres: '12.50',
			fromPlace: 'Tartu, Riia 1'
		});
		const claim = await claimOf(V.id, tartuLinn.id);
		expect(claim).toMatchObject({ status: 'draft', countyId: tartu.id, month: '2026-11-01' });
		expect(row!.claimId).toBe(claim!.id);
		const [event] = await events('mileage.trip_create');
		expect(event).toMatchObject({ entityId: V.id, outcome: 'success', countyId: tartu.id });
		expect(event!.details).toMatchObject({ tripIds: [id], claimId: claim!.id, returnTrip: false });
		expect(JSON.stringify(event)).not.toMatch(/Riia|Kõrveküla|Külastus/);
	});

	it('refuses a day without the volunteer’s diary entry, and says why', async () => {
		// W visited the client on 11.11, V's entry of 13.11 was removed and on 14.11 V only
		// phoned: none of these counts for V.
		for (const day of ['2026-11-11', '2026-11-13', '2026-11-14']) {
			const e = await appError(addTrip(ctx(vol), V.id, trip({ tripDate: day })));
			expect(e.code).toBe('invalid');
			expect(e.messageKey).toBe('mileage.not_reimbursable');
			expect(e.fields).toEqual({ tripDate: 'mileage.no_diary_entry' });
		}
		const rows = await db().select().from(trips).where(eq(trips.volunteerId, V.id));
		expect(rows).toHaveLength(1);
	});

	it('logs the way back in the same step (to → from)', async () => {
		const ids = await addTrip(
			ctx(vol),
			V.id,
			trip({ tripDate: '2026-11-12', kilometres: '7.3', returnTrip: 'on' })
		);
		expect(ids).toHaveLength(2);
		const rows = await db().select().from(trips).where(eq(trips.tripDate, '2026-11-12'));
		const there = rows.find((r) => r.fromPlace === 'Tartu, Riia 1');
		const back = rows.find((r) => r.fromPlace === 'Kõrveküla');
		expect(there).toMatchObject({ toPlace: 'Kõrveküla', kilometres: '7.30' });
		expect(back).toMatchObject({ toPlace: 'Tartu, Riia 1', kilometres: '7.30' });
	});

	it('bounds one day’s trips to 300 km in all (the way back counts)', async () => {
		await addTrip(ctx(vol), V.id, trip({ tripDate: '2026-11-16', kilometres: '200' }));
		const e = await appError(
			addTrip(ctx(vol), V.id, trip({ tripDate: '2026-11-16', kilometres: '60', returnTrip: 'on' }))
		);
		expect(e.fields).toEqual({ kilometres: 'mileage.day_limit' });
		await addTrip(ctx(vol), V.id, trip({ tripDate: '2026-11-16', kilometres: '100' }));
		const more = await appError(
			addTrip(ctx(vol), V.id, trip({ tripDate: '2026-11-16', kilometres: '0,01' }))
		);
		expect(more.fields).toEqual({ kilometres: 'mileage.day_limit' });
	});

	it('checks the kilometres, the date and the client', async () => {
		const cases: [Record<string, string>, Record<string, string>][] = [
			[{ kilometres: '0' }, { kilometres: 'mileage.km_positive' }],
			[{ kilometres: '12,345' }, { kilometres: 'mileage.km_decimals' }],
			[{ kilometres: 'palju' }, { kilometres: 'mileage.km_invalid' }],
			[{ tripDate: '2026-11-24' }, { tripDate: 'mileage.date_in_future' }],
			[{ tripDate: '2026-09-20' }, { tripDate: 'mileage.outside_pairing' }],
			[{ clientId: neverPaired.id }, { clientId: 'error.choice' }],
			[{ clientId: 'not-a-uuid' }, { clientId: 'error.choice' }],
			[{ purpose: '  ' }, { purpose: 'error.required' }]
		];
		for (const [over, fields] of cases) {
			const e = await appError(addTrip(ctx(vol), V.id, trip(over)));
			expect(e.fields, JSON.stringify(over)).toEqual(fields);
		}
	});

	it('after a pairing ended: allowed inside its window, refused after it', async () => {
		await addTrip(ctx(vol), V.id, trip({ clientId: c3.id, tripDate: '2026-11-03' }));
		const e = await appError(
			addTrip(ctx(vol), V.id, trip({ clientId: c3.id, tripDate: '2026-11-06' }))
		);
		expect(e.fields).toEqual({ tripDate: 'mileage.outside_pairing' });
	});

	it('files trips per paying municipality: one volunteer, several claims a month', async () => {
		await addTrip(
			ctx(vol),
			V.id,
			trip({ clientId: c2.id, tripDate: '2026-11-11', kilometres: '30' })
		);
		const a = await claimOf(V.id, tartuLinn.id);
		const b = await claimOf(V.id, otherTartuMunicipality.id);
		expect(a!.id).not.toBe(b!.id);
		const log = await mileageLog(ctx(vol), V.id, { month: '2026-11' });
		expect(log.claims.map((c) => c.municipalityName).sort()).toEqual(
			[tartuLinn.name, otherTartuMunicipality.name].sort()
		);
		expect(log.trips.every((t) => t.eligibility.reimbursable)).toBe(true);
		expect(log.clients.map((c) => c.id).sort()).toEqual([c1.id, c2.id, c3.id, c4.id].sort());
		expect(log.permissions.write).toBe(true);
	});
});

describe('a diary entry removed later (R-MILE-2)', () => {
	it('makes the unsubmitted trip "not reimbursable" at read time and blocks submission', async () => {
		const [entry] = await db()
			.select()
			.from(diaryEntries)
			.where(
				and(
					eq(diaryEntries.volunteerId, V.id),
					eq(diaryEntries.clientId, c1.id),
					eq(diaryEntries.contactDate, '2026-11-16')
				)
			);
		await db().update(diaryEntries).set({ removedAt: NOW }).where(eq(diaryEntries.id, entry!.id));
		const log = await mileageLog(ctx(vol), V.id, { month: '2026-11' });
		const onThatDay = log.trips.filter((t) => t.tripDate === '2026-11-16');
		expect(onThatDay).toHaveLength(2);
		for (const t of onThatDay) {
			expect(t.eligibility).toEqual({ reimbursable: false, reason: 'no_diary_entry' });
		}
		const claim = await claimOf(V.id, tartuLinn.id);
		const view = await getClaim(ctx(vol), claim!.id);
		expect(view.claim.notReimbursable).toBe(2);
		const e = await appError(submitClaim(ctx(vol), claim!.id, { version: claim!.version }));
		expect(e.messageKey).toBe('mileage.claim_not_reimbursable');
		// The volunteer removes the two trips; the claim can then go.
		for (const t of onThatDay) await deleteTrip(ctx(vol), t.id);
		const [deleted] = await events('mileage.trip_delete');
		expect(deleted!.details).toMatchObject({ claimId: claim!.id });
	});
});

describe('claims: submit, return, fix, resubmit, approve, pay (R-MILE-3)', () => {
	let claimId = '';

	it('the volunteer submits; the claim stores the rate, km and amount', async () => {
		const claim = await claimOf(V.id, tartuLinn.id);
		claimId = claim!.id;
		// A form opened before the last change conflicts.
		const stale = await appError(submitClaim(ctx(vol), claimId, { version: claim!.version - 1 }));
		expect(stale.code).toBe('conflict');
		await submitClaim(ctx(vol), claimId, { version: claim!.version });
		const after = await claimOf(V.id, tartuLinn.id);
		// 12,50 + 7,30 + 7,30 (11.11 and 12.11) + 12,50 (c3, 3.11) = 39,60 km × 0,30 € = 11,88 €
		expect(after).toMatchObject({
			status: 'submitted',
			eurPerKm: '0.3000',
			totalKm: '39.60',
			amountCents: 1188,
			monthlyCapCents: null,
			version: claim!.version + 1
		});
		const [event] = await events('mileage.claim_submit');
		expect(event).toMatchObject({
			entityType: 'mileage_claim',
			entityId: claimId,
			countyId: tartu.id
		});
		expect(event!.details).toMatchObject({ from: 'draft', to: 'submitted', reimbursableTrips: 4 });
		expect((event!.details as { tripIds: string[] }).tripIds).toHaveLength(4);
	});

	it('a submitted claim takes no new trips and its trips do not change', async () => {
		const e = await appError(
			addTrip(ctx(vol), V.id, trip({ tripDate: '2026-11-10', kilometres: '1' }))
		);
		expect(e.fields).toEqual({ tripDate: 'mileage.claim_locked' });
		const [first] = await db().select().from(trips).where(eq(trips.claimId, claimId));
		expect((await appError(updateTrip(ctx(vol), first!.id, trip()))).messageKey).toBe(
			'mileage.trip_locked'
		);
		expect((await appError(deleteTrip(ctx(vol), first!.id))).messageKey).toBe(
			'mileage.trip_locked'
		);
	});

	it('the coordinator returns it with a reason; the volunteer fixes a trip and resubmits', async () => {
		let claim = await claimOf(V.id, tartuLinn.id);
		const noReason = await appError(
			reviewClaim(ctx(coordinator), claimId, 'return', { version: claim!.version, reason: ' ' })
		);
		expect(noReason.fields).toEqual({ reason: 'mileage.reason_required' });
		await reviewClaim(ctx(coordinator), claimId, 'return', {
			version: claim!.version,
			reason: 'Kilomeetrid tunduvad liiga suured.'
		});
		claim = await claimOf(V.id, tartuLinn.id);
		expect(claim).toMatchObject({
			status: 'returned',
			returnReason: 'Kilomeetrid tunduvad liiga suured.'
		});
		const [returned] = await events('mileage.claim_return');
		expect(returned).toMatchObject({ outcome: 'success', entityId: claimId });
		expect(JSON.stringify(returned)).not.toMatch(/Kilomeetrid/);

		const log = await mileageLog(ctx(vol), V.id, { month: '2026-11' });
		const returnedClaim = log.claims.find((c) => c.id === claimId)!;
		expect(returnedClaim).toMatchObject({ status: 'returned', amountCents: null });
		const first = log.trips.find((t) => t.tripDate === '2026-11-10')!;
		expect(first.editable).toBe(true);
		const edit = await getTrip(ctx(vol), first.id);
		expect(edit.trip.km).toBe(1250);
		await updateTrip(ctx(vol), first.id, trip({ kilometres: '10' }));
		const [changed] = await events('mileage.trip_update');
		expect(changed!.details).toMatchObject({ fields: ['kilometres'] });

		claim = await claimOf(V.id, tartuLinn.id);
		await submitClaim(ctx(vol), claimId, { version: claim!.version });
		claim = await claimOf(V.id, tartuLinn.id);
		expect(claim).toMatchObject({ status: 'submitted', totalKm: '37.10', amountCents: 1113 });
	});

	it('nobody reviews their own claim, a volunteer reviews none, an expert changes nothing', async () => {
		const claim = await claimOf(V.id, tartuLinn.id);
		const own = await appError(
			reviewClaim(ctx(vol), claimId, 'approve', { version: claim!.version })
		);
		expect(own.code).toBe('forbidden');
		const byExpert = await appError(
			reviewClaim(ctx(expert), claimId, 'approve', { version: claim!.version })
		);
		expect(byExpert.code).toBe('forbidden');
		// W coordinates Tartu too, but is refused their own claim.
		await addTrip(ctx(volW), W.id, trip({ tripDate: '2026-11-11', kilometres: '4' }));
		const wClaim = await claimOf(W.id, tartuLinn.id);
		await submitClaim(ctx(volW), wClaim!.id, { version: wClaim!.version });
		const self = await appError(
			reviewClaim(ctx(volW), wClaim!.id, 'approve', { version: wClaim!.version + 1 })
		);
		expect(self.code).toBe('forbidden');
		const [denied] = await events('mileage.claim_approve');
		expect(denied).toMatchObject({ outcome: 'denied', entityId: wClaim!.id });
		expect(denied!.details).toMatchObject({ reason: 'own_claim' });
		expect((await claimOf(V.id, tartuLinn.id))!.status).toBe('submitted');
	});

	it('the coordinator approves, then marks it paid; every step is audited', async () => {
		let claim = await claimOf(V.id, tartuLinn.id);
		const tooEarly = await appError(
			reviewClaim(ctx(coordinator), claimId, 'pay', {
				version: claim!.version,
				paidOn: '2026-11-23'
			})
		);
		expect(tooEarly.messageKey).toBe('mileage.claim_wrong_state');
		await reviewClaim(ctx(coordinator), claimId, 'approve', { version: claim!.version });
		claim = await claimOf(V.id, tartuLinn.id);
		expect(claim).toMatchObject({ status: 'approved', decidedBy: coordinator.userId });
		const twice = await appError(
			reviewClaim(ctx(coordinator), claimId, 'approve', { version: claim!.version - 1 })
		);
		expect(twice.code).toBe('conflict');
		const future = await appError(
			reviewClaim(ctx(admin), claimId, 'pay', { version: claim!.version, paidOn: '2026-11-24' })
		);
		expect(future.fields).toEqual({ paidOn: 'mileage.paid_in_future' });
		await reviewClaim(ctx(admin), claimId, 'pay', {
			version: claim!.version,
			paidOn: '2026-11-23'
		});
		claim = await claimOf(V.id, tartuLinn.id);
		expect(claim).toMatchObject({ status: 'paid', paidOn: '2026-11-23', amountCents: 1113 });
		const trail = await db()
			.select({ action: auditEvents.action, details: auditEvents.details })
			.from(auditEvents)
			.where(and(eq(auditEvents.entityId, claimId), eq(auditEvents.outcome, 'success')))
			.orderBy(auditEvents.id);
		const steps = trail
			.filter((e) => e.action !== 'mileage.claim_view')
			.map((e) => `${e.action}:${(e.details as { to?: string }).to}`);
		expect(steps).toEqual([
			'mileage.claim_submit:submitted',
			'mileage.claim_return:returned',
			'mileage.claim_submit:submitted',
			'mileage.claim_approve:approved',
			'mileage.claim_pay:paid'
		]);
		// The volunteer sees every claim's state.
		const log = await mileageLog(ctx(vol), V.id, { month: '2026-11' });
		expect(log.claims.map((c) => c.status).sort()).toEqual(['draft', 'paid']);
	});

	it('a diary entry removed after submission changes nothing in the claim, but shows', async () => {
		await db()
			.update(diaryEntries)
			.set({ removedAt: NOW })
			.where(
				and(
					eq(diaryEntries.volunteerId, V.id),
					eq(diaryEntries.clientId, c1.id),
					eq(diaryEntries.contactDate, '2026-11-10')
				)
			);
		const claim = await claimOf(V.id, tartuLinn.id);
		expect(claim).toMatchObject({ status: 'paid', amountCents: 1113, totalKm: '37.10' });
		const view = await getClaim(ctx(coordinator), claimId);
		expect(view.claim.totals).toMatchObject({ snapshot: true, amountCents: 1113, km: 3710 });
		expect(view.claim.notReimbursable).toBe(1);
		expect(view.claim.trips.find((t) => t.tripDate === '2026-11-10')!.eligibility).toEqual({
			reimbursable: false,
			reason: 'no_diary_entry'
		});
	});
});

describe('an anonymised client', () => {
	it('turns the unsubmitted trips not reimbursable and hides the name', async () => {
		const claim = await claimOf(V.id, otherTartuMunicipality.id);
		expect(claim!.status).toBe('draft');
		await db()
			.update(clients)
			.set({ status: 'anonymised', anonymisedAt: NOW, firstName: null, lastName: null })
			.where(eq(clients.id, c2.id));
		const view = await getClaim(ctx(vol), claim!.id);
		expect(view.claim.trips[0]).toMatchObject({
			clientAnonymised: true,
			clientFirstName: null,
			eligibility: { reimbursable: false, reason: 'client_anonymised' }
		});
		const log = await mileageLog(ctx(vol), V.id, { month: '2026-11' });
		expect(log.clients.map((c) => c.id)).not.toContain(c2.id);
		const e = await appError(submitClaim(ctx(vol), claim!.id, { version: claim!.version }));
		expect(e.messageKey).toBe('mileage.claim_not_reimbursable');
	});
});

describe('rates', () => {
	it('a municipality’s own rate and cap apply from their day; each trip at its day’s rate', async () => {
		await addMileageRate(ctx(admin), {
			municipalityId: thirdTartuMunicipality.id,
			validFrom: '2026-10-15',
			eurPerKm: '0,40',
			monthlyCap: '5'
		});
		await addTrip(
			ctx(vol),
			V.id,
			trip({ clientId: c4.id, tripDate: '2026-10-10', kilometres: '10' })
		);
		const claim = await claimOf(V.id, thirdTartuMunicipality.id, '2026-10-01');
		const one = await getClaim(ctx(vol), claim!.id);
		// Before the municipality's own rate: the national default, and no cap.
		expect(one.claim.trips[0]).toMatchObject({ rate: 3000, amountCents: 300 });
		expect(one.claim.totals).toMatchObject({ amountCents: 300, capCents: null, snapshot: false });
		await addTrip(
			ctx(vol),
			V.id,
			trip({ clientId: c4.id, tripDate: '2026-10-20', kilometres: '10' })
		);
		const two = await getClaim(ctx(vol), claim!.id);
		expect(two.claim.trips.map((t) => [t.tripDate, t.rate, t.amountCents])).toEqual([
			['2026-10-10', 3000, 300],
			['2026-10-20', 4000, 400]
		]);
		// The rate and cap in force on the last trip day: 0,40 €/km and 5 €.
		expect(two.claim.totals).toMatchObject({
			rate: 4000,
			capCents: 500,
			sumCents: 700,
			amountCents: 500,
			capped: true,
			mixedRates: true
		});
		await submitClaim(ctx(vol), claim!.id, { version: two.claim.version });
		expect(await claimOf(V.id, thirdTartuMunicipality.id, '2026-10-01')).toMatchObject({
			status: 'submitted',
			eurPerKm: '0.4000',
			monthlyCapCents: 500,
			totalKm: '20.00',
			amountCents: 500
		});
		const [event] = await events('mileage.rate_create');
		expect(event).toMatchObject({ entityType: 'mileage_rate', outcome: 'success' });
	});

	it('a rate change that would re-price a submitted claim is refused; a later one is not', async () => {
		// The paid November claim of Tartu linn used the default on 3.–12.11.
		const e = await appError(
			addMileageRate(ctx(admin), { municipalityId: '', validFrom: '2026-11-01', eurPerKm: '0,35' })
		);
		expect(e.fields).toEqual({ validFrom: 'mileage.rate_locked' });
		await addMileageRate(ctx(admin), {
			municipalityId: '',
			validFrom: '2026-12-01',
			eurPerKm: '0,35'
		});
		const dup = await appError(
			addMileageRate(ctx(admin), { municipalityId: '', validFrom: '2026-12-01', eurPerKm: '0,36' })
		);
		expect(dup.fields).toEqual({ validFrom: 'mileage.rate_exists' });
		const bad = await appError(
			addMileageRate(ctx(admin), {
				municipalityId: '',
				validFrom: '2027-01-01',
				eurPerKm: '0,12345'
			})
		);
		expect(bad.fields).toEqual({ eurPerKm: 'mileage.rate_decimals' });
	});

	it('rows in use by a submitted claim cannot be deleted; a planned one can', async () => {
		const page = await mileageRatesPage(ctx(admin));
		expect(page.rows[0]!.municipalityId).toBeNull();
		const defaultRow = page.rows.find((r) => r.validFrom === '2024-01-01')!;
		expect((await appError(deleteMileageRate(ctx(admin), defaultRow.id))).messageKey).toBe(
			'mileage.rate_in_use'
		);
		const planned = page.rows.find((r) => r.validFrom === '2026-12-01')!;
		await deleteMileageRate(ctx(admin), planned.id);
		const [event] = await events('mileage.rate_delete');
		expect(event).toMatchObject({ entityId: planned.id, outcome: 'success' });
	});

	it('only the administrator manages rates', async () => {
		for (const actor of [coordinator, vol, expert]) {
			const e = await appError(
				addMileageRate(ctx(actor), { municipalityId: '', validFrom: '2027-01-01', eurPerKm: '0,5' })
			);
			expect(e.code).toBe('not_found');
			expect((await appError(mileageRatesPage(ctx(actor)))).code).toBe('not_found');
		}
	});
});

describe('documents (R-MILE-3)', () => {
	it('the claim PDF has the trips, the diary dates, the rate and the total, in Estonian letters', async () => {
		const claim = await claimOf(V.id, tartuLinn.id);
		const { bytes, filename } = await claimPdf(ctx(coordinator), claim!.id, 'et');
		expect(filename).toMatch(/^soidukulud-2026-11-.*vello-soitja.*\.pdf$/);
		const text = (await pdfText(bytes)).replace(/\u00a0/g, ' ');
		expect(text).toContain('Sõidukulude hüvitamise taotlus');
		expect(text).toContain('Vello Sõitja');
		expect(text).toContain('Õie Šmidt');
		expect(text).toContain(tartuLinn.name);
		expect(text).toContain('11.2026');
		expect(text).toContain('0,30 €/km');
		expect(text).toContain('03.11.2026');
		expect(text).toContain('37,10');
		expect(text).toContain('11,13 €');
		// Tagged for screen readers, in the document's language (issue 20).
		const tags = pdfTagging(bytes);
		expect(tags).toMatchObject({
			structTreeRoot: true,
			marked: true,
			lang: 'et',
			displayTitle: true
		});
		for (const type of ['Document', 'H1', 'H2', 'P', 'Table', 'TR', 'TH', 'TD']) {
			expect(tags.types.has(type), type).toBe(true);
		}
		const ru = await claimPdf(ctx(coordinator), claim!.id, 'ru');
		expect(pdfTagging(ru.bytes).lang).toBe('ru');
		expect(await pdfText(ru.bytes)).toContain('Vello Sõitja');
		const [event] = await events('mileage.claim_download');
		expect(event).toMatchObject({ entityId: claim!.id, outcome: 'success' });
	});

	it('the accountant’s summary lists approved and paid claims with the total (XLSX and CSV)', async () => {
		const xlsx = await claimsSummary(
			ctx(coordinator),
			{ municipalityId: tartuLinn.id, month: '2026-11' },
			'xlsx',
			'et'
		);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ArrayBuffer);
		const sheet = wb.worksheets[0]!;
		expect(sheet.getRow(1).getCell(1).value).toBe('Vabatahtlik');
		// V's paid claim only: W's claim is still submitted.
		expect(sheet.getRow(2).getCell(1).value).toBe('Vello Sõitja');
		expect(sheet.getRow(2).getCell(2).value).toBe(4);
		expect(sheet.getRow(2).getCell(3).value).toBe(37.1);
		expect(sheet.getRow(2).getCell(5).value).toBe(11.13);
		expect(sheet.getRow(3).getCell(1).value).toBe('Kokku');
		expect(sheet.getRow(3).getCell(5).value).toBe(11.13);
		// The day of payment is an Excel date shown dd.mm.yyyy, not text (issue 20).
		const paidOn = sheet.getRow(2).getCell(7);
		expect(paidOn.type).toBe(ExcelJS.ValueType.Date);
		expect(paidOn.value).toEqual(new Date(Date.UTC(2026, 10, 23)));
		expect(paidOn.numFmt).toBe('dd.mm.yyyy');
		expect(sheet.getRow(2).getCell(6).value).toBe('Makstud');
		const tripSheet = wb.worksheets[1]!;
		expect(tripSheet.rowCount).toBe(5);
		expect(tripSheet.getRow(2).getCell(2).value).toBeInstanceOf(Date);
		expect(tripSheet.getRow(2).getCell(2).numFmt).toBe('dd.mm.yyyy');

		// In Russian: the headers and the status names.
		const ruXlsx = await claimsSummary(
			ctx(coordinator),
			{ municipalityId: tartuLinn.id, month: '2026-11' },
			'xlsx',
			'ru'
		);
		const ruBook = new ExcelJS.Workbook();
		await ruBook.xlsx.load(Buffer.from(ruXlsx.bytes) as unknown as ArrayBuffer);
		const ruSheet = ruBook.worksheets[0]!;
		expect(ruSheet.getRow(1).getCell(1).value).toBe(translate('ru', 'mileage.volunteer'));
		expect(ruSheet.getRow(1).getCell(1).value).toMatch(/[а-я]/i);
		expect(ruSheet.getRow(2).getCell(6).value).toBe(translate('ru', 'mileage.status.paid'));
		expect(ruSheet.getRow(2).getCell(6).value).toMatch(/[а-я]/i);
		expect(ruSheet.getRow(2).getCell(7).value).toEqual(new Date(Date.UTC(2026, 10, 23)));

		const csv = await claimsSummary(
			ctx(admin),
			{ municipalityId: tartuLinn.id, month: '2026-11' },
			'csv',
			'et'
		);
		const text = new TextDecoder().decode(csv.bytes);
		expect(text).toContain('Vello Sõitja;4;37,10;0,30;11,13;Makstud;23.11.2026');
		expect(text).toContain('Kokku;4;37,10;;11,13');
		const [event] = await events('mileage.summary_export');
		expect(event!.details).toMatchObject({ month: '2026-11-01', format: 'csv', count: 1 });

		// The ZIP: the same list and every claim's PDF, for the municipality's month.
		const zip = await claimsSummary(
			ctx(coordinator),
			{ municipalityId: tartuLinn.id, month: '2026-11' },
			'zip',
			'et'
		);
		const files = readZip(zip.bytes);
		const names = Object.keys(files).sort();
		expect(names).toHaveLength(2);
		expect(names[0]).toMatch(/^soidukulud-2026-11-.*-vello-soitja-[0-9a-f]{8}\.pdf$/);
		expect(names[1]).toBe(zip.filename.replace(/\.zip$/, '.xlsx'));
		expect(await pdfText(files[names[0]!]!)).toContain('Vello Sõitja');
	});
});

describe('who may see and do what', () => {
	it('a volunteer never sees another volunteer’s log, trips or claims (404, audited)', async () => {
		const claim = await claimOf(V.id, tartuLinn.id);
		const [aTrip] = await db().select().from(trips).where(eq(trips.volunteerId, V.id));
		expect((await appError(mileageLog(ctx(volX), V.id))).code).toBe('not_found');
		expect((await appError(getClaim(ctx(volX), claim!.id))).code).toBe('not_found');
		expect((await appError(claimPdf(ctx(volX), claim!.id, 'et'))).code).toBe('not_found');
		expect((await appError(getTrip(ctx(volX), aTrip!.id))).code).toBe('not_found');
		expect((await appError(updateTrip(ctx(volX), aTrip!.id, trip()))).code).toBe('not_found');
		expect((await appError(addTrip(ctx(volX), V.id, trip()))).code).toBe('not_found');
		expect(
			(await appError(submitClaim(ctx(volX), claim!.id, { version: claim!.version }))).code
		).toBe('not_found');
		const [denied] = await events('mileage.claim_view');
		expect(denied).toMatchObject({
			outcome: 'denied',
			entityId: claim!.id,
			actorUserId: volX.userId
		});
		const [deniedLog] = await events('mileage.log_view');
		expect(deniedLog).toMatchObject({
			outcome: 'denied',
			entityId: V.id,
			actorUserId: volX.userId
		});
		// Their own log lists only their own trips.
		const own = await mileageLog(ctx(volW), W.id, { month: '2026-11' });
		expect(own.trips.every((t) => t.volunteerId === W.id)).toBe(true);
		expect((await appError(listClaims(ctx(vol)))).code).toBe('not_found');
		const mine = await mileageLog(ctx(volX), volX.volunteerId!, { month: '2026-11' });
		expect(mine.trips).toEqual([]);
		expect(mine.claims).toEqual([]);
	});

	it('a coordinator of another county gets not found and a denied event', async () => {
		const claim = await claimOf(V.id, tartuLinn.id);
		expect((await appError(getClaim(ctx(harjuCoordinator), claim!.id))).code).toBe('not_found');
		const [denied] = await events('mileage.claim_view');
		expect(denied).toMatchObject({
			outcome: 'denied',
			entityType: 'mileage_claim',
			entityId: claim!.id,
			actorUserId: harjuCoordinator.userId
		});
		expect((await appError(mileageLog(ctx(harjuCoordinator), V.id))).code).toBe('not_found');
		expect(
			(
				await appError(
					reviewClaim(ctx(harjuCoordinator), claim!.id, 'return', { version: 1, reason: 'x' })
				)
			).code
		).toBe('not_found');
		expect(
			(
				await appError(
					claimsSummary(
						ctx(harjuCoordinator),
						{ municipalityId: tartuLinn.id, month: '2026-11' },
						'xlsx',
						'et'
					)
				)
			).code
		).toBe('not_found');
		const list = await listClaims(ctx(harjuCoordinator), { status: 'all' });
		expect(list.rows).toEqual([]);
		expect(list.municipalities.every((m) => m.countyName === 'Harju maakond')).toBe(true);
		expect(harjuMunicipality).toBeDefined();
	});

	it('the county’s coordinator reads the log and reviews, but cannot write trips; an expert cannot write', async () => {
		const log = await mileageLog(ctx(coordinator), V.id, { month: '2026-11' });
		expect(log.permissions.write).toBe(false);
		expect(log.clients).toEqual([]);
		expect((await appError(addTrip(ctx(coordinator), V.id, trip()))).code).toBe('forbidden');
		expect((await appError(addTrip(ctx(expert), V.id, trip()))).code).toBe('forbidden');
		const list = await listClaims(ctx(coordinator), {});
		expect(list.filter.status).toBe('submitted');
		// Waiting for review: W's November claim and V's October claim to the third municipality.
		expect(list.rows.map((r) => [r.volunteerId, r.month])).toEqual([
			[W.id, '2026-11-01'],
			[V.id, '2026-10-01']
		]);
		const all = await listClaims(ctx(coordinator), { status: 'all', month: '2026-11' });
		expect(all.rows.length).toBeGreaterThanOrEqual(3);
	});

	it('the administrator may log a trip for a volunteer (e.g. from a paper log)', async () => {
		const [id] = await addTrip(ctx(admin), V.id, trip({ tripDate: '2026-10-20', kilometres: '1' }));
		const [row] = await db().select().from(trips).where(eq(trips.id, id!));
		expect(row).toMatchObject({ volunteerId: V.id, createdBy: admin.userId });
	});
});
