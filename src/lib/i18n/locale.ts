/**
 * The interface languages (no imports: the database schema and scripts use this module too) (docs/decisions/0002-i18n.md): Estonian (the default and the source of
 * every text), Russian and English. The page's language is chosen in hooks.server.ts (cookie,
 * then the account, then the browser's Accept-Language) and reaches the message functions
 * through paraglide's runtime: on the server an AsyncLocalStorage per request, in the browser the
 * `<html lang>` the server wrote (hooks.client.ts).
 */
export const LOCALES = ['et', 'ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'et';

/** Each language named in itself, for the language switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
	et: 'Eesti',
	ru: 'Русский',
	en: 'English'
};

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** BCP 47 tag for `Intl` (numbers, plurals, collation). */
export function intlLocale(locale: Locale): string {
	return locale === 'et' ? 'et-EE' : locale === 'ru' ? 'ru' : 'en-GB';
}

/**
 * The best of our languages for an `Accept-Language` header (`ru-RU,ru;q=0.9,en;q=0.8`), or
 * null when none is acceptable. Primary subtags only; q=0 means "not this one".
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
	if (!header) return null;
	const ranked = header
		.split(',')
		.map((part, index) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)).find((m) => m !== null);
			const quality = q ? Number(q[1]) : 1;
			return {
				lang: tag.trim().toLowerCase().split('-')[0] ?? '',
				quality: Number.isFinite(quality) ? quality : 0,
				index
			};
		})
		.filter((r) => r.quality > 0)
		.sort((a, b) => b.quality - a.quality || a.index - b.index);
	for (const r of ranked) if (isLocale(r.lang)) return r.lang;
	return null;
}
