import type { PageServerLoad } from './$types';
import { isApplicationLocale } from '$lib/server/domain/recruitment';

/** The confirmation after a sent application, in the candidate's language. */
export const load: PageServerLoad = ({ locals, url }) => {
	const asked = url.searchParams.get('lang');
	const lang = isApplicationLocale(asked) ? asked : locals.locale;
	return { lang, locale: lang };
};
