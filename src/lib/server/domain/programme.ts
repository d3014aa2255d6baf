/**
 * Pure rules of the programme around the pairs (issue 22): trainings and their attendance, the
 * support of volunteers (R-VOL-9) and the social partners' quarterly meetings (R-PART-1).
 * Days are yyyy-mm-dd calendar days in Europe/Tallinn.
 */

/** "No contact from the coordinator for N months" puts an active volunteer on the attention list. */
export const SUPPORT_CONTACT_MONTHS = 3;

/** A partner meeting is due when a quarter (three calendar months) has passed since the last one. */
export const PARTNER_MEETING_MONTHS = 3;

/** Analysis: "attended anything in the last N months". */
export const ATTENDED_RECENTLY_MONTHS = 6;

/** The same day `months` calendar months earlier (clamped to the month's last day). */
export function monthsBefore(day: string, months: number): string {
	return monthsAfter(day, -months);
}

/** The same day `months` calendar months later (clamped to the month's last day). */
export function monthsAfter(day: string, months: number): string {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	const index = y * 12 + (m - 1) + months;
	const year = Math.floor(index / 12);
	const month = index - year * 12 + 1;
	const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
	const dd = Math.min(d, last);
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** The quarter of a day, e.g. "2026-Q4". */
export function quarterOf(day: string): string {
	const [y, m] = day.split('-').map(Number) as [number, number];
	return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/**
 * When the county's next partner meeting is due: three months after the last one; with none yet,
 * it is due now (`today`).
 */
export function partnerMeetingDueOn(lastHeldOn: string | null, today: string): string {
	return lastHeldOn ? monthsAfter(lastHeldOn, PARTNER_MEETING_MONTHS) : today;
}

/** Is the next partner meeting due (or overdue) today? */
export function partnerMeetingDue(lastHeldOn: string | null, today: string): boolean {
	return partnerMeetingDueOn(lastHeldOn, today) <= today;
}

/**
 * The cut-off of "no contact from the coordinator for N months": an active volunteer whose last
 * support entry (or, with none, whose start) lies before this day is listed.
 */
export function supportQuietBefore(today: string, months = SUPPORT_CONTACT_MONTHS): string {
	return monthsBefore(today, months);
}

/**
 * A recording of a meeting is kept only when everyone present consented (R-PART-1): at least
 * one participant, and all of them with consent.
 */
export function recordingAllowed(participants: readonly { recordingConsent: boolean }[]): boolean {
	return participants.length > 0 && participants.every((p) => p.recordingConsent);
}

/**
 * The base training date a volunteer's attendance gives (R-VOL-8): the earliest base training
 * they attended, or null.
 */
export function baseTrainingFromAttendance(
	attended: readonly { kind: string; heldOn: string; attended: boolean }[]
): string | null {
	let first: string | null = null;
	for (const a of attended) {
		if (a.kind === 'base_training' && a.attended && (first === null || a.heldOn < first)) {
			first = a.heldOn;
		}
	}
	return first;
}
