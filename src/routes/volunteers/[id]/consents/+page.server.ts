import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import {
	recordVolunteerConsent,
	volunteerConsents,
	withdrawVolunteerConsent
} from '$lib/server/services/retention/consents';

/** A volunteer's consents by purpose (issue 24): state, history, record and withdraw. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const page = await run(() => volunteerConsents(locals.ctx, params.id));
	return {
		...page,
		volunteerId: params.id,
		canManage: actor.isAdmin || actor.coordinatorCountyIds.length > 0,
		done: url.searchParams.get('done')
	};
};

export const actions = {
	record: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () =>
			recordVolunteerConsent(locals.ctx, params.id, parsed.data)
		);
		if (isActionFailure(result)) return result;
		redirect(303, `/volunteers/${params.id}/consents?done=consent_recorded`);
	},
	withdraw: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () =>
			withdrawVolunteerConsent(locals.ctx, params.id, parsed.data.consentId ?? '', parsed.data)
		);
		if (isActionFailure(result)) return result;
		redirect(303, `/volunteers/${params.id}/consents?done=consent_withdrawn`);
	}
} satisfies Actions;
