import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { submitClientForm } from '$lib/server/web/client-form-action';
import { clientEditForm } from '$lib/server/services/clients/client-edit-form';
import { updateClient } from '$lib/server/services/clients/clients';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	return run(() => clientEditForm(locals.ctx, params.id));
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const result = await submitClientForm(request, locals, url, (data) =>
			updateClient(locals.ctx, params.id, data)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/clients/${params.id}?done=updated`);
	}
};
