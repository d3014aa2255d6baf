import type { Gender } from './vocabulary';
import { validateIsikukood } from './isikukood';

/**
 * Pure rules of mapping clients (issue 3, R-MAP-2, R-MAP-4): the identity fields and the
 * isikukood, "general or personal", consent, age group and waiting time. No I/O; errors are
 * i18n keys (messages/isikukood.ts, messages/mapping.ts).
 */

export interface IdentityInput {
	isikukood: string | null;
	dateOfBirth: string | null;
	gender: Gender | null;
}

export type IdentityResult =
	| { ok: true; identity: IdentityInput; prefilled: ('dateOfBirth' | 'gender')[] }
	| { ok: false; errors: Partial<Record<keyof IdentityInput, string>> };

/**
 * Checks the isikukood and makes the three identity fields agree:
 * - the code is validated (format, century, date, check digit) and stored without spaces;
 * - an empty date of birth or gender is filled in from the code (`prefilled` names them);
 * - a date of birth or gender that was given and differs from the code is an error on that
 *   field — the coordinator decides which one is right;
 * - a code, or a date of birth, after `today` is refused (nobody is born in the future).
 */
export function reconcileIdentity(input: IdentityInput, today: string): IdentityResult {
	const errors: Partial<Record<keyof IdentityInput, string>> = {};
	const prefilled: ('dateOfBirth' | 'gender')[] = [];
	let { dateOfBirth, gender } = input;
	let isikukood: string | null = null;
	if (input.isikukood !== null && input.isikukood.trim() !== '') {
		const checked = validateIsikukood(input.isikukood);
		if (!checked.ok) {
			errors.isikukood = checked.error;
		} else if (checked.dateOfBirth > today) {
			errors.isikukood = 'mapping.isikukood_future';
		} else {
			isikukood = input.isikukood.replace(/\s+/g, '');
			if (dateOfBirth === null) {
				dateOfBirth = checked.dateOfBirth;
				prefilled.push('dateOfBirth');
			} else if (dateOfBirth !== checked.dateOfBirth) {
				errors.dateOfBirth = 'mapping.dob_mismatch';
			}
			if (gender === null) {
				gender = checked.sex;
				prefilled.push('gender');
			} else if (gender !== checked.sex) {
				errors.gender = 'mapping.gender_mismatch';
			}
		}
	}
	if (dateOfBirth !== null && dateOfBirth > today && !errors.dateOfBirth) {
		errors.dateOfBirth = 'mapping.dob_future';
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return { ok: true, identity: { isikukood, dateOfBirth, gender }, prefilled };
}

/** Full years of age on `today` (both yyyy-mm-dd). */
export function ageOn(dateOfBirth: string, today: string): number {
	const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
	const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
	const before = tm < bm || (tm === bm && td < bd);
	return ty - by - (before ? 1 : 0);
}

/**
 * Age groups shown instead of the date of birth where the identifiers are hidden (a volunteer,
 * an expert), and kept for statistics after anonymisation (R-PAIR-5).
 */
export const AGE_GROUPS = ['under_65', '65_74', '75_84', '85_plus'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export function ageGroup(dateOfBirth: string | null, today: string): AgeGroup | null {
	if (!dateOfBirth) return null;
	const age = ageOn(dateOfBirth, today);
	if (age < 65) return 'under_65';
	if (age < 75) return '65_74';
	if (age < 85) return '75_84';
	return '85_plus';
}

/** Whole days from `since` to `today` (0 on the same day); null when not waiting. */
export function daysBetween(since: string | null, today: string): number | null {
	if (!since) return null;
	const utc = (day: string) => {
		const [y, m, d] = day.split('-').map(Number) as [number, number, number];
		return Date.UTC(y, m - 1, d);
	};
	return Math.round((utc(today) - utc(since)) / 86_400_000);
}

/**
 * The fields that identify a person. A mapping entry with none of them is "general" (R-MAP-2):
 * it says what kind of help is needed where, not who needs it.
 */
export const IDENTIFYING_FIELDS = [
	'firstName',
	'lastName',
	'isikukood',
	'dateOfBirth',
	'phone',
	'street',
	'contactPersonName',
	'contactPersonPhone'
] as const;

export type IdentifyingFields = Record<(typeof IDENTIFYING_FIELDS)[number], string | null>;

export function isPersonal(row: IdentifyingFields): boolean {
	return IDENTIFYING_FIELDS.some((f) => row[f] !== null && row[f]!.trim() !== '');
}

/**
 * "Consent missing" (R-MAP-2, R-PAIR-2, R-REP-3): a personal entry needs both the date the
 * consent to data processing was given and the signed consent document. A date alone is not
 * enough — the signed document is what is sent to the ministry with the quarterly report
 * (R-REP-3). A general entry holds no personal data and needs no consent; an anonymised client
 * has none left.
 */
export function consentMissing(c: {
	personal: boolean;
	status: string;
	consentGivenOn: string | null;
	hasConsentDocument: boolean;
}): boolean {
	if (!c.personal || c.status === 'anonymised') return false;
	return c.consentGivenOn === null || !c.hasConsentDocument;
}
