import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { submitClientForm } from '$lib/server/web/client-form-action';
import { clientFormOptions, createClient } from '$lib/server/services/clients/clients';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	return run(() => clientFormOptions(locals.ctx));
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const result = await submitClientForm(request, locals, url, (data) =>
			createClient(locals.ctx, data)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/clients/${result.value}?done=created`);
	}
};
