import { describe, expect, it } from 'vitest';
import { barChart, columnChart, formatNumber, niceMax, ticks } from '$lib/charts';

describe('chart geometry (server-rendered SVG, R-REP-4)', () => {
	it('rounds the axis up to a nice number', () => {
		expect(niceMax(0)).toBe(1);
		expect(niceMax(7)).toBe(10);
		expect(niceMax(12)).toBe(20);
		expect(niceMax(21)).toBe(25);
		expect(niceMax(480)).toBe(500);
		expect(niceMax(1205)).toBe(2000);
		expect(ticks(1205)).toEqual([0, 500, 1000, 1500, 2000]);
	});

	it('draws columns from the baseline, the largest reaching the nice maximum proportionally', () => {
		const c = columnChart(
			[
				{ label: 'a', value: 50 },
				{ label: 'b', value: 100 },
				{ label: 'c', value: 0 }
			],
			{ width: 300, height: 200, left: 40, top: 10, bottom: 30 }
		);
		expect(c.max).toBe(100);
		expect(c.bars[1]!.height).toBe(c.plotHeight);
		expect(c.bars[0]!.height).toBe(c.plotHeight / 2);
		expect(c.bars[2]!.height).toBe(0);
		for (const b of c.bars) expect(b.y + b.height).toBeCloseTo(10 + c.plotHeight, 1);
		expect(c.bars[0]!.x).toBeLessThan(c.bars[1]!.x);
		// Many months: only every n-th label so they do not overlap.
		expect(
			columnChart(Array.from({ length: 36 }, (_, i) => ({ label: `${i}`, value: i }))).labelEvery
		).toBe(3);
	});

	it('draws bars in rows with lengths proportional to the values', () => {
		const b = barChart(
			[
				{ label: 'P1', value: 10 },
				{ label: 'P2', value: 5 }
			],
			{ width: 500, labelWidth: 100 }
		);
		expect(b.rows[0]!.length).toBe(2 * b.rows[1]!.length);
		expect(b.rows[1]!.y).toBeGreaterThan(b.rows[0]!.y);
		expect(barChart([]).rows).toEqual([]);
	});

	it('formats numbers the Estonian way', () => {
		expect(formatNumber(21600, 'et')).toBe('21\u00a0600');
		expect(formatNumber(7.25, 'et', 1)).toBe('7,3');
		expect(formatNumber(21600, 'en')).toBe('21,600');
		expect(formatNumber(null, 'et')).toBe('—');
		// Formats are made once per locale and digits (a page formats a thousand numbers): asking
		// again in another order gives each its own.
		expect(formatNumber(7.25, 'en', 1)).toBe('7.3');
		expect(formatNumber(7.25, 'et')).toBe('7');
		expect(formatNumber(12345.5, 'et', 1)).toBe('12\u00a0345,5');
		expect(formatNumber(1234.5, 'en', 1)).toBe('1,234.5');
	});
});
