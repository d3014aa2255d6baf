import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import type { Period } from '../../domain/periods';

/**
 * What the analysis figures (analysis-figures.ts) read: their parameters, the period's diary
 * entries, and the conditions that bound every other read by a cut-off.
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

/** The rows of a raw SQL query. */
export async function rows<T>(db: Tx, query: SQL): Promise<T[]> {
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
export function createdBy(alias: string, p: FigureParams, column = 'created_at'): SQL {
	return p.asOf
		? sql`and ${sql.raw(`${alias}.${column}`)} <= ${p.asOf.toISOString()}::timestamptz`
		: sql``;
}

/**
 * A pairing's end as known at the cut-off: an end on or before the cut-off day counts; a later
 * (planned) end does not, so the pairing was still running then.
 */
export function pairingEnd(p: FigureParams): SQL {
	return p.asOf
		? sql`(case when pr.ends_on <= ${tallinnDate(p.asOf)}::date then pr.ends_on end)`
		: sql`pr.ends_on`;
}

/** The Tallinn calendar day (yyyy-mm-dd) of an instant. */
export function tallinnDate(instant: Date): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Tallinn',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(instant);
}
