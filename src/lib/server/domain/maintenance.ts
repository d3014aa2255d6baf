import { tallinnLocal } from './periods';

/**
 * Upkeep of the embedded database. PGlite runs PostgreSQL as a single process with no
 * autovacuum: without it the planner never gets table statistics (it guesses every table's
 * row counts and picks plans for a small database forever) and rows left by updates and
 * deletes are never reclaimed. The app analyses the database at start-up and runs
 * `VACUUM (ANALYZE)` itself at night (infra/maintenance.ts). A PostgreSQL server does
 * this on its own.
 */

/** The Tallinn hour at which the nightly upkeep runs (the app is quietest then). */
export const UPKEEP_HOUR = 3;

const HOUR = 60 * 60 * 1000;

/**
 * Whether the upkeep is due at `now`, given when it last ran: in the night hour once at least
 * 20 hours have passed since, or at any hour after 48 hours (a server that sleeps at night).
 */
export function upkeepDue(lastRun: Date, now: Date): boolean {
	const since = now.getTime() - lastRun.getTime();
	if (since >= 48 * HOUR) return true;
	return since >= 20 * HOUR && Number(tallinnLocal(now).slice(11, 13)) === UPKEEP_HOUR;
}
