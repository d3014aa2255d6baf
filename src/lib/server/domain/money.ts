/**
 * Exact arithmetic of mileage money (R-MILE-3). Nothing here touches floating point: every
 * quantity is a safe integer in a fixed unit, and decimals typed by people or stored in
 * PostgreSQL `numeric` columns are parsed digit by digit.
 *
 * - distance: hundredths of a kilometre (12,5 km → 1250)
 * - rate: ten-thousandths of a euro per kilometre (0,30 €/km → 3000), numeric(6,4) in the db
 * - money: cents (12,60 € → 1260)
 *
 * hundredths × ten-thousandths = millionths of a euro = ten-thousandths of a cent, so a trip's
 * amount in cents is (km × rate) / 10 000, rounded half up.
 */

export type Parsed = { ok: true; value: number } | { ok: false; error: string };

/**
 * Reads a non-negative decimal written with a comma or a dot ("12,5", "12.50", " 7 "), with at
 * most `maxWhole` digits before and `scale` digits after the separator, as an integer of
 * 10^-scale units. No signs, exponents, thousands separators or empty parts ("1,", ",5").
 */
export function parseDecimal(input: string, scale: number, maxWhole: number): Parsed {
	const text = input.trim();
	if (text === '') return { ok: false, error: 'required' };
	const m = /^(\d+)(?:[.,](\d+))?$/.exec(text);
	if (!m) return { ok: false, error: 'format' };
	const whole = m[1]!.replace(/^0+(?=\d)/, '');
	const fraction = m[2] ?? '';
	if (fraction.length > scale) return { ok: false, error: 'decimals' };
	if (whole.length > maxWhole) return { ok: false, error: 'too_large' };
	const value = Number(whole + fraction.padEnd(scale, '0'));
	if (!Number.isSafeInteger(value)) return { ok: false, error: 'too_large' };
	return { ok: true, value };
}

/** Longest single trip the form takes (the day bound is the stricter rule, domain/mileage.ts). */
export const MAX_TRIP_HUNDREDTHS = 300_00;

/**
 * Kilometres as typed by a volunteer ("12,5" or "12.5") → hundredths of a km. Greater than 0,
 * at most two decimals, at most 300 km. Errors are i18n keys.
 */
export function parseKilometres(input: string): Parsed {
	const r = parseDecimal(input, 2, 6);
	if (!r.ok) {
		return {
			ok: false,
			error:
				r.error === 'required'
					? 'error.required'
					: r.error === 'decimals'
						? 'mileage.km_decimals'
						: r.error === 'too_large'
							? 'mileage.km_too_large'
							: 'mileage.km_invalid'
		};
	}
	if (r.value <= 0) return { ok: false, error: 'mileage.km_positive' };
	if (r.value > MAX_TRIP_HUNDREDTHS) return { ok: false, error: 'mileage.km_too_large' };
	return r;
}

/** A rate typed by the administrator ("0,30", "0.195") → ten-thousandths; 0 < rate < 10 €/km. */
export function parseRate(input: string): Parsed {
	const r = parseDecimal(input, 4, 2);
	if (!r.ok) {
		return {
			ok: false,
			error:
				r.error === 'required'
					? 'error.required'
					: r.error === 'decimals'
						? 'mileage.rate_decimals'
						: 'mileage.rate_invalid'
		};
	}
	if (r.value <= 0 || r.value >= 10_0000) return { ok: false, error: 'mileage.rate_invalid' };
	return r;
}

/** Euros typed by a person ("150", "99,50") → cents; at most two decimals, below 10 million. */
export function parseEuros(input: string): Parsed {
	const r = parseDecimal(input, 2, 7);
	if (!r.ok) {
		return {
			ok: false,
			error:
				r.error === 'required'
					? 'error.required'
					: r.error === 'decimals'
						? 'mileage.euros_decimals'
						: 'mileage.euros_invalid'
		};
	}
	return r;
}

/**
 * A PostgreSQL numeric as the driver returns it ("12.50", "0.3000", "7") → integer units of
 * 10^-scale. Throws on anything else: stored values are trusted to fit their column.
 */
export function numericToUnits(value: string | number, scale: number): number {
	const r = parseDecimal(String(value), scale, 15);
	if (!r.ok) throw new Error(`not a numeric(${scale}) value: ${value}`);
	return r.value;
}

/** Integer units of 10^-scale → the numeric literal to store ("12.50"). */
export function unitsToNumeric(units: number, scale: number): string {
	if (!Number.isSafeInteger(units) || units < 0) throw new Error(`not a count: ${units}`);
	const digits = String(units).padStart(scale + 1, '0');
	return scale === 0
		? digits
		: `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}

export const kmFromNumeric = (v: string | number) => numericToUnits(v, 2);
export const kmToNumeric = (hundredths: number) => unitsToNumeric(hundredths, 2);
export const rateFromNumeric = (v: string | number) => numericToUnits(v, 4);
export const rateToNumeric = (tenThousandths: number) => unitsToNumeric(tenThousandths, 4);

/**
 * n / d rounded half up (0,5 cent → 1 cent), for n ≥ 0 and d > 0, in BigInt so the product of
 * large operands cannot lose precision.
 */
export function divideRoundHalfUp(n: bigint, d: bigint): bigint {
	if (n < 0n || d <= 0n) throw new Error('divideRoundHalfUp: n ≥ 0 and d > 0');
	return (2n * n + d) / (2n * d);
}

/** One trip's amount in cents: km × rate, rounded half up to the cent. */
export function tripAmountCents(kmHundredths: number, rateTenThousandths: number): number {
	const cents = divideRoundHalfUp(BigInt(kmHundredths) * BigInt(rateTenThousandths), 10_000n);
	return Number(cents);
}

/** The month's total after the optional cap (per volunteer, per paying municipality). */
export function applyCap(
	totalCents: number,
	capCents: number | null
): { amountCents: number; capped: boolean } {
	if (capCents === null || totalCents <= capCents)
		return { amountCents: totalCents, capped: false };
	return { amountCents: capCents, capped: true };
}
