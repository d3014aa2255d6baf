import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	applyCap,
	divideRoundHalfUp,
	kmFromNumeric,
	kmToNumeric,
	parseDecimal,
	parseEuros,
	parseKilometres,
	parseRate,
	rateFromNumeric,
	rateToNumeric,
	tripAmountCents
} from '$lib/server/domain/money';
import {
	checkDayBound,
	computeClaim,
	MAX_KM_PER_DAY_HUNDREDTHS,
	meetingDays,
	monthOf,
	nextClaimStatus,
	nextMonth,
	pairedOn,
	parseMonth,
	previousMonth,
	rateFor,
	ratesChangeLockedTrips,
	tripEligibility,
	type RateRow
} from '$lib/server/domain/mileage';
import { CLAIM_STATUSES } from '$lib/server/domain/statuses';
import {
	formatCents,
	formatCentsPlain,
	formatKm,
	formatMonth,
	formatRate,
	monthName
} from '$lib/mileage-format';

/** R-MILE-1…3: the pure rules of the mileage log and the exact money arithmetic. */

describe('kilometres as typed (decimal comma or dot) → hundredths of a km', () => {
	it.each([
		['12,5', 1250],
		['12.5', 1250],
		['12,50', 1250],
		[' 7 ', 700],
		['0,01', 1],
		['0.1', 10],
		['007,3', 730],
		['300', 30000],
		['299,99', 29999]
	])('%j → %i', (input, hundredths) => {
		expect(parseKilometres(input)).toEqual({ ok: true, value: hundredths });
	});

	it.each([
		['', 'error.required'],
		['   ', 'error.required'],
		['0', 'mileage.km_positive'],
		['0,00', 'mileage.km_positive'],
		['12,555', 'mileage.km_decimals'],
		['300,01', 'mileage.km_too_large'],
		['1000000', 'mileage.km_too_large'],
		['-5', 'mileage.km_invalid'],
		['+5', 'mileage.km_invalid'],
		['1e3', 'mileage.km_invalid'],
		['1 234', 'mileage.km_invalid'],
		['1.234,5', 'mileage.km_invalid'],
		['12,', 'mileage.km_invalid'],
		[',5', 'mileage.km_invalid'],
		['kaksteist', 'mileage.km_invalid'],
		['Infinity', 'mileage.km_invalid'],
		['NaN', 'mileage.km_invalid']
	])('%j is refused with %s', (input, error) => {
		expect(parseKilometres(input)).toEqual({ ok: false, error });
	});

	it('reads every two-decimal amount written either way back exactly (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 30000 }), fc.boolean(), (h, comma) => {
				const text = `${Math.floor(h / 100)}${comma ? ',' : '.'}${String(h % 100).padStart(2, '0')}`;
				expect(parseKilometres(text)).toEqual({ ok: true, value: h });
			})
		);
	});
});

describe('rates and euros as typed', () => {
	it.each([
		['0,30', 3000],
		['0.3', 3000],
		['0,195', 1950],
		['0,3125', 3125],
		['9,9999', 99999]
	])('rate %j → %i ten-thousandths', (input, value) => {
		expect(parseRate(input)).toEqual({ ok: true, value });
	});

	it.each([
		['0', 'mileage.rate_invalid'],
		['10', 'mileage.rate_invalid'],
		['0,12345', 'mileage.rate_decimals'],
		['-0,3', 'mileage.rate_invalid'],
		['', 'error.required']
	])('rate %j is refused with %s', (input, error) => {
		expect(parseRate(input)).toEqual({ ok: false, error });
	});

	it('euros → cents', () => {
		expect(parseEuros('100')).toEqual({ ok: true, value: 10000 });
		expect(parseEuros('99,5')).toEqual({ ok: true, value: 9950 });
		expect(parseEuros('0')).toEqual({ ok: true, value: 0 });
		expect(parseEuros('1,005')).toEqual({ ok: false, error: 'mileage.euros_decimals' });
		expect(parseEuros('€5')).toEqual({ ok: false, error: 'mileage.euros_invalid' });
	});

	it('numeric column values round-trip through integers', () => {
		expect(kmFromNumeric('12.50')).toBe(1250);
		expect(kmFromNumeric('7')).toBe(700);
		expect(kmToNumeric(1250)).toBe('12.50');
		expect(kmToNumeric(5)).toBe('0.05');
		expect(rateFromNumeric('0.3000')).toBe(3000);
		expect(rateToNumeric(3000)).toBe('0.3000');
		expect(rateToNumeric(1)).toBe('0.0001');
		expect(() => kmFromNumeric('12.505')).toThrow();
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 9_999_999 }), (n) => {
				expect(kmFromNumeric(kmToNumeric(n))).toBe(n);
				expect(rateFromNumeric(rateToNumeric(n))).toBe(n);
			})
		);
	});

	it('parseDecimal never accepts more digits than the scale', () => {
		expect(parseDecimal('1,234', 2, 6)).toEqual({ ok: false, error: 'decimals' });
		expect(parseDecimal('1234567', 2, 6)).toEqual({ ok: false, error: 'too_large' });
	});
});

