import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import { createStory, storyFormOptions } from '$lib/server/services/stories/stories';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	return run(() => storyFormOptions(locals.ctx));
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => createStory(locals.ctx, parsed.data));
		if (isActionFailure(result)) return result;
		redirect(303, `/stories/${result}`);
	}
};
