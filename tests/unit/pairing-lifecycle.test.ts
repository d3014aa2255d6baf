import { describe, expect, it } from 'vitest';
import {
	PAIRING_EVENTS,
	allowedEvents,
	consentDue,
	consentDueOn,
	endDateError,
	firstMeetingOn,
	introductionError,
	isOpen,
	nextStatus,
	pauseError,
	type PairingDates
} from '$lib/server/domain/pairing';
import { PAIRING_STATUSES, type PairingStatus } from '$lib/server/domain/statuses';
import { pairingGivesAccess } from '$lib/server/policy/policy';

/** R-PAIR-1/2/7, R-ROLE-6: the life of a pairing and the consent deadline, as pure rules. */

describe('transitions', () => {
	// Written out by hand: every state × every event.
	const expected: Record<
		PairingStatus,
		Partial<Record<(typeof PAIRING_EVENTS)[number], string>>
	> = {
		proposed: { introduce: 'introduced', end: 'ended' },
		introduced: { activate: 'active', pause: 'paused', end: 'ended' },
		active: { pause: 'paused', end: 'ended' },
		paused: { resume: 'active', end: 'ended' },
		ended: {}
	};

	for (const status of PAIRING_STATUSES) {
		for (const event of PAIRING_EVENTS) {
			const to = expected[status][event] ?? null;
			it(`${status} --${event}--> ${to ?? 'refused'}`, () => {
				expect(nextStatus(status, event)).toBe(to);
			});
		}
	}

	it('offers only the allowed events', () => {
		expect(allowedEvents('proposed')).toEqual(['introduce', 'end']);
		expect(allowedEvents('paused')).toEqual(['resume', 'end']);
		expect(allowedEvents('ended')).toEqual([]);
	});

	it('an ended pairing is closed; every other state is open', () => {
		expect(PAIRING_STATUSES.filter(isOpen)).toEqual(['proposed', 'introduced', 'active', 'paused']);
	});

	it('access follows the state: from introduction until the end (policy)', () => {
		const w = (status: PairingStatus) => ({ status, startsOn: '2026-11-01', endsOn: null });
		expect(pairingGivesAccess(w('proposed'), '2026-11-23')).toBe(false);
		for (const s of ['introduced', 'active', 'paused'] as const)
			expect(pairingGivesAccess(w(s), '2026-11-23')).toBe(true);
		expect(pairingGivesAccess({ ...w('ended'), endsOn: '2026-12-01' }, '2026-11-23')).toBe(false);
	});
});

describe('dates of the steps', () => {
	it('a first meeting is not in the future', () => {
		expect(introductionError('2026-11-24', '2026-11-23')).toBe('pairing.introduce.date_in_future');
		expect(introductionError('2026-11-23', '2026-11-23')).toBeNull();
	});

	it('an expected return is not in the past', () => {
		expect(pauseError('2026-11-22', '2026-11-23')).toBe('pairing.pause.until_in_past');
		expect(pauseError('2026-11-23', '2026-11-23')).toBeNull();
		expect(pauseError(null, '2026-11-23')).toBeNull();
	});

	it('an end is not before the start nor on or before a diary entry', () => {
		const p = { startsOn: '2026-10-01' };
		expect(endDateError(p, '2026-09-30', null)).toBe('pairing.end_before_start');
		expect(endDateError(p, '2026-10-01', null)).toBeNull();
		expect(endDateError(p, '2026-11-10', '2026-11-10')).toBe('pairing.end_before_entries');
		expect(endDateError(p, '2026-11-11', '2026-11-10')).toBeNull();
	});
});

describe('the client’s consent (R-PAIR-2): due on the 3rd of the month after the first meeting', () => {
	const pairing = (over: Partial<PairingDates> = {}): PairingDates => ({
		status: 'introduced',
		startsOn: '2026-10-20',
		endsOn: null,
		introducedOn: '2026-10-20',
		...over
	});
	const client = { consentGivenOn: null };

	it('is due until the 3rd itself and late from the 4th', () => {
		expect(consentDueOn(pairing())).toBe('2026-11-03');
		expect(consentDue(pairing(), client, [], '2026-10-25')).toBe('due');
		expect(consentDue(pairing(), client, [], '2026-11-03')).toBe('due');
		expect(consentDue(pairing(), client, [], '2026-11-04')).toBe('late');
	});

	it('is ok once a consent document is uploaded; other documents do not count', () => {
		expect(consentDue(pairing(), client, [{ kind: 'goodwill_agreement' }], '2026-11-23')).toBe(
			'late'
		);
		expect(
			consentDue(
				pairing(),
				client,
				[{ kind: 'goodwill_agreement' }, { kind: 'consent' }],
				'2026-11-23'
			)
		).toBe('ok');
		// A date alone, without the signed paper, is not enough.
		expect(consentDue(pairing(), { consentGivenOn: '2026-10-20' }, [], '2026-11-23')).toBe('late');
	});

	it('is nothing to worry about before a first meeting', () => {
		const proposed = pairing({ status: 'proposed', introducedOn: null });
		expect(firstMeetingOn(proposed)).toBeNull();
		expect(consentDue(proposed, client, [], '2027-01-01')).toBe('ok');
		const cancelled = pairing({ status: 'ended', introducedOn: null, endsOn: '2026-11-01' });
		expect(consentDue(cancelled, client, [], '2027-01-01')).toBe('ok');
	});

	it('counts from the start of a pairing that was created active, across the year end', () => {
		const p = pairing({ status: 'active', introducedOn: null, startsOn: '2026-12-31' });
		expect(firstMeetingOn(p)).toBe('2026-12-31');
		expect(consentDueOn(p)).toBe('2027-01-03');
		expect(consentDue(p, client, [], '2027-01-04')).toBe('late');
	});

	it('stays late after the pairing ended when the paper never came', () => {
		const p = pairing({ status: 'ended', endsOn: '2026-11-15' });
		expect(consentDue(p, client, [], '2026-11-23')).toBe('late');
	});
});
