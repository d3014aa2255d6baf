import { addDays, isIsoDay } from './dates';

/**
 * Pure rules of the coordinator's attention list ("what needs me today"), written as cut-off
 * days so that the list can be selected in SQL with plain comparisons on indexed date columns.
 */

/** Default of the setting `attention.no_contact_days`. */
export const DEFAULT_NO_CONTACT_DAYS = 21;

/**
 * A paper original due on "the 3rd of the month after signing" (R-VOL-7, R-PAIR-2) and not yet
 * received is late on `today` exactly when it was signed before the day this returns: the first
 * of the month that `today − 3 days` falls in. Equivalent to
 * `paperOriginalState(signedOn, null, today) === 'late'` (domain/deadlines.ts; unit-tested).
 */
export function paperLateIfBefore(today: string): string {
	if (!isIsoDay(today)) throw new Error(`not a day: ${today}`);
	return `${addDays(today, -3).slice(0, 7)}-01`;
}

/**
 * A pairing has had no contact for more than `days` days when its last contact (or, with none,
 * its start) lies before the day this returns.
 */
export function noContactBefore(today: string, days: number): string {
	if (!isIsoDay(today)) throw new Error(`not a day: ${today}`);
	if (!Number.isInteger(days) || days < 1) throw new Error('days must be a positive integer');
	return addDays(today, -days);
}
