import { isIsoDay } from './dates';
import { validateIsikukood } from './isikukood';

/**
 * Pure rules of the client's rights (R-PAIR-4 extract, R-PAIR-5 anonymisation).
 */

/** What replaces erased free text in a column that may not be empty (diary descriptions, trips). */
export const ERASED_TEXT = '—';

/** Full years between a date of birth and `today` (both `yyyy-mm-dd`). */
export function ageInYears(dateOfBirth: string, today: string): number {
	if (!isIsoDay(dateOfBirth) || !isIsoDay(today)) throw new Error('ageInYears needs two days');
	const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
	const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
	const hadBirthday = tm > bm || (tm === bm && td >= bd);
	return ty - by - (hadBirthday ? 0 : 1);
}

/**
 * Age groups kept after anonymisation. Ten-year bands from 25 add up to the ESF participant
 * groups (under 25, 25–54, 55–64, 65 and over) and to the finer groups of the analysis.
 */
export const AGE_GROUPS = [
	'0-17',
	'18-24',
	'25-34',
	'35-44',
	'45-54',
	'55-64',
	'65-74',
	'75-84',
	'85+'
] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export function ageGroupOf(age: number): AgeGroup {
	if (age < 18) return '0-17';
	if (age < 25) return '18-24';
	if (age >= 85) return '85+';
	const low = Math.floor((age - 5) / 10) * 10 + 5;
	return `${low}-${low + 9}` as AgeGroup;
}

/**
 * The age group of a client on `today`, from the date of birth or else from the isikukood
 * (which holds it); null when neither is known.
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
	return ageGroupOf(ageInYears(born, today));
}
