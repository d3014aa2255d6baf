import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { LANG_COOKIE, safeNext } from '$lib/server/web/http';
import { isLocale } from '$lib/i18n';

export const load: PageServerLoad = () => redirect(303, '/');

/** Language switch that works without JavaScript: a form post, a cookie, back to the page. */
export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const form = await request.formData();
		const lang = form.get('lang');
		if (isLocale(lang)) {
			cookies.set(LANG_COOKIE, lang, {
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				maxAge: 60 * 60 * 24 * 365
			});
		}
		redirect(303, safeNext(String(form.get('next') ?? '/')));
	}
};