describe('cents: km × rate, rounded half up', () => {
	it.each([
		// km (hundredths), rate (ten-thousandths), cents
		[1250, 3000, 375], // 12,50 km × 0,30 € = 3,75 €
		[1, 3000, 0], // 0,01 km × 0,30 € = 0,003 € → 0 cents
		[1010, 1950, 197], // 10,10 km × 0,195 € = 1,9695 € → 1,97 €
		[10000, 3000, 3000], // 100 km × 0,30 € = 30,00 €
		[3333, 3000, 1000] // 33,33 km × 0,30 € = 9,999 € → 10,00 €
	])('%i hundredths × %i ten-thousandths = %i cents', (km, rate, cents) => {
		expect(tripAmountCents(km, rate)).toBe(cents);
	});

	it('rounds exactly at the half cent, both ways', () => {
		expect(tripAmountCents(5, 1000)).toBe(1); // 0,5 cents → 1
		expect(tripAmountCents(4, 1000)).toBe(0); // 0,4 cents → 0
		expect(tripAmountCents(15, 3000)).toBe(5); // 4,5 cents → 5
		expect(tripAmountCents(1010, 1950)).toBe(197); // 196,95 cents → 197
		expect(tripAmountCents(30000, 99999)).toBe(299997);
		expect(divideRoundHalfUp(14999n, 10000n)).toBe(1n);
		expect(divideRoundHalfUp(15000n, 10000n)).toBe(2n);
		expect(divideRoundHalfUp(0n, 10000n)).toBe(0n);
		expect(() => divideRoundHalfUp(-1n, 10n)).toThrow();
	});

	it('equals the exact decimal result rounded half up (property, BigInt reference)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 30000 }),
				fc.integer({ min: 1, max: 99999 }),
				(km, rate) => {
					const product = BigInt(km) * BigInt(rate);
					const whole = product / 10000n;
					const rest = product % 10000n;
					const expected = Number(rest >= 5000n ? whole + 1n : whole);
					expect(tripAmountCents(km, rate)).toBe(expected);
				}
			)
		);
	});

	it('never differs from the exact amount by more than half a cent, and grows with the distance', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 29999 }),
				fc.integer({ min: 1, max: 99999 }),
				(km, rate) => {
					const cents = tripAmountCents(km, rate);
					const diff = BigInt(cents) * 10000n - BigInt(km) * BigInt(rate);
					expect(diff <= 5000n && diff > -5000n).toBe(true);
					expect(tripAmountCents(km + 1, rate)).toBeGreaterThanOrEqual(cents);
				}
			)
		);
	});
});

describe('the monthly cap', () => {
	it('limits the total and says so', () => {
		expect(applyCap(12000, 10000)).toEqual({ amountCents: 10000, capped: true });
		expect(applyCap(10000, 10000)).toEqual({ amountCents: 10000, capped: false });
		expect(applyCap(9999, 10000)).toEqual({ amountCents: 9999, capped: false });
		expect(applyCap(12000, null)).toEqual({ amountCents: 12000, capped: false });
		expect(applyCap(500, 0)).toEqual({ amountCents: 0, capped: true });
	});

	it('never pays more than the cap nor more than the sum (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 10_000_000 }),
				fc.option(fc.integer({ min: 0, max: 10_000_000 })),
				(sum, cap) => {
					const { amountCents, capped } = applyCap(sum, cap);
					expect(amountCents).toBeLessThanOrEqual(sum);
					if (cap !== null) expect(amountCents).toBeLessThanOrEqual(cap);
					expect(capped).toBe(amountCents < sum);
				}
			)
		);
	});
});

