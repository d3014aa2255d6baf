import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields, tagFailure } from '$lib/server/web/form-fields';
import { documentActions, documentsOfPage } from '$lib/server/web/document-actions';
import {
	arrangeInterview,
	getApplication,
	recordInterview
} from '$lib/server/services/volunteers/recruitment';
import {
	rejectApplication,
	selectApplication
} from '$lib/server/services/volunteers/application-decisions';

/** Confirmations after a redirect (post/redirect/get). */
const DONE = {
	created: 'application.done.created',
	arranged: 'application.done.arranged',
	interviewed: 'application.done.interviewed'
} as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const application = await run(() => getApplication(locals.ctx, params.id));
	const documents = await run(() =>
		documentsOfPage(locals, url, { kind: 'application', applicationId: params.id })
	);
	const done = url.searchParams.get('done');
	return {
		application,
		documents,
		/** The confirmation step of "not selected" (a second form, works without JavaScript). */
		confirmReject:
			url.searchParams.get('step') === 'reject' && application.steps.includes('not_selected'),
		done: done && done in DONE ? DONE[done as keyof typeof DONE] : null
	};
};

export const actions = {
	...documentActions((p) => ({ kind: 'application', applicationId: p.id! })),
	arrange: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure('arrange', parsed.failure);
		const result = await act(parsed.form, () =>
			arrangeInterview(locals.ctx, params.id, parsed.data)
		);
		if (isActionFailure(result)) return tagFailure('arrange', result);
		redirect(303, `${url.pathname}?done=arranged`);
	},
	interview: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure('interview', parsed.failure);
		const result = await act(parsed.form, () =>
			recordInterview(locals.ctx, params.id, parsed.data)
		);
		if (isActionFailure(result)) return tagFailure('interview', result);
		redirect(303, `${url.pathname}?done=interviewed`);
	},
	select: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const result = await act(form, () => selectApplication(locals.ctx, params.id));
		if (isActionFailure(result)) return tagFailure('select', result);
		redirect(303, `/volunteers/${result}/edit?done=selected`);
	},
	/** Not selected (R-VOL-6): destroys the application after the confirmation. */
	reject: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure('reject', parsed.failure);
		const result = await act(parsed.form, () =>
			rejectApplication(locals.ctx, params.id, parsed.data)
		);
		if (isActionFailure(result)) return tagFailure('reject', result);
		redirect(303, '/applications?done=rejected');
	}
} satisfies Actions;
