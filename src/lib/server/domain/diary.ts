import { CONTACT_KINDS, HELP_PROFILES } from './vocabulary';

/**
 * Rules of the client diary (klienditoimik, R-PAIR-3, R-PAIR-8), pure.
 */

/** A meeting lasts at least a minute and at most 12 hours (a day-long escort to a hospital). */
export const DIARY_MIN_MINUTES = 1;
export const DIARY_MAX_MINUTES = 720;
export const DIARY_DESCRIPTION_MAX = 4000;
export const DIARY_FLAG_NOTE_MAX = 2000;

export { CONTACT_KINDS, HELP_PROFILES };

/** The pairing a visit belongs to: [startsOn, endsOn), calendar days. */
export interface DiaryWindow {
	startsOn: string;
	endsOn: string | null;
}

/**
 * The date of a visit: not in the future, not before the pairing started, not on or after the
 * day it ended (the end day is exclusive). Returns an i18n key, or null when the date is right.
 * Without a pairing (the coordinator's own contact) only the first rule applies.
 */
export function contactDateError(
	contactDate: string,
	today: string,
	window: DiaryWindow | null
): string | null {
	if (contactDate > today) return 'diary.date_in_future';
	if (window) {
		if (contactDate < window.startsOn) return 'diary.date_before_pairing';
		if (window.endsOn !== null && contactDate >= window.endsOn) return 'diary.date_after_pairing';
	}
	return null;
}

/** Whole minutes within the bounds. */
export function durationIsValid(minutes: number): boolean {
	return Number.isInteger(minutes) && minutes >= DIARY_MIN_MINUTES && minutes <= DIARY_MAX_MINUTES;
}

/**
 * Optimistic concurrency: a change names the version it was made from. A different stored
 * version means someone else saved in between — a conflict, never a silent overwrite.
 */
export function isStale(expectedVersion: number, storedVersion: number): boolean {
	return expectedVersion !== storedVersion;
}

/** The fields of an entry that a change compares and a version keeps. */
export interface DiaryContent {
	contactDate: string;
	contactKind: string;
	helpProfiles: readonly string[];
	durationMinutes: number;
	description: string;
	flagged: boolean;
	flagNote: string | null;
}

/** Names of the fields that differ (for the audit log: names, never values). */
export function changedDiaryFields(before: DiaryContent, after: DiaryContent): string[] {
	const out: string[] = [];
	if (before.contactDate !== after.contactDate) out.push('contactDate');
	if (before.contactKind !== after.contactKind) out.push('contactKind');
	if ([...before.helpProfiles].sort().join() !== [...after.helpProfiles].sort().join())
		out.push('helpProfiles');
	if (before.durationMinutes !== after.durationMinutes) out.push('durationMinutes');
	if (before.description !== after.description) out.push('description');
	if (before.flagged !== after.flagged) out.push('flagged');
	if ((before.flagNote ?? '') !== (after.flagNote ?? '')) out.push('flagNote');
	return out;
}

/** The form fields a draft keeps (nothing else from a request is stored). */
export const DRAFT_FIELDS = [
	'contactDate',
	'contactKind',
	'helpProfiles',
	'durationMinutes',
	'description',
	'flagged',
	'flagNote',
	'pairingId',
	/** The version an edit was made from: a restored draft still meets the conflict check. */
	'version'
] as const;

/** A draft older than this is dropped rather than restored. */
export const DRAFT_MAX_AGE_DAYS = 30;

/**
 * Keeps only the known fields of a posted form, as strings (lists for help profiles), each
 * cut to a sane length. Returns null when nothing worth keeping was typed.
 */
export function draftFields(input: unknown): Record<string, string | string[]> | null {
	if (!input || typeof input !== 'object') return null;
	const raw = input as Record<string, unknown>;
	const out: Record<string, string | string[]> = {};
	for (const key of DRAFT_FIELDS) {
		const v = raw[key] ?? raw[`${key}[]`];
		if (Array.isArray(v)) {
			const list = v.filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, 20));
			if (list.length > 0) out[key] = list.slice(0, 10);
		} else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
			out[key] = String(v).slice(0, DIARY_DESCRIPTION_MAX + 100);
		}
	}
	const typed = [out.description, out.flagNote].some((v) => typeof v === 'string' && v.trim());
	return typed ? out : null;
}
