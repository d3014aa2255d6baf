import { addDays } from '../domain/dates';
import { addMonths } from '../domain/surveys';

/**
 * Sizes of the generated data sets.
 *
 * - pilot: the pilot project as reported (seeds/000): 19 months (September 2019 – March 2021),
 *   273 volunteers, 678 clients who got a companion, 12,065 contacts and 21,600 volunteer
 *   hours, over the 15 counties. The analysis module shows exactly these totals for the period.
 * - county: one county at benchmark size (400 volunteers, 1,500 clients, 150,000 contacts).
 * - national: the whole country at benchmark size (5,000 volunteers, 20,000 clients,
 *   2,000,000 contacts, about 300,000 trips).
 * - demo: the small demo set with logins (services/admin/demo-data.ts), relative to today.
 *
 * `volunteers` counts volunteers with at least one pairing, `clients` the clients with at least
 * one contact; waiting and merely mapped clients and candidates come on top.
 */
export const PROFILE_NAMES = ['pilot', 'demo', 'county', 'national'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface ProfileSpec {
	name: Exclude<ProfileName, 'demo'>;
	/** First and last day of activity (inclusive). */
	start: string;
	end: string;
	/** County names; null = all counties. */
	counties: readonly string[] | null;
	volunteers: number;
	clients: number;
	contacts: number;
	/** Exact sum of contact durations, or null for whatever the contacts add up to. */
	minutes: number | null;
	/** About this many trips in the mileage logs; null = what the pairings with a car make. */
	trips: number | null;
	/** Clients mapped and waiting who never got a volunteer. */
	waitingNeverPaired: number;
	/** Clients only mapped (some without a name yet, R-MAP-2). */
	mappedOnly: number;
	/** Candidates (volunteers without a pairing yet). */
	candidates: number;
	/** The pilot project ended: every pairing still running ends on the day after `end`. */
	closeAtEnd: boolean;
}

export const PILOT = {
	start: '2019-09-01',
	end: '2021-03-31',
	volunteers: 273,
	clients: 678,
	contacts: 12_065,
	hours: 21_600
} as const;

export interface ProfileOptions {
	/** Today (yyyy-mm-dd): county and national data end yesterday unless `end` is given. */
	today: string;
	end?: string;
	/** For the county profile. */
	county?: string;
}

export const DEFAULT_BENCHMARK_COUNTY = 'Tartu maakond';

export function profileSpec(name: Exclude<ProfileName, 'demo'>, opts: ProfileOptions): ProfileSpec {
	if (name === 'pilot') {
		return {
			name,
			start: PILOT.start,
			end: PILOT.end,
			counties: null,
			volunteers: PILOT.volunteers,
			clients: PILOT.clients,
			contacts: PILOT.contacts,
			minutes: PILOT.hours * 60,
			trips: null,
			waitingNeverPaired: 31,
			mappedOnly: 24,
			candidates: 12,
			closeAtEnd: true
		};
	}
	const end = opts.end ?? addDays(opts.today, -1);
	// Three years of work, starting on the first of a month.
	const start = `${addMonths(end, -36).slice(0, 7)}-01`;
	if (name === 'county') {
		return {
			name,
			start,
			end,
			counties: [opts.county ?? DEFAULT_BENCHMARK_COUNTY],
			volunteers: 400,
			clients: 1_500,
			contacts: 150_000,
			minutes: null,
			trips: 22_500,
			waitingNeverPaired: 60,
			mappedOnly: 40,
			candidates: 20,
			closeAtEnd: false
		};
	}
	return {
		name,
		start,
		end,
		counties: null,
		volunteers: 5_000,
		clients: 20_000,
		contacts: 2_000_000,
		minutes: null,
		trips: 300_000,
		waitingNeverPaired: 800,
		mappedOnly: 500,
		candidates: 250,
		closeAtEnd: false
	};
}

/** Population of the counties (Statistics Estonia, 2024, thousands): the size of each county. */
export const COUNTY_POPULATION: Record<string, number> = {
	'Harju maakond': 640,
	'Hiiu maakond': 9.4,
	'Ida-Viru maakond': 131,
	'Jõgeva maakond': 27,
	'Järva maakond': 30,
	'Lääne maakond': 20,
	'Lääne-Viru maakond': 59,
	'Põlva maakond': 24,
	'Pärnu maakond': 86,
	'Rapla maakond': 34,
	'Saare maakond': 33,
	'Tartu maakond': 160,
	'Valga maakond': 28,
	'Viljandi maakond': 45,
	'Võru maakond': 35
};

/**
 * A county's share of the work: mostly its population, with a floor for the small counties
 * (every county has a paid coordinator, so even Hiiumaa has a few pairs).
 */
export function countyWeight(name: string): number {
	const total = Object.values(COUNTY_POPULATION).reduce((s, p) => s + p, 0);
	const share = (COUNTY_POPULATION[name] ?? 30) / total;
	return 0.6 * share + 0.4 / 15;
}
