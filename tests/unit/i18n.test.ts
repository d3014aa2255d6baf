import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage, isLocale, intlLocale } from '$lib/i18n/locale';
import { formatDate, formatMoney, formatNumber } from '$lib/i18n/format';
import { convert, PLURALS, safeModuleId } from '../../scripts/i18n/convert';
import { parsePattern, toMessage, inputsOf } from '../../scripts/i18n/compile.js';

describe('localeFromAcceptLanguage', () => {
	it('takes the first of our languages by quality', () => {
		expect(localeFromAcceptLanguage('ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ru');
		expect(localeFromAcceptLanguage('de-DE,de;q=0.9,en;q=0.8,ru;q=0.5')).toBe('en');
		expect(localeFromAcceptLanguage('en;q=0.5, et')).toBe('et');
		expect(localeFromAcceptLanguage('fi, sv')).toBeNull();
		expect(localeFromAcceptLanguage('ru;q=0, en')).toBe('en');
		expect(localeFromAcceptLanguage(undefined)).toBeNull();
		expect(localeFromAcceptLanguage('*')).toBeNull();
	});

	it('knows the three languages', () => {
		expect(['et', 'ru', 'en'].every(isLocale)).toBe(true);
		expect(isLocale('de')).toBe(false);
		expect(intlLocale('et')).toBe('et-EE');
	});
});

describe('formatting', () => {
	it('writes numbers and money per language', () => {
		expect(formatNumber(12345.5, undefined, 'et').replace(/\s/g, ' ')).toBe('12 345,5');
		expect(formatNumber(12345.5, undefined, 'ru').replace(/\s/g, ' ')).toBe('12 345,5');
		expect(formatNumber(12345.5, undefined, 'en')).toBe('12,345.5');
		expect(formatMoney('12.30', 'et').replace(/\s/g, ' ')).toBe('12,30 €');
		expect(formatMoney(12.3, 'en')).toBe('€12.30');
		expect(formatMoney(null, 'et')).toBe('—');
	});

	it('writes dates dd.mm.yyyy in Tallinn time', () => {
		expect(formatDate('2026-03-01')).toBe('01.03.2026');
		// 22:30 UTC on 31 March is already 1 April in Tallinn (UTC+3 in summer)
		expect(formatDate(new Date('2026-03-31T22:30:00Z'))).toBe('01.04.2026');
	});
});

describe('message conversion (scripts/i18n/convert.ts)', () => {
	const areas = {
		'a.ts': {
			et: { 'a.hello': 'Tere, {name}!', 'mapping.waiting_days': '{days} päeva' },
			en: { 'a.hello': 'Hello, {name}!', 'mapping.waiting_days': '{days} days' },
			ru: { 'a.hello': 'Здравствуйте, {name}!' }
		}
	};

	it('keeps keys, reports what a language lacks and makes the plural table real plurals', () => {
		const { messages, problems, missing } = convert(areas, ['et', 'ru', 'en']);
		expect(problems).toEqual([]);
		expect(messages.ru!['a.hello']).toBe('Здравствуйте, {name}!');
		expect(missing).toEqual({ ru: [], en: [] });
		const plural = messages.ru!['mapping.waiting_days'] as unknown as [
			{ match: Record<string, string> }
		];
		expect(plural[0].match['daysPlural=few']).toBe(PLURALS['mapping.waiting_days']!.ru.few);
	});

	it('refuses two keys that would compile to the same module', () => {
		const { problems } = convert({ 'b.ts': { et: { 'x.a_b': '1', 'x.a.b': '2' } } }, [
			'et',
			'ru',
			'en'
		]);
		expect(problems).toHaveLength(1);
		expect(safeModuleId('x.a.b')).toBe(safeModuleId('x.a_b'));
	});

	it('parses placeholders and plural variants', () => {
		expect(parsePattern('Tere, {name}!')).toEqual([
			{ type: 'text', value: 'Tere, ' },
			{ type: 'expression', arg: { type: 'variable-reference', name: 'name' } },
			{ type: 'text', value: '!' }
		]);
		const { messages } = convert(areas, ['et', 'ru', 'en']);
		const m = toMessage(messages.ru!['mapping.waiting_days']);
		expect(m.selectors).toEqual([{ type: 'variable-reference', name: 'daysPlural' }]);
		expect(m.variants.map((v: { matches: { value?: string }[] }) => v.matches[0]!.value)).toEqual([
			'one',
			'few',
			'many',
			undefined
		]);
		expect(inputsOf(messages.ru!['mapping.waiting_days'])).toEqual(['days']);
	});
});
