import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import { addSupportEntry, volunteerSupport } from '$lib/server/services/programme/support';

/** The support log of a volunteer (R-VOL-9) and the events they attended. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const view = await run(() => volunteerSupport(locals.ctx, params.id));
	return { ...view, added: url.searchParams.get('done') === 'added' };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () =>
			addSupportEntry(locals.ctx, params.id, parsed.data)
		);
		if (isActionFailure(result)) return result;
		redirect(303, `${url.pathname}?done=added#log`);
	}
};
