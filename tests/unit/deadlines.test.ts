import { describe, expect, it } from 'vitest';
import {
	daysBetween,
	paperOriginalState,
	thirdOfFollowingMonth
} from '$lib/server/domain/deadlines';

describe('paper deadlines: the 3rd of the following month (R-VOL-7, R-PAIR-2)', () => {
	it.each([
		['2026-01-01', '2026-02-03'],
		['2026-01-31', '2026-02-03'],
		['2026-02-28', '2026-03-03'],
		['2024-02-29', '2024-03-03'],
		['2026-12-01', '2027-01-03'],
		['2026-12-31', '2027-01-03']
	])('signed %s → due %s', (signed, due) => {
		expect(thirdOfFollowingMonth(signed)).toBe(due);
	});

	it('refuses a non-day', () => {
		expect(() => thirdOfFollowingMonth('2026-02-30')).toThrow();
	});

	it('is on time on the 3rd itself and late on the 4th', () => {
		expect(paperOriginalState('2026-10-15', null, '2026-11-03')).toBe('due');
		expect(paperOriginalState('2026-10-15', null, '2026-11-04')).toBe('late');
		expect(paperOriginalState('2026-10-15', '2026-11-10', '2026-11-20')).toBe('received');
	});

	it('counts days across month and year ends', () => {
		expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
		expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
		expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
	});
});
