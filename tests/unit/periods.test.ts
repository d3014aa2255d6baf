import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	ageGroup,
	splitAtWholeMonths,
	apportion,
	isValidPeriod,
	lastCompletedQuarter,
	median,
	monthsOf,
	nextReportDue,
	parseQuarterKey,
	percent,
	quarterKey,
	quarterOf,
	quarterPeriod,
	quickPickPeriod,
	reportDueDate,
	tallinnLocal,
	tallinnLocalToInstant,
	windowOverlaps
} from '$lib/server/domain/periods';

describe('quarters (R-REP-1)', () => {
	it.each([
		['2026-01-01', 2026, 1],
		['2026-03-31', 2026, 1],
		['2026-04-01', 2026, 2],
		['2026-09-30', 2026, 3],
		['2026-12-31', 2026, 4]
	])('%s is in %i Q%i', (day, year, quarter) => {
		expect(quarterOf(day)).toEqual({ year, quarter });
	});

	it('spans whole months, leap February included', () => {
		expect(quarterPeriod({ year: 2024, quarter: 1 })).toEqual({
			from: '2024-01-01',
			to: '2024-03-31'
		});
		expect(quarterPeriod({ year: 2026, quarter: 2 })).toEqual({
			from: '2026-04-01',
			to: '2026-06-30'
		});
		expect(quarterPeriod({ year: 2026, quarter: 3 })).toEqual({
			from: '2026-07-01',
			to: '2026-09-30'
		});
		expect(quarterPeriod({ year: 2026, quarter: 4 })).toEqual({
			from: '2026-10-01',
			to: '2026-12-31'
		});
	});

	it('reads and writes quarter keys', () => {
		expect(quarterKey({ year: 2026, quarter: 3 })).toBe('2026-Q3');
		expect(parseQuarterKey('2026-Q3')).toEqual({ year: 2026, quarter: 3 });
		for (const bad of ['2026-Q5', '2026-Q0', '26-Q1', '2026Q1', '', '1999-Q1']) {
			expect(parseQuarterKey(bad)).toBeNull();
		}
	});

	it('is due on the 7th of the month after the quarter, across the year end', () => {
		expect(reportDueDate({ year: 2026, quarter: 1 })).toBe('2026-04-07');
		expect(reportDueDate({ year: 2026, quarter: 3 })).toBe('2026-10-07');
		expect(reportDueDate({ year: 2026, quarter: 4 })).toBe('2027-01-07');
	});

	it('knows the last completed quarter', () => {
		expect(lastCompletedQuarter('2026-11-23')).toEqual({ year: 2026, quarter: 3 });
		expect(lastCompletedQuarter('2027-01-01')).toEqual({ year: 2026, quarter: 4 });
		expect(lastCompletedQuarter('2026-03-31')).toEqual({ year: 2025, quarter: 4 });
	});
});

describe('the next report due (the administrator’s home)', () => {
	it('is the last quarter’s until it is made: due up to the 7th, overdue after', () => {
		expect(nextReportDue('2026-10-01', [])).toMatchObject({
			quarter: { year: 2026, quarter: 3 },
			dueOn: '2026-10-07',
			state: 'due',
			daysLeft: 6,
			lastMade: null
		});
		expect(nextReportDue('2026-10-07', []).state).toBe('due');
		expect(nextReportDue('2026-10-08', [])).toMatchObject({ state: 'overdue', daysLeft: -1 });
		// A report of another quarter does not count.
		expect(nextReportDue('2026-11-23', [{ year: 2026, quarter: 2 }]).state).toBe('overdue');
	});

	it('moves on to the running quarter once the last one is made', () => {
		expect(nextReportDue('2026-11-23', [{ year: 2026, quarter: 3 }])).toEqual({
			quarter: { year: 2026, quarter: 4 },
			dueOn: '2027-01-07',
			state: 'upcoming',
			daysLeft: 45,
			lastMade: { year: 2026, quarter: 3 }
		});
	});
});

