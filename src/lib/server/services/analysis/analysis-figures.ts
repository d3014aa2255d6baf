import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { monthsOf, percent, splitAtWholeMonths, type Period } from '../../domain/periods';
import { CONTACT_KINDS, HELP_PROFILES } from '../../domain/vocabulary';

/**
 * The analysis figures (R-REP-4), computed in the database with aggregate SQL — never by
 * loading rows into the server. No policy here: callers (services/analysis.ts for the
 * analysis module, services/reports.ts for the quarterly report) check access and audit.
 * Definitions of every figure: docs/data-model.md, "Reporting".
 *
 * `asOf` (the quarterly report's cut-off) counts only what was recorded by then: diary entries
 * created by the cut-off and not removed by it, as they read at the cut-off (a later edit is
 * undone from diary_entry_version); pairings, clients, volunteers, surveys and claims created
 * (entered, submitted) by then.
 */

export interface FigureParams {
	period: Period;
	/** One county, or null for the whole country. */
	countyId: string | null;
	/** Cut-off instant; null = everything recorded so far. */
	asOf: Date | null;
	/** Today (yyyy-mm-dd): "at the end of the period" never looks past today. */
	today: string;
}

export interface CountFigures {
	contacts: number;
	minutes: number;
	clients: number;
	volunteers: number;
}

