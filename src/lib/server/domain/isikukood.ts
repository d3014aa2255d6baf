/**
 * The Estonian personal identification code (isikukood), issue 3 and R-VOL-4: `GYYMMDDSSSC`.
 *
 * - G — century and sex: 1/2 born 1800–1899, 3/4 1900–1999, 5/6 2000–2099, 7/8 2100–2199;
 *   odd = male, even = female.
 * - YYMMDD — date of birth, a real calendar date.
 * - SSS — sequence number of those born on the same day.
 * - C — check digit: the first ten digits weighted 1 2 3 4 5 6 7 8 9 1, sum modulo 11; when
 *   that is 10, weighted again 3 4 5 6 7 8 9 1 2 3, modulo 11; when that is 10 too, 0.
 *
 * Pure: no I/O. Errors are i18n keys (src/lib/i18n/messages/isikukood.ts).
 */

export type IsikukoodError =
	'isikukood.format' | 'isikukood.century' | 'isikukood.date' | 'isikukood.checksum';

export type Sex = 'male' | 'female';

export type IsikukoodResult =
	{ ok: true; dateOfBirth: string; sex: Sex } | { ok: false; error: IsikukoodError };

const WEIGHTS_1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1] as const;
const WEIGHTS_2 = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3] as const;

/** First year of the century that each leading digit (1–8) stands for. */
const CENTURY_OF: Record<string, number> = {
	'1': 1800,
	'2': 1800,
	'3': 1900,
	'4': 1900,
	'5': 2000,
	'6': 2000,
	'7': 2100,
	'8': 2100
};

function weightedRemainder(digits: string, weights: readonly number[]): number {
	let sum = 0;
	for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * weights[i]!;
	return sum % 11;
}

/** The check digit (0–9) for the first ten digits of a code. Throws on anything but 10 digits. */
export function isikukoodCheckDigit(first10: string): number {
	if (!/^\d{10}$/.test(first10)) throw new Error('isikukoodCheckDigit needs exactly 10 digits');
	const first = weightedRemainder(first10, WEIGHTS_1);
	if (first < 10) return first;
	const second = weightedRemainder(first10, WEIGHTS_2);
	return second < 10 ? second : 0;
}

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isRealDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const days = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
	return day <= days;
}

/**
 * Validates a code and derives the date of birth (`yyyy-mm-dd`) and sex. Surrounding and inner
 * spaces are ignored (people type "376 050 30299"). Checks, in order: eleven digits, the
 * century digit, the calendar date, the check digit — the first failure is reported.
 */
export function validateIsikukood(code: string): IsikukoodResult {
	const digits = code.replace(/\s+/g, '');
	if (!/^\d{11}$/.test(digits)) return { ok: false, error: 'isikukood.format' };
	const g = digits[0]!;
	const centuryStart = CENTURY_OF[g];
	if (centuryStart === undefined) return { ok: false, error: 'isikukood.century' };
	const year = centuryStart + Number(digits.slice(1, 3));
	const month = Number(digits.slice(3, 5));
	const day = Number(digits.slice(5, 7));
	if (!isRealDate(year, month, day)) return { ok: false, error: 'isikukood.date' };
	if (isikukoodCheckDigit(digits.slice(0, 10)) !== Number(digits[10])) {
		return { ok: false, error: 'isikukood.checksum' };
	}
	const dateOfBirth = `${String(year).padStart(4, '0')}-${digits.slice(3, 5)}-${digits.slice(5, 7)}`;
	return { ok: true, dateOfBirth, sex: Number(g) % 2 === 1 ? 'male' : 'female' };
}

/**
 * Builds a valid code from its parts (demo data, tests): date `yyyy-mm-dd` in 1800–2199,
 * sex and a sequence number 0–999. Throws when the parts cannot make a valid code.
 */
export function buildIsikukood(dateOfBirth: string, sex: Sex, sequence: number): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
	if (!m) throw new Error('date of birth must be yyyy-mm-dd');
	const year = Number(m[1]);
	if (year < 1800 || year > 2199 || !isRealDate(year, Number(m[2]), Number(m[3]))) {
		throw new Error('date of birth out of range');
	}
	if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
		throw new Error('sequence must be 0–999');
	}
	const g = (Math.floor((year - 1800) / 100) * 2 + (sex === 'male' ? 1 : 2)).toString();
	const first10 = `${g}${m[1]!.slice(2)}${m[2]}${m[3]}${String(sequence).padStart(3, '0')}`;
	return first10 + String(isikukoodCheckDigit(first10));
}
