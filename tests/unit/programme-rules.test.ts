import { describe, expect, it } from 'vitest';
import {
	baseTrainingFromAttendance,
	monthsAfter,
	monthsBefore,
	partnerMeetingDue,
	partnerMeetingDueOn,
	quarterOf,
	recordingAllowed,
	supportQuietBefore
} from '$lib/server/domain/programme';

/** Issue 22: the pure rules of trainings, support and partner meetings. */
describe('calendar months', () => {
	it('moves by months and clamps to the last day of a shorter month', () => {
		expect(monthsAfter('2026-11-30', 3)).toBe('2027-02-28');
		expect(monthsAfter('2028-11-30', 3)).toBe('2029-02-28');
		expect(monthsAfter('2027-11-29', 3)).toBe('2028-02-29');
		expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
		expect(monthsBefore('2026-01-15', 1)).toBe('2025-12-15');
		expect(quarterOf('2026-11-23')).toBe('2026-Q4');
		expect(quarterOf('2026-01-01')).toBe('2026-Q1');
	});
});

describe('the next partner meeting (R-PART-1)', () => {
	it('is due a quarter after the last one, and at once when there was none', () => {
		expect(partnerMeetingDueOn(null, '2026-11-23')).toBe('2026-11-23');
		expect(partnerMeetingDue(null, '2026-11-23')).toBe(true);
		expect(partnerMeetingDueOn('2026-09-10', '2026-11-23')).toBe('2026-12-10');
		expect(partnerMeetingDue('2026-09-10', '2026-12-09')).toBe(false);
		expect(partnerMeetingDue('2026-09-10', '2026-12-10')).toBe(true);
	});
});

describe('support contact (R-VOL-9)', () => {
	it('looks back three months', () => {
		expect(supportQuietBefore('2026-11-23')).toBe('2026-08-23');
	});
});

describe('the recording of a meeting', () => {
	it('is allowed only when everyone present consented', () => {
		expect(recordingAllowed([])).toBe(false);
		expect(recordingAllowed([{ recordingConsent: true }])).toBe(true);
		expect(recordingAllowed([{ recordingConsent: true }, { recordingConsent: false }])).toBe(false);
	});
});

describe('the base training from attendance (R-VOL-8)', () => {
	it('is the earliest base training attended', () => {
		expect(baseTrainingFromAttendance([])).toBeNull();
		expect(
			baseTrainingFromAttendance([
				{ kind: 'base_training', heldOn: '2026-05-02', attended: true },
				{ kind: 'further_training', heldOn: '2026-01-02', attended: true },
				{ kind: 'base_training', heldOn: '2026-03-02', attended: false },
				{ kind: 'base_training', heldOn: '2026-04-02', attended: true }
			])
		).toBe('2026-04-02');
	});
});
