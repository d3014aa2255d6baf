import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	clients,
	mileageClaims,
	municipalities,
	recruitmentOutcomes,
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
import { downloadAnalysis, getAnalysis } from '$lib/server/services/analysis/analysis';
import { readZip } from '$lib/server/files/zip';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditLog } from '../helpers/audit';

/**
 * R-REP-4: the analysis figures, checked against figures computed by hand on a small fixed
 * data set (Harju and Tartu, first quarter of 2026), with the edge cases: a pairing across
 * the quarter boundary, an anonymised client, a contact on the last day of the quarter, a
 * removed entry, a merely proposed pairing, an entry with two profiles and one with none.
 * Access: coordinators only their county, the whole country only admin and experts.
 */

let t: TestDatabase;
const { lastEventBy } = auditLog(() => t.handle.db);
let admin: Actor;
let expert: Actor;
let harjuCoordinator: Actor;
let volunteerActor: Actor;
let harjuId: string;
let tartuId: string;
let m1: string;
let m2: string;
const APRIL = new Date('2026-04-15T09:00:00Z');
const Q1 = { from: '2026-01-01', to: '2026-03-31' };

beforeAll(async () => {
	t = await createTestDatabase();
	const db = t.handle.db;
	const harju = await countyByName(db, 'Harju maakond');
	const tartu = await countyByName(db, 'Tartu maakond');
	harjuId = harju.id;
	tartuId = tartu.id;
	const muni = await db
		.select()
		.from(municipalities)
		.where(eq(municipalities.countyId, harju.id))
		.orderBy(municipalities.sortOrder)
		.limit(2);
	m1 = muni[0]!.id;
	m2 = muni[1]!.id;
	const [tartuMuni] = await db
		.select()
		.from(municipalities)
		.where(eq(municipalities.countyId, tartu.id))
		.limit(1);

	admin = (await seedUser(db, { grants: [{ role: 'admin' }] })).actor;
	expert = (await seedUser(db, { grants: [{ role: 'expert' }] })).actor;
	harjuCoordinator = (await seedUser(db, { grants: [{ role: 'coordinator', countyId: harju.id }] }))
		.actor;

	// Volunteers: V1 long-standing, V2 new in February, V3 ended in January, V4 a candidate,
	// V5 in Tartu.
	const v1 = await seedVolunteer(db, { countyId: harju.id, startedOn: '2025-10-01' });
	const v2 = await seedVolunteer(db, { countyId: harju.id, startedOn: '2026-02-01' });
	const v3 = await seedVolunteer(db, {
		countyId: harju.id,
		status: 'ended',
		startedOn: '2025-06-01',
		endedOn: '2026-01-20'
	});
	await seedVolunteer(db, { countyId: harju.id, status: 'candidate' });
	const v5 = await seedVolunteer(db, { countyId: tartu.id, startedOn: '2026-01-10' });
	volunteerActor = (await seedUser(db, { grants: [{ role: 'volunteer', volunteerId: v1.id }] }))
		.actor;

	const c1 = await seedClient(db, {
		countyId: harju.id,
		municipalityId: m1,
		status: 'paired',
		mappedOn: '2025-11-01',
		waitingSince: '2025-11-01'
	});
	const c2 = await seedClient(db, {
		countyId: harju.id,
		municipalityId: m2,
		status: 'paired',
		mappedOn: '2026-01-05',
		waitingSince: '2026-01-05'
	});
	const c3 = await seedClient(db, {
		countyId: harju.id,
		municipalityId: m1,
		status: 'anonymised',
		firstName: null,
		lastName: null,
		mappedOn: '2025-05-01',
		endedOn: '2026-01-20',
		ageGroup: '75-84',
		anonymisedAt: new Date('2026-02-01T10:00:00Z')
	});
	const c6 = await seedClient(db, {
		countyId: harju.id,
		municipalityId: m2,
		status: 'waiting',
		mappedOn: '2026-02-15',
		waitingSince: '2026-03-01'
	});
	await seedClient(db, { countyId: harju.id, municipalityId: m1, status: 'mapped' });
	const c5 = await seedClient(db, {
		countyId: tartu.id,
		municipalityId: tartuMuni!.id,
		status: 'paired',
		mappedOn: '2026-02-01',
		waitingSince: '2026-02-01'
	});

	const p1 = await seedPairing(db, { clientId: c1.id, volunteerId: v1.id, startsOn: '2025-11-15' });
	// Across the quarter boundary: from February to 10 April.
	const p2 = await seedPairing(db, {
		clientId: c2.id,
		volunteerId: v2.id,
		startsOn: '2026-02-10',
		endsOn: '2026-04-10'
	});
	const p3 = await seedPairing(db, {
		clientId: c3.id,
		volunteerId: v3.id,
		startsOn: '2025-06-10',
		endsOn: '2026-01-20'
	});
	const p5 = await seedPairing(db, { clientId: c5.id, volunteerId: v5.id, startsOn: '2026-03-01' });
	// Only proposed: never counts.
	await seedPairing(db, {
		clientId: c6.id,
		volunteerId: v1.id,
		startsOn: '2026-03-20',
		status: 'proposed'
	});

	const entry = (
		p: { id: string; clientId: string; volunteerId: string },
		contactDate: string,
		durationMinutes: number,
		contactKind: 'home_visit' | 'care_home_visit' | 'outing' | 'call',
		helpProfiles: ('P1' | 'P2' | 'P3' | 'P4')[],
		extra: { removedAt?: Date } = {}
	) =>
		seedDiaryEntry(db, {
			clientId: p.clientId,
			pairingId: p.id,
			volunteerId: p.volunteerId,
			contactDate,
			durationMinutes,
			contactKind,
			helpProfiles,
			...extra
		});
	await entry(p1, '2025-12-31', 60, 'home_visit', ['P1']); // before the quarter
	await entry(p1, '2026-01-05', 60, 'home_visit', ['P1']);
	await entry(p1, '2026-02-10', 120, 'outing', ['P3']);
	await entry(p1, '2026-02-15', 90, 'home_visit', ['P1'], {
		removedAt: new Date('2026-02-16T08:00:00Z')
	});
	await entry(p1, '2026-03-31', 30, 'call', ['P2']); // the quarter's last day
	await entry(p1, '2026-04-01', 45, 'home_visit', ['P2']); // the next quarter's first day
	await entry(p2, '2026-02-12', 90, 'home_visit', ['P1', 'P2']);
	await entry(p2, '2026-02-20', 60, 'home_visit', []);
	await entry(p3, '2026-01-10', 75, 'care_home_visit', ['P2']); // the anonymised client
	await entry(p5, '2026-03-02', 60, 'home_visit', ['P2']);

	// Six-month surveys: C1 answered twice (8 → 5), C2 once.
	const [set] = await db.select().from(surveyQuestionSets).limit(1);
	const survey = (clientId: string, conductedOn: string, lonelinessScore: number) =>
		db.insert(surveyResponses).values({
			clientId,
			questionSetId: set!.id,
			conductedOn,
			answers: {},
			lonelinessScore
		});
	await survey(c1.id, '2025-12-01', 8);
	await survey(c1.id, '2026-03-15', 5);
	await survey(c2.id, '2026-03-20', 6);

	// Mileage claims of V1 and V2 (paying municipality m1/m2).
	const claim = (
		volunteerId: string,
		municipalityId: string,
		month: string,
		status: 'draft' | 'submitted' | 'paid',
		amountCents: number,
		totalKm: string
	) =>
		db.insert(mileageClaims).values({
			volunteerId,
			municipalityId,
			countyId: harju.id,
			month,
			status,
			amountCents,
			totalKm,
			submittedAt: status === 'draft' ? null : new Date(`${month}T12:00:00Z`),
			paidOn: status === 'paid' ? '2026-04-10' : null
		});
	await claim(v1.id, m1, '2025-12-01', 'paid', 999, '33.30');
	await claim(v1.id, m1, '2026-01-01', 'paid', 1234, '41.13');
	await claim(v1.id, m1, '2026-03-01', 'submitted', 500, '16.67');
	await claim(v2.id, m2, '2026-02-01', 'draft', 300, '10.00');

	await db.insert(recruitmentOutcomes).values([
		{ countyId: harju.id, decidedOn: '2026-01-15', outcome: 'selected' },
		{ countyId: harju.id, decidedOn: '2026-02-01', outcome: 'not_selected' },
		{ countyId: harju.id, decidedOn: '2025-12-31', outcome: 'not_selected' }
	]);
});

