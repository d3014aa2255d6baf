/**
 * What a person can have typed (issue 17, item 3): pure rules for names, whole numbers and
 * birth dates, used by the services' zod schemas.
 */

/** Zero-width characters: invisible, they make two equal-looking names differ. */
const ZERO_WIDTH = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x180e]);
/** Bidirectional marks, embeddings, overrides and isolates: they reorder what is shown. */
const isBidi = (c: number) =>
	c === 0x061c ||
	c === 0x200e ||
	c === 0x200f ||
	(c >= 0x202a && c <= 0x202e) ||
	(c >= 0x2066 && c <= 0x2069);
const isEdgeInvisible = (ch: string) => /\s/u.test(ch) || ZERO_WIDTH.has(ch.codePointAt(0)!);

/**
 * A name as stored and compared: Unicode NFC (a `u` + combining diaeresis is `ü`), with
 * spaces and zero-width characters trimmed from both ends.
 */
export function normaliseName(value: string): string {
	const chars = [...value.normalize('NFC')];
	let start = 0;
	let end = chars.length;
	while (start < end && isEdgeInvisible(chars[start]!)) start++;
	while (end > start && isEdgeInvisible(chars[end - 1]!)) end--;
	return chars.slice(start, end).join('');
}

/** Does the (normalised) name still hold an invisible or direction-changing character? */
export function hasHiddenCharacters(value: string): boolean {
	for (const ch of value) {
		const c = ch.codePointAt(0)!;
		if (ZERO_WIDTH.has(c) || isBidi(c)) return true;
	}
	return false;
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
