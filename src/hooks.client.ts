import type { ClientInit } from '@sveltejs/kit';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { DEFAULT_LOCALE, isLocale } from '$lib/i18n/locale';
import { keepTypedBeforeHydration } from '$lib/typed-before-hydration';

/**
 * In the browser the page's language is the `<html lang>` the server wrote (hooks.server.ts);
 * changing it is a form post to /lang and a new page, so it never changes under a page.
 */
overwriteGetLocale(() => {
	const lang = document.documentElement.lang;
	return isLocale(lang) ? lang : DEFAULT_LOCALE;
});

/** Before the page hydrates: note what was typed while the scripts loaded (restored on mount). */
export const init: ClientInit = () => keepTypedBeforeHydration();
