import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	buildIsikukood,
	isikukoodCheckDigit,
	validateIsikukood
} from '$lib/server/domain/isikukood';

/**
 * Issue 3, "The isikukood". The check digit is recomputed here by an independently written
 * routine (weights as formulas, not tables) so the tests do not just repeat the module.
 */
function referenceCheckDigit(first10: string): number {
	const digits = [...first10].map(Number);
	const stage = (weight: (i: number) => number) =>
		digits.reduce((sum, d, i) => sum + d * weight(i), 0) % 11;
	const a = stage((i) => (i % 9) + 1); // 1 2 3 4 5 6 7 8 9 1
	if (a !== 10) return a;
	const b = stage((i) => ((i + 2) % 9) + 1); // 3 4 5 6 7 8 9 1 2 3
	return b === 10 ? 0 : b;
}

/** A code for a date (yyyy-mm-dd), sex and sequence, with the reference check digit. */
function code(date: string, sex: 'male' | 'female', seq: number): string {
	const year = Number(date.slice(0, 4));
	const g = Math.floor((year - 1800) / 100) * 2 + (sex === 'male' ? 1 : 2);
	const first10 = `${g}${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}${String(seq).padStart(3, '0')}`;
	return first10 + referenceCheckDigit(first10);
}

/** The first ten digits with any check digit (for date and century failures). */
const withCheck = (first10: string) => first10 + referenceCheckDigit(first10);

describe('validateIsikukood — valid codes', () => {
	it('accepts known valid codes and derives date of birth and sex', () => {
		expect(validateIsikukood('37605030299')).toEqual({
			ok: true,
			dateOfBirth: '1976-05-03',
			sex: 'male'
		});
		expect(validateIsikukood('49403136526')).toEqual({
			ok: true,
			dateOfBirth: '1994-03-13',
			sex: 'female'
		});
	});

	it('uses the second stage, and 0 when both stages give 10', () => {
		// 3800101001: stage one gives 10, stage two 5.
		expect(isikukoodCheckDigit('3800101001')).toBe(5);
		expect(validateIsikukood('38001010015').ok).toBe(true);
		// 3800101025: both stages give 10 → check digit 0.
		expect(isikukoodCheckDigit('3800101025')).toBe(0);
		expect(validateIsikukood('38001010250')).toEqual({
			ok: true,
			dateOfBirth: '1980-01-01',
			sex: 'male'
		});
	});

	it.each([
		['1850-07-14', 'male', '1'],
		['1899-12-31', 'female', '2'],
		['1900-01-01', 'male', '3'],
		['1945-05-09', 'female', '4'],
		['2000-01-01', 'male', '5'],
		['2023-11-30', 'female', '6'],
		['2100-03-01', 'male', '7'],
		['2199-12-31', 'female', '8']
	] as const)('born %s, %s → first digit %s', (date, sex, first) => {
		const c = code(date, sex, 123);
		expect(c[0]).toBe(first);
		expect(validateIsikukood(c)).toEqual({ ok: true, dateOfBirth: date, sex });
	});

	it('ignores surrounding and inner whitespace', () => {
		expect(validateIsikukood('  37605030299 ').ok).toBe(true);
		expect(validateIsikukood('376 0503 0299').ok).toBe(true);
		expect(validateIsikukood('\t49403136526\n').ok).toBe(true);
	});
});

describe('validateIsikukood — failures', () => {
	it.each(['', '   ', '3760503029', '376050302991', '3760503029a', '37605-30299', '３7605030299'])(
		'format: %j',
		(input) => {
			expect(validateIsikukood(input)).toEqual({ ok: false, error: 'isikukood.format' });
		}
	);

	it.each(['0', '9'])('century: first digit %s', (first) => {
		const c = withCheck(`${first}760503029`);
		expect(validateIsikukood(c)).toEqual({ ok: false, error: 'isikukood.century' });
	});

	it.each([
		['month 00', '3760003029'],
		['month 13', '3761303029'],
		['day 00', '3760500029'],
		['day 32', '3760132029'],
		['31 April', '3760431029'],
		['30 February', '3760230029'],
		['29 February 2001', '5010229029']
	])('date: %s', (_label, first10) => {
		expect(validateIsikukood(withCheck(first10))).toEqual({ ok: false, error: 'isikukood.date' });
	});

	it('checksum: a wrong last digit', () => {
		expect(validateIsikukood('37605030298')).toEqual({ ok: false, error: 'isikukood.checksum' });
		expect(validateIsikukood('49403136527')).toEqual({ ok: false, error: 'isikukood.checksum' });
	});

	it('reports the first failure: century before date before checksum', () => {
		// Bad century, bad date and bad check digit at once.
		expect(validateIsikukood('97613329990')).toEqual({ ok: false, error: 'isikukood.century' });
		// Bad date and (probably) bad check digit: the date is reported.
		expect(validateIsikukood('37613329990')).toEqual({ ok: false, error: 'isikukood.date' });
	});
});

