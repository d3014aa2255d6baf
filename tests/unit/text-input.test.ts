import { describe, expect, it } from 'vitest';
import {
	birthDateProblem,
	hasHiddenCharacters,
	normaliseName,
	parseWholeNumber
} from '../../src/lib/server/domain/text-input';

describe('text input rules (issue 17, item 3)', () => {
	it('normalises names to NFC and trims invisible characters at the ends', () => {
		expect(normaliseName('Ju\u0308ri')).toBe('Jüri');
		expect(normaliseName(' \u200BJüri\uFEFF ')).toBe('Jüri');
		expect(hasHiddenCharacters(normaliseName('Ju\u200Bri'))).toBe(true);
		expect(hasHiddenCharacters('\u202Eirum')).toBe(true);
		expect(hasHiddenCharacters('Mari-Liis O’Neill')).toBe(false);
	});

	it('takes whole numbers in decimal digits only', () => {
		expect(parseWholeNumber('90')).toBe(90);
		expect(parseWholeNumber(' 90 ')).toBe(90);
		for (const bad of [
			'1e2',
			'0x1E',
			'Infinity',
			'NaN',
			'-1',
			'+1',
			'1.5',
			'1,5',
			'',
			'9999999999'
		]) {
			expect(parseWholeNumber(bad), bad).toBeNull();
		}
	});

	it('refuses birth dates before 1900 and in the future', () => {
		expect(birthDateProblem('1899-12-31', '2026-12-07')).toBe('error.birth_date_too_early');
		expect(birthDateProblem('2026-12-08', '2026-12-07')).toBe('error.birth_date_future');
		expect(birthDateProblem('1900-01-01', '2026-12-07')).toBeNull();
		expect(birthDateProblem('2026-12-07', '2026-12-07')).toBeNull();
	});
});
