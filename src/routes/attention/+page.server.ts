import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import { attentionList, markFlagSeen } from '$lib/server/services/pairings/attention';
import { upcomingForCounties } from '$lib/server/services/retention/register';

/** "What needs me today" for the coordinator's counties (the administrator: all, filterable). */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const countyId = url.searchParams.get('county');
	const list = await run(() => attentionList(locals.ctx, { countyId }));
	// Issue 24: what the retention engine will destroy in the county in the next 14 days.
	const destructions = await run(() => upcomingForCounties(locals.ctx));
	return { list, destructions, marked: url.searchParams.get('done') === 'seen' };
};

export const actions = {
	seen: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () =>
			markFlagSeen(locals.ctx, parsed.data.entryId ?? '')
		);
		if (isActionFailure(result)) return result;
		const county = url.searchParams.get('county');
		redirect(
			303,
			`/attention?done=seen${county ? `&county=${encodeURIComponent(county)}` : ''}#flagged`
		);
	}
} satisfies Actions;
