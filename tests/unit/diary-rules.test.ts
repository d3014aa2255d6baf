import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	DIARY_MAX_MINUTES,
	changedDiaryFields,
	contactDateError,
	draftFields,
	durationIsValid,
	isStale
} from '$lib/server/domain/diary';
import { addDays } from '$lib/server/domain/dates';

/** R-PAIR-3: the date and duration of a visit, versions, and what a draft keeps. */

const TODAY = '2026-11-23';

describe('the date of a visit', () => {
	const pairing = { startsOn: '2026-10-01', endsOn: null };

	it('is not in the future', () => {
		expect(contactDateError('2026-11-24', TODAY, pairing)).toBe('diary.date_in_future');
		expect(contactDateError(TODAY, TODAY, pairing)).toBeNull();
	});

	it('is not before the pairing started', () => {
		expect(contactDateError('2026-09-30', TODAY, pairing)).toBe('diary.date_before_pairing');
		expect(contactDateError('2026-10-01', TODAY, pairing)).toBeNull();
	});

	it('is not on or after the day the pairing ended (the end day is exclusive)', () => {
		const ended = { startsOn: '2026-10-01', endsOn: '2026-11-01' };
		expect(contactDateError('2026-10-31', TODAY, ended)).toBeNull();
		expect(contactDateError('2026-11-01', TODAY, ended)).toBe('diary.date_after_pairing');
	});

	it('without a pairing (the coordinator’s own contact) only "not in the future" applies', () => {
		expect(contactDateError('2001-01-01', TODAY, null)).toBeNull();
		expect(contactDateError('2026-11-24', TODAY, null)).toBe('diary.date_in_future');
	});

	it('any day in the window and not after today is right (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: -400, max: 0 }),
				fc.integer({ min: -400, max: 30 }),
				fc.integer({ min: 1, max: 400 }),
				(startOffset, dayOffset, length) => {
					const startsOn = addDays(TODAY, startOffset);
					const endsOn = addDays(startsOn, length);
					const day = addDays(TODAY, dayOffset);
					const inside = day >= startsOn && day < endsOn && day <= TODAY;
					expect(contactDateError(day, TODAY, { startsOn, endsOn }) === null).toBe(inside);
				}
			)
		);
	});
});

describe('the duration', () => {
	it.each([1, 45, 90, DIARY_MAX_MINUTES])('%i minutes is sane', (m) => {
		expect(durationIsValid(m)).toBe(true);
	});
	it.each([0, -5, 1.5, DIARY_MAX_MINUTES + 1, NaN, 1440])('%s minutes is not', (m) => {
		expect(durationIsValid(m)).toBe(false);
	});
});

describe('versions', () => {
	it('a change from an older version is stale', () => {
		expect(isStale(1, 1)).toBe(false);
		expect(isStale(1, 2)).toBe(true);
	});

	it('names the changed fields, never their values', () => {
		const before = {
			contactDate: '2026-11-20',
			contactKind: 'home_visit',
			helpProfiles: ['P1', 'P2'],
			durationMinutes: 60,
			description: 'Jõime teed.',
			flagged: false,
			flagNote: null
		};
		expect(changedDiaryFields(before, { ...before, helpProfiles: ['P2', 'P1'] })).toEqual([]);
		expect(
			changedDiaryFields(before, {
				...before,
				description: 'Jõime kohvi.',
				flagged: true,
				flagNote: 'Tervis halvem'
			})
		).toEqual(['description', 'flagged', 'flagNote']);
	});
});

describe('what a draft keeps', () => {
	it('only the diary fields, as strings and lists', () => {
		expect(
			draftFields({
				description: 'Pikk tekst',
				durationMinutes: 90,
				helpProfiles: ['P1', 'P3'],
				password: 'x',
				version: '3',
				__proto__: { evil: true }
			})
		).toEqual({
			description: 'Pikk tekst',
			durationMinutes: '90',
			helpProfiles: ['P1', 'P3'],
			version: '3'
		});
	});

	it('nothing when no text was typed', () => {
		expect(draftFields({ contactDate: '2026-11-23', description: '   ' })).toBeNull();
		expect(draftFields(null)).toBeNull();
		expect(draftFields('text')).toBeNull();
	});

	it('keeps a note of the flag even without a description', () => {
		expect(draftFields({ flagNote: 'Helistage tütrele' })).toEqual({
			flagNote: 'Helistage tütrele'
		});
	});
});
