import { isIsoDay } from './dates';
import { validateIsikukood } from './isikukood';
import { ageGroup, type AgeGroup } from './periods';

/**
 * Pure rules of the client's rights (R-PAIR-4 extract, R-PAIR-5 anonymisation).
 */

/** What replaces erased free text in a column that may not be empty (diary descriptions, trips). */
export const ERASED_TEXT = '—';

export type { AgeGroup };

/**
 * The age group of a client on `today` — the ESF groups of domain/periods.ts (R-REP-2), so an
 * anonymised client counts in the same group as everyone else — from the date of birth or
 * else from the isikukood (which holds it); null when neither is known or the date is later
 * than `today`.
 */
export function clientAgeGroup(
	person: { dateOfBirth: string | null; isikukood: string | null },
	today: string
): AgeGroup | null {
	let born = person.dateOfBirth;
	if (!born && person.isikukood) {
		const parsed = validateIsikukood(person.isikukood);
		if (parsed.ok) born = parsed.dateOfBirth;
	}
	if (!born || !isIsoDay(born) || born > today) return null;
	return ageGroup(born, today);
}
