import { describe, expect, it } from 'vitest';
import {
	APPLICATION_QUESTIONS,
	APPLICATION_QUESTION_IDS,
	HEARD_FROM,
	MIN_FILL_SECONDS,
	canMoveApplication,
	cleanAnswers,
	fillTimeAcceptable,
	formStartedToken,
	isApplicationLocale,
	nextApplicationSteps,
	tallinnInstant,
	tallinnLocalTime
} from '$lib/server/domain/recruitment';
import { hasMessage } from '$lib/server/i18n';
import { m } from '$lib/paraglide/messages';
import etMessages from '../../messages/et.json';
import ruMessages from '../../messages/ru.json';
import enMessages from '../../messages/en.json';

const APPLY_KEYS = Object.keys(etMessages).filter((k) => k.startsWith('apply.'));
const et = etMessages as Record<string, unknown>;
const ru = ruMessages as Record<string, unknown>;
const en = enMessages as Record<string, unknown>;

/** Issue 3, recruitment: the application's questions, the pipeline, the spam speed bump. */

describe('the application questions (R-VOL-2)', () => {
	it('have unique, stable ids', () => {
		expect(new Set(APPLICATION_QUESTION_IDS).size).toBe(APPLICATION_QUESTIONS.length);
		expect(APPLICATION_QUESTION_IDS).toEqual([
			'experience',
			'help_offered',
			'time_available',
			'languages',
			'heard_from'
		]);
	});

	it('each has a label in Estonian, Russian and English, and each choice too', () => {
		for (const q of APPLICATION_QUESTIONS) {
			for (const dict of [et, ru, en]) {
				expect((dict as Record<string, unknown>)[`apply.q.${q.id}`], q.id).toBeTruthy();
			}
			for (const o of 'options' in q ? q.options : []) {
				for (const dict of [et, ru, en]) {
					expect((dict as Record<string, unknown>)[`apply.${q.id}.${o}`], o).toBeTruthy();
				}
			}
		}
	});

	it('keeps known answers only, trimmed, and drops empty ones', () => {
		const result = cleanAnswers({
			experience: '  Hooldekodus 2 aastat  ',
			languages: '',
			heard_from: 'social_media',
			unknown: 'kirjutan midagi muud'
		});
		expect(result).toEqual({
			ok: true,
			answers: { experience: 'Hooldekodus 2 aastat', heard_from: 'social_media' }
		});
	});

	it('refuses a choice that is not offered and an answer that is too long', () => {
		expect(cleanAnswers({ heard_from: 'billboard' })).toEqual({
			ok: false,
			questionId: 'heard_from',
			error: 'choice'
		});
		expect(cleanAnswers({ languages: 'x'.repeat(501) })).toMatchObject({
			ok: false,
			questionId: 'languages',
			error: 'too_long'
		});
		expect(HEARD_FROM).toContain('friend');
	});
});

describe('the public form speaks three languages', () => {
	it('every text exists in Russian and English', () => {
		for (const key of APPLY_KEYS) {
			expect(ru[key], key).toBeTruthy();
			expect(en[key], key).toBeTruthy();
		}
	});

	it('Russian texts are Russian (Cyrillic), not copies of the Estonian', () => {
		const exempt = new Set([
			'apply.lang.et',
			'apply.lang.en',
			'apply.notify.subject',
			'apply.notify.body'
		]);
		for (const key of APPLY_KEYS.filter((k) => !exempt.has(k))) {
			expect(ru[key], key).toMatch(/[А-Яа-яЁё]/);
		}
	});

	it('reads a language, with parameters, and the app knows the Estonian and English keys', () => {
		expect(m['apply.submit']({}, { locale: 'ru' })).toBe('Отправить заявление');
		expect(m['apply.mail.body']({ date: '23.11.2026' }, { locale: 'en' })).toContain('23.11.2026');
		expect(hasMessage('apply.q.experience')).toBe(true);
		expect(isApplicationLocale('ru')).toBe(true);
		expect(isApplicationLocale('fi')).toBe(false);
	});
});

describe('the pipeline (R-VOL-3, R-VOL-6)', () => {
	it('goes applied → interview arranged → interviewed → selected', () => {
		expect(canMoveApplication('applied', 'interview_arranged')).toBe(true);
		expect(canMoveApplication('interview_arranged', 'interviewed')).toBe(true);
		expect(canMoveApplication('interviewed', 'selected')).toBe(true);
	});

	it('selects only after an interview', () => {
		expect(canMoveApplication('applied', 'selected')).toBe(false);
		expect(canMoveApplication('interview_arranged', 'selected')).toBe(false);
	});

	it('may record an interview held at once, re-arrange one and correct its notes', () => {
		expect(canMoveApplication('applied', 'interviewed')).toBe(true);
		expect(canMoveApplication('interview_arranged', 'interview_arranged')).toBe(true);
		expect(canMoveApplication('interviewed', 'interviewed')).toBe(true);
		expect(canMoveApplication('interviewed', 'interview_arranged')).toBe(false);
	});

	it('may say "not selected" at every open step, and nothing follows a selection', () => {
		for (const s of ['applied', 'interview_arranged', 'interviewed'] as const) {
			expect(canMoveApplication(s, 'not_selected')).toBe(true);
		}
		expect(nextApplicationSteps('selected')).toEqual([]);
		expect(canMoveApplication('selected', 'not_selected')).toBe(false);
	});
});

describe('the minimum fill time', () => {
	const shown = new Date('2026-11-23T10:00:00Z');
	const token = formStartedToken(shown);
	const after = (ms: number) => new Date(shown.getTime() + ms);

	it('refuses a form sent faster than a person fills it', () => {
		expect(fillTimeAcceptable(token, after(MIN_FILL_SECONDS * 1000 - 1))).toBe(false);
		expect(fillTimeAcceptable(token, after(MIN_FILL_SECONDS * 1000))).toBe(true);
		expect(fillTimeAcceptable(token, after(10 * 60_000))).toBe(true);
	});

	it('refuses a form older than a day, a missing or garbled value, and one from the future', () => {
		expect(fillTimeAcceptable(token, after(24 * 3_600_000 + 1))).toBe(false);
		expect(fillTimeAcceptable(undefined, after(60_000))).toBe(false);
		expect(fillTimeAcceptable('', after(60_000))).toBe(false);
		expect(fillTimeAcceptable('not-a-time!', after(60_000))).toBe(false);
		expect(fillTimeAcceptable(token, after(-60_000))).toBe(false);
	});
});

describe('interview times on the Tallinn clock', () => {
	it.each([
		['2026-11-25T14:30', '2026-11-25T12:30:00.000Z'], // winter, UTC+2
		['2026-06-10T09:00', '2026-06-10T06:00:00.000Z'], // summer, UTC+3
		['2026-03-29T02:30', '2026-03-29T00:30:00.000Z'], // before clocks go forward
		['2026-03-29T04:30', '2026-03-29T01:30:00.000Z'], // after
		['2026-10-25T03:30', '2026-10-25T00:30:00.000Z'] // the repeated hour: the first one
	])('%s is %s', (local, instant) => {
		expect(tallinnInstant(local)?.toISOString()).toBe(instant);
		expect(tallinnLocalTime(new Date(instant))).toBe(local);
	});

	it('moves a time in the skipped hour one hour on', () => {
		expect(tallinnInstant('2026-03-29T03:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
	});

	it('refuses what is not a time', () => {
		for (const bad of ['', '2026-02-30T10:00', '2026-11-25T24:00', '2026-11-25 10:00', 'x']) {
			expect(tallinnInstant(bad), bad).toBeNull();
		}
	});
});