describe('leap days and century years', () => {
	it('29 February 2000 is valid (divisible by 400)', () => {
		expect(referenceCheckDigit('5000229000')).toBe(2);
		expect(validateIsikukood('50002290002')).toEqual({
			ok: true,
			dateOfBirth: '2000-02-29',
			sex: 'male'
		});
		expect(validateIsikukood(code('2000-02-29', 'female', 7))).toEqual({
			ok: true,
			dateOfBirth: '2000-02-29',
			sex: 'female'
		});
	});

	it('29 February 1900 is not a date, though its check digit is right', () => {
		expect(referenceCheckDigit('3000229000')).toBe(0);
		expect(validateIsikukood('30002290000')).toEqual({ ok: false, error: 'isikukood.date' });
		expect(validateIsikukood(withCheck('4000229123'))).toEqual({
			ok: false,
			error: 'isikukood.date'
		});
	});

	it('29 February 1800 and 2100 are not dates; 1896, 1996 and 2104 are leap years', () => {
		expect(validateIsikukood(withCheck('1000229001'))).toEqual({
			ok: false,
			error: 'isikukood.date'
		});
		expect(validateIsikukood(withCheck('7000229001'))).toEqual({
			ok: false,
			error: 'isikukood.date'
		});
		for (const date of ['1896-02-29', '1996-02-29', '2104-02-29']) {
			expect(validateIsikukood(code(date, 'male', 1))).toMatchObject({
				ok: true,
				dateOfBirth: date
			});
		}
		expect(validateIsikukood(withCheck('3970229001'))).toEqual({
			ok: false,
			error: 'isikukood.date'
		});
	});
});

describe('isikukoodCheckDigit and buildIsikukood', () => {
	it('refuses anything but ten digits', () => {
		expect(() => isikukoodCheckDigit('123')).toThrow();
		expect(() => isikukoodCheckDigit('376050302a')).toThrow();
	});

	it('buildIsikukood makes the code the reference builds', () => {
		expect(buildIsikukood('1976-05-03', 'male', 29)).toBe('37605030299');
		expect(buildIsikukood('1994-03-13', 'female', 652)).toBe('49403136526');
		expect(() => buildIsikukood('1900-02-29', 'male', 1)).toThrow();
		expect(() => buildIsikukood('1999-01-01', 'male', 1000)).toThrow();
	});
});

describe('properties', () => {
	const day = fc
		.date({
			min: new Date('1800-01-01T00:00:00Z'),
			max: new Date('2199-12-31T00:00:00Z'),
			noInvalidDate: true
		})
		.map((d) => d.toISOString().slice(0, 10));
	const sex = fc.constantFrom('male' as const, 'female' as const);
	const seq = fc.integer({ min: 0, max: 999 });

	it('any real date, sex and sequence with the computed check digit validates to that date', () => {
		fc.assert(
			fc.property(day, sex, seq, (date, s, n) => {
				const c = code(date, s, n);
				expect(validateIsikukood(c)).toEqual({ ok: true, dateOfBirth: date, sex: s });
				expect(isikukoodCheckDigit(c.slice(0, 10))).toBe(referenceCheckDigit(c.slice(0, 10)));
				expect(buildIsikukood(date, s, n)).toBe(c);
			}),
			{ numRuns: 500 }
		);
	});

	it('changing the last digit of a valid code always fails the checksum', () => {
		fc.assert(
			fc.property(day, sex, seq, fc.integer({ min: 1, max: 9 }), (date, s, n, delta) => {
				const c = code(date, s, n);
				const changed = c.slice(0, 10) + ((Number(c[10]) + delta) % 10);
				expect(validateIsikukood(changed)).toEqual({ ok: false, error: 'isikukood.checksum' });
			}),
			{ numRuns: 500 }
		);
	});

	it('a one-digit change in the sequence number is caught unless the second stage is used', () => {
		// Weights 8, 9, 1 (stage one) times a change of 1–9 are never 0 modulo 11, so stage one's
		// remainder always moves; only a remainder of 10 (stage two) can land on the old digit.
		const stageOne = (first10: string) =>
			[...first10].reduce((sum, d, i) => sum + Number(d) * ((i % 9) + 1), 0) % 11;
		fc.assert(
			fc.property(
				day,
				sex,
				seq,
				fc.integer({ min: 7, max: 9 }),
				fc.integer({ min: 1, max: 9 }),
				(date, s, n, pos, delta) => {
					const c = code(date, s, n);
					const changed = c.slice(0, pos) + ((Number(c[pos]) + delta) % 10) + c.slice(pos + 1);
					fc.pre(stageOne(c.slice(0, 10)) !== 10 && stageOne(changed.slice(0, 10)) !== 10);
					expect(validateIsikukood(changed)).toEqual({
						ok: false,
						error: 'isikukood.checksum'
					});
				}
			),
			{ numRuns: 500 }
		);
	});

	it('never throws, and whitespace never changes the answer', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: fc.constantFrom(...'0123456789 \tx'), maxLength: 16 }),
				(input) => {
					const result = validateIsikukood(input);
					expect(validateIsikukood(input.replace(/\s+/g, ''))).toEqual(result);
					if (!result.ok) {
						expect([
							'isikukood.format',
							'isikukood.century',
							'isikukood.date',
							'isikukood.checksum'
						]).toContain(result.error);
					}
				}
			),
			{ numRuns: 1000 }
		);
	});
});
