/**
 * Display of the mileage log's exact numbers (R-MILE-3): money in integer cents, distances in
 * hundredths of a kilometre and rates in ten-thousandths of a euro per kilometre. Formatting
 * works on the integers (whole part and remainder), never through floating point, so what a
 * page, a PDF or a CSV shows is exactly what was stored. Shared by the server (documents)
 * and the pages; no I/O.
 */
export type NumberLocale = 'et' | 'ru' | 'en';

function groupThousands(whole: string, separator: string): string {
	return whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** A non-negative integer `value` with `scale` decimals: (1250, 2) → "12.50". */
function fixed(value: number, scale: number, locale: NumberLocale, group = true): string {
	if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
	const sign = value < 0 ? '-' : '';
	const digits = String(Math.abs(value)).padStart(scale + 1, '0');
	const whole = digits.slice(0, digits.length - scale);
	const fraction = digits.slice(digits.length - scale);
	const separator = locale === 'en' ? ',' : '\u00a0';
	const w = group ? groupThousands(whole, separator) : whole;
	return sign + (scale ? `${w}${locale === 'en' ? '.' : ','}${fraction}` : w);
}

/** 1260 → "12,60 €" (Estonian, Russian) or "€12.60" (English). */
export function formatCents(cents: number, locale: NumberLocale = 'et'): string {
	const amount = fixed(cents, 2, locale);
	return locale === 'en' ? `€${amount}` : `${amount}\u00a0€`;
}

/** 1260 → "12,60" / "12.60": the amount without the currency sign (tables, CSV). */
export function formatCentsPlain(cents: number, locale: NumberLocale = 'et'): string {
	return fixed(cents, 2, locale, false);
}

/** 1250 hundredths of a km → "12,50" / "12.50". */
export function formatKm(hundredths: number, locale: NumberLocale = 'et'): string {
	return fixed(hundredths, 2, locale, false);
}

/**
 * A rate in ten-thousandths of a euro per km, with at least two decimals: 3000 → "0,30",
 * 1950 → "0,195", 3125 → "0,3125".
 */
export function formatRate(tenThousandths: number, locale: NumberLocale = 'et'): string {
	const text = fixed(tenThousandths, 4, locale, false);
	return text.replace(/0{1,2}$/, '');
}

/** The month of a claim (`yyyy-mm-01`) as "11.2026". */
export function formatMonth(month: string): string {
	const m = /^(\d{4})-(\d{2})/.exec(month);
	return m ? `${m[2]}.${m[1]}` : month;
}

/** The month of a claim (`yyyy-mm-01`) in words: "november 2026" / "November 2026". */
export function monthName(month: string, locale: NumberLocale = 'et'): string {
	const m = /^(\d{4})-(\d{2})/.exec(month);
	if (!m) return month;
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale === 'ru' ? 'ru' : 'et-EE', {
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}