afterAll(async () => {
	await t?.close();
});

describe('analysis figures for one county (hand-computed)', () => {
	it('counts volunteers, clients, pairings, contacts and hours of Harju in Q1 2026', async () => {
		const view = await getAnalysis(t.ctx(harjuCoordinator, { now: APRIL }), {
			county: harjuId,
			...Q1
		});
		expect(view.period).toEqual(Q1);
		expect(view.scope).toEqual({ countyId: harjuId, countyName: 'Harju maakond' });
		const s = view.figures.summary;
		expect(s).toMatchObject({
			activeVolunteers: 3,
			newVolunteers: 1,
			endedVolunteers: 1,
			clients: 3, // the anonymised client counts
			volunteers: 3,
			newPairings: 1, // the proposed pairing does not count
			endedPairings: 1,
			runningPairings: 3,
			contacts: 6, // the removed entry and the days outside the quarter do not count
			minutes: 435,
			hours: 7.3,
			clientsWaiting: 1,
			firstPairings: 1,
			medianDaysToFirstPairing: 36,
			pairingsAtEnd: 2,
			silentPairings: 1,
			silentShare: 50,
			candidatesSelected: 1,
			candidatesNotSelected: 1,
			endDay: '2026-03-31'
		});
	});

	it('splits by month, help profile, kind of contact and municipality', async () => {
		const { figures } = await getAnalysis(t.ctx(harjuCoordinator, { now: APRIL }), {
			county: harjuId,
			...Q1
		});
		expect(
			figures.months.map((m) => [m.month, m.contacts, m.minutes, m.activeVolunteers, m.newPairings])
		).toEqual([
			['2026-01', 2, 135, 2, 0],
			['2026-02', 3, 270, 2, 1],
			['2026-03', 1, 30, 2, 0]
		]);
		expect(figures.profiles.map((p) => [p.key, p.contacts, p.minutes, p.clients])).toEqual([
			['P1', 2, 150, 2],
			['P2', 3, 195, 3],
			['P3', 1, 120, 1],
			['none', 1, 60, 1]
		]);
		expect(figures.kinds.map((k) => [k.key, k.contacts, k.minutes])).toEqual([
			['home_visit', 3, 210],
			['care_home_visit', 1, 75],
			['outing', 1, 120],
			['call', 1, 30]
		]);
		const byId = new Map(figures.municipalities.map((m) => [m.municipalityId, m]));
		expect(byId.get(m1)).toMatchObject({
			contacts: 4,
			minutes: 285,
			clients: 2,
			claims: 2,
			kmClaimed: 57.8,
			centsClaimed: 1734,
			claimsPaid: 1,
			centsPaid: 1234
		});
		expect(byId.get(m2)).toMatchObject({ contacts: 2, minutes: 150, clients: 1, claims: 0 });
		// Only Harju's municipalities, and no county comparison for one county.
		expect(figures.municipalities.every((m) => m.countyName === 'Harju maakond')).toBe(true);
		expect(figures.counties.map((c) => c.countyId)).toEqual([harjuId]);
	});

	it('reports the six-month surveys and the change in loneliness', async () => {
		const { figures } = await getAnalysis(t.ctx(admin, { now: APRIL }), {
			county: harjuId,
			...Q1
		});
		expect(figures.surveys).toEqual({
			responses: 2,
			clients: 2,
			meanScore: 5.5,
			compared: 1,
			improved: 1,
			unchanged: 0,
			worsened: 0,
			meanChange: -3,
			distribution: [
				{ score: 5, responses: 1 },
				{ score: 6, responses: 1 }
			]
		});
	});

	it('puts the pairing across the boundary and the first day of Q2 into the next quarter', async () => {
		const { figures } = await getAnalysis(
			t.ctx(harjuCoordinator, { now: new Date('2026-07-10T09:00:00Z') }),
			{ county: harjuId, from: '2026-04-01', to: '2026-06-30' }
		);
		expect(figures.summary).toMatchObject({
			contacts: 1,
			minutes: 45,
			activeVolunteers: 2, // V1, and V2 until 10 April
			endedPairings: 1, // the pairing across the boundary ended on 10 April
			newPairings: 0,
			runningPairings: 2,
			pairingsAtEnd: 1,
			endDay: '2026-06-30'
		});
	});
});

