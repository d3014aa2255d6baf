import { describe, expect, it } from 'vitest';
import { UPKEEP_HOUR, upkeepDue } from '$lib/server/domain/maintenance';

describe('the embedded database upkeep (PGlite has no autovacuum)', () => {
	// 03:30 Tallinn time: UTC+3 in summer, UTC+2 in winter.
	const summerNight = new Date('2026-07-15T00:30:00Z');
	const winterNight = new Date('2026-12-15T01:30:00Z');
	const hours = (h: number, from: Date) => new Date(from.getTime() - h * 3600_000);

	it('runs in the night hour once 20 hours have passed, summer and winter', () => {
		expect(UPKEEP_HOUR).toBe(3);
		expect(upkeepDue(hours(21, summerNight), summerNight)).toBe(true);
		expect(upkeepDue(hours(21, winterNight), winterNight)).toBe(true);
		expect(upkeepDue(hours(19, winterNight), winterNight)).toBe(false);
	});

	it('waits for the night hour, unless two days have passed', () => {
		const afternoon = new Date('2026-12-15T12:00:00Z');
		expect(upkeepDue(hours(30, afternoon), afternoon)).toBe(false);
		// 04:30 in winter is past the hour.
		const later = new Date('2026-12-15T02:30:00Z');
		expect(upkeepDue(hours(30, later), later)).toBe(false);
		expect(upkeepDue(hours(48, afternoon), afternoon)).toBe(true);
	});
});
