import { isIsoDay } from './dates';
import { paperOriginalState, thirdOfFollowingMonth, type PaperState } from './deadlines';

/**
 * Pure rules of a volunteer's path after selection (R-VOL-4, 5, 7, 8): candidate → active →
 * paused → ended, what activation needs, and where the paper contract stands. No I/O; the
 * volunteer-profile service reads the record and applies these.
 */

export const VOLUNTEER_STATES = ['candidate', 'active', 'paused', 'ended'] as const;
export type VolunteerState = (typeof VOLUNTEER_STATES)[number];

/**
 * - candidate → active once vetted (see activationMissing), or → ended (withdrew, not vetted).
 * - active ⇄ paused (a break: illness, travel); paused → active needs the same vetting.
 * - active / paused → ended, with a date and a reason.
 * - ended is final: a volunteer who comes back years later is a new candidate (a new
 *   application and a new extract), so the old record keeps its history as it was.
 */
const TRANSITIONS: Record<VolunteerState, readonly VolunteerState[]> = {
	candidate: ['active', 'ended'],
	active: ['paused', 'ended'],
	paused: ['active', 'ended'],
	ended: []
};

export function volunteerTransitions(from: VolunteerState): readonly VolunteerState[] {
	return TRANSITIONS[from];
}

export function canChangeVolunteerStatus(from: VolunteerState, to: VolunteerState): boolean {
	return TRANSITIONS[from].includes(to);
}

/** What a volunteer must have before meeting clients (R-VOL-5, R-VOL-7, R-VOL-8). */
export const ACTIVATION_REQUIREMENTS = ['criminal_record', 'contract', 'base_training'] as const;
export type ActivationRequirement = (typeof ACTIVATION_REQUIREMENTS)[number];

export interface VettingFacts {
	/** The day the coordinator checked the criminal-record extract (karistusregistri väljavõte). */
	criminalRecordCheckedOn: string | null;
	/** The day the contract was signed (a hand-signed original may still be on its way). */
	contractSignedOn: string | null;
	/** The day the base training ("starter pack") was completed. */
	baseTrainingCompletedOn: string | null;
}

/**
 * The requirements not yet met on `today`. A date in the future does not count: an extract
 * "checked tomorrow" has not been checked. The paper original of the contract is not a
 * requirement: it is due by the 3rd of the following month (R-VOL-7) and tracked on its own.
 */
export function activationMissing(v: VettingFacts, today: string): ActivationRequirement[] {
	const done = (day: string | null) => day !== null && isIsoDay(day) && day <= today;
	const missing: ActivationRequirement[] = [];
	if (!done(v.criminalRecordCheckedOn)) missing.push('criminal_record');
	if (!done(v.contractSignedOn)) missing.push('contract');
	if (!done(v.baseTrainingCompletedOn)) missing.push('base_training');
	return missing;
}

export interface StatusChangeInput {
	to: VolunteerState;
	/** Required when ending: the last day of volunteering (yyyy-mm-dd). */
	endedOn?: string | null;
	endReason?: string | null;
}

export interface VolunteerForStatus extends VettingFacts {
	status: VolunteerState;
	startedOn: string | null;
}

/**
 * Problems with changing `v` to `change.to` on `today`, as field → i18n key (empty: allowed).
 * `openPairings` counts the volunteer's pairings that still give access (not ended): a
 * volunteer with clients cannot end before those pairings end.
 */
export function statusChangeProblems(
	v: VolunteerForStatus,
	change: StatusChangeInput,
	today: string,
	openPairings: number
): Record<string, string> {
	if (!canChangeVolunteerStatus(v.status, change.to)) {
		return { status: 'volunteer_status.error.transition' };
	}
	const problems: Record<string, string> = {};
	if (change.to === 'active') {
		const missing = activationMissing(v, today);
		if (missing.length > 0) problems.status = 'volunteer_status.error.not_ready';
	}
	if (change.to === 'ended') {
		const endedOn = change.endedOn ?? null;
		if (!endedOn) problems.endedOn = 'error.required';
		else if (!isIsoDay(endedOn)) problems.endedOn = 'error.date';
		else if (endedOn > today) problems.endedOn = 'volunteer_status.error.ended_in_future';
		else if (v.startedOn && endedOn < v.startedOn) {
			problems.endedOn = 'volunteer_status.error.ended_before_start';
		}
		if (!change.endReason?.trim()) problems.endReason = 'error.required';
		if (openPairings > 0) problems.status = 'volunteer_status.error.open_pairings';
	}
	return problems;
}

/** The fields a status change writes besides the status itself. */
export function statusChangeEffects(
	v: VolunteerForStatus,
	change: StatusChangeInput,
	today: string
): { startedOn?: string; endedOn?: string | null; endReason?: string | null } {
	if (change.to === 'active') return v.startedOn ? {} : { startedOn: today };
	if (change.to === 'ended') {
		return { endedOn: change.endedOn ?? today, endReason: change.endReason?.trim() ?? null };
	}
	return {};
}

export interface ContractFacts {
	contractSignedOn: string | null;
	contractHasPaperOriginal: boolean;
	contractOriginalReceivedOn: string | null;
}

/**
 * Where the hand-signed original of the contract stands on `today` (R-VOL-7): null when there
 * is no signed contract or no paper original (a digitally signed contract has none); else
 * received, due (by the 3rd of the month after signing) or late.
 */
export function contractOriginalState(
	v: ContractFacts,
	today: string
): { state: PaperState; dueOn: string } | null {
	if (!v.contractSignedOn || !v.contractHasPaperOriginal || !isIsoDay(v.contractSignedOn)) {
		return null;
	}
	return {
		state: paperOriginalState(v.contractSignedOn, v.contractOriginalReceivedOn, today),
		dueOn: thirdOfFollowingMonth(v.contractSignedOn)
	};
}