export interface CountyFigures extends CountFigures {
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

export interface Summary extends Omit<CountyFigures, 'countyId' | 'countyName'> {
	hours: number;
	/** Clients whose first pairing started in the period, and the median days from mapping. */
	firstPairings: number;
	medianDaysToFirstPairing: number | null;
	/** Share (%) of pairings running at the period's end with no contact for over 30 days. */
	silentShare: number | null;
	/** The day "at the end of the period" refers to: the last day, or today if earlier. */
	endDay: string;
}

export interface MonthFigures extends CountFigures {
	month: string;
	activeVolunteers: number;
	newPairings: number;
}

export interface KeyedFigures extends CountFigures {
	key: string;
}

export interface MunicipalityFigures extends CountFigures {
	municipalityId: string | null;
	name: string;
	countyName: string;
	claims: number;
	kmClaimed: number;
	centsClaimed: number;
	claimsPaid: number;
	centsPaid: number;
}

export interface SurveyFigures {
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

async function rows<T>(db: Tx, query: SQL): Promise<T[]> {
	const result = (await db.execute(query)) as unknown as { rows: T[] };
	return result.rows;
}

/**
 * Diary entries of the period as they read at `asOf` (or now), with their county (the client's,
 * diary_entry.county_id). Columns: id, pairing_id, client_id, volunteer_id, county_id,
 * contact_date, contact_kind, duration_minutes, help_profiles.
 *
 * Without a cut-off (the analysis module) this reads the covering index
 * diary_entry_county_date_idx alone — one index range per county, the whole country being
 * every county — and `id` and `pairing_id` read as null unless `withIds` asks for them (they
 * are not in the index).
 *
 * `client`: only that client's entries — an expression such as the column of an outer query
 * (a lateral subquery reads one client at a time from diary_entry_client_date_idx), with
 * `touchedIds`: the ids of that client's entries changed since the cut-off, from
 * `touchedEntriesByClient` read once beforehand (looking them up in diary_entry_touched_idx
 * for each client of the country took two thirds of the quarterly package's main query).
 */
export function entriesSource(
	p: FigureParams,
	opts: { withIds?: boolean; client?: SQL; touchedIds?: SQL } = {}
): SQL {
	const { from, to } = p.period;
	const which = sql.join(
		[
			p.countyId
				? sql`d.county_id = ${p.countyId}::uuid`
				: opts.client
					? null // one client's entries: every county (no need to say so)
					: sql`d.county_id in (select co.id from county co)`,
			...(opts.client ? [sql`d.client_id = ${opts.client}`] : [])
		].filter((c): c is SQL => c !== null),
		sql` and `
	);
	if (!p.asOf) {
		const ids = opts.withIds
			? sql`d.id, d.pairing_id`
			: sql`null::uuid as id, null::uuid as pairing_id`;
		return sql`select ${ids}, d.client_id, d.volunteer_id, d.county_id, d.contact_date,
				d.contact_kind, d.duration_minutes, d.help_profiles
			from diary_entry d
			where ${which} and d.removed_at is null
				and d.contact_date between ${from}::date and ${to}::date`;
	}
	const asOf = p.asOf.toISOString();
	const touched = opts.touchedIds
		? sql`d.id = any(${opts.touchedIds}) and ${changedSince(p.asOf)}`
		: changedSince(p.asOf);
	// Entries not touched since the cut-off read as they are; the few changed since read as
	// their latest version written by then (a removal after the cut-off is ignored).
	return sql`select d.id, d.pairing_id, d.client_id, d.volunteer_id, d.county_id, d.contact_date,
			d.contact_kind, d.duration_minutes, d.help_profiles
		from diary_entry d
		where d.created_at <= ${asOf}::timestamptz and d.updated_at <= ${asOf}::timestamptz
			and (d.removed_at is null or d.removed_at > ${asOf}::timestamptz)
			and d.contact_date between ${from}::date and ${to}::date and ${which}
		union all
		select d.id, d.pairing_id, d.client_id, d.volunteer_id, d.county_id,
			coalesce(v.contact_date, d.contact_date), coalesce(v.contact_kind, d.contact_kind),
			coalesce(v.duration_minutes, d.duration_minutes), coalesce(v.help_profiles, d.help_profiles)
		from diary_entry d
		left join lateral (
			select x.contact_date, x.contact_kind, x.duration_minutes, x.help_profiles
			from diary_entry_version x
			where x.entry_id = d.id and x.written_at <= ${asOf}::timestamptz
			order by x.version desc limit 1
		) v on true
		where ${touched}
			and coalesce(v.contact_date, d.contact_date) between ${from}::date and ${to}::date
			and ${which}`;
}

/**
 * The entries changed since the cut-off (`asOf`), as `(client_id, ids)`: one row per client
 * with any, for `entriesSource`'s `touchedIds`. Usually none or a few (a report is made days
 * after its quarter); a report made again long after still reads them once.
 */
export function touchedEntriesByClient(asOf: Date): SQL {
	return sql`select d.client_id, array_agg(d.id) as ids
		from diary_entry d where ${changedSince(asOf)}
		group by d.client_id`;
}

/** Entries written by the cut-off and changed (edited, maybe removed too) after it. */
function changedSince(asOf: Date): SQL {
	const at = asOf.toISOString();
	// The first line is implied by the others; said this way so that diary_entry_touched_idx
	// finds them.
	return sql`greatest(d.updated_at, d.removed_at) > ${at}::timestamptz
		and d.created_at <= ${at}::timestamptz and d.updated_at > ${at}::timestamptz
		and (d.removed_at is null or d.removed_at > ${at}::timestamptz)`;
}

/** `and <alias>.created_at <= cut-off` when there is a cut-off. */
function createdBy(alias: string, p: FigureParams, column = 'created_at'): SQL {
	return p.asOf
		? sql`and ${sql.raw(`${alias}.${column}`)} <= ${p.asOf.toISOString()}::timestamptz`
		: sql``;
}

/**
 * A pairing's end as known at the cut-off: an end on or before the cut-off day counts; a later
 * (planned) end does not, so the pairing was still running then.
 */
function pairingEnd(p: FigureParams): SQL {
	return p.asOf
		? sql`(case when pr.ends_on <= ${tallinnDate(p.asOf)}::date then pr.ends_on end)`
		: sql`pr.ends_on`;
}

function tallinnDate(instant: Date): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Tallinn',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(instant);
}

/**
 * How the monthly totals split a month's contacts: one pair of columns (`<column>_contacts`,
 * `<column>_minutes`) per kind of contact and per help profile, and the test that puts a diary
 * entry `e` under it. An entry with several help profiles counts under each; one with none
 * under 'none'. The same columns as diary_month_total (migration 0007).
 */
const SPLITS: { dim: 'kind' | 'profile'; key: string; column: string; test: SQL }[] = [
	...CONTACT_KINDS.map((kind) => ({
		dim: 'kind' as const,
		key: kind,
		column: kind,
		test: sql`e.contact_kind = ${kind}`
	})),
	...HELP_PROFILES.map((profile) => ({
		dim: 'profile' as const,
		key: profile,
		column: profile.toLowerCase(),
		test: sql`${profile} = any(e.help_profiles)`
	})),
	{
		dim: 'profile',
		key: 'none',
		column: 'no_profile',
		test: sql`cardinality(e.help_profiles) = 0`
	}
];

type Split = (typeof SPLITS)[number];

/** A split's column, `<column>_<suffix>` (suffix: contacts, minutes, clients, volunteers). */
const col = (split: Split, suffix: string) => sql.raw(`${split.column}_${suffix}`);

/** `each` of every split, comma-separated. */
const eachSplit = (each: (split: Split) => SQL) => sql.join(SPLITS.map(each), sql`, `);

/**
 * The period's contacts per client, volunteer and month (with county), as diary_month_total's
 * rows: whole months come from the monthly totals (kept by the database) and only the partial
 * months at either end are counted from the entries. With a cut-off (the quarterly report) the
 * totals hold only while no entry has been written, changed or removed since the cut-off: the
 * same statement checks that (one snapshot) and otherwise counts every month from the entries
 * as they read at the cut-off. No two rows share a client, volunteer and month.
 */
function pairingMonths(p: FigureParams): SQL {
	const fromEntries = (period: Period, gate = sql`true`) => sql`
		select e.client_id, e.volunteer_id, e.county_id,
			date_trunc('month', e.contact_date::timestamp)::date as month,
			count(*)::int as contacts, sum(e.duration_minutes)::int as minutes,
			${eachSplit(
				(s) => sql`count(*) filter (where ${s.test})::int as ${col(s, 'contacts')},
					coalesce(sum(e.duration_minutes) filter (where ${s.test}), 0)::int as ${col(s, 'minutes')}`
			)}
		from (${entriesSource({ ...p, period })}) e where ${gate} group by 1, 2, 3, 4`;
	const { months, edges } = splitAtWholeMonths(p.period);
	const parts = edges.map((period) => fromEntries(period));
	if (months) {
		const counties = p.countyId
			? sql`t.county_id = ${p.countyId}::uuid`
			: sql`t.county_id in (select co.id from county co)`;
		// Nothing touched since the cut-off (an uncorrelated check: evaluated once, and only the
		// branch it allows runs).
		const unchanged = p.asOf
			? sql`not exists (select 1 from diary_entry x
					where greatest(x.updated_at, x.removed_at) > ${p.asOf.toISOString()}::timestamptz)`
			: sql`true`;
		parts.push(sql`
			select t.client_id, t.volunteer_id, t.county_id, t.month, t.contacts, t.minutes,
				${eachSplit((s) => sql`t.${col(s, 'contacts')}, t.${col(s, 'minutes')}`)}
			from diary_month_total t
			where ${counties} and t.month between ${months.from}::date and ${months.to}::date
				and ${unchanged}`);
		if (p.asOf) parts.push(fromEntries(months, sql`not (${unchanged})`));
	}
	return sql.join(parts, sql` union all `);
}

interface ContactRow {
	dim: 'total' | 'month' | 'municipality' | 'county' | 'kind' | 'profile';
	key: string | null;
	contacts: number;
	minutes: number;
	clients: number;
	volunteers: number;
}

/**
 * The period's diary entries counted every way the analysis shows them: in total, per month,
 * kind of contact, help profile, municipality (the client's) and county — contacts, minutes,
 * and distinct clients and volunteers.
 *
 * The rows per client, volunteer and month (a few thousand per county and quarter) are added up
 * once per client and once per volunteer: a client or volunteer counts under a kind or profile
 * when their column is above zero, and under the municipality or county of the client. Only
 * the months count distinct clients and volunteers by sorting, over those few thousand rows.
 */
async function contactFigures(db: Tx, p: FigureParams) {
	const sum = (suffix: string) =>
		eachSplit((s) => sql`sum(pm.${col(s, suffix)}) as ${col(s, suffix)}`);
	// Per municipality or county (the client's): contacts, minutes and clients from the clients'
	// rows, volunteers from the distinct volunteer–place pairs.
	const place = (dim: 'municipality' | 'county') => {
		const c = sql.raw(`${dim}_id`);
		return sql`select ${dim} as dim, x.key, x.contacts, x.minutes, x.clients,
				coalesce(v.volunteers, 0)::int as volunteers
			from (
				select pc.${c}::text as key, sum(pc.contacts)::int as contacts,
					sum(pc.minutes)::int as minutes, count(*)::int as clients
				from pc group by pc.${c}
			) x
			left join (
				select vp.${c}::text as key, count(distinct vp.volunteer_id)::int as volunteers
				from vp group by vp.${c}
			) v on v.key is not distinct from x.key`;
	};
	const result = await rows<ContactRow>(
		db,
		sql`with pm as materialized (
			select t.*, c.municipality_id from (${pairingMonths(p)}) t
			join client c on c.id = t.client_id
				${p.countyId ? sql`and c.county_id = ${p.countyId}::uuid` : sql``}
		),
		pc as materialized (
			select pm.client_id, pm.municipality_id, pm.county_id,
				sum(pm.contacts) as contacts, sum(pm.minutes) as minutes, ${sum('contacts')}, ${sum('minutes')}
			from pm group by 1, 2, 3
		),
		pv as materialized (
			select pm.volunteer_id, ${sum('contacts')}
			from pm where pm.volunteer_id is not null group by 1
		),
		vp as (
			select distinct pm.volunteer_id, pm.municipality_id, pm.county_id
			from pm where pm.volunteer_id is not null
		)
		select 'total' as dim, null::text as key, coalesce(sum(pc.contacts), 0)::int as contacts,
			coalesce(sum(pc.minutes), 0)::int as minutes, count(*)::int as clients,
			(select count(*) from pv)::int as volunteers
		from pc
		union all
		select 'month', to_char(pm.month, 'YYYY-MM'), sum(pm.contacts)::int, sum(pm.minutes)::int,
			count(distinct pm.client_id)::int, count(distinct pm.volunteer_id)::int
		from pm group by pm.month
		union all
		${place('municipality')}
		union all
		${place('county')}
		union all
		select s.dim, s.key, s.contacts, s.minutes, s.clients, s.volunteers
		from (
			select ${eachSplit(
				(s) => sql`sum(pc.${col(s, 'contacts')})::int as ${col(s, 'contacts')},
					sum(pc.${col(s, 'minutes')})::int as ${col(s, 'minutes')},
					count(*) filter (where pc.${col(s, 'contacts')} > 0)::int as ${col(s, 'clients')}`
			)}
			from pc
		) a cross join (
			select ${eachSplit(
				(s) =>
					sql`count(*) filter (where pv.${col(s, 'contacts')} > 0)::int as ${col(s, 'volunteers')}`
			)}
			from pv
		) b
		cross join lateral (values ${eachSplit(
			(s) => sql`(${s.dim}, ${s.key}, a.${col(s, 'contacts')}, a.${col(s, 'minutes')},
				a.${col(s, 'clients')}, b.${col(s, 'volunteers')})`
		)}) as s(dim, key, contacts, minutes, clients, volunteers)
		where s.contacts > 0`
	);
	const counts = (r: ContactRow): CountFigures => ({
		contacts: r.contacts,
		minutes: r.minutes,
		clients: r.clients,
		volunteers: r.volunteers
	});
	const of = (dim: ContactRow['dim']) => result.filter((r) => r.dim === dim);
	const total = of('total')[0];
	return {
		total: total ? counts(total) : { contacts: 0, minutes: 0, clients: 0, volunteers: 0 },
		months: new Map(of('month').map((r) => [r.key!, counts(r)])),
		kinds: of('kind').map((r) => ({ key: r.key!, ...counts(r) })),
		municipalities: new Map(of('municipality').map((r) => [r.key, counts(r)])),
		counties: new Map(of('county').map((r) => [r.key!, counts(r)])),
		profiles: of('profile').map((r) => ({ key: r.key!, ...counts(r) }))
	};
}

export interface CountyRow {
	county_id: string;
	county_name: string;
	active_volunteers: number;
	new_volunteers: number;
	ended_volunteers: number;
	new_pairings: number;
	ended_pairings: number;
	running_pairings: number;
	pairings_at_end: number;
	silent_pairings: number;
	clients_waiting: number;
	selected: number;
	not_selected: number;
}

/**
 * Volunteers, pairings, waiting clients and recruitment per county (additive figures).
 * `silent: false` leaves out the silent pairings (0): they take a probe of the diary per
 * pairing, and the quarterly report does not show them.
 */
async function countyFigures(
	db: Tx,
	p: FigureParams,
	endDay: string,
	opts: { silent?: boolean } = {}
) {
	const { from, to } = p.period;
	const end = pairingEnd(p);
	const cc = p.countyId ? sql`and c.county_id = ${p.countyId}::uuid` : sql``;
	const vc = p.countyId ? sql`and v.county_id = ${p.countyId}::uuid` : sql``;
	const asOfDay = p.asOf ? tallinnDate(p.asOf) : null;
	// A client's waiting, end and anonymisation as known at the cut-off.
	const clientGone = asOfDay
		? sql`(c.ended_on is null or c.ended_on > ${endDay}::date or c.ended_on > ${asOfDay}::date)`
		: sql`(c.ended_on is null or c.ended_on > ${endDay}::date)`;
	const silent = opts.silent !== false;
	const silentJoin = sql`
		left join (
			select pr.county_id, count(*) as at_end,
				count(*) filter (
					where ${endDay}::date - coalesce(lc.last_contact, pr.starts_on) > 30
				) as silent
			from prc pr
			left join lateral (
				select max(d.contact_date) as last_contact from diary_entry d
				where d.pairing_id = pr.id and d.contact_date <= ${endDay}::date
					and ${
						p.asOf
							? sql`d.created_at <= ${p.asOf.toISOString()}::timestamptz and (d.removed_at is null or d.removed_at > ${p.asOf.toISOString()}::timestamptz)`
							: sql`d.removed_at is null`
					}
			) lc on true
			where pr.starts_on <= ${endDay}::date and (pr.ends_on is null or pr.ends_on > ${endDay}::date)
			group by pr.county_id
		) si on si.county_id = co.id`;
	return rows<CountyRow>(
		db,
		// The pairings of the county's clients (of every county's), read once for the new, ended,
		// running and silent pairings and the clients waiting; the end as known at the cut-off.
		sql`with prc as materialized (
			select pr.id, pr.client_id, pr.status, pr.starts_on, ${end} as ends_on, c.county_id
			from pairing pr join client c on c.id = pr.client_id
			where pr.status <> 'proposed' ${cc} ${createdBy('pr', p)}
		)
		select co.id::text as county_id, co.name as county_name,
			coalesce(av.n, 0)::int as active_volunteers,
			coalesce(vol.new_volunteers, 0)::int as new_volunteers,
			coalesce(vol.ended_volunteers, 0)::int as ended_volunteers,
			coalesce(pa.new_pairings, 0)::int as new_pairings,
			coalesce(pa.ended_pairings, 0)::int as ended_pairings,
			coalesce(pa.running_pairings, 0)::int as running_pairings,
			${silent ? sql`coalesce(si.at_end, 0)::int` : sql`0`} as pairings_at_end,
			${silent ? sql`coalesce(si.silent, 0)::int` : sql`0`} as silent_pairings,
			coalesce(wa.n, 0)::int as clients_waiting,
			coalesce(ro.selected, 0)::int as selected,
			coalesce(ro.not_selected, 0)::int as not_selected
		from county co
		left join (
			select v.county_id, count(distinct pr.volunteer_id) as n
			from pairing pr join volunteer v on v.id = pr.volunteer_id
			where pr.status <> 'proposed' and pr.starts_on <= ${to}::date
				and (${end} is null or ${end} > ${from}::date) ${vc} ${createdBy('pr', p)}
			group by v.county_id
		) av on av.county_id = co.id
		left join (
			select v.county_id,
				count(*) filter (where v.started_on between ${from}::date and ${to}::date) as new_volunteers,
				count(*) filter (where v.ended_on between ${from}::date and ${to}::date
					${asOfDay ? sql`and v.ended_on <= ${asOfDay}::date` : sql``}) as ended_volunteers
			from volunteer v where true ${vc} ${createdBy('v', p)}
			group by v.county_id
		) vol on vol.county_id = co.id
		left join (
			select pr.county_id,
				count(*) filter (where pr.starts_on between ${from}::date and ${to}::date) as new_pairings,
				count(*) filter (where pr.ends_on between ${from}::date and ${to}::date
					and pr.status = 'ended') as ended_pairings,
				count(*) filter (where pr.starts_on <= ${to}::date
					and (pr.ends_on is null or pr.ends_on > ${from}::date)) as running_pairings
			from prc pr
			group by pr.county_id
		) pa on pa.county_id = co.id
		${silent ? silentJoin : sql``}
		left join (
			select c.county_id, count(*) as n
			from client c
			where coalesce(c.waiting_since, case when c.status = 'waiting' then c.mapped_on end) <= ${endDay}::date
				and ${clientGone}
				and not exists (
					select 1 from prc pr
					where pr.client_id = c.id and pr.starts_on <= ${endDay}::date
						and (pr.ends_on is null or pr.ends_on > ${endDay}::date)
				) ${cc} ${createdBy('c', p)}
			group by c.county_id
		) wa on wa.county_id = co.id
		left join (
			select r.county_id,
				count(*) filter (where r.outcome = 'selected') as selected,
				count(*) filter (where r.outcome = 'not_selected') as not_selected
			from recruitment_outcome r
			where r.decided_on between ${from}::date and ${to}::date
				${p.countyId ? sql`and r.county_id = ${p.countyId}::uuid` : sql``}
				${asOfDay ? sql`and r.decided_on <= ${asOfDay}::date` : sql``}
			group by r.county_id
		) ro on ro.county_id = co.id
		where true ${p.countyId ? sql`and co.id = ${p.countyId}::uuid` : sql``}
		order by co.name`
	);
}

/**
 * The county figures of the quarterly report (active volunteers, new and ended pairings,
 * waiting clients), by the same definitions as the analysis; its contacts it counts from its
 * own extract.
 */
export function reportCountyFigures(db: Tx, p: FigureParams): Promise<CountyRow[]> {
	const endDay = p.period.to < p.today ? p.period.to : p.today;
	return countyFigures(db, p, endDay, { silent: false });
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
