import { addDays, isIsoDay, tallinnDay } from './dates';

/**
 * Issue 24, the rule arithmetic of retention (pure): when a record reaches the end of its
 * keeping, counted in Tallinn calendar days. Vocabularies of consents, rules and holds.
 */

export const CONSENT_PURPOSES = ['processing', 'recording', 'story', 'survey_research'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_METHODS = ['paper_scan', 'application', 'first_meeting'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** The version of the consent text in use today (a new printed form is a new version). */
export const CURRENT_CONSENT_TEXT_VERSION = '2024-1';

/** The event a rule's clock starts from. */
export const RETENTION_STARTS = [
	'entry',
	'decision',
	'pairing_end',
	'contract_end',
	'project_end',
	'handover'
] as const;
export type RetentionStart = (typeof RETENTION_STARTS)[number];

export const RETENTION_ACTIONS = ['destroy', 'anonymise', 'keep'] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

/** The clocks the administrator starts. */
export const RETENTION_CLOCKS = ['project_end', 'contract_end', 'handover'] as const;
export type RetentionClock = (typeof RETENTION_CLOCKS)[number];

export const HOLD_REASONS = ['complaint', 'court', 'authority', 'other'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** How many days ahead the attention pages list what is coming (issue 24: default 14). */
export const RETENTION_NOTICE_DAYS = 14;

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Adds calendar months to a day; a day that does not exist in the target month becomes the
 * month's last (31 Aug + 6 = 28/29 Feb). Negative months count back.
 */
export function addCalendarMonths(day: string, months: number): string {
	if (!isIsoDay(day)) throw new Error(`not a day: ${day}`);
	if (!Number.isInteger(months)) throw new Error('whole months only');
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	const index = y * 12 + (m - 1) + months;
	const year = Math.floor(index / 12);
	const month = index - year * 12 + 1;
	const dd = Math.min(d, daysInMonth(year, month));
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** The start of a record's clock as a Tallinn day: a day as it is, an instant in Tallinn time. */
export function clockDay(start: string | Date): string {
	return start instanceof Date ? tallinnDay(start) : start;
}

/**
 * The day a record reaches the end of its keeping: its clock's start plus the rule's months
 * (end-of-month clamped). A period of 0 is due on the start day itself ("at once").
 */
export function retentionDueOn(start: string | Date, periodMonths: number): string {
	if (periodMonths < 0) throw new Error('a period is not negative');
	return addCalendarMonths(clockDay(start), periodMonths);
}

/** Is a record whose clock started at `start` due on `today` (a Tallinn day)? */
export function isDue(start: string | Date, periodMonths: number, today: string): boolean {
	return retentionDueOn(start, periodMonths) <= today;
}

/**
 * The latest clock start that is due on `today` — for SQL (`start <= cutoff`); equal to
 * `retentionDueOn(s) <= today`, also where month ends clamp several starts onto one day
 * (31 Aug, 30 Aug and 29 Aug + 6 months are all 28 Feb in a common year).
 */
export function dueCutoff(today: string, periodMonths: number): string {
	const back = addCalendarMonths(today, -periodMonths);
	const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
	if (periodMonths > 0 && td === daysInMonth(ty, tm)) {
		const [y, m] = back.split('-').map(Number) as [number, number];
		return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
	}
	return back;
}

/** The last day of the window the attention pages look ahead to. */
export function noticeHorizon(today: string, days = RETENTION_NOTICE_DAYS): string {
	return addDays(today, days);
}