describe('the day bound: 300 km per volunteer per day, all trips together', () => {
	it('allows up to 300 km and refuses one hundredth more', () => {
		expect(MAX_KM_PER_DAY_HUNDREDTHS).toBe(30000);
		expect(checkDayBound(0, [30000])).toEqual({ ok: true });
		expect(checkDayBound(20000, [5000, 5000])).toEqual({ ok: true });
		expect(checkDayBound(20000, [5000, 5001])).toEqual({ ok: false, remaining: 10000 });
		expect(checkDayBound(0, [15001, 15000])).toEqual({ ok: false, remaining: 30000 });
		expect(checkDayBound(31000, [1])).toEqual({ ok: false, remaining: 0 });
	});
});

describe('R-MILE-2: only a day with the same volunteer’s diary entry for the client is reimbursable', () => {
	const days = new Set(['2026-11-10', '2026-11-12']);

	it('a trip on a diary day is reimbursable', () => {
		expect(
			tripEligibility({ tripDate: '2026-11-10', diaryDays: days, clientAnonymised: false })
		).toEqual({ reimbursable: true });
	});

	it('a trip on another day is not, and says why', () => {
		expect(
			tripEligibility({ tripDate: '2026-11-11', diaryDays: days, clientAnonymised: false })
		).toEqual({ reimbursable: false, reason: 'no_diary_entry' });
		expect(
			tripEligibility({ tripDate: '2026-11-10', diaryDays: new Set(), clientAnonymised: false })
		).toEqual({ reimbursable: false, reason: 'no_diary_entry' });
	});

	it('an anonymised client makes every trip not reimbursable', () => {
		expect(
			tripEligibility({ tripDate: '2026-11-10', diaryDays: days, clientAnonymised: true })
		).toEqual({ reimbursable: false, reason: 'client_anonymised' });
	});
});

describe('meeting days: the diary entries that make a day reimbursable', () => {
	it('counts visits and outings, not phone calls nor removed entries', () => {
		const days = meetingDays([
			{ contactDate: '2026-11-02', contactKind: 'home_visit', removed: false },
			{ contactDate: '2026-11-03', contactKind: 'care_home_visit', removed: false },
			{ contactDate: '2026-11-04', contactKind: 'outing', removed: false },
			{ contactDate: '2026-11-05', contactKind: 'call', removed: false },
			{ contactDate: '2026-11-06', contactKind: 'home_visit', removed: true },
			{ contactDate: '2026-11-07', contactKind: 'call', removed: false },
			{ contactDate: '2026-11-07', contactKind: 'outing', removed: false }
		]);
		expect([...days].sort()).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-07']);
	});
});

describe('the pairing window for trips', () => {
	const ended = { status: 'ended' as const, startsOn: '2026-09-01', endsOn: '2026-11-01' };
	it('covers [startsOn, endsOn), also after the pairing ended', () => {
		expect(pairedOn([ended], '2026-09-01')).toBe(true);
		expect(pairedOn([ended], '2026-10-31')).toBe(true);
		expect(pairedOn([ended], '2026-11-01')).toBe(false);
		expect(pairedOn([ended], '2026-08-31')).toBe(false);
	});
	it('an open pairing covers every day from its start; a proposal none', () => {
		expect(
			pairedOn([{ status: 'active', startsOn: '2026-10-01', endsOn: null }], '2030-01-01')
		).toBe(true);
		expect(
			pairedOn([{ status: 'proposed', startsOn: '2026-10-01', endsOn: null }], '2026-10-05')
		).toBe(false);
		expect(pairedOn([], '2026-10-05')).toBe(false);
	});
});

describe('months', () => {
	it('are the first day of the month', () => {
		expect(monthOf('2026-11-23')).toBe('2026-11-01');
		expect(nextMonth('2026-12-01')).toBe('2027-01-01');
		expect(nextMonth('2026-01-01')).toBe('2026-02-01');
		expect(previousMonth('2026-01-01')).toBe('2025-12-01');
		expect(previousMonth('2026-11-01')).toBe('2026-10-01');
		expect(parseMonth('2026-11')).toBe('2026-11-01');
		expect(parseMonth('2026-11-01')).toBe('2026-11-01');
		expect(parseMonth('2026-13')).toBeNull();
		expect(parseMonth('2026-11-05')).toBeNull();
		expect(parseMonth(null)).toBeNull();
	});
});

const M = 'tartu-linn';
const OTHER = 'elva-vald';
const national = (validFrom: string, rate: number, capCents: number | null = null): RateRow => ({
	municipalityId: null,
	validFrom,
	rate,
	capCents
});
const local = (validFrom: string, rate: number, capCents: number | null = null): RateRow => ({
	municipalityId: M,
	validFrom,
	rate,
	capCents
});

