import { getLocale } from '$lib/paraglide/runtime';
import { DEFAULT_LOCALE, intlLocale, isLocale, type Locale } from './locale';

/** The current page's language (server: this request; browser: `<html lang>`). */
export function currentLocale(): Locale {
	const locale = getLocale();
	return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/**
 * Numbers, money and dates through `Intl` in the page's language, times in Europe/Tallinn.
 * Dates are dd.mm.yyyy in all three languages: the Estonian offices' convention, and also how
 * Russian writes them (docs/decisions/0002-i18n.md).
 */
export const TIME_ZONE = 'Europe/Tallinn';

const dayFormat = new Intl.DateTimeFormat('et-EE', {
	timeZone: TIME_ZONE,
	day: '2-digit',
	month: '2-digit',
	year: 'numeric'
});
const timeFormat = new Intl.DateTimeFormat('et-EE', {
	timeZone: TIME_ZONE,
	day: '2-digit',
	month: '2-digit',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});

/** dd.mm.yyyy for a `yyyy-mm-dd` day or an instant (Europe/Tallinn), in every language. */
export function formatDate(value: string | Date | null | undefined): string {
	if (!value) return '—';
	if (typeof value === 'string') {
		const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
		return m ? `${m[3]}.${m[2]}.${m[1]}` : value;
	}
	return dayFormat.format(value);
}

/** dd.mm.yyyy hh:mm in Europe/Tallinn. */
export function formatDateTime(value: Date | string | null | undefined): string {
	if (!value) return '—';
	return timeFormat.format(typeof value === 'string' ? new Date(value) : value);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	const id = `${locale}|${JSON.stringify(options)}`;
	let f = numberFormats.get(id);
	if (!f) numberFormats.set(id, (f = new Intl.NumberFormat(intlLocale(locale), options)));
	return f;
}

/** 1234.5 → "1 234,5" (et, ru) or "1,234.5" (en). */
export function formatNumber(
	value: number | string | null | undefined,
	options: Intl.NumberFormatOptions = { maximumFractionDigits: 2 },
	locale: Locale = currentLocale()
): string {
	if (value === null || value === undefined || value === '') return '—';
	const n = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(n) ? numberFormat(locale, options).format(n) : String(value);
}

/** Euros: "12,30 €" (et, ru) or "€12.30" (en). Accepts "12.30" as the database returns it. */
export function formatMoney(
	value: number | string | null | undefined,
	locale: Locale = currentLocale()
): string {
	return formatNumber(value, { style: 'currency', currency: 'EUR' }, locale);
}
