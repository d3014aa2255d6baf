import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import {
	retentionOverview,
	setRetentionClock,
	updateRetentionRule
} from '$lib/server/services/retention/rules';
import { runRetentionNow } from '$lib/server/services/retention/run';

/** Retention (issue 24): the rules, the clocks, the next 14 days, and a run now. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const page = await run(() => retentionOverview(locals.ctx));
	return { ...page, done: url.searchParams.get('done') };
};

export const actions = {
	rule: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => updateRetentionRule(locals.ctx, parsed.data));
		if (isActionFailure(result)) return result;
		redirect(303, '/admin/retention?done=rule');
	},
	clock: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => setRetentionClock(locals.ctx, parsed.data));
		if (isActionFailure(result)) return result;
		redirect(303, '/admin/retention?done=clock');
	},
	run: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => runRetentionNow(locals.ctx));
		if (isActionFailure(result)) return result;
		redirect(303, '/retention/register?done=run');
	}
} satisfies Actions;