describe('which rate applies', () => {
	const rows = [
		national('2024-01-01', 3000),
		national('2026-07-01', 3500),
		local('2026-11-15', 4000, 5000)
	];

	it('the national default by date until the municipality has its own', () => {
		expect(rateFor(rows, M, '2023-12-31')).toBeNull();
		expect(rateFor(rows, M, '2024-01-01')?.rate).toBe(3000);
		expect(rateFor(rows, M, '2026-06-30')?.rate).toBe(3000);
		expect(rateFor(rows, M, '2026-07-01')?.rate).toBe(3500);
		expect(rateFor(rows, M, '2026-11-14')?.rate).toBe(3500);
	});

	it("the municipality's own row from its date on, whatever the default does later", () => {
		expect(rateFor(rows, M, '2026-11-15')?.rate).toBe(4000);
		expect(rateFor([...rows, national('2027-01-01', 5000)], M, '2027-02-01')?.rate).toBe(4000);
		expect(rateFor(rows, OTHER, '2026-11-15')?.rate).toBe(3500);
	});
});

describe('a claim’s amount', () => {
	const trips = [
		{ id: 'a', tripDate: '2026-11-03', km: 1250 },
		{ id: 'b', tripDate: '2026-11-03', km: 1250 },
		{ id: 'c', tripDate: '2026-11-20', km: 1010 }
	];

	it('one rate: each line km × rate, total their sum, rate stored', () => {
		const r = computeClaim(trips, [national('2024-01-01', 3000)], M);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.claim.lines.map((l) => l.amountCents)).toEqual([375, 375, 303]);
		expect(r.claim.totalKm).toBe(3510);
		expect(r.claim.sumCents).toBe(1053);
		expect(r.claim.amountCents).toBe(1053);
		expect(r.claim.rate).toBe(3000);
		expect(r.claim.capped).toBe(false);
		expect(r.claim.mixedRates).toBe(false);
	});

	it('a rate change within the month: each trip at the rate of its own day', () => {
		const r = computeClaim(trips, [national('2024-01-01', 3000), local('2026-11-15', 4000)], M);
		if (!r.ok) throw new Error('no rate');
		expect(r.claim.lines.map((l) => [l.tripId, l.rate, l.amountCents])).toEqual([
			['a', 3000, 375],
			['b', 3000, 375],
			['c', 4000, 404]
		]);
		expect(r.claim.sumCents).toBe(1154);
		// The claim stores the rate in force on its last trip day.
		expect(r.claim.rate).toBe(4000);
		expect(r.claim.mixedRates).toBe(true);
	});

	it('the cap of the rate in force on the last trip day limits the month', () => {
		const r = computeClaim(trips, [national('2024-01-01', 3000, 1000)], M);
		if (!r.ok) throw new Error('no rate');
		expect(r.claim.sumCents).toBe(1053);
		expect(r.claim.amountCents).toBe(1000);
		expect(r.claim.capped).toBe(true);
		expect(r.claim.capCents).toBe(1000);
		const later = computeClaim(
			trips,
			[national('2024-01-01', 3000, 1000), national('2026-11-15', 3000, null)],
			M
		);
		if (!later.ok) throw new Error('no rate');
		expect(later.claim.capped).toBe(false);
		expect(later.claim.amountCents).toBe(1053);
	});

	it('rounds per trip: three trips of 0,05 km at 0,10 € are 3 cents, not 2', () => {
		const r = computeClaim(
			[
				{ id: 'x', tripDate: '2026-11-01', km: 5 },
				{ id: 'y', tripDate: '2026-11-01', km: 5 },
				{ id: 'z', tripDate: '2026-11-01', km: 5 }
			],
			[national('2024-01-01', 1000)],
			M
		);
		if (!r.ok) throw new Error('no rate');
		expect(r.claim.amountCents).toBe(3);
	});

	it('refuses a trip before every rate', () => {
		expect(computeClaim(trips, [national('2026-11-10', 3000)], M)).toEqual({
			ok: false,
			missingRateOn: '2026-11-03'
		});
	});

	it('the total is always the sum of its lines, capped (property)', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						day: fc.integer({ min: 1, max: 28 }),
						km: fc.integer({ min: 1, max: 30000 })
					}),
					{ minLength: 1, maxLength: 20 }
				),
				fc.integer({ min: 1, max: 99999 }),
				fc.integer({ min: 1, max: 99999 }),
				fc.option(fc.integer({ min: 0, max: 100000 })),
				(raw, r1, r2, cap) => {
					const list = raw.map((t, i) => ({
						id: String(i).padStart(3, '0'),
						tripDate: `2026-11-${String(t.day).padStart(2, '0')}`,
						km: t.km
					}));
					const res = computeClaim(
						list,
						[national('2024-01-01', r1), local('2026-11-15', r2, cap)],
						M
					);
					if (!res.ok) throw new Error('no rate');
					const c = res.claim;
					expect(c.sumCents).toBe(c.lines.reduce((s, l) => s + l.amountCents, 0));
					expect(c.totalKm).toBe(list.reduce((s, t) => s + t.km, 0));
					for (const l of c.lines) {
						expect(l.rate).toBe(l.tripDate >= '2026-11-15' ? r2 : r1);
						expect(l.amountCents).toBe(tripAmountCents(l.km, l.rate));
					}
					expect(c.amountCents).toBeLessThanOrEqual(c.sumCents);
					expect(Number.isInteger(c.amountCents)).toBe(true);
				}
			)
		);
	});
});

