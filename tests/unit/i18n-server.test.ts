import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { hasMessage, localizeFailure, translate } from '$lib/server/i18n';

/**
 * The compiled messages on the server (issue 20): every language, plural forms, run-time keys,
 * and form failures translated before they reach the page.
 */
describe('compiled messages', () => {
	it('speak the three languages, with parameters', () => {
		expect(m['home.title']({ name: 'Вера' }, { locale: 'ru' })).toBe('Здравствуйте, Вера!');
		expect(m['home.title']({ name: 'Vera' }, { locale: 'et' })).toBe('Tere, Vera!');
		expect(m['error.form_invalid']({}, { locale: 'en' })).toMatch(/^[A-Z]/);
	});

	it('use the plural forms of each language', () => {
		const ru = (days: number) => m['mapping.waiting_days']({ days }, { locale: 'ru' });
		expect([1, 2, 5, 11, 21, 22, 25].map(ru)).toEqual([
			'1 день',
			'2 дня',
			'5 дней',
			'11 дней',
			'21 день',
			'22 дня',
			'25 дней'
		]);
		expect(m['mapping.waiting_days']({ days: 1 }, { locale: 'et' })).toBe('1 päev');
		expect(m['mapping.waiting_days']({ days: 3 }, { locale: 'et' })).toBe('3 päeva');
		expect(m['mapping.waiting_days']({ days: 1 }, { locale: 'en' })).toBe('1 day');
	});

	it('look up a run-time key, and show an unknown key as it is', () => {
		expect(hasMessage('client.status.waiting')).toBe(true);
		expect(translate('ru', 'client.status.waiting')).toMatch(/[а-яё]/i);
		expect(translate('ru', 'no.such.key')).toBe('no.such.key');
		expect(hasMessage('constructor')).toBe(false);
	});
});

describe('localizeFailure', () => {
	it('turns the message and field errors into text and keeps the keys', () => {
		const out = localizeFailure(
			{
				message: 'error.form_invalid',
				errors: { email: 'error.required', other: 'free text from elsewhere' },
				values: { email: '' }
			},
			'ru'
		);
		expect(out.message).toBe('Пожалуйста, исправьте отмеченные поля.');
		expect(out.messageKey).toBe('error.form_invalid');
		expect(out.errors).toEqual({
			email: 'Это поле обязательно.',
			other: 'free text from elsewhere'
		});
		expect(out.errorKeys).toEqual({ email: 'error.required', other: 'free text from elsewhere' });
		expect(out.values).toEqual({ email: '' });
	});

	it('is idempotent: a failure passed on again keeps its text and keys', () => {
		const once = localizeFailure({ message: 'error.form_invalid', errors: {} }, 'et');
		const twice = localizeFailure({ ...once, form: 'diary' }, 'en');
		expect(twice.message).toBe(once.message);
		expect(twice.messageKey).toBe('error.form_invalid');
	});
});
