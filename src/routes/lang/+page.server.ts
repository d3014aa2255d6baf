import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { LANG_COOKIE, safeNext } from '$lib/server/web/http';
import { isLocale } from '$lib/i18n/locale';
import { setPreferredLocale } from '$lib/server/services/auth/account';

export const load: PageServerLoad = () => redirect(303, '/');

/**
 * Language switch that works without JavaScript: a form post, a cookie (public pages, this
 * browser), the account's language when logged in (e-mails, other devices), back to the page.
 */
export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		const form = await request.formData();
		const lang = form.get('lang');
		if (isLocale(lang)) {
			cookies.set(LANG_COOKIE, lang, {
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				maxAge: 60 * 60 * 24 * 365
			});
			if (locals.actor) await setPreferredLocale(locals.ctx, lang);
		}
		redirect(303, safeNext(String(form.get('next') ?? '/')));
	}
};
