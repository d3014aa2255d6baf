import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { splitAtWholeMonths, type Period } from '../../domain/periods';
import { CONTACT_KINDS, HELP_PROFILES } from '../../domain/vocabulary';
import { entriesSource, rows, type FigureParams } from './figure-sources';
import type { CountFigures } from './analysis-figures';

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
export async function contactFigures(db: Tx, p: FigureParams) {
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
