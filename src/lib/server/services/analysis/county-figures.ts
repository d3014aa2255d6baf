import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { createdBy, pairingEnd, rows, tallinnDate, type FigureParams } from './figure-sources';

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
export async function countyFigures(
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