describe('the whole country', () => {
	it('adds up the counties and compares them', async () => {
		const view = await getAnalysis(t.ctx(expert, { now: APRIL }), { county: 'all', ...Q1 });
		expect(view.scope.countyId).toBeNull();
		const s = view.figures.summary;
		expect(s).toMatchObject({
			activeVolunteers: 4,
			clients: 4,
			contacts: 7,
			minutes: 495,
			newPairings: 2,
			firstPairings: 2,
			medianDaysToFirstPairing: 32 // 36 (Harju) and 28 (Tartu)
		});
		expect(view.figures.counties).toHaveLength(15);
		const tartu = view.figures.counties.find((c) => c.countyId === tartuId)!;
		expect(tartu).toMatchObject({
			activeVolunteers: 1,
			contacts: 1,
			minutes: 60,
			newVolunteers: 1
		});
		expect(view.figures.municipalities.length).toBeGreaterThan(70);
	});

	it('is the default for the administrator and experts; a coordinator defaults to their county', async () => {
		expect((await getAnalysis(t.ctx(admin, { now: APRIL }), {})).scope.countyId).toBeNull();
		const own = await getAnalysis(t.ctx(harjuCoordinator, { now: APRIL }), {});
		expect(own.scope.countyId).toBe(harjuId);
		expect(own.national).toBe(false);
		expect(own.counties.map((c) => c.id)).toEqual([harjuId]);
		// The default period is the current quarter.
		expect(own.period).toEqual({ from: '2026-04-01', to: '2026-06-30' });
		expect(own.pick).toBe('quarter');
	});

	it('offers quick picks: last quarter, a year and the whole period from the first pairing', async () => {
		const ctx = t.ctx(admin, { now: APRIL });
		expect((await getAnalysis(ctx, { pick: 'previous_quarter' })).period).toEqual(Q1);
		expect((await getAnalysis(ctx, { pick: 'year' })).period).toEqual({
			from: '2026-01-01',
			to: '2026-12-31'
		});
		const all = await getAnalysis(ctx, { pick: 'all' });
		expect(all.period).toEqual({ from: '2025-06-10', to: '2026-04-15' });
		expect(all.figures.summary.contacts).toBe(9);
	});

	it('falls back to the quarter with an error for a period that ends before it starts', async () => {
		const view = await getAnalysis(t.ctx(admin, { now: APRIL }), {
			from: '2026-03-01',
			to: '2026-02-01'
		});
		expect(view.errors.to).toBe('analysis.error.period');
		expect(view.period).toEqual({ from: '2026-04-01', to: '2026-06-30' });
	});
});

