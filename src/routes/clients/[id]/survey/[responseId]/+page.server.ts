import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, requireActor } from '$lib/server/web/http';
import { confirmPaperDestroyed, getSurveyResponse } from '$lib/server/services/pairings/surveys';

/**
 * One six-month survey response, shown with the questions of the version it answered (a later
 * version never changes how old answers read); the coordinator confirms the paper's destruction.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const view = await run(() => getSurveyResponse(locals.ctx, params.id, params.responseId));
	return { ...view, destroyed: url.searchParams.get('done') === 'destroyed' };
};

export const actions = {
	destroyed: async ({ locals, url, params }) => {
		requireActor(locals, url);
		const result = await act(null, () =>
			confirmPaperDestroyed(locals.ctx, params.id, params.responseId)
		);
		if (isActionFailure(result)) return result;
		redirect(303, `${url.pathname}?done=destroyed`);
	}
} satisfies Actions;
