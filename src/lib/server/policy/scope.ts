import { and, eq, exists, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { clients, pairings, volunteers } from '../db/schema';
import { PAIRING_ACCESS_STATUSES } from '../domain/statuses';
import type { Actor } from './actor';
import { rulesOf, type Action } from './policy';

/**
 * Scope the query, not the result: the WHERE clause that limits a list, search, export or
 * report to the records `actor` may reach with `action`. Built from the same permission table
 * as `can`, so a list never shows a row that `can` would refuse.
 */

/** Rows of the client table the actor reaches through an active pairing on `today`. */
export function activePairingOfVolunteer(volunteerId: string, today: string) {
	return and(
		eq(pairings.volunteerId, volunteerId),
		inArray(pairings.status, [...PAIRING_ACCESS_STATUSES]),
		lte(pairings.startsOn, today),
		or(isNull(pairings.endsOn), gt(pairings.endsOn, today))
	);
}

const NOTHING = sql`false`;
const EVERYTHING = sql`true`;

export function clientScope(actor: Actor | null, action: Action, today: string, db: ScopeDb): SQL {
	if (!actor) return NOTHING;
	const rules: readonly string[] = rulesOf(action);
	if ((rules.includes('admin') && actor.isAdmin) || (rules.includes('expert') && actor.isExpert)) {
		return EVERYTHING;
	}
	const parts: SQL[] = [];
	if (rules.includes('coordinator') && actor.coordinatorCountyIds.length > 0) {
		parts.push(inArray(clients.countyId, [...actor.coordinatorCountyIds]));
	}
	if (rules.includes('paired') && actor.volunteerId) {
		parts.push(
			exists(
				db
					.select({ one: sql`1` })
					.from(pairings)
					.where(
						and(
							eq(pairings.clientId, clients.id),
							activePairingOfVolunteer(actor.volunteerId, today)
						)
					)
			)
		);
	}
	return parts.length === 0 ? NOTHING : (or(...parts) ?? NOTHING);
}

export function volunteerScope(actor: Actor | null, action: Action): SQL {
	if (!actor) return NOTHING;
	const rules: readonly string[] = rulesOf(action);
	if ((rules.includes('admin') && actor.isAdmin) || (rules.includes('expert') && actor.isExpert)) {
		return EVERYTHING;
	}
	const parts: SQL[] = [];
	if (rules.includes('coordinator') && actor.coordinatorCountyIds.length > 0) {
		parts.push(inArray(volunteers.countyId, [...actor.coordinatorCountyIds]));
	}
	if (rules.includes('self') && actor.volunteerId) {
		parts.push(eq(volunteers.id, actor.volunteerId));
	}
	return parts.length === 0 ? NOTHING : (or(...parts) ?? NOTHING);
}

/** Counties whose county-wide records (audit log, analysis) the actor reaches; null = all. */
export function countyScope(actor: Actor | null, action: Action): readonly string[] | null {
	if (!actor) return [];
	const rules: readonly string[] = rulesOf(action);
	if ((rules.includes('admin') && actor.isAdmin) || (rules.includes('expert') && actor.isExpert)) {
		return null;
	}
	return rules.includes('coordinator') ? actor.coordinatorCountyIds : [];
}

// The subquery builder only needs `select`; typed loosely to accept a transaction too.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ScopeDb = { select: (...args: any[]) => any };
