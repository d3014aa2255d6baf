import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/lib/server/domain/dates';
import {
	goodwillDueOn,
	goodwillLateCutoff,
	goodwillState,
	monthStart,
	monthsBackCutoff,
	paperDiaryDestroyDueOn,
	paperDiaryMonthErrors
} from '../../src/lib/server/domain/paper';
import { addMonths } from '../../src/lib/server/domain/surveys';

const met = (introducedOn: string) =>
	({ status: 'introduced', startsOn: introducedOn, endsOn: null, introducedOn }) as const;

describe('good-will agreement (R-PAIR-2)', () => {
	it('is due one calendar month after the first meeting, clamped at month ends', () => {
		expect(goodwillDueOn(met('2026-03-15'))).toBe('2026-04-15');
		expect(goodwillDueOn(met('2026-01-31'))).toBe('2026-02-28');
		expect(goodwillDueOn(met('2028-01-31'))).toBe('2028-02-29');
		expect(goodwillDueOn(met('2026-03-31'))).toBe('2026-04-30');
		expect(goodwillDueOn(met('2026-12-31'))).toBe('2027-01-31');
		expect(
			goodwillDueOn({
				status: 'proposed',
				startsOn: '2026-01-01',
				endsOn: null,
				introducedOn: null
			})
		).toBeNull();
	});

	it('is late only after the due day, and never once uploaded', () => {
		expect(goodwillState(met('2026-01-31'), false, '2026-02-28')).toBe('due');
		expect(goodwillState(met('2026-01-31'), false, '2026-03-01')).toBe('late');
		expect(goodwillState(met('2026-01-31'), true, '2026-06-01')).toBe('uploaded');
		expect(
			goodwillState(
				{ status: 'proposed', startsOn: '2026-01-01', endsOn: null, introducedOn: null },
				false,
				'2026-06-01'
			)
		).toBe('not_yet');
	});

	it('the SQL cut-off selects exactly the late ones, day by day over leap and common years', () => {
		for (let today = '2027-12-01'; today <= '2029-03-31'; today = addDays(today, 1)) {
			const cutoff = goodwillLateCutoff(today);
			for (let d = -75; d <= 0; d++) {
				const first = addDays(today, d);
				const late = goodwillState(met(first), false, today) === 'late';
				expect(first <= cutoff, `${first} on ${today}`).toBe(late);
			}
		}
	});

	it('monthsBackCutoff is the latest start that lands on or before the day', () => {
		expect(monthsBackCutoff('2026-02-28', 1)).toBe('2026-01-31');
		expect(monthsBackCutoff('2026-03-30', 1)).toBe('2026-02-28');
		expect(monthsBackCutoff('2026-03-31', 1)).toBe('2026-02-28');
		expect(addMonths(monthsBackCutoff('2026-04-30', 1), 1)).toBe('2026-04-30');
	});
});

describe('paper diaries (R-PAIR-8)', () => {
	it('pages are to be destroyed one month after receipt, clamped at month ends', () => {
		expect(paperDiaryDestroyDueOn('2026-12-02')).toBe('2027-01-02');
		expect(paperDiaryDestroyDueOn('2026-01-31')).toBe('2026-02-28');
		expect(paperDiaryDestroyDueOn('2028-01-30')).toBe('2028-02-29');
	});

	it('reads a month and checks it against the pairing and today', () => {
		expect(monthStart('2026-11')).toBe('2026-11-01');
		expect(monthStart('2026-13')).toBeNull();
		expect(monthStart('2026-1')).toBeNull();
		const pairing = { startsOn: '2026-09-15', endsOn: '2026-12-01' };
		expect(
			paperDiaryMonthErrors(
				{ month: '2026-09-01', receivedOn: '2026-10-02' },
				pairing,
				'2026-10-05'
			)
		).toEqual({});
		expect(
			paperDiaryMonthErrors(
				{ month: '2026-08-01', receivedOn: '2026-09-02' },
				pairing,
				'2026-10-05'
			).month
		).toBe('paper.error.month_outside_pairing');
		expect(
			paperDiaryMonthErrors(
				{ month: '2026-12-01', receivedOn: '2026-12-02' },
				pairing,
				'2026-12-05'
			).month
		).toBe('paper.error.month_outside_pairing');
		expect(
			paperDiaryMonthErrors(
				{ month: '2026-10-01', receivedOn: '2026-10-06' },
				pairing,
				'2026-10-05'
			).receivedOn
		).toBe('paper.error.received_in_future');
		expect(
			paperDiaryMonthErrors(
				{ month: '2026-10-01', receivedOn: '2026-09-30' },
				pairing,
				'2026-10-05'
			).receivedOn
		).toBe('paper.error.received_before_month');
	});
});
