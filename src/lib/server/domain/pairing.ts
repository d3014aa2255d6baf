import type { PairingStatus } from './statuses';
import { thirdOfFollowingMonth } from './deadlines';

/**
 * The life of a pairing (sidumine, R-PAIR-1, R-PAIR-2, R-PAIR-7), as pure rules:
 *
 *   proposed ──introduce──▶ introduced ──activate──▶ active ◀──resume── paused
 *       │                       │  └──────pause──────────┼──pause──────▶ │
 *       └────────── end ────────┴────────── end ─────────┴───── end ─────┘──▶ ended
 *
 * - proposed: the coordinator chose the volunteer; no access yet.
 * - introduced: the coordinator's first visit together took place (introducedOn); the volunteer
 *   reaches the client from then on. The good-will agreement is signed; the client's consent
 *   is due by the 3rd of the following month.
 * - active: regular visits. paused: with a reason and an expected return; access stays (the
 *   diary may still get a call or a late entry).
 * - ended: with a date, a reason and the closing interview's results; access ends at once.
 *   A proposal that came to nothing ends too (no closing interview needed then).
 */
export const PAIRING_EVENTS = ['introduce', 'activate', 'pause', 'resume', 'end'] as const;
export type PairingEvent = (typeof PAIRING_EVENTS)[number];

const TRANSITIONS: Record<PairingStatus, Partial<Record<PairingEvent, PairingStatus>>> = {
	proposed: { introduce: 'introduced', end: 'ended' },
	introduced: { activate: 'active', pause: 'paused', end: 'ended' },
	active: { pause: 'paused', end: 'ended' },
	paused: { resume: 'active', end: 'ended' },
	ended: {}
};

/** The state after `event`, or null when the event is not allowed in `status`. */
export function nextStatus(status: PairingStatus, event: PairingEvent): PairingStatus | null {
	return TRANSITIONS[status]?.[event] ?? null;
}

/** The events the coordinator may apply now, in the order the page offers them. */
export function allowedEvents(status: PairingStatus): PairingEvent[] {
	return PAIRING_EVENTS.filter((e) => nextStatus(status, e) !== null);
}

/** Open pairings count against a volunteer's capacity and keep the client "paired". */
export const OPEN_PAIRING_STATUSES = ['proposed', 'introduced', 'active', 'paused'] as const;

export function isOpen(status: PairingStatus): boolean {
	return (OPEN_PAIRING_STATUSES as readonly string[]).includes(status);
}

export interface PairingDates {
	status: PairingStatus;
	startsOn: string;
	endsOn: string | null;
	introducedOn: string | null;
}

/**
 * Checks the date of the first meeting: not in the future. It becomes the pairing's start: the
 * volunteer reaches the client, and may write diary entries, from that day on.
 */
export function introductionError(introducedOn: string, today: string): string | null {
	if (introducedOn > today) return 'pairing.introduce.date_in_future';
	return null;
}

/** Checks a pause's expected return: not before today. */
export function pauseError(pausedUntil: string | null, today: string): string | null {
	if (pausedUntil !== null && pausedUntil < today) return 'pairing.pause.until_in_past';
	return null;
}

/**
 * Checks an end date (exclusive: from this day on, no access). Not before the start; not
 * before a diary entry already written on the pairing (the entry would fall outside it).
 */
export function endDateError(
	pairing: Pick<PairingDates, 'startsOn'>,
	endsOn: string,
	latestEntryOn: string | null
): string | null {
	if (endsOn < pairing.startsOn) return 'pairing.end_before_start';
	if (latestEntryOn !== null && endsOn <= latestEntryOn) return 'pairing.end_before_entries';
	return null;
}

/**
 * The day of the first meeting: `introducedOn`, or for a pairing created straight as active
 * (without the proposed/introduced steps) its start. Null while only proposed, and for a
 * proposal that ended without any meeting.
 */
export function firstMeetingOn(pairing: PairingDates): string | null {
	if (pairing.introducedOn) return pairing.introducedOn;
	if (pairing.status === 'proposed') return null;
	if (pairing.status === 'ended') return null;
	return pairing.startsOn;
}

/** When the client's signed consent is due (R-PAIR-2), or null when no meeting took place. */
export function consentDueOn(pairing: PairingDates): string | null {
	const first = firstMeetingOn(pairing);
	return first ? thirdOfFollowingMonth(first) : null;
}

export type ConsentState = 'ok' | 'due' | 'late';

/**
 * Where the client's consent stands for the attention list (R-PAIR-2): 'ok' when a signed
 * consent of the client is uploaded (document kind 'consent', whenever it came: at mapping or
 * after this meeting) or when no first meeting took place yet; otherwise 'due' until the 3rd
 * of the month after the first meeting (on time on the 3rd itself) and 'late' from the 4th.
 *
 * `docs` are the client's documents (their kinds). The client's `consentGivenOn` alone is not
 * enough: the signed paper must be uploaded (the parameter keeps the call site stable should
 * a paper-less consent ever count).
 */
export function consentDue(
	pairing: PairingDates,
	_client: { consentGivenOn: string | null },
	docs: readonly { kind: string }[],
	today: string
): ConsentState {
	if (docs.some((d) => d.kind === 'consent')) return 'ok';
	const due = consentDueOn(pairing);
	if (!due) return 'ok';
	return today > due ? 'late' : 'due';
}
