import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { monthsOf, percent, type Period } from '../../domain/periods';
import { createdBy, pairingEnd, rows, type FigureParams } from './figure-sources';
import { contactFigures } from './contact-figures';
import { countyFigures } from './county-figures';

/**
 * The analysis figures (R-REP-4), computed in the database with aggregate SQL — never by
 * loading rows into the server. No policy here: callers (analysis/analysis.ts for the
 * analysis module, reporting/quarterly-package.ts for the quarterly report) check access and
 * audit. Definitions of every figure: docs/data-model.md, "Reporting".
 *
 * What they read, and how a cut-off bounds it: figure-sources.ts. The contacts counted every
 * way: contact-figures.ts; volunteers, pairings, waiting clients and recruitment per county:
 * county-figures.ts; the rest (months, first pairings, mileage, surveys) and the whole: here.
 */

export interface CountFigures {
	contacts: number;
	minutes: number;
	clients: number;
	volunteers: number;
}

interface CountyFigures extends CountFigures {
	countyId: string;
	countyName: string;
	activeVolunteers: number;
	newVolunteers: number;
	endedVolunteers: number;
	newPairings: number;
	endedPairings: number;
	runningPairings: number;
	pairingsAtEnd: number;
	silentPairings: number;
	clientsWaiting: number;
	candidatesSelected: number;
	candidatesNotSelected: number;
}

interface Summary extends Omit<CountyFigures, 'countyId' | 'countyName'> {
	hours: number;
	/** Clients whose first pairing started in the period, and the median days from mapping. */
	firstPairings: number;
	medianDaysToFirstPairing: number | null;
	/** Share (%) of pairings running at the period's end with no contact for over 30 days. */
	silentShare: number | null;
	/** The day "at the end of the period" refers to: the last day, or today if earlier. */
	endDay: string;
}

interface MonthFigures extends CountFigures {
	month: string;
	activeVolunteers: number;
	newPairings: number;
}

interface KeyedFigures extends CountFigures {
	key: string;
}

interface MunicipalityFigures extends CountFigures {
	municipalityId: string | null;
	name: string;
	countyName: string;
	claims: number;
	kmClaimed: number;
	centsClaimed: number;
	claimsPaid: number;
	centsPaid: number;
}

interface SurveyFigures {
	responses: number;
	clients: number;
	meanScore: number | null;
	/** Clients with at least two scored responses by the period's end (first vs latest). */
	compared: number;
	improved: number;
	unchanged: number;
	worsened: number;
	meanChange: number | null;
	distribution: { score: number; responses: number }[];
}

export interface Figures {
	period: Period;
	countyId: string | null;
	summary: Summary;
	months: MonthFigures[];
	profiles: KeyedFigures[];
	kinds: KeyedFigures[];
	municipalities: MunicipalityFigures[];
	counties: CountyFigures[];
	surveys: SurveyFigures;
}

/** Months: volunteers with a running pairing, and new pairings, per month of the period. */
async function monthFigures(db: Tx, p: FigureParams) {
	const { from, to } = p.period;
	const end = pairingEnd(p);
	return rows<{ month: string; active_volunteers: number; new_pairings: number }>(
		db,
		sql`with m as materialized (
			select to_char(d, 'YYYY-MM') as month,
				greatest(d::date, ${from}::date) as m_from,
				least((d + interval '1 month' - interval '1 day')::date, ${to}::date) as m_to
			from generate_series(date_trunc('month', ${from}::date), ${to}::date, interval '1 month') as d
		),
		prs as materialized (
			-- The pairings that touch the period (ends_on >= starts_on). For a county: whether the
			-- volunteer and the client are the county's (hashed lookups of its people, not joins of
			-- the whole country's), and only pairings where either is.
			select * from (
				select pr.volunteer_id, pr.starts_on, ${end} as ends_on, ${
					p.countyId
						? sql`pr.volunteer_id in (select v.id from volunteer v where v.county_id = ${p.countyId}::uuid) as v_here,
							pr.client_id in (select c.id from client c where c.county_id = ${p.countyId}::uuid) as c_here`
						: sql`true as v_here, true as c_here`
				}
				from pairing pr
				where pr.status <> 'proposed' and pr.starts_on <= ${to}::date ${createdBy('pr', p)}
			) x
			where (x.ends_on is null or x.ends_on >= ${from}::date) and (x.v_here or x.c_here)
		)
		select m.month,
			(select count(distinct x.volunteer_id) from prs x
				where x.v_here and x.starts_on <= m.m_to and (x.ends_on is null or x.ends_on > m.m_from)
			)::int as active_volunteers,
			(select count(*) from prs x where x.c_here and x.starts_on between m.m_from and m.m_to
			)::int as new_pairings
		from m order by m.month`
	);
}