describe('access (R-ROLE-2, R-ROLE-4) and audit', () => {
	it('audits each view with the county and period', async () => {
		await getAnalysis(t.ctx(harjuCoordinator, { now: APRIL }), { county: harjuId, ...Q1 });
		const e = await lastEventBy(harjuCoordinator, 'analysis.view');
		expect(e).toMatchObject({ outcome: 'success', countyId: harjuId, entityType: 'county' });
		expect(e!.details).toMatchObject({ from: Q1.from, to: Q1.to, national: false });
	});

	it("refuses another county's figures as not found, audited", async () => {
		await expect(
			getAnalysis(t.ctx(harjuCoordinator, { now: APRIL }), { county: tartuId, ...Q1 })
		).rejects.toMatchObject({ code: 'not_found' });
		const e = await lastEventBy(harjuCoordinator, 'analysis.view');
		expect(e).toMatchObject({ outcome: 'denied', countyId: tartuId });
	});

	it('refuses the national figures to a coordinator', async () => {
		await expect(
			getAnalysis(t.ctx(harjuCoordinator, { now: APRIL }), { county: 'all', ...Q1 })
		).rejects.toMatchObject({ code: 'not_found' });
		expect(await lastEventBy(harjuCoordinator, 'analysis.view')).toMatchObject({
			outcome: 'denied',
			entityType: 'system'
		});
		await expect(
			downloadAnalysis(
				t.ctx(harjuCoordinator, { now: APRIL }),
				{ county: 'all' },
				'counties',
				'csv'
			)
		).rejects.toMatchObject({ code: 'not_found' });
	});

	it('refuses volunteers and unknown counties', async () => {
		await expect(getAnalysis(t.ctx(volunteerActor, { now: APRIL }), {})).rejects.toMatchObject({
			code: 'not_found'
		});
		expect(await lastEventBy(volunteerActor, 'analysis.view')).toMatchObject({ outcome: 'denied' });
		await expect(
			getAnalysis(t.ctx(admin, { now: APRIL }), { county: '00000000-0000-4000-8000-000000000000' })
		).rejects.toMatchObject({ code: 'not_found' });
		await expect(
			getAnalysis(t.ctx(admin, { now: APRIL }), { county: 'not-a-county' })
		).rejects.toMatchObject({ code: 'not_found' });
	});

	it('downloads a table as CSV and every table as XLSX, each download audited', async () => {
		const ctx = t.ctx(harjuCoordinator, { now: APRIL });
		const csv = await downloadAnalysis(ctx, { county: harjuId, ...Q1 }, 'months', 'csv');
		expect(csv.fileName).toBe('analuus-harju-2026-01-01-2026-03-31-months.csv');
		const text = String(csv.body);
		expect(text.startsWith('\uFEFF')).toBe(true);
		// The month as Estonian Excel reads a month (mm.yyyy), semicolons, decimal comma.
		expect(text).toContain('02.2026;3;4,5;');
		const e = await lastEventBy(harjuCoordinator, 'analysis.download');
		expect(e).toMatchObject({ outcome: 'success', countyId: harjuId });
		expect(e!.details).toMatchObject({ table: 'months', format: 'csv', rows: 3 });

		const xlsx = await downloadAnalysis(
			t.ctx(expert, { now: APRIL }),
			{ county: 'all', ...Q1 },
			'all',
			'xlsx'
		);
		const files = readZip(xlsx.body as Uint8Array);
		const sheets = Object.keys(files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
		expect(sheets).toHaveLength(8); // summary, months, profiles, kinds, municipalities, counties, surveys, scores
		expect(await lastEventBy(expert, 'analysis.download')).toMatchObject({ outcome: 'success' });
		await expect(
			downloadAnalysis(ctx, { county: harjuId }, 'nonsense', 'csv')
		).rejects.toMatchObject({ code: 'invalid' });
	});

	it('XLSX for the reader: months as Excel dates, headers and kinds in Russian or Estonian', async () => {
		for (const [locale, header, sheetName, kind] of [
			['ru', 'Месяц', 'По месяцам', 'Визит на дом'],
			['et', 'Kuu', 'Kuude kaupa', 'Kodukülastus']
		] as const) {
			const file = await downloadAnalysis(
				t.ctx({ ...harjuCoordinator, locale }, { now: APRIL }),
				{ county: harjuId, ...Q1 },
				'all',
				'xlsx'
			);
			const wb = new ExcelJS.Workbook();
			await wb.xlsx.load(Buffer.from(file.body as Uint8Array) as unknown as ArrayBuffer);
			const months = wb.getWorksheet(sheetName)!;
			expect(months.getRow(1).getCell(1).value).toBe(header);
			const first = months.getRow(2).getCell(1);
			expect(first.type).toBe(ExcelJS.ValueType.Date);
			expect(first.value).toEqual(new Date(Date.UTC(2026, 0, 1)));
			expect(first.numFmt).toBe('mm.yyyy');
			const kinds = wb.worksheets[3]!;
			const names = kinds.getRows(2, kinds.rowCount - 1)!.map((r) => r.getCell(1).value);
			expect(names).toContain(kind);
		}
	});

	it('keeps the anonymised client in the counts without any name', async () => {
		const [c] = await t.handle.db.select().from(clients).where(eq(clients.status, 'anonymised'));
		expect(c!.firstName).toBeNull();
		const { figures } = await getAnalysis(t.ctx(admin, { now: APRIL }), {
			county: harjuId,
			from: '2026-01-10',
			to: '2026-01-10'
		});
		expect(figures.summary).toMatchObject({ clients: 1, contacts: 1, minutes: 75 });
	});
});
