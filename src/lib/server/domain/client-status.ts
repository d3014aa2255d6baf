import type { ClientStatus } from './statuses';

export type { ClientStatus };

/**
 * The life cycle of a client (issue 3): mapped → waiting for a volunteer → paired → ended, or
 * anonymised. Pure: no I/O. Error values are i18n keys (messages/mapping.ts, records.ts).
 *
 * Who moves a client where:
 * - the coordinator (the edit form): mapped ⇄ waiting, mapped/waiting → ended (with a date and a
 *   reason), ended → mapped/waiting (the client comes back: the end is cleared);
 * - pairing (issue 4): mapped/waiting → paired when a pairing opens, paired → waiting when the
 *   last open pairing ends (or paired → ended when the service ends with it);
 * - anonymisation (R-PAIR-5): any state → anonymised, and nothing ever leaves it.
 *
 * While a client is paired the status follows the pairings, so the coordinator cannot set it by
 * hand; "paired" and "anonymised" are never manual choices.
 */

/** Who asks for the change. */
export type StatusChangeBy = 'coordinator' | 'pairing' | 'anonymisation';

export type StatusChangeError =
	| 'client.anonymised'
	| 'client.status_paired_error'
	| 'client.status_not_manual'
	| 'client.status_not_allowed';

const ALLOWED: Record<StatusChangeBy, Partial<Record<ClientStatus, readonly ClientStatus[]>>> = {
	coordinator: {
		mapped: ['waiting', 'ended'],
		waiting: ['mapped', 'ended'],
		ended: ['mapped', 'waiting']
	},
	pairing: {
		mapped: ['paired'],
		waiting: ['paired'],
		paired: ['waiting', 'ended']
	},
	anonymisation: {
		mapped: ['anonymised'],
		waiting: ['anonymised'],
		paired: ['anonymised'],
		ended: ['anonymised']
	}
};

/** The statuses a coordinator may choose by hand for a client in `from` (including `from`). */
export function manualStatusChoices(from: ClientStatus): ClientStatus[] {
	if (from === 'paired' || from === 'anonymised') return [];
	return [from, ...(ALLOWED.coordinator[from] ?? [])];
}

/**
 * May `by` move a client from `from` to `to`? Staying where it is, is always allowed (except
 * for an anonymised record, which nobody may change at all).
 */
export function checkStatusChange(
	from: ClientStatus,
	to: ClientStatus,
	by: StatusChangeBy
): { ok: true } | { ok: false; error: StatusChangeError } {
	if (from === 'anonymised') return { ok: false, error: 'client.anonymised' };
	if (from === to) return { ok: true };
	if ((ALLOWED[by][from] ?? []).includes(to)) return { ok: true };
	if (by === 'coordinator') {
		if (from === 'paired') return { ok: false, error: 'client.status_paired_error' };
		if (to === 'paired' || to === 'anonymised') {
			return { ok: false, error: 'client.status_not_manual' };
		}
	}
	return { ok: false, error: 'client.status_not_allowed' };
}

/** The status columns of a client row. */
export interface StatusFields {
	status: ClientStatus;
	waitingSince: string | null;
	endedOn: string | null;
	endReason: string | null;
}

export type StatusPlan =
	| { ok: true; changed: boolean; fields: StatusFields }
	| { ok: false; errors: Partial<Record<'status' | 'endedOn' | 'endReason', string>> };

/**
 * The row's status columns after moving to `to` on `today` (yyyy-mm-dd):
 * - into "waiting": `waitingSince` = today (the attention list and the "waiting longer than"
 *   filter count from it); staying in "waiting" keeps the original day;
 * - back to "mapped": not waiting any more, `waitingSince` cleared;
 * - into "ended": `endedOn` (not in the future) and `endReason` are required;
 * - out of "ended" (the client comes back): the end date and reason are cleared;
 * - into "anonymised": the end reason (free text) is cleared, the end day kept.
 * An ended client may have its end date or reason corrected while it stays ended.
 */
export function planStatusChange(
	current: StatusFields,
	to: ClientStatus,
	by: StatusChangeBy,
	today: string,
	end: { endedOn?: string | null; endReason?: string | null } = {}
): StatusPlan {
	const check = checkStatusChange(current.status, to, by);
	if (!check.ok) {
		return {
			ok: false,
			errors: { status: check.error }
		};
	}
	// Only the status columns, whatever else the caller's object holds.
	const fields: StatusFields = {
		status: to,
		waitingSince: current.waitingSince,
		endedOn: current.endedOn,
		endReason: current.endReason
	};
	if (to === 'ended') {
		const endedOn = end.endedOn === undefined ? current.endedOn : end.endedOn;
		const endReason = (end.endReason === undefined ? current.endReason : end.endReason)?.trim();
		const errors: Partial<Record<'endedOn' | 'endReason', string>> = {};
		if (!endedOn) errors.endedOn = 'client.end.date_required';
		else if (endedOn > today) errors.endedOn = 'client.end.date_future';
		if (!endReason) errors.endReason = 'client.end.reason_required';
		if (Object.keys(errors).length > 0) return { ok: false, errors };
		fields.endedOn = endedOn!;
		fields.endReason = endReason!;
	} else if (to === 'anonymised') {
		// The end day is a statistic; the reason is free text and goes with the personal data.
		fields.endReason = null;
	} else {
		fields.endedOn = null;
		fields.endReason = null;
	}
	if (to === 'waiting' && current.status !== 'waiting') fields.waitingSince = today;
	if (to === 'mapped') fields.waitingSince = null;
	const changed =
		fields.status !== current.status ||
		fields.waitingSince !== current.waitingSince ||
		fields.endedOn !== current.endedOn ||
		fields.endReason !== current.endReason;
	return { ok: true, changed, fields };
}