/** Median days from mapping to the first pairing, for clients first paired in the period. */
async function firstPairingFigures(db: Tx, p: FigureParams) {
	const { from, to } = p.period;
	const [row] = await rows<{ n: number; median_days: number | null }>(
		db,
		sql`select count(*)::int as n,
			percentile_cont(0.5) within group (order by (f.first_start - c.mapped_on))::float8 as median_days
		from (
			select pr.client_id, min(pr.starts_on) as first_start from pairing pr
			where pr.status <> 'proposed' ${createdBy('pr', p)}
				${p.countyId ? sql`and pr.client_id in (select c.id from client c where c.county_id = ${p.countyId}::uuid)` : sql``}
			group by pr.client_id
			having min(pr.starts_on) between ${from}::date and ${to}::date
		) f
		join client c on c.id = f.client_id`
	);
	return { firstPairings: row?.n ?? 0, medianDays: row?.median_days ?? null };
}

/** Mileage claimed and paid per paying municipality, for claims of the period's months. */
async function mileageFigures(db: Tx, p: FigureParams) {
	const { from, to } = p.period;
	return rows<{
		municipality_id: string;
		claims: number;
		km_claimed: number;
		cents_claimed: number;
		claims_paid: number;
		cents_paid: number;
	}>(
		db,
		sql`select m.municipality_id::text as municipality_id,
			count(*) filter (where m.status in ('submitted', 'approved', 'paid'))::int as claims,
			coalesce(sum(m.total_km) filter (where m.status in ('submitted', 'approved', 'paid')), 0)::float8 as km_claimed,
			coalesce(sum(m.amount_cents) filter (where m.status in ('submitted', 'approved', 'paid')), 0)::float8 as cents_claimed,
			count(*) filter (where m.status = 'paid')::int as claims_paid,
			coalesce(sum(m.amount_cents) filter (where m.status = 'paid'), 0)::float8 as cents_paid
		from mileage_claim m
		where m.month between date_trunc('month', ${from}::date)::date and ${to}::date
			${p.countyId ? sql`and m.county_id = ${p.countyId}::uuid` : sql``}
			${p.asOf ? sql`and m.submitted_at <= ${p.asOf.toISOString()}::timestamptz` : sql``}
		group by m.municipality_id`
	);
}

