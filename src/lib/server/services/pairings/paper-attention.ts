import { and, asc, eq, inArray, isNull, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { clients, paperDiaryMonths, pairings, volunteers } from '../../db/schema';
import type { Database } from '../../db/client';
import { goodwillDueOn, goodwillLateCutoff } from '../../domain/paper';

const inCounties = (col: AnyPgColumn, list: readonly string[] | null): SQL | undefined =>
	list === null ? undefined : inArray(col, [...list]);

const total = sql<number>`(count(*) over ())::int`;

function withTotal<T extends { total: number }>(rows: T[]) {
	return { total: rows[0]?.total ?? 0, rows: rows.map(({ total: _t, ...r }) => r) };
}

/**
 * The papers of the coordinator's attention list (issue 22), for the counties `list` (null =
 * all), each one set-based query with its total:
 *
 * - good-will agreements missing one month after the pairing's first meeting (R-PAIR-2): an
 *   open pairing (introduced, active, paused) without a document of kind `goodwill_agreement`
 *   on it, whose first meeting (domain/pairing.ts `firstMeetingOn`) is on or before
 *   `goodwillLateCutoff(today)`;
 * - paper diary months not destroyed by their due day (R-PAIR-8: one month after receipt).
 */
export async function paperAttention(
	db: Database,
	list: readonly string[] | null,
	day: string,
	limit: number
) {
	const PAIRING_ID = sql.raw('"pairing"."id"');
	const firstMeeting = sql<string>`coalesce(${pairings.introducedOn}, ${pairings.startsOn})`;
	const goodwillQuery = db
		.select({
			pairingId: pairings.id,
			clientId: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName,
			status: pairings.status,
			startsOn: pairings.startsOn,
			introducedOn: pairings.introducedOn,
			total
		})
		.from(pairings)
		.innerJoin(clients, eq(clients.id, pairings.clientId))
		.innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
		.where(
			and(
				inArray(pairings.status, ['introduced', 'active', 'paused']),
				ne(clients.status, 'anonymised'),
				inCounties(clients.countyId, list),
				lte(firstMeeting, goodwillLateCutoff(day)),
				sql`not exists (select 1 from document gd where gd.pairing_id = ${PAIRING_ID}
					and gd.kind = 'goodwill_agreement')`
			)
		)
		.orderBy(asc(firstMeeting), asc(pairings.id))
		.limit(limit);

	const paperDiariesQuery = db
		.select({
			paperDiaryMonthId: paperDiaryMonths.id,
			pairingId: pairings.id,
			clientId: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName,
			month: paperDiaryMonths.month,
			pages: paperDiaryMonths.pages,
			enteredOn: paperDiaryMonths.enteredOn,
			destroyDueOn: paperDiaryMonths.destroyDueOn,
			total
		})
		.from(paperDiaryMonths)
		.innerJoin(pairings, eq(pairings.id, paperDiaryMonths.pairingId))
		.innerJoin(clients, eq(clients.id, pairings.clientId))
		.innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
		.where(
			and(
				isNull(paperDiaryMonths.destroyedOn),
				lte(paperDiaryMonths.destroyDueOn, day),
				inCounties(clients.countyId, list)
			)
		)
		.orderBy(asc(paperDiaryMonths.destroyDueOn), asc(paperDiaryMonths.id))
		.limit(limit);

	const [goodwill, paperDiaries] = await Promise.all([goodwillQuery, paperDiariesQuery]);
	return {
		goodwill: withTotal(
			goodwill.map(({ status, startsOn, introducedOn, ...r }) => ({
				...r,
				dueOn: goodwillDueOn({ status, startsOn, introducedOn, endsOn: null })!
			}))
		),
		paperDiaries: withTotal(paperDiaries.map((r) => ({ ...r, month: r.month.slice(0, 7) })))
	};
}

export type PaperAttention = Awaited<ReturnType<typeof paperAttention>>;
