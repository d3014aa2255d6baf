import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { clients, diaryEntries } from '$lib/server/db/schema';
import { CONTACT_KINDS, HELP_PROFILES } from '$lib/server/domain/vocabulary';
import {
	countyByName,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import {
	addDiaryEntry,
	removeDiaryEntry,
	updateDiaryEntry
} from '$lib/server/services/pairings/diary';
import { computeFigures } from '$lib/server/services/analysis/analysis-figures';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * Issue 7: the diary's monthly totals (diary_month_total, migration 0005) are kept by the
 * database and must always equal the live entries — through the diary service, bulk inserts,
 * edits that move an entry to another month, removals, deletes and a client's change of county
 * (diary_entry.county_id follows the client, migration 0004). The analysis reads whole months
 * from the totals and partial months from the entries: both must give the same figures.
 */
const NOW = new Date('2026-11-23T10:00:00Z');

let t: TestDatabase;
const db = () => t.handle.db;

async function rowsOf<T>(query: ReturnType<typeof sql>): Promise<T[]> {
	return ((await db().execute(query)) as unknown as { rows: T[] }).rows;
}

/** The columns of the totals, each with the test that puts an entry under it. */
const SPLITS = [
	...CONTACT_KINDS.map((kind) => ({ column: kind, test: sql`contact_kind = ${kind}` })),
	...HELP_PROFILES.map((profile) => ({
		column: profile.toLowerCase(),
		test: sql`${profile} = any(help_profiles)`
	})),
	{ column: 'no_profile', test: sql`cardinality(help_profiles) = 0` }
];

/** The totals as kept, and as recounted from the live entries now. */
async function keptAndRecounted() {
	const keys = sql`county_id::text, month::text, client_id::text, volunteer_id::text`;
	const kept = await rowsOf(
		sql`select ${keys}, contacts, minutes, ${sql.join(
			SPLITS.map(({ column }) => sql.raw(`${column}_contacts, ${column}_minutes`)),
			sql`, `
		)} from diary_month_total order by 1, 2, 3, 4`
	);
	const recounted = await rowsOf(
		sql`select county_id::text, date_trunc('month', contact_date::timestamp)::date::text as month,
			client_id::text, volunteer_id::text,
			count(*)::int as contacts, sum(duration_minutes)::int as minutes, ${sql.join(
				SPLITS.map(
					({ column, test }) =>
						sql`count(*) filter (where ${test})::int as ${sql.raw(`${column}_contacts`)},
						coalesce(sum(duration_minutes) filter (where ${test}), 0)::int as ${sql.raw(`${column}_minutes`)}`
				),
				sql`, `
			)}
		from diary_entry where removed_at is null group by 1, 2, 3, 4 order by 1, 2, 3, 4`
	);
	return { kept, recounted };
}

async function expectTotalsToMatchEntries() {
	const { kept, recounted } = await keptAndRecounted();
	expect(kept).toEqual(recounted);
	return kept.length;
}

let county: { id: string };
let otherCounty: { id: string };

beforeAll(async () => {
	t = await createTestDatabase();
	county = await countyByName(db(), 'Pärnu maakond');
	otherCounty = await countyByName(db(), 'Saare maakond');
});

afterAll(async () => {
	await t?.close();
});

describe('the monthly totals follow the diary', () => {
	it('through adding, editing into another month, removing, bulk inserts, deletes and a county change', async () => {
		const client = await seedClient(db(), { countyId: county.id, status: 'paired' });
		const volunteer = await seedVolunteer(db(), { countyId: county.id });
		await seedPairing(db(), {
			clientId: client.id,
			volunteerId: volunteer.id,
			startsOn: '2026-08-01'
		});
		const { actor } = await seedUser(db(), {
			grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
		});
		const ctx = t.ctx(actor, { now: NOW });
		const visit = (contactDate: string, minutes: string, profiles = ['P1']) => ({
			contactDate,
			contactKind: 'home_visit',
			helpProfiles: profiles,
			durationMinutes: minutes,
			description: 'Rääkisime ja jõime teed.'
		});

		const a = await addDiaryEntry(ctx, client.id, visit('2026-09-03', '60'));
		await addDiaryEntry(ctx, client.id, visit('2026-09-10', '45'));
		await addDiaryEntry(ctx, client.id, visit('2026-10-01', '30', ['P2', 'P1']));
		expect(await expectTotalsToMatchEntries()).toBe(2);
		const [september] = await rowsOf<{ contacts: number; minutes: number }>(
			sql`select contacts, minutes from diary_month_total where client_id = ${client.id} and month = '2026-09-01'`
		);
		expect(september).toEqual({ contacts: 2, minutes: 105 });

		// An edit that changes only the kind of contact and the help profiles moves the entry
		// between their columns (the month's contacts and minutes stay the same).
		await updateDiaryEntry(ctx, client.id, a, {
			...visit('2026-09-03', '60', []),
			contactKind: 'call',
			version: '1'
		});
		await expectTotalsToMatchEntries();
		const [changed] = await rowsOf<Record<string, number>>(
			sql`select contacts, home_visit_contacts, call_minutes, p1_contacts, no_profile_minutes
			from diary_month_total where client_id = ${client.id} and month = '2026-09-01'`
		);
		expect(changed).toEqual({
			contacts: 2,
			home_visit_contacts: 1,
			call_minutes: 60,
			p1_contacts: 1,
			no_profile_minutes: 60
		});
		// An edit that moves the entry to October takes it out of September.
		await updateDiaryEntry(ctx, client.id, a, { ...visit('2026-10-05', '90'), version: '2' });
		await expectTotalsToMatchEntries();
		// A removal takes it away; the last of a group going leaves no zero row behind.
		await removeDiaryEntry(ctx, client.id, a, { version: '3' });
		await expectTotalsToMatchEntries();
		expect(
			await rowsOf(sql`select 1 from diary_month_total where contacts <= 0 or minutes < 0`)
		).toEqual([]);

		// Several rows in one statement (the generator, a paper diary typed in at once).
		await db()
			.insert(diaryEntries)
			.values(
				['2026-08-02', '2026-08-09', '2026-08-16'].map((contactDate) => ({
					clientId: client.id,
					countyId: county.id,
					volunteerId: volunteer.id,
					contactDate,
					durationMinutes: 40,
					description: 'Paberilt'
				}))
			);
		await expectTotalsToMatchEntries();

		// The client moves county: the entries and their totals follow.
		await db().update(clients).set({ countyId: otherCounty.id }).where(eq(clients.id, client.id));
		const moved = await rowsOf<{ county_id: string }>(
			sql`select distinct county_id::text from diary_month_total where client_id = ${client.id}`
		);
		expect(moved).toEqual([{ county_id: otherCounty.id }]);
		await expectTotalsToMatchEntries();

		// A hard delete (as anonymisation or a test clean-up might do) takes its count away.
		await db().delete(diaryEntries).where(eq(diaryEntries.clientId, client.id));
		expect(
			await rowsOf(sql`select 1 from diary_month_total where client_id = ${client.id}`)
		).toEqual([]);
		await expectTotalsToMatchEntries();
	});

	it('gives the analysis the same figures from the totals as from the entries, with partial months at the ends', async () => {
		const client = await seedClient(db(), { countyId: county.id, status: 'paired' });
		const volunteer = await seedVolunteer(db(), { countyId: county.id });
		await seedPairing(db(), {
			clientId: client.id,
			volunteerId: volunteer.id,
			startsOn: '2026-01-01'
		});
		const days = [
			'2026-03-31',
			'2026-04-01',
			'2026-04-15',
			'2026-05-20',
			'2026-06-30',
			'2026-07-01'
		];
		await db()
			.insert(diaryEntries)
			.values(
				days.map((contactDate, i) => ({
					clientId: client.id,
					countyId: county.id,
					volunteerId: volunteer.id,
					contactDate,
					contactKind: i % 2 === 0 ? ('home_visit' as const) : ('call' as const),
					helpProfiles: i % 3 === 0 ? (['P1', 'P4'] as ('P1' | 'P4')[]) : [],
					durationMinutes: 30 + i,
					description: 'Külastus'
				}))
			);
		const figures = (from: string, to: string, asOf: Date | null) =>
			computeFigures(db(), {
				period: { from, to },
				countyId: county.id,
				asOf,
				today: '2026-11-23'
			});
		const periods = [
			['2026-04-01', '2026-06-30'],
			['2026-03-31', '2026-07-01'],
			['2026-04-10', '2026-05-25'],
			['2026-04-15', '2026-04-15']
		] as const;
		// Through the totals: no cut-off, and a cut-off with nothing touched since (the report
		// made now).
		const noCutoff = [];
		const untouchedSince = [];
		for (const [from, to] of periods) {
			noCutoff.push(await figures(from, to, null));
			untouchedSince.push(await figures(from, to, new Date('2030-01-01T00:00:00Z')));
		}
		// An entry written after a cut-off (another client's, dated in the future for the test):
		// a report at that cut-off reads every month from the entries as they read then.
		const other = await seedClient(db(), { countyId: county.id, status: 'paired' });
		await db()
			.insert(diaryEntries)
			.values({
				clientId: other.id,
				countyId: county.id,
				volunteerId: volunteer.id,
				contactDate: '2026-05-05',
				durationMinutes: 60,
				description: 'Hiljem kirja pandud',
				createdAt: new Date('2031-01-01T00:00:00Z'),
				updatedAt: new Date('2031-01-01T00:00:00Z')
			});
		for (const [i, [from, to]] of periods.entries()) {
			const fromEntries = await figures(from, to, new Date('2030-01-01T00:00:00Z'));
			for (const viaTotals of [noCutoff[i]!, untouchedSince[i]!]) {
				expect(viaTotals.summary.contacts, `${from}–${to}`).toBe(fromEntries.summary.contacts);
				expect(viaTotals.months, `${from}–${to}`).toEqual(fromEntries.months);
				expect(viaTotals.kinds, `${from}–${to}`).toEqual(fromEntries.kinds);
				expect(viaTotals.profiles, `${from}–${to}`).toEqual(fromEntries.profiles);
			}
		}
		// Without the cut-off the later entry counts; at the cut-off it does not.
		expect((await figures('2026-04-01', '2026-06-30', null)).summary.contacts).toBe(
			noCutoff[0]!.summary.contacts + 1
		);
		await db().delete(diaryEntries).where(eq(diaryEntries.clientId, other.id));
		expect((await figures('2026-03-31', '2026-07-01', null)).summary.contacts).toBe(6);
		expect((await figures('2026-04-10', '2026-05-25', null)).summary.contacts).toBe(2);
	});
});

describe('pairings across a county border', () => {
	it('count the volunteer in their own county and the pairing in the client’s', async () => {
		const client = await seedClient(db(), { countyId: county.id, status: 'paired' });
		const neighbour = await seedClient(db(), { countyId: county.id, status: 'paired' });
		const local = await seedVolunteer(db(), { countyId: county.id });
		const fromAcross = await seedVolunteer(db(), { countyId: otherCounty.id });
		await seedPairing(db(), { clientId: client.id, volunteerId: local.id, startsOn: '2025-02-03' });
		await seedPairing(db(), {
			clientId: neighbour.id,
			volunteerId: fromAcross.id,
			startsOn: '2025-02-10',
			endsOn: '2025-03-15',
			status: 'ended'
		});
		const figures = (countyId: string | null) =>
			computeFigures(db(), {
				period: { from: '2025-02-01', to: '2025-03-31' },
				countyId,
				asOf: null,
				today: '2026-11-23'
			});
		const here = await figures(county.id);
		expect(here.summary).toMatchObject({ activeVolunteers: 1, newPairings: 2, endedPairings: 1 });
		expect(here.months.map((m) => [m.month, m.activeVolunteers, m.newPairings])).toEqual([
			['2025-02', 1, 2],
			['2025-03', 1, 0]
		]);
		const across = await figures(otherCounty.id);
		expect(across.summary).toMatchObject({ activeVolunteers: 1, newPairings: 0, endedPairings: 0 });
		expect(across.months.map((m) => [m.month, m.activeVolunteers, m.newPairings])).toEqual([
			['2025-02', 1, 0],
			['2025-03', 1, 0]
		]);
		const country = await figures(null);
		expect(country.summary).toMatchObject({ activeVolunteers: 2, newPairings: 2 });
		expect(country.months.map((m) => [m.month, m.activeVolunteers, m.newPairings])).toEqual([
			['2025-02', 2, 2],
			['2025-03', 2, 0]
		]);
	});
});
