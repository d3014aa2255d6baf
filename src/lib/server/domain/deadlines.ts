import { isIsoDay } from './dates';

/**
 * Paper deadlines of the service, as calendar days (yyyy-mm-dd, Europe/Tallinn).
 * - R-VOL-7: a hand-signed volunteer contract reaches the office by the 3rd of the month
 *   after it was signed.
 * - R-PAIR-2: the client's signed consent reaches the coordinator by the 3rd of the month
 *   after the first meeting.
 * Both are "the 3rd day of the following month"; a paper handed in on that day is on time.
 */
export function thirdOfFollowingMonth(day: string): string {
	if (!isIsoDay(day)) throw new Error(`not a day: ${day}`);
	const [y, m] = day.split('-').map(Number) as [number, number];
	const year = m === 12 ? y + 1 : y;
	const month = m === 12 ? 1 : m + 1;
	return `${year}-${String(month).padStart(2, '0')}-03`;
}

export type PaperState = 'received' | 'due' | 'late';

/** Where a paper original stands on `today`: received, still due, or late. */
export function paperOriginalState(
	signedOn: string,
	receivedOn: string | null,
	today: string
): PaperState {
	if (receivedOn) return 'received';
	return today > thirdOfFollowingMonth(signedOn) ? 'late' : 'due';
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	const a = Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10));
	const b = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10));
	return Math.round((b - a) / 86_400_000);
}
