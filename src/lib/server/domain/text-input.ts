/**
 * What a person can have typed (issue 17, item 3): pure rules for names, whole numbers and
 * birth dates, used by the services' zod schemas.
 */

/** Zero-width characters: invisible, they make two equal-looking names differ. */
const ZERO_WIDTH = '\u200B\u200C\u200D\u2060\uFEFF\u00AD\u180E';
/** Bidirectional embeddings, overrides and isolates: they reorder what is shown. */
const BIDI = '\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069';
const EDGE_INVISIBLE = new RegExp(`^[\\s${ZERO_WIDTH}]+|[\\s${ZERO_WIDTH}]+$`, 'gu');
const INVISIBLE_OR_BIDI = new RegExp(`[${ZERO_WIDTH}${BIDI}]`, 'u');

/**
 * A name as stored and compared: Unicode NFC (a `u` + combining diaeresis is `ü`), with
 * spaces and zero-width characters trimmed from both ends.
 */
export function normaliseName(value: string): string {
	return value.normalize('NFC').replace(EDGE_INVISIBLE, '');
}

/** Does the (normalised) name still hold an invisible or direction-changing character? */
export function hasHiddenCharacters(value: string): boolean {
	return INVISIBLE_OR_BIDI.test(value);
}

/**
 * A whole number as a person types it: decimal digits only (no `1e2`, `0x1E`, `Infinity`,
 * sign or spaces inside). Returns the number, or null when the text is not one.
 */
export function parseWholeNumber(value: string, maxDigits = 9): number | null {
	const text = value.trim();
	if (!new RegExp(`^[0-9]{1,${maxDigits}}$`).test(text)) return null;
	return Number(text);
}

export const EARLIEST_BIRTH_DATE = '1900-01-01';

/** Why a birth date cannot be true (an i18n key), or null: from 1900 up to today. */
export function birthDateProblem(day: string, today: string): string | null {
	if (day < EARLIEST_BIRTH_DATE) return 'error.birth_date_too_early';
	if (day > today) return 'error.birth_date_future';
	return null;
}