describe('periods', () => {
	it('lists the months a period touches', () => {
		expect(monthsOf({ from: '2019-09-15', to: '2021-03-31' })).toHaveLength(19);
		expect(monthsOf({ from: '2026-12-31', to: '2027-01-01' })).toEqual(['2026-12', '2027-01']);
		expect(monthsOf({ from: '2026-05-05', to: '2026-05-06' })).toEqual(['2026-05']);
	});

	it('accepts periods in order, at most ten years long', () => {
		expect(isValidPeriod({ from: '2026-01-01', to: '2026-01-01' })).toBe(true);
		expect(isValidPeriod({ from: '2026-02-01', to: '2026-01-31' })).toBe(false);
		expect(isValidPeriod({ from: '2026-02-30', to: '2026-03-01' })).toBe(false);
		expect(isValidPeriod({ from: '2010-01-01', to: '2026-01-01' })).toBe(false);
	});

	it('overlaps a half-open pairing window [startsOn, endsOn) with an inclusive period', () => {
		const q1 = { from: '2026-01-01', to: '2026-03-31' };
		expect(windowOverlaps({ startsOn: '2026-03-31', endsOn: null }, q1)).toBe(true);
		expect(windowOverlaps({ startsOn: '2026-04-01', endsOn: null }, q1)).toBe(false);
		expect(windowOverlaps({ startsOn: '2025-01-01', endsOn: '2026-01-01' }, q1)).toBe(false);
		expect(windowOverlaps({ startsOn: '2025-01-01', endsOn: '2026-01-02' }, q1)).toBe(true);
	});

	it('has quick picks: this and last quarter, this and last year, everything from the first pairing', () => {
		const today = '2026-11-23';
		expect(quickPickPeriod('quarter', today, null)).toEqual({
			from: '2026-10-01',
			to: '2026-12-31'
		});
		expect(quickPickPeriod('previous_quarter', today, null)).toEqual({
			from: '2026-07-01',
			to: '2026-09-30'
		});
		expect(quickPickPeriod('year', today, null)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
		expect(quickPickPeriod('previous_year', today, null)).toEqual({
			from: '2025-01-01',
			to: '2025-12-31'
		});
		expect(quickPickPeriod('all', today, '2019-09-14')).toEqual({ from: '2019-09-14', to: today });
		expect(quickPickPeriod('all', today, null)).toEqual({ from: today, to: today });
		expect(isValidPeriod(quickPickPeriod('all', today, '1990-01-01'))).toBe(true);
	});
});

describe('ESF age groups (R-REP-2)', () => {
	it.each([
		['2010-01-01', '0-17'],
		['2008-10-01', '18-29'],
		['2008-10-02', '0-17'],
		['1996-10-01', '30-54'],
		['1971-10-01', '55-64'],
		['1961-10-01', '65-74'],
		['1951-10-01', '75-84'],
		['1941-10-01', '85+']
	])('born %s → %s on 2026-10-01', (born, group) => {
		expect(ageGroup(born, '2026-10-01')).toBe(group);
	});
	it('has no group without a date of birth', () => {
		expect(ageGroup(null, '2026-10-01')).toBeNull();
		expect(ageGroup('1950-02-30', '2026-10-01')).toBeNull();
	});
});

describe('aggregation helpers', () => {
	it('takes the median and the percentage', () => {
		expect(median([])).toBeNull();
		expect(median([5])).toBe(5);
		expect(median([36, 28])).toBe(32);
		expect(median([3, 1, 2])).toBe(2);
		expect(percent(1, 2)).toBe(50);
		expect(percent(1, 3)).toBe(33.3);
		expect(percent(0, 0)).toBeNull();
	});

	it('apportions a total exactly, with a minimum per part (largest remainder)', () => {
		expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
		expect(apportion(12_065, [3, 1], 1)).toEqual([9048, 3017]);
		expect(apportion(5, [0, 0, 0, 0, 0], 1)).toEqual([1, 1, 1, 1, 1]);
		expect(() => apportion(2, [1, 1, 1], 1)).toThrow();
		fc.assert(
			fc.property(
				fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 50 }),
				fc.integer({ min: 0, max: 5 }),
				fc.integer({ min: 0, max: 100_000 }),
				(weights, min, extra) => {
					const total = min * weights.length + extra;
					const parts = apportion(total, weights, min);
					return (
						parts.reduce((s, p) => s + p, 0) === total &&
						parts.every((p) => Number.isInteger(p) && p >= min)
					);
				}
			)
		);
	});
});

describe('Tallinn wall-clock time (the report cut-off field)', () => {
	it('turns a datetime-local value into the instant, summer and winter', () => {
		expect(tallinnLocalToInstant('2026-10-03T12:00')!.toISOString()).toBe(
			'2026-10-03T09:00:00.000Z'
		);
		expect(tallinnLocalToInstant('2026-12-03T12:00')!.toISOString()).toBe(
			'2026-12-03T10:00:00.000Z'
		);
		expect(tallinnLocal(new Date('2026-12-03T10:00:00Z'))).toBe('2026-12-03T12:00');
		for (const bad of ['2026-10-03', '2026-02-30T10:00', '2026-10-03T24:00', 'x']) {
			expect(tallinnLocalToInstant(bad)).toBeNull();
		}
	});
});

describe('splitAtWholeMonths', () => {
	it('keeps a quarter whole', () => {
		expect(splitAtWholeMonths({ from: '2026-07-01', to: '2026-09-30' })).toEqual({
			months: { from: '2026-07-01', to: '2026-09-30' },
			edges: []
		});
	});
	it('cuts partial months off both ends, across a year and a leap February', () => {
		expect(splitAtWholeMonths({ from: '2027-12-15', to: '2028-02-28' })).toEqual({
			months: { from: '2028-01-01', to: '2028-01-31' },
			edges: [
				{ from: '2027-12-15', to: '2027-12-31' },
				{ from: '2028-02-01', to: '2028-02-28' }
			]
		});
		expect(splitAtWholeMonths({ from: '2028-01-01', to: '2028-02-29' }).edges).toEqual([]);
	});
	it('has no whole month inside a part of one month, or across two partial months', () => {
		expect(splitAtWholeMonths({ from: '2026-07-05', to: '2026-07-20' })).toEqual({
			months: null,
			edges: [{ from: '2026-07-05', to: '2026-07-20' }]
		});
		expect(splitAtWholeMonths({ from: '2026-07-02', to: '2026-08-30' })).toEqual({
			months: null,
			edges: [{ from: '2026-07-02', to: '2026-08-30' }]
		});
	});
	it('a single day on the first or the last of a month is an edge', () => {
		expect(splitAtWholeMonths({ from: '2026-07-31', to: '2026-07-31' }).months).toBeNull();
		expect(splitAtWholeMonths({ from: '2026-07-01', to: '2026-07-01' }).months).toBeNull();
	});
});