/** Six-month surveys (R-PAIR-6): responses of the period and how loneliness changed. */
async function surveyFigures(db: Tx, p: FigureParams): Promise<SurveyFigures> {
	const { from, to } = p.period;
	const cc = p.countyId ? sql`and c.county_id = ${p.countyId}::uuid` : sql``;
	const [summary] = await rows<{
		responses: number;
		clients: number;
		mean_score: number | null;
		compared: number;
		improved: number;
		unchanged: number;
		worsened: number;
		mean_change: number | null;
	}>(
		db,
		sql`with s as materialized (
			select r.id, r.client_id, r.conducted_on, r.loneliness_score
			from survey_response r join client c on c.id = r.client_id
			where r.kind = 'six_month' and r.conducted_on <= ${to}::date ${cc} ${createdBy('r', p, 'entered_at')}
		),
		inperiod as (select * from s where s.conducted_on >= ${from}::date),
		fl as (
			select s.client_id,
				(array_agg(s.loneliness_score order by s.conducted_on, s.id))[1] as first_score,
				(array_agg(s.loneliness_score order by s.conducted_on desc, s.id desc))[1] as last_score,
				count(*) as n
			from s
			where s.loneliness_score is not null
				and s.client_id in (select client_id from inperiod)
			group by s.client_id
		)
		select (select count(*) from inperiod)::int as responses,
			(select count(distinct client_id) from inperiod)::int as clients,
			(select avg(loneliness_score) from inperiod)::float8 as mean_score,
			count(*) filter (where fl.n >= 2)::int as compared,
			count(*) filter (where fl.n >= 2 and fl.last_score < fl.first_score)::int as improved,
			count(*) filter (where fl.n >= 2 and fl.last_score = fl.first_score)::int as unchanged,
			count(*) filter (where fl.n >= 2 and fl.last_score > fl.first_score)::int as worsened,
			avg(fl.last_score - fl.first_score) filter (where fl.n >= 2)::float8 as mean_change
		from fl`
	);
	const distribution = await rows<{ score: number; responses: number }>(
		db,
		sql`select r.loneliness_score as score, count(*)::int as responses
		from survey_response r join client c on c.id = r.client_id
		where r.kind = 'six_month' and r.loneliness_score is not null
			and r.conducted_on between ${from}::date and ${to}::date ${cc} ${createdBy('r', p, 'entered_at')}
		group by r.loneliness_score order by r.loneliness_score`
	);
	return {
		responses: summary?.responses ?? 0,
		clients: summary?.clients ?? 0,
		meanScore: round1(summary?.mean_score ?? null),
		compared: summary?.compared ?? 0,
		improved: summary?.improved ?? 0,
		unchanged: summary?.unchanged ?? 0,
		worsened: summary?.worsened ?? 0,
		meanChange: round1(summary?.mean_change ?? null),
		distribution
	};
}

function round1(v: number | null): number | null {
	return v === null ? null : Math.round(v * 10) / 10;
}

