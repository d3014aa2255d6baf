import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, parseForm } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import {
	applicationFormOptions,
	submitApplication
} from '$lib/server/services/volunteers/public-application';
import { isApplicationLocale, type ApplicationLocale } from '$lib/server/domain/recruitment';

/**
 * The public application form (R-VOL-2): no login, in Estonian, Russian or English
 * (`?lang=`; otherwise the visitor's language). Plain form post, post/redirect/get to the
 * confirmation page.
 */
function langOf(url: URL, locals: App.Locals): ApplicationLocale {
	const asked = url.searchParams.get('lang');
	return isApplicationLocale(asked) ? asked : locals.locale;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const lang = langOf(url, locals);
	// A recruitment channel's own link (`?kanal=<code>`, R-VOL-1).
	const options = await applicationFormOptions(locals.ctx, url.searchParams.get('kanal'));
	// The page chrome (header, footer) follows the form where the app has the language.
	return { ...options, lang, locale: lang };
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const lang = langOf(url, locals);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => submitApplication(locals.ctx, parsed.data, lang));
		if (isActionFailure(result)) return result;
		redirect(303, `/apply/thanks?lang=${lang}`);
	}
};
