import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	addMonths,
	checkSurveyAnswers,
	confirmationCode,
	lonelinessScore,
	paperDestroyDueOn,
	SIX_MONTH_SURVEY_V1,
	sixMonthSurveyState,
	surveyDueCutoff,
	surveyDueOn
} from '$lib/server/domain/surveys';
import { clientAgeGroup } from '$lib/server/domain/client-rights';
import { noContactBefore, paperLateIfBefore } from '$lib/server/domain/attention';
import { paperOriginalState } from '$lib/server/domain/deadlines';
import { addDays } from '$lib/server/domain/dates';
import { buildIsikukood } from '$lib/server/domain/isikukood';

/** Issue 4: six-month survey (R-PAIR-6), the client's rights (R-PAIR-5), the attention list. */

const day = fc
	.date({
		min: new Date('2000-01-01T00:00:00Z'),
		max: new Date('2099-12-31T00:00:00Z'),
		noInvalidDate: true
	})
	.map((d) => d.toISOString().slice(0, 10));

describe('calendar months', () => {
	it.each([
		['2026-01-15', 6, '2026-07-15'],
		['2026-08-31', 6, '2027-02-28'],
		['2027-08-31', 6, '2028-02-29'],
		['2026-03-31', 6, '2026-09-30'],
		['2026-12-31', 2, '2027-02-28'],
		['2026-07-01', 6, '2027-01-01'],
		['2026-11-30', 3, '2027-02-28'],
		['2026-05-31', -3, '2026-02-28'],
		['2024-02-29', 12, '2025-02-28']
	])('%s + %i months = %s', (from, months, to) => {
		expect(addMonths(from, months)).toBe(to);
	});

	it('refuses a non-day and part months', () => {
		expect(() => addMonths('2026-02-30', 1)).toThrow();
		expect(() => addMonths('2026-02-01', 1.5)).toThrow();
	});
});

describe('the six-month survey is due six calendar months after the first pairing began', () => {
	it('is due on the same day six months later, clamped to the month end', () => {
		expect(surveyDueOn('2026-05-23')).toBe('2026-11-23');
		expect(surveyDueOn('2026-08-31')).toBe('2027-02-28');
		expect(surveyDueOn('2027-08-31')).toBe('2028-02-29');
		expect(surveyDueOn('2026-08-29')).toBe('2027-02-28');
	});

	it('is not yet due the day before, due on the day, done once answered', () => {
		const s = (today: string, answered = false) =>
			sixMonthSurveyState({ firstPairingStartsOn: '2026-08-31', answered, today });
		expect(s('2027-02-27')).toBe('not_yet');
		expect(s('2027-02-28')).toBe('due');
		expect(s('2027-06-01')).toBe('due');
		expect(s('2027-06-01', true)).toBe('done');
		expect(s('2026-09-01', true)).toBe('done');
	});

	it('has not started without a pairing that has begun', () => {
		expect(
			sixMonthSurveyState({ firstPairingStartsOn: null, answered: false, today: '2026-11-23' })
		).toBe('not_started');
		expect(
			sixMonthSurveyState({
				firstPairingStartsOn: '2026-12-01',
				answered: false,
				today: '2026-11-23'
			})
		).toBe('not_started');
	});

	it.each([
		['2027-02-28', '2026-08-31'],
		['2027-02-27', '2026-08-27'],
		['2028-02-29', '2027-08-31'],
		['2026-09-30', '2026-03-31'],
		['2026-11-23', '2026-05-23']
	])('on %s every client who began on or before %s is due', (today, cutoff) => {
		expect(surveyDueCutoff(today)).toBe(cutoff);
	});

	it('the SQL cut-off agrees with the due day for any start and any day', () => {
		fc.assert(
			fc.property(day, fc.integer({ min: 0, max: 400 }), (start, after) => {
				const today = addDays(start, after);
				expect(start <= surveyDueCutoff(today)).toBe(surveyDueOn(start) <= today);
			}),
			{ numRuns: 3000 }
		);
	});

	it('a paper original is destroyed three months after entry', () => {
		expect(paperDestroyDueOn('2026-11-23')).toBe('2027-02-23');
		expect(paperDestroyDueOn('2026-11-30')).toBe('2027-02-28');
	});
});

