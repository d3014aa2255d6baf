import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import { clientSurveys, enterSurvey } from '$lib/server/services/pairings/surveys';

/**
 * The six-month survey of one client (R-PAIR-6): where it stands, the answers entered (each
 * with its questionnaire version), and the form for the paired volunteer or the coordinator.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const survey = await run(() => clientSurveys(locals.ctx, params.id));
	return { ...survey, saved: url.searchParams.get('done') === 'saved' };
};

export const actions = {
	enter: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => enterSurvey(locals.ctx, params.id, parsed.data));
		if (isActionFailure(result)) return result;
		redirect(303, `${url.pathname}?done=saved`);
	}
} satisfies Actions;
