import { addDays, isIsoDay } from './dates';
import { firstMeetingOn, type PairingDates } from './pairing';
import { addMonths } from './surveys';

/**
 * Pure rules of the papers around a pairing (issue 22, R-PAIR-2, R-PAIR-8): the good-will
 * agreement signed at the first meeting, and the months of a volunteer's paper diary that the
 * coordinator enters and then destroys. Days are `yyyy-mm-dd` (Europe/Tallinn).
 */

/** Months after the first meeting before a missing good-will agreement is late. */
export const GOODWILL_DUE_MONTHS = 1;

/**
 * Months after receipt by which a month's paper diary pages are to be destroyed: the next
 * month's pages arrive at the start of the following month (seeds: "iga uue kuu alguses"),
 * so the previous ones should be entered and gone by then.
 */
export const PAPER_DIARY_KEEP_MONTHS = 1;

/** The day by which the good-will agreement is due: one calendar month after the first meeting. */
export function goodwillDueOn(pairing: PairingDates): string | null {
	const first = firstMeetingOn(pairing);
	return first ? addMonths(first, GOODWILL_DUE_MONTHS) : null;
}

export type GoodwillState = 'uploaded' | 'not_yet' | 'due' | 'late';

/**
 * Where a pairing's good-will agreement stands: `uploaded` when a document of kind
 * `goodwill_agreement` is on the pairing; `not_yet` before any first meeting; `due` until one
 * month after the first meeting (on time on that day itself); `late` after it.
 */
export function goodwillState(
	pairing: PairingDates,
	uploaded: boolean,
	today: string
): GoodwillState {
	if (uploaded) return 'uploaded';
	const due = goodwillDueOn(pairing);
	if (!due) return 'not_yet';
	return today > due ? 'late' : 'due';
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function lastDayOf(year: number, month: number): number {
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * The latest start S with `addMonths(S, months) <= day`, for selecting in SQL with a plain
 * `<=` on a date column. Month-end clamping lets later starts land on `day` when `day` is the
 * last of its month (31 January + 1 month = 28 February), so those count too.
 */
export function monthsBackCutoff(day: string, months: number): string {
	if (!isIsoDay(day)) throw new Error(`not a day: ${day}`);
	const back = addMonths(day, -months);
	const [y, m] = back.split('-').map(Number) as [number, number];
	const [dy, dm, dd] = day.split('-').map(Number) as [number, number, number];
	if (dd === lastDayOf(dy, dm)) {
		return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(lastDayOf(y, m)).padStart(2, '0')}`;
	}
	return back;
}

/**
 * A pairing whose first meeting was on or before this day and has no good-will agreement is
 * late on `today` (equivalent to `goodwillState(…) === 'late'`; unit-tested day by day).
 */
export function goodwillLateCutoff(today: string): string {
	return monthsBackCutoff(addDays(today, -1), GOODWILL_DUE_MONTHS);
}

/** The day a month's paper diary pages are to be destroyed by. */
export function paperDiaryDestroyDueOn(receivedOn: string): string {
	return addMonths(receivedOn, PAPER_DIARY_KEEP_MONTHS);
}

/** `yyyy-mm` → the month's first day, or null for anything else. */
export function monthStart(month: string): string | null {
	const m = /^(\d{4})-(\d{2})$/.exec(month);
	if (!m) return null;
	const day = `${m[1]}-${m[2]}-01`;
	return isIsoDay(day) ? day : null;
}

/**
 * Checks a paper diary month as the coordinator records it (field → message key): the pages
 * came in on a day not in the future and not before the month began, and the month lies in
 * the pairing (from its start's month; before its end).
 */
export function paperDiaryMonthErrors(
	input: { month: string; receivedOn: string },
	pairing: { startsOn: string; endsOn: string | null },
	today: string
): Record<string, string> {
	const errors: Record<string, string> = {};
	if (input.receivedOn > today) errors.receivedOn = 'paper.error.received_in_future';
	if (input.receivedOn < input.month) errors.receivedOn = 'paper.error.received_before_month';
	if (input.month < pairing.startsOn.slice(0, 7) + '-01') {
		errors.month = 'paper.error.month_outside_pairing';
	} else if (pairing.endsOn !== null && input.month >= pairing.endsOn) {
		errors.month = 'paper.error.month_outside_pairing';
	}
	return errors;
}
