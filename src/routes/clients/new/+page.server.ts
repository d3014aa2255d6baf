import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/http';
import { clientFormOptions, createClient } from '$lib/server/services/clients';
import { formFields } from '$lib/server/form-fields';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	return run(() => clientFormOptions(locals.ctx));
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => createClient(locals.ctx, parsed.data));
		if (isActionFailure(result)) return result;
		redirect(303, `/clients/${result}?done=created`);
	}
};
