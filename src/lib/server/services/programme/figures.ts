import { and, asc, eq, inArray, lte, max, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { counties, partnerMeetings, volunteers } from '../../db/schema';
import type { Database } from '../../db/client';
import { canAnywhere } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import {
	ATTENDED_RECENTLY_MONTHS,
	monthsBefore,
	partnerMeetingDueOn,
	SUPPORT_CONTACT_MONTHS,
	supportQuietBefore
} from '../../domain/programme';
import { recordAudit } from '../core/audit';
import { authorize } from '../core/access';
import { today, type ServiceContext } from '../core/context';

const inCounties = (col: AnyPgColumn, list: readonly string[] | null): SQL | undefined =>
	list === null ? undefined : inArray(col, [...list]);

const total = sql<number>`(count(*) over ())::int`;

/**
 * The programme's items of the coordinator's attention list (issue 22), for the counties
 * `list` (null = all): active volunteers with no support contact for N months (R-VOL-9), and
 * counties whose next partner meeting is due (a quarter since the last, R-PART-1).
 */
export async function programmeAttention(
	db: Database,
	list: readonly string[] | null,
	day: string,
	limit: number
) {
	const quietBefore = supportQuietBefore(day);
	const lastSupport = sql<
		string | null
	>`(select max(s.happened_on)::text from volunteer_support_entry s
		where s.volunteer_id = ${sql.raw('"volunteer"."id"')})`;
	const quiet = await db
		.select({
			volunteerId: volunteers.id,
			firstName: volunteers.firstName,
			lastName: volunteers.lastName,
			startedOn: volunteers.startedOn,
			lastSupportOn: lastSupport,
			total
		})
		.from(volunteers)
		.where(
			and(
				eq(volunteers.status, 'active'),
				inCounties(volunteers.countyId, list),
				sql`coalesce(${volunteers.startedOn}, ${volunteers.createdAt}::date) < ${quietBefore}`,
				sql`not exists (select 1 from volunteer_support_entry s where s.volunteer_id = ${sql.raw('"volunteer"."id"')}
					and s.happened_on >= ${quietBefore})`
			)
		)
		.orderBy(sql`${lastSupport} asc nulls first`, asc(volunteers.lastName), asc(volunteers.id))
		.limit(limit);
	const meetingCounties = await db
		.select({
			countyId: counties.id,
			countyName: counties.name,
			lastHeldOn: max(partnerMeetings.heldOn)
		})
		.from(counties)
		.leftJoin(
			partnerMeetings,
			and(eq(partnerMeetings.countyId, counties.id), lte(partnerMeetings.heldOn, day))
		)
		.where(inCounties(counties.id, list))
		.groupBy(counties.id)
		.orderBy(asc(counties.name));
	const due = meetingCounties
		.map((c) => ({ ...c, dueOn: partnerMeetingDueOn(c.lastHeldOn, day) }))
		.filter((c) => c.dueOn <= day);
	return {
		supportQuiet: {
			total: quiet[0]?.total ?? 0,
			rows: quiet.map(({ total: _t, ...r }) => r)
		},
		partnerMeetingsDue: { total: due.length, rows: due.slice(0, limit) },
		supportMonths: SUPPORT_CONTACT_MONTHS
	};
}

export type ProgrammeAttention = Awaited<ReturnType<typeof programmeAttention>>;

/** First day of the quarter `back` quarters before the one `day` is in. */
function quarterStart(day: string, back: number): string {
	const [y, m] = day.split('-').map(Number) as [number, number];
	const index = y * 4 + Math.floor((m - 1) / 3) - back;
	const year = Math.floor(index / 4);
	const q = index - year * 4;
	return `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
}

/**
 * Analysis figures of the programme (R-VOL-8): per county and quarter of the last two years the
 * events held (not cancelled) and the attendances; per county the share of active volunteers who
 * attended anything in the last six months. Counts only — experts read them too. Audited as
 * `analysis.view` (view: programme).
 */
export async function programmeFigures(ctx: ServiceContext) {
	if (!canAnywhere(ctx.actor, 'analysis:read')) {
		await authorize(ctx, 'analysis:read', { kind: 'system' }, { action: 'analysis.view' });
	}
	const scope = countyScope(ctx.actor, 'analysis:read');
	const day = today(ctx);
	const from = quarterStart(day, 7);
	const countyFilter =
		scope === null
			? sql`true`
			: sql`e.county_id in (${sql.join(
					scope.map((c) => sql`${c}::uuid`),
					sql`, `
				)})`;
	const quarterRows = (await ctx.db.execute(sql`
		select c.name as county_name,
			to_char(e.held_on, 'YYYY') || '-Q' || to_char(e.held_on, 'Q') as quarter,
			count(distinct e.id)::int as events,
			(count(distinct e.id) filter (where e.kind in ('base_training', 'further_training')))::int as trainings,
			(count(p.id) filter (where p.attended))::int as attendances,
			(count(distinct p.volunteer_id) filter (where p.attended))::int as volunteers
		from programme_event e
		left join county c on c.id = e.county_id
		left join programme_event_participant p on p.event_id = e.id
		where e.cancelled_at is null and e.held_on >= ${from} and e.held_on <= ${day}
			and ${countyFilter}
		group by c.name, quarter
		order by quarter desc, c.name nulls first`)) as unknown as {
		rows: {
			county_name: string | null;
			quarter: string;
			events: number;
			trainings: number;
			attendances: number;
			volunteers: number;
		}[];
	};
	const since = monthsBefore(day, ATTENDED_RECENTLY_MONTHS);
	const recent = sql<number>`(count(*) filter (where exists (
		select 1 from programme_event_participant p join programme_event e on e.id = p.event_id
		where p.volunteer_id = ${sql.raw('"volunteer"."id"')} and p.attended and e.cancelled_at is null
			and e.held_on >= ${since} and e.held_on <= ${day})))::int`;
	const shares = await ctx.db
		.select({
			countyName: counties.name,
			active: sql<number>`count(*)::int`,
			attended: recent
		})
		.from(volunteers)
		.innerJoin(counties, eq(counties.id, volunteers.countyId))
		.where(and(eq(volunteers.status, 'active'), inCounties(volunteers.countyId, scope)))
		.groupBy(counties.name)
		.orderBy(asc(counties.name));
	const all = shares.reduce(
		(acc, r) => ({ active: acc.active + r.active, attended: acc.attended + r.attended }),
		{ active: 0, attended: 0 }
	);
	await recordAudit(ctx.db, ctx, {
		action: 'analysis.view',
		entityType: 'system',
		details: { view: 'programme', counties: scope === null ? 'all' : scope.length }
	});
	const rows = quarterRows.rows;
	return {
		quarters: rows.map((r) => ({
			countyName: r.county_name,
			quarter: r.quarter,
			events: Number(r.events),
			trainings: Number(r.trainings),
			attendances: Number(r.attendances),
			volunteers: Number(r.volunteers)
		})),
		shares: shares.map((r) => ({
			...r,
			percent: r.active ? Math.round((100 * r.attended) / r.active) : null
		})),
		overall: { ...all, percent: all.active ? Math.round((100 * all.attended) / all.active) : null },
		since,
		from,
		months: ATTENDED_RECENTLY_MONTHS,
		today: day
	};
}

export type ProgrammeFigures = Awaited<ReturnType<typeof programmeFigures>>;
