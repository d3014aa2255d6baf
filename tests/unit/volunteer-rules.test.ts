import { describe, expect, it } from 'vitest';
import {
	activationMissing,
	canChangeVolunteerStatus,
	contractOriginalState,
	statusChangeEffects,
	statusChangeProblems,
	volunteerTransitions,
	type VolunteerForStatus
} from '$lib/server/domain/volunteers';

/** Issue 3: a selected volunteer's path candidate → active → paused → ended (R-VOL-4…8). */

const TODAY = '2026-11-23';
const vetted: VolunteerForStatus = {
	status: 'candidate',
	startedOn: null,
	criminalRecordCheckedOn: '2026-11-10',
	contractSignedOn: '2026-11-12',
	baseTrainingCompletedOn: '2026-11-20'
};

describe('status transitions', () => {
	it.each([
		['candidate', 'active', true],
		['candidate', 'ended', true],
		['candidate', 'paused', false],
		['active', 'paused', true],
		['active', 'ended', true],
		['active', 'candidate', false],
		['paused', 'active', true],
		['paused', 'ended', true],
		['ended', 'active', false],
		['ended', 'candidate', false]
	] as const)('%s → %s: %s', (from, to, allowed) => {
		expect(canChangeVolunteerStatus(from, to)).toBe(allowed);
	});

	it('ended is final', () => {
		expect(volunteerTransitions('ended')).toEqual([]);
	});
});

describe('readiness to activate', () => {
	it('needs the checked extract, the signed contract and the base training', () => {
		expect(activationMissing(vetted, TODAY)).toEqual([]);
		expect(
			activationMissing(
				{ criminalRecordCheckedOn: null, contractSignedOn: null, baseTrainingCompletedOn: null },
				TODAY
			)
		).toEqual(['criminal_record', 'contract', 'base_training']);
		expect(activationMissing({ ...vetted, contractSignedOn: null }, TODAY)).toEqual(['contract']);
	});

	it('does not count a date in the future or a non-date', () => {
		expect(activationMissing({ ...vetted, baseTrainingCompletedOn: '2026-11-24' }, TODAY)).toEqual([
			'base_training'
		]);
		expect(activationMissing({ ...vetted, criminalRecordCheckedOn: '2026-13-01' }, TODAY)).toEqual([
			'criminal_record'
		]);
		// Done today counts.
		expect(activationMissing({ ...vetted, contractSignedOn: TODAY }, TODAY)).toEqual([]);
	});

	it('refuses activation without it, and records the start day with it', () => {
		expect(
			statusChangeProblems({ ...vetted, contractSignedOn: null }, { to: 'active' }, TODAY, 0)
		).toEqual({ status: 'volunteer_status.error.not_ready' });
		expect(statusChangeProblems(vetted, { to: 'active' }, TODAY, 0)).toEqual({});
		expect(statusChangeEffects(vetted, { to: 'active' }, TODAY)).toEqual({ startedOn: TODAY });
		// Resuming after a pause keeps the first start day.
		const paused = { ...vetted, status: 'paused' as const, startedOn: '2026-01-05' };
		expect(statusChangeProblems(paused, { to: 'active' }, TODAY, 0)).toEqual({});
		expect(statusChangeEffects(paused, { to: 'active' }, TODAY)).toEqual({});
	});

	it('refuses a transition that is not on the path', () => {
		expect(statusChangeProblems(vetted, { to: 'paused' }, TODAY, 0)).toEqual({
			status: 'volunteer_status.error.transition'
		});
	});
});

describe('ending', () => {
	const active = { ...vetted, status: 'active' as const, startedOn: '2026-02-01' };

	it('needs a day (not in the future, not before the start) and a reason', () => {
		expect(statusChangeProblems(active, { to: 'ended' }, TODAY, 0)).toEqual({
			endedOn: 'error.required',
			endReason: 'error.required'
		});
		expect(
			statusChangeProblems(
				active,
				{ to: 'ended', endedOn: '2026-12-01', endReason: 'kolis' },
				TODAY,
				0
			)
		).toEqual({ endedOn: 'volunteer_status.error.ended_in_future' });
		expect(
			statusChangeProblems(
				active,
				{ to: 'ended', endedOn: '2026-01-01', endReason: 'kolis' },
				TODAY,
				0
			)
		).toEqual({ endedOn: 'volunteer_status.error.ended_before_start' });
		expect(
			statusChangeProblems(
				active,
				{ to: 'ended', endedOn: '2026-13-01', endReason: 'kolis' },
				TODAY,
				0
			)
		).toEqual({ endedOn: 'error.date' });
		expect(
			statusChangeProblems(active, { to: 'ended', endedOn: TODAY, endReason: '  ' }, TODAY, 0)
		).toEqual({ endReason: 'error.required' });
	});

	it('waits until the pairings have ended', () => {
		expect(
			statusChangeProblems(active, { to: 'ended', endedOn: TODAY, endReason: 'kolis' }, TODAY, 1)
		).toEqual({ status: 'volunteer_status.error.open_pairings' });
	});

	it('writes the day and the reason', () => {
		expect(
			statusChangeEffects(
				active,
				{ to: 'ended', endedOn: TODAY, endReason: ' kolis Tartusse ' },
				TODAY
			)
		).toEqual({ endedOn: TODAY, endReason: 'kolis Tartusse' });
	});
});

describe('the paper original of the contract (R-VOL-7)', () => {
	const signed = (over: Partial<Parameters<typeof contractOriginalState>[0]> = {}) => ({
		contractSignedOn: '2026-10-15',
		contractHasPaperOriginal: true,
		contractOriginalReceivedOn: null,
		...over
	});

	it('is due by the 3rd of the following month and late after it', () => {
		expect(contractOriginalState(signed(), '2026-11-03')).toEqual({
			state: 'due',
			dueOn: '2026-11-03'
		});
		expect(contractOriginalState(signed(), '2026-11-04')).toEqual({
			state: 'late',
			dueOn: '2026-11-03'
		});
		expect(
			contractOriginalState(signed({ contractOriginalReceivedOn: '2026-11-10' }), '2026-11-20')
		).toEqual({ state: 'received', dueOn: '2026-11-03' });
	});

	it('does not apply without a signed contract or without a paper original', () => {
		expect(contractOriginalState(signed({ contractSignedOn: null }), TODAY)).toBeNull();
		expect(contractOriginalState(signed({ contractHasPaperOriginal: false }), TODAY)).toBeNull();
	});

	it('crosses the year end', () => {
		expect(contractOriginalState(signed({ contractSignedOn: '2026-12-30' }), '2027-01-04')).toEqual(
			{ state: 'late', dueOn: '2027-01-03' }
		);
	});
});
