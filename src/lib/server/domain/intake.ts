import { addMonths } from './surveys';

/**
 * Pure rules of the intake inbox (issue 22, R-MAP-3): first information about a possible
 * client that arrives on paper or by e-mail before a client record exists. No I/O.
 */

/** How the first information arrived (labels in messages: `intake.source.<source>`). */
export const INTAKE_SOURCES = ['paper', 'email', 'phone', 'other'] as const;
export type IntakeSource = (typeof INTAKE_SOURCES)[number];

/**
 * How long an intake item may wait unused (not attached to a client) before it is due for
 * destruction: three calendar months after it was received. The same period as a paper survey
 * original (R-PAIR-6: destroyed three months after it was entered); mapping data that is never
 * used must not be kept (R-MAP-5), and a lead that has not become a client in a quarter is not
 * going to. Shown on the attention list from that day on; destroying stays the coordinator's act.
 */
export const INTAKE_RETENTION_MONTHS = 3;

/** The day an unused intake item received on `receivedOn` is due for destruction. */
export function intakeDestroyDueOn(receivedOn: string): string {
	return addMonths(receivedOn, INTAKE_RETENTION_MONTHS);
}

/** Whether an unused item received on `receivedOn` is due for destruction on `today`. */
export function intakeDueForDestruction(receivedOn: string, today: string): boolean {
	return intakeDestroyDueOn(receivedOn) <= today;
}

/**
 * The latest receiving day that is due on `today` (for SQL: `received_on <= cutoff`): the day
 * whose due day is today or earlier. Months are clamped, so walk back from today's day.
 */
export function intakeDueCutoff(today: string): string {
	let day = addMonths(today, -INTAKE_RETENTION_MONTHS);
	// 31 May − 3 months = 28 Feb, but 29/30/31 Feb do not exist: any day up to the month's end
	// whose due day clamps to today or earlier counts too.
	for (;;) {
		const next = nextDay(day);
		if (next > today || intakeDestroyDueOn(next) > today) return day;
		day = next;
	}
}

function nextDay(day: string): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}
