import { fail, isActionFailure, redirect, type ActionFailure } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor, type FormFailure } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import {
	anonymiseClient,
	anonymisePage,
	anonymiseStepOne
} from '$lib/server/services/clients/anonymise';
import { localizeFailure } from '$lib/server/i18n';

/**
 * Anonymisation on the client's request (R-PAIR-5), in two steps that work without JavaScript:
 * step one confirms the request, step two the irreversibility with the record's code. The
 * service checks both again on the final post.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	return run(() => anonymisePage(locals.ctx, params.id));
};

export const actions = {
	request: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return withStep(parsed.failure, 1);
		const result = await act(parsed.form, () =>
			anonymiseStepOne(locals.ctx, params.id, parsed.data)
		);
		if (isActionFailure(result)) return withStep(result, 1);
		return { step: 2 as const, requested: true };
	},
	anonymise: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return withStep(parsed.failure, 2);
		const result = await act(parsed.form, () =>
			anonymiseClient(locals.ctx, params.id, parsed.data)
		);
		if (isActionFailure(result)) return withStep(result, 2);
		redirect(303, `/clients/${params.id}?done=anonymised`);
	}
} satisfies Actions;

/** A failed step's form errors, with the step to show again. */
function withStep(failure: ActionFailure<unknown>, step: 1 | 2) {
	return fail(failure.status, localizeFailure({ ...(failure.data as FormFailure), step }));
}
