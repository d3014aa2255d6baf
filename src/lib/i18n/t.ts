import { page } from '$app/state';
import { DEFAULT_LOCALE, isLocale, translate, type MessageKey, type Params } from './index';

/** The current page's language (set by hooks.server.ts, passed down by the root layout). */
export function currentLocale() {
	const locale = page.data?.locale;
	return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/** Translate in components: `t('nav.home')`. Reactive to the page's language. */
export function t(key: MessageKey | string, params?: Params): string {
	return translate(currentLocale(), key, params);
}