describe('answers and the UCLA three-item loneliness score', () => {
	const questions = SIX_MONTH_SURVEY_V1.questions;
	const full = {
		satisfaction: '5',
		change: '1',
		change_text: '  Käin jälle poes.  ',
		ucla_companionship: '2',
		ucla_left_out: '1',
		ucla_isolated: '3'
	};

	it('version 1 has satisfaction, what changed and three loneliness items, in et and en', () => {
		expect(questions.map((q) => q.id)).toEqual([
			'satisfaction',
			'change',
			'change_text',
			'ucla_companionship',
			'ucla_left_out',
			'ucla_isolated'
		]);
		expect(
			questions.filter((q) => q.loneliness).map((q) => q.options?.map((o) => o.value))
		).toEqual([
			[1, 2, 3],
			[1, 2, 3],
			[1, 2, 3]
		]);
		for (const q of questions) {
			expect(q.label.et).toBeTruthy();
			expect(q.label.en).toBeTruthy();
		}
	});

	it('accepts valid answers as numbers and trimmed text, and scores 3–9', () => {
		const r = checkSurveyAnswers(questions, full);
		expect(r).toEqual({
			ok: true,
			answers: {
				satisfaction: 5,
				change: 1,
				change_text: 'Käin jälle poes.',
				ucla_companionship: 2,
				ucla_left_out: 1,
				ucla_isolated: 3
			}
		});
		if (r.ok) expect(lonelinessScore(questions, r.answers)).toBe(6);
		const least = checkSurveyAnswers(questions, {
			...full,
			ucla_companionship: '1',
			ucla_left_out: '1',
			ucla_isolated: '1'
		});
		const most = checkSurveyAnswers(questions, {
			...full,
			ucla_companionship: '3',
			ucla_left_out: '3',
			ucla_isolated: '3'
		});
		expect(least.ok && lonelinessScore(questions, least.answers)).toBe(3);
		expect(most.ok && lonelinessScore(questions, most.answers)).toBe(9);
	});

	it('refuses a missing required answer, a value that is not an option, and too long text', () => {
		const r = checkSurveyAnswers(questions, {
			...full,
			satisfaction: '',
			ucla_isolated: '4',
			change: 'paremaks',
			change_text: 'x'.repeat(2001)
		});
		expect(r).toEqual({
			ok: false,
			errors: {
				satisfaction: 'survey.answer_required',
				ucla_isolated: 'survey.answer_invalid',
				change: 'survey.answer_invalid',
				change_text: 'error.too_long'
			}
		});
	});

	it('leaves an optional text out and ignores unknown questions', () => {
		const r = checkSurveyAnswers(questions, { ...full, change_text: '', other: 'x' });
		expect(r.ok && r.answers).not.toHaveProperty('change_text');
		expect(r.ok && r.answers).not.toHaveProperty('other');
	});

	it('has no score without loneliness items or with one unanswered', () => {
		expect(lonelinessScore(questions, { ucla_companionship: 2, ucla_left_out: 2 })).toBeNull();
		expect(lonelinessScore(questions.slice(0, 3), { satisfaction: 5 })).toBeNull();
	});

	it('makes a six-character confirmation code from a record id', () => {
		expect(confirmationCode('0b4f6a0e-6a55-4a8e-9d1a-3b7c2e9f0a11')).toBe('0B4F6A');
	});
});

describe('age group kept after anonymisation', () => {
	const group = (dateOfBirth: string, today = '2026-11-23') =>
		clientAgeGroup({ dateOfBirth, isikukood: null }, today);

	it('counts full years, the birthday itself included', () => {
		expect(group('1951-11-23')).toBe('75-84');
		expect(group('1951-11-24')).toBe('65-74');
		expect(group('1952-02-29', '2027-02-28')).toBe('65-74');
		expect(group('1952-02-29', '2027-03-01')).toBe('75-84');
	});

	it.each([
		['2009-11-24', '0-17'],
		['2008-11-23', '18-29'],
		['1996-11-24', '18-29'],
		['1996-11-23', '30-54'],
		['1961-11-23', '65-74'],
		['1962-11-23', '55-64'],
		['1941-11-24', '75-84'],
		['1941-11-23', '85+'],
		['1920-01-01', '85+']
	])('born %s: %s on 23.11.2026 (the ESF groups of the reports)', (born, expected) => {
		expect(group(born)).toBe(expected);
	});

	it('takes the date of birth, else the isikukood, else nothing', () => {
		expect(clientAgeGroup({ dateOfBirth: '1956-03-02', isikukood: null }, '2026-11-23')).toBe(
			'65-74'
		);
		const code = buildIsikukood('1940-06-15', 'female', 12);
		expect(clientAgeGroup({ dateOfBirth: null, isikukood: code }, '2026-11-23')).toBe('85+');
		expect(clientAgeGroup({ dateOfBirth: null, isikukood: null }, '2026-11-23')).toBeNull();
		expect(clientAgeGroup({ dateOfBirth: '2030-01-01', isikukood: null }, '2026-11-23')).toBeNull();
	});
});

describe('attention list cut-offs', () => {
	it('a paper original is late from the 4th of the month after signing', () => {
		expect(paperLateIfBefore('2026-11-03')).toBe('2026-10-01');
		expect(paperLateIfBefore('2026-11-04')).toBe('2026-11-01');
		expect(paperLateIfBefore('2027-01-02')).toBe('2026-12-01');
	});

	it('agrees with paperOriginalState for any signing day and any day', () => {
		fc.assert(
			fc.property(day, fc.integer({ min: 0, max: 120 }), (signed, after) => {
				const today = addDays(signed, after);
				expect(signed < paperLateIfBefore(today)).toBe(
					paperOriginalState(signed, null, today) === 'late'
				);
			}),
			{ numRuns: 3000 }
		);
	});

	it('a pairing is listed after more than N days without contact', () => {
		expect(noContactBefore('2026-11-23', 21)).toBe('2026-11-02');
		expect(() => noContactBefore('2026-11-23', 0)).toThrow();
	});
});