describe('rates of submitted claims are locked', () => {
	const before = [national('2024-01-01', 3000)];
	const locked = [{ municipalityId: M, tripDate: '2026-10-20' }];

	it('a new rate from a later day changes nothing submitted', () => {
		expect(
			ratesChangeLockedTrips(before, [...before, national('2026-11-01', 3500)], locked)
		).toEqual([]);
		expect(ratesChangeLockedTrips(before, [...before, local('2026-10-21', 3500)], locked)).toEqual(
			[]
		);
	});

	it('a back-dated rate that would re-price a submitted trip is caught', () => {
		expect(ratesChangeLockedTrips(before, [...before, local('2026-10-01', 3500)], locked)).toEqual(
			locked
		);
		expect(
			ratesChangeLockedTrips(before, [...before, national('2026-10-20', 3000, 100)], locked)
		).toEqual(locked);
	});

	it("another municipality's row does not touch the trip; removing the used row does", () => {
		expect(
			ratesChangeLockedTrips(
				before,
				[...before, { ...local('2026-10-01', 3500), municipalityId: OTHER }],
				locked
			)
		).toEqual([]);
		expect(ratesChangeLockedTrips(before, [], locked)).toEqual(locked);
	});
});

describe('claim states', () => {
	it('follow draft → submitted → approved → paid, with returns', () => {
		expect(nextClaimStatus('draft', 'submit')).toBe('submitted');
		expect(nextClaimStatus('returned', 'submit')).toBe('submitted');
		expect(nextClaimStatus('submitted', 'approve')).toBe('approved');
		expect(nextClaimStatus('submitted', 'return')).toBe('returned');
		expect(nextClaimStatus('approved', 'return')).toBe('returned');
		expect(nextClaimStatus('approved', 'pay')).toBe('paid');
	});

	it('refuse every other step', () => {
		const allowed = new Set([
			'draft:submit',
			'returned:submit',
			'submitted:approve',
			'submitted:return',
			'approved:return',
			'approved:pay'
		]);
		for (const s of CLAIM_STATUSES) {
			for (const a of ['submit', 'approve', 'return', 'pay'] as const) {
				expect(nextClaimStatus(s, a) !== null, `${s}:${a}`).toBe(allowed.has(`${s}:${a}`));
			}
		}
	});
});

describe('display of exact numbers', () => {
	it('formats cents, km and rates from the integers', () => {
		expect(formatCents(1260, 'et')).toBe('12,60\u00a0€');
		expect(formatCents(1260, 'en')).toBe('€12.60');
		expect(formatCents(5, 'et')).toBe('0,05\u00a0€');
		expect(formatCents(123456789, 'et')).toBe('1\u00a0234\u00a0567,89\u00a0€');
		expect(formatCents(123456789, 'en')).toBe('€1,234,567.89');
		expect(formatCentsPlain(123456789, 'et')).toBe('1234567,89');
		expect(formatKm(1250, 'et')).toBe('12,50');
		expect(formatKm(1, 'en')).toBe('0.01');
		expect(formatRate(3000, 'et')).toBe('0,30');
		expect(formatRate(1950, 'et')).toBe('0,195');
		expect(formatRate(3125, 'en')).toBe('0.3125');
		expect(formatRate(10000, 'et')).toBe('1,00');
		expect(formatMonth('2026-11-01')).toBe('11.2026');
		expect(monthName('2026-11-01', 'et')).toBe('november 2026');
		expect(monthName('2026-11-01', 'en')).toBe('November 2026');
	});
});
