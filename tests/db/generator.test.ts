import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { seedUser } from '$lib/server/fixtures/factories';
import { generateData, planFor, countyInputs, type GenerateResult } from '$lib/server/generator';
import { pairingActivity } from '$lib/server/generator/plan';
import { PILOT } from '$lib/server/generator/profiles';
import { planDemoData } from '$lib/server/generator/demo';
import { getAnalysis } from '$lib/server/services/analysis/analysis';
import { computeFigures, type CountFigures } from '$lib/server/services/analysis/analysis-figures';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * The pilot reproduced (issue 6, seeds/000): the generator's pilot profile, loaded into the
 * app, shows exactly the reported totals in the analysis module for the whole pilot — 273
 * volunteers, 678 clients, 12,065 contacts, 21,600 hours — on both drivers.
 */

let t: TestDatabase;
let result: GenerateResult;
const TODAY = '2026-11-23';

async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
	const r = (await t.handle.db.execute(query)) as unknown as { rows: T[] };
	return r.rows[0]!;
}

beforeAll(async () => {
	t = await createTestDatabase();
	result = await generateData(t.handle.db, { profile: 'pilot', today: TODAY });
}, 120_000);

afterAll(async () => {
	await t?.close();
});

describe('pilot profile', () => {
	it('shows exactly the pilot totals in the analysis for the whole pilot', async () => {
		const { actor } = await seedUser(t.handle.db, { grants: [{ role: 'admin' }] });
		const view = await getAnalysis(t.ctx(actor, { now: new Date(`${TODAY}T10:00:00Z`) }), {
			county: 'all',
			from: PILOT.start,
			to: PILOT.end
		});
		const s = view.figures.summary;
		expect(s.activeVolunteers).toBe(273);
		expect(s.clients).toBe(678);
		expect(s.contacts).toBe(12_065);
		expect(s.minutes).toBe(21_600 * 60);
		expect(s.hours).toBe(21_600);
		// Every county has work; the months run September 2019 – March 2021.
		expect(view.figures.counties).toHaveLength(15);
		expect(view.figures.counties.every((c) => c.activeVolunteers > 0 && c.contacts > 0)).toBe(true);
		expect(view.figures.months.map((m) => m.month)).toHaveLength(19);
		expect(view.figures.months.every((m) => m.contacts > 0)).toBe(true);
		// The whole-period quick pick covers the same data.
		const all = await getAnalysis(t.ctx(actor, { now: new Date(`${TODAY}T10:00:00Z`) }), {
			pick: 'all'
		});
		expect(all.figures.summary).toMatchObject({
			contacts: 12_065,
			clients: 678,
			activeVolunteers: 273
		});
	});

	it('has realistic spreads: counties by size, every profile and kind, waiting and anonymised clients', async () => {
		const { actor } = await seedUser(t.handle.db, { grants: [{ role: 'expert' }] });
		const { figures } = await getAnalysis(t.ctx(actor, { now: new Date(`${TODAY}T10:00:00Z`) }), {
			county: 'all',
			from: PILOT.start,
			to: PILOT.end
		});
		const harju = figures.counties.find((c) => c.countyName === 'Harju maakond')!;
		const hiiu = figures.counties.find((c) => c.countyName === 'Hiiu maakond')!;
		expect(harju.activeVolunteers).toBeGreaterThan(4 * hiiu.activeVolunteers);
		expect(figures.profiles.map((p) => p.key)).toEqual(['P1', 'P2', 'P3', 'P4']);
		expect(figures.kinds.map((k) => k.key)).toEqual([
			'home_visit',
			'care_home_visit',
			'outing',
			'call'
		]);
		// Spring 2020: visits turned into phone calls.
		const april2020 = figures.months.find((m) => m.month === '2020-04')!;
		const october2019 = figures.months.find((m) => m.month === '2019-10')!;
		expect(april2020.contacts).toBeGreaterThan(0);
		expect(october2019.contacts).toBeGreaterThan(0);
		expect(figures.surveys.responses).toBeGreaterThan(100);
		expect(figures.surveys.compared).toBeGreaterThan(20);
		expect(figures.summary.endedPairings).toBeGreaterThan(100);
		// Some pairings went quiet for over 30 days before the pilot ended.
		expect(figures.summary.silentPairings).toBeGreaterThan(0);
		expect(figures.summary.silentShare).toBeLessThan(25);
		const calls = await one<{ spring: number; autumn: number }>(
			sql`select
				avg((contact_kind = 'call')::int) filter (where contact_date between '2020-04-01' and '2020-04-30')::float8 as spring,
				avg((contact_kind = 'call')::int) filter (where contact_date between '2019-10-01' and '2019-10-31')::float8 as autumn
			from diary_entry`
		);
		expect(calls.spring).toBeGreaterThan(calls.autumn * 3);
		const statuses = await one<{
			waiting: number;
			anonymised: number;
			mapped: number;
			unnamed: number;
		}>(
			sql`select count(*) filter (where status = 'waiting')::int as waiting,
				count(*) filter (where status = 'anonymised')::int as anonymised,
				count(*) filter (where status = 'mapped')::int as mapped,
				count(*) filter (where first_name is null and status = 'mapped')::int as unnamed
			from client`
		);
		expect(statuses.waiting).toBeGreaterThanOrEqual(31);
		expect(statuses.anonymised).toBeGreaterThan(0);
		expect(statuses.mapped).toBe(24);
		expect(statuses.unnamed).toBeGreaterThan(0);
		const anonymised = await one<{ named: number }>(
			sql`select count(*)::int as named from client where status = 'anonymised' and (first_name is not null or isikukood is not null)`
		);
		expect(anonymised.named).toBe(0);
	});

	it('keeps every entry inside its pairing and every trip on a contact day; claims add up', async () => {
		const bad = await one<{ outside: number; tripsWithoutContact: number; claimMismatch: number }>(
			sql`select
				(select count(*) from diary_entry d join pairing p on p.id = d.pairing_id
					where d.contact_date < p.starts_on or (p.ends_on is not null and d.contact_date >= p.ends_on)
						or d.client_id <> p.client_id or d.volunteer_id <> p.volunteer_id)::int as outside,
				(select count(*) from trip t where not exists (
					select 1 from diary_entry d where d.client_id = t.client_id
						and d.volunteer_id = t.volunteer_id and d.contact_date = t.trip_date))::int as "tripsWithoutContact",
				(select count(*) from mileage_claim c where c.total_km <> (
					select sum(t.kilometres) from trip t where t.claim_id = c.id))::int as "claimMismatch"`
		);
		expect(bad).toEqual({ outside: 0, tripsWithoutContact: 0, claimMismatch: 0 });
		expect(result.counts.trips).toBeGreaterThan(500);
		expect(result.counts.claims).toBeGreaterThan(100);
		expect(result.counts.diaryEntries).toBe(PILOT.contacts);
		expect(result.counts.minutes).toBe(PILOT.hours * 60);
	});

	it('is deterministic: the same seed plans the same rows, ids included', async () => {
		const countyList = await countyInputs(t.handle.db);
		const a = planFor({ profile: 'pilot', today: TODAY }, countyList);
		const b = planFor({ profile: 'pilot', today: '2030-01-01' }, countyList);
		expect(b.volunteers.map((v) => v.id)).toEqual(a.volunteers.map((v) => v.id));
		expect(b.pairings.map((p) => [p.startsOn, p.endsOn, p.contacts])).toEqual(
			a.pairings.map((p) => [p.startsOn, p.endsOn, p.contacts])
		);
		expect(pairingActivity(b, b.pairings[7]!)).toEqual(pairingActivity(a, a.pairings[7]!));
		// …and the rows in the database are those rows.
		const firstIds = (await t.handle.db.execute(
			sql`select id::text as id from volunteer order by id limit 3`
		)) as unknown as { rows: { id: string }[] };
		const planned = a.volunteers
			.map((v) => v.id)
			.sort()
			.slice(0, 3);
		expect(firstIds.rows.map((r) => r.id)).toEqual(planned);
		const other = planFor({ profile: 'pilot', today: TODAY, seed: 42 }, countyList);
		expect(other.volunteers[0]!.id).not.toBe(a.volunteers[0]!.id);
		expect(other.pairings.reduce((s, p) => s + p.contacts, 0)).toBe(PILOT.contacts);
	});

	it('counts every contact figure of the analysis as a plain recount of the entries does', async () => {
		type Keyed = CountFigures & { key: string | null };
		const harju = await one<{ id: string }>(
			sql`select id::text as id from county where name = 'Harju maakond'`
		);
		const periods = [
			[PILOT.start, PILOT.end, null],
			['2020-01-01', '2020-03-31', harju.id],
			['2020-03-15', '2020-05-10', null],
			['2019-11-20', '2020-02-03', harju.id]
		] as const;
		// Figures by key, the four counts each; the analysis lists places and months without
		// contacts too, a recount only those with.
		const byKey = (list: Keyed[]) =>
			Object.fromEntries(
				list
					.filter((x) => x.contacts > 0)
					.map(({ key, contacts, minutes, clients, volunteers }) => [
						String(key),
						{ contacts, minutes, clients, volunteers }
					])
			);
		const rollback = new Error('rollback');
		await expect(
			t.handle.db.transaction(async (tx) => {
				// Entries the pilot lacks: without help profiles, and without a volunteer.
				await tx.execute(sql`insert into diary_entry
					(client_id, county_id, volunteer_id, contact_date, contact_kind, help_profiles,
						duration_minutes, description)
					select d.client_id, d.county_id, case when d.n % 2 = 0 then d.volunteer_id end,
						d.contact_date, 'call', '{}', 20, 'Kõne'
					from (select *, row_number() over (order by id) as n from diary_entry) d
					where d.n % 37 = 0`);
				for (const [from, to, countyId] of periods) {
					const where = sql`d.removed_at is null and d.contact_date between ${from}::date and ${to}::date
						${countyId ? sql`and d.county_id = ${countyId}::uuid` : sql``}`;
					const recount = async (key: SQL, joins = sql``) =>
						byKey(
							(
								(await tx.execute(sql`select ${key} as key, count(*)::int as contacts,
								sum(d.duration_minutes)::int as minutes, count(distinct d.client_id)::int as clients,
								count(distinct d.volunteer_id)::int as volunteers
							from diary_entry d join client c on c.id = d.client_id ${joins}
							where ${where} group by 1 order by 1`)) as unknown as { rows: Keyed[] }
							).rows
						);
					const f = await computeFigures(tx, {
						period: { from, to },
						countyId,
						asOf: null,
						today: TODAY
					});
					const label = `${from}–${to} ${countyId ? 'Harju' : 'all'}`;
					const expectSame = async (shown: Keyed[], key: SQL, joins?: SQL) =>
						expect(byKey(shown), label).toEqual(await recount(key, joins));
					await expectSame([{ ...f.summary, key: null }], sql`null::text`);
					await expectSame(
						f.months.map((m) => ({ ...m, key: m.month })),
						sql`to_char(d.contact_date, 'YYYY-MM')`
					);
					await expectSame(f.kinds, sql`d.contact_kind`);
					await expectSame(
						f.profiles,
						sql`pf.profile`,
						sql`cross join lateral unnest(case when cardinality(d.help_profiles) = 0
							then array['none']::text[] else d.help_profiles end) as pf(profile)`
					);
					await expectSame(
						f.municipalities.map((m) => ({ ...m, key: m.municipalityId })),
						sql`c.municipality_id::text`
					);
					await expectSame(
						f.counties.map((c) => ({ ...c, key: c.countyId })),
						sql`d.county_id::text`
					);
				}
				throw rollback;
			})
		).rejects.toBe(rollback);
	});

	it('refuses a database that already holds people', async () => {
		await expect(generateData(t.handle.db, { profile: 'pilot', today: TODAY })).rejects.toThrow(
			/already holds/
		);
	});
});

describe('demo profile (the foundation’s demo set, now made by the generator)', () => {
	it('records the kind of contact and the help profile of every diary entry', () => {
		const plan = planDemoData('2026-11-23', [
			{ name: 'Võru maakond', municipalities: ['Võru linn', 'Rõuge vald'] },
			{ name: 'Hiiu maakond', municipalities: ['Hiiumaa vald'] }
		]);
		expect(plan.diaryEntries.length).toBeGreaterThan(50);
		for (const e of plan.diaryEntries) {
			expect(e.helpProfiles).toHaveLength(1);
			expect(e.contactKind).toBe(e.helpProfiles[0] === 'P3' ? 'outing' : 'home_visit');
		}
		expect(new Set(plan.diaryEntries.map((e) => e.contactKind))).toEqual(
			new Set(['outing', 'home_visit'])
		);
	});
});
