import { randomUUID } from 'node:crypto';
import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import {
	channelFormOptions,
	createChannel
} from '$lib/server/services/volunteers/recruitment-channels';

/** A new recruitment channel (R-VOL-1); its link is made with it. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const options = await run(() => channelFormOptions(locals.ctx));
	// A second click or a resubmitted form gives the channel made the first time.
	return { ...options, submissionKey: randomUUID() };
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => createChannel(locals.ctx, parsed.data));
		if (isActionFailure(result)) return result;
		redirect(303, `/applications/channels/${result}?done=created`);
	}
};
