import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import {
	liftLegalHold,
	listLegalHolds,
	placeLegalHold
} from '$lib/server/services/retention/rules';

/** Legal holds (issue 24): a person's records kept from destruction until lifted. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const holds = await run(() => listLegalHolds(locals.ctx));
	return { holds, done: url.searchParams.get('done') };
};

export const actions = {
	place: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => placeLegalHold(locals.ctx, parsed.data));
		if (isActionFailure(result)) return result;
		redirect(303, '/admin/retention/holds?done=hold_placed');
	},
	lift: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () =>
			liftLegalHold(locals.ctx, parsed.data.holdId ?? '', parsed.data)
		);
		if (isActionFailure(result)) return result;
		redirect(303, '/admin/retention/holds?done=hold_lifted');
	}
} satisfies Actions;
