import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import { settingsPage, updateSettings } from '$lib/server/services/admin/settings';

/** Run-time settings (the administrator): days without contact on the attention list, … */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const page = await run(() => settingsPage(locals.ctx));
	return { ...page, saved: url.searchParams.get('done') === 'saved' };
};

export const actions = {
	save: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => updateSettings(locals.ctx, parsed.data));
		if (isActionFailure(result)) return result;
		redirect(303, '/admin/settings?done=saved');
	}
} satisfies Actions;