/** Every figure of the analysis for one period and county (or the whole country). */
export async function computeFigures(
	db: Tx,
	p: FigureParams,
	opts: { parallel?: boolean } = {}
): Promise<Figures> {
	const endDay = p.period.to < p.today ? p.period.to : p.today;
	// Independent queries: on a server pool they run side by side; in a transaction (one
	// connection) they go one after the other.
	const parts: (() => Promise<unknown>)[] = [
		() => contactFigures(db, p),
		() => countyFigures(db, p, endDay),
		() => monthFigures(db, p),
		() => firstPairingFigures(db, p),
		() => mileageFigures(db, p),
		() => surveyFigures(db, p)
	];
	const results: unknown[] = [];
	if (opts.parallel) results.push(...(await Promise.all(parts.map((f) => f()))));
	else for (const f of parts) results.push(await f());
	const [contacts, countyRows, monthRows, first, mileage, surveys] = results as [
		Awaited<ReturnType<typeof contactFigures>>,
		Awaited<ReturnType<typeof countyFigures>>,
		Awaited<ReturnType<typeof monthFigures>>,
		Awaited<ReturnType<typeof firstPairingFigures>>,
		Awaited<ReturnType<typeof mileageFigures>>,
		SurveyFigures
	];
	const municipalityRows = await rows<{ id: string; name: string; county_name: string }>(
		db,
		sql`select m.id::text as id, m.name, co.name as county_name
		from municipality m join county co on co.id = m.county_id
		where true ${p.countyId ? sql`and m.county_id = ${p.countyId}::uuid` : sql``}
		order by co.name, m.sort_order, m.name`
	);

	const empty: CountFigures = { contacts: 0, minutes: 0, clients: 0, volunteers: 0 };
	const counties: CountyFigures[] = countyRows.map((r) => ({
		countyId: r.county_id,
		countyName: r.county_name,
		...(contacts.counties.get(r.county_id) ?? empty),
		activeVolunteers: r.active_volunteers,
		newVolunteers: r.new_volunteers,
		endedVolunteers: r.ended_volunteers,
		newPairings: r.new_pairings,
		endedPairings: r.ended_pairings,
		runningPairings: r.running_pairings,
		pairingsAtEnd: r.pairings_at_end,
		silentPairings: r.silent_pairings,
		clientsWaiting: r.clients_waiting,
		candidatesSelected: r.selected,
		candidatesNotSelected: r.not_selected
	}));
	const sum = (pick: (c: CountyFigures) => number) => counties.reduce((s, c) => s + pick(c), 0);
	const pairingsAtEnd = sum((c) => c.pairingsAtEnd);
	const silentPairings = sum((c) => c.silentPairings);
	const summary: Summary = {
		...contacts.total,
		hours: Math.round((contacts.total.minutes / 60) * 10) / 10,
		activeVolunteers: sum((c) => c.activeVolunteers),
		newVolunteers: sum((c) => c.newVolunteers),
		endedVolunteers: sum((c) => c.endedVolunteers),
		newPairings: sum((c) => c.newPairings),
		endedPairings: sum((c) => c.endedPairings),
		runningPairings: sum((c) => c.runningPairings),
		pairingsAtEnd,
		silentPairings,
		silentShare: percent(silentPairings, pairingsAtEnd),
		clientsWaiting: sum((c) => c.clientsWaiting),
		candidatesSelected: sum((c) => c.candidatesSelected),
		candidatesNotSelected: sum((c) => c.candidatesNotSelected),
		firstPairings: first.firstPairings,
		medianDaysToFirstPairing: first.medianDays,
		endDay
	};

	const monthExtra = new Map(monthRows.map((r) => [r.month, r]));
	const months: MonthFigures[] = monthsOf(p.period).map((month) => ({
		month,
		...(contacts.months.get(month) ?? empty),
		activeVolunteers: monthExtra.get(month)?.active_volunteers ?? 0,
		newPairings: monthExtra.get(month)?.new_pairings ?? 0
	}));

	const mileageBy = new Map(mileage.map((m) => [m.municipality_id, m]));
	const municipalities: MunicipalityFigures[] = municipalityRows.map((m) => {
		const mi = mileageBy.get(m.id);
		return {
			municipalityId: m.id,
			name: m.name,
			countyName: m.county_name,
			...(contacts.municipalities.get(m.id) ?? empty),
			claims: mi?.claims ?? 0,
			kmClaimed: mi?.km_claimed ?? 0,
			centsClaimed: mi?.cents_claimed ?? 0,
			claimsPaid: mi?.claims_paid ?? 0,
			centsPaid: mi?.cents_paid ?? 0
		};
	});
	const unknownPlace = contacts.municipalities.get(null);
	if (unknownPlace) {
		municipalities.push({
			municipalityId: null,
			name: '',
			countyName: '',
			...unknownPlace,
			claims: 0,
			kmClaimed: 0,
			centsClaimed: 0,
			claimsPaid: 0,
			centsPaid: 0
		});
	}

	const order = (keys: readonly string[]) => (a: KeyedFigures, b: KeyedFigures) =>
		(keys.indexOf(a.key) + 1 || 99) - (keys.indexOf(b.key) + 1 || 99) || a.key.localeCompare(b.key);
	return {
		period: p.period,
		countyId: p.countyId,
		summary,
		months,
		profiles: contacts.profiles.sort(order(['P1', 'P2', 'P3', 'P4', 'none'])),
		kinds: contacts.kinds.sort(order(['home_visit', 'care_home_visit', 'outing', 'call'])),
		municipalities,
		counties,
		surveys
	};
}
