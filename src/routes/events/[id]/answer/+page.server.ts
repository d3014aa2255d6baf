import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, parseForm, requireActor } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import { respondToEvent } from '$lib/server/services/programme/event-answers';

/**
 * The volunteer's "I'll come" / "I can't" from the home page (a plain form post, no JavaScript
 * needed). Success returns to the home page; a refused answer is shown here.
 */
export const load: PageServerLoad = async ({ locals, url, request }) => {
	requireActor(locals, url);
	// Only a refused answer renders this page (after the action); a visit goes home.
	if (request.method === 'GET') redirect(303, '/#events');
	return {};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => respondToEvent(locals.ctx, params.id, parsed.data));
		if (isActionFailure(result)) return result;
		redirect(303, '/?answered=1#events');
	}
};
