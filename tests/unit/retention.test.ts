import { describe, expect, it } from 'vitest';
import {
	addCalendarMonths,
	clockDay,
	dueCutoff,
	isDue,
	noticeHorizon,
	retentionDueOn
} from '$lib/server/domain/retention';

/** Issue 24: the rule arithmetic of retention — months, month ends, leap years, Tallinn days. */

describe('addCalendarMonths', () => {
	it('adds whole months, across years', () => {
		expect(addCalendarMonths('2026-01-15', 3)).toBe('2026-04-15');
		expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
		expect(addCalendarMonths('2026-10-01', 84)).toBe('2033-10-01');
		expect(addCalendarMonths('2026-03-10', 0)).toBe('2026-03-10');
	});

	it('clamps to the month’s last day, with leap years', () => {
		expect(addCalendarMonths('2026-08-31', 6)).toBe('2027-02-28');
		expect(addCalendarMonths('2027-08-31', 6)).toBe('2028-02-29');
		expect(addCalendarMonths('2028-02-29', 12)).toBe('2029-02-28');
		expect(addCalendarMonths('2028-02-29', 48)).toBe('2032-02-29');
		expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
		expect(addCalendarMonths('2026-03-31', 1)).toBe('2026-04-30');
		// 1900 and 2100 are not leap years, 2000 is.
		expect(addCalendarMonths('2099-11-29', 3)).toBe('2100-02-28');
		expect(addCalendarMonths('1999-11-29', 3)).toBe('2000-02-29');
	});

	it('counts back with negative months', () => {
		expect(addCalendarMonths('2026-03-31', -1)).toBe('2026-02-28');
		expect(addCalendarMonths('2026-01-15', -3)).toBe('2025-10-15');
		expect(addCalendarMonths('2026-01-15', -13)).toBe('2024-12-15');
	});

	it('refuses what is not a day or a whole month', () => {
		expect(() => addCalendarMonths('2026-02-30', 1)).toThrow();
		expect(() => addCalendarMonths('2026-02-01', 1.5)).toThrow();
	});
});

describe('Tallinn days', () => {
	it('an instant counts by its Tallinn calendar day', () => {
		// 22:30 UTC on 31 March is 01:30 on 1 April in Tallinn (summer time, +3).
		expect(clockDay(new Date('2026-03-31T22:30:00Z'))).toBe('2026-04-01');
		// 21:59 UTC on 31 December is 23:59 in Tallinn (winter time, +2): still the old year.
		expect(clockDay(new Date('2026-12-31T21:59:00Z'))).toBe('2026-12-31');
		expect(clockDay(new Date('2026-12-31T22:00:00Z'))).toBe('2027-01-01');
		expect(clockDay('2026-05-05')).toBe('2026-05-05');
	});

	it('a survey entered late at night in Tallinn is due three months after that day', () => {
		expect(retentionDueOn(new Date('2026-03-31T22:30:00Z'), 3)).toBe('2026-07-01');
		expect(retentionDueOn(new Date('2026-03-31T20:30:00Z'), 3)).toBe('2026-06-30');
	});
});

describe('due and the SQL cut-off agree', () => {
	it('isDue on the day, not the day before; a period of 0 is due at once', () => {
		expect(isDue('2026-03-10', 3, '2026-06-09')).toBe(false);
		expect(isDue('2026-03-10', 3, '2026-06-10')).toBe(true);
		expect(isDue('2026-03-10', 0, '2026-03-10')).toBe(true);
		expect(() => retentionDueOn('2026-03-10', -1)).toThrow();
	});

	it('dueCutoff(today) is the latest start due today, for every day of four years', () => {
		for (const months of [0, 1, 3, 6, 12, 84]) {
			let today = '2026-01-01';
			while (today < '2030-01-01') {
				const cutoff = dueCutoff(today, months);
				expect(isDue(cutoff, months, today)).toBe(true);
				const next = new Date(`${cutoff}T00:00:00Z`);
				next.setUTCDate(next.getUTCDate() + 1);
				expect(isDue(next.toISOString().slice(0, 10), months, today)).toBe(false);
				const d = new Date(`${today}T00:00:00Z`);
				d.setUTCDate(d.getUTCDate() + 1);
				today = d.toISOString().slice(0, 10);
			}
		}
	});

	it('the notice horizon is 14 days ahead by default', () => {
		expect(noticeHorizon('2026-12-25')).toBe('2027-01-08');
		expect(noticeHorizon('2026-12-25', 7)).toBe('2027-01-01');
	});
});
