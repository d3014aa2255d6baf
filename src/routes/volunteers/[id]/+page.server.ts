import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields, tagFailure } from '$lib/server/web/form-fields';
import { volunteerRecord } from '$lib/server/services/clients/record-pages';
import { updateVolunteer } from '$lib/server/services/volunteers/volunteers';
import { inviteVolunteerAccount } from '$lib/server/services/admin/user-invitations';
import { documentActions, documentsOfPage } from '$lib/server/web/document-actions';

/** Confirmations after a redirect (post/redirect/get, so a reload never repeats a change). */
const DONE = {
	created: 'volunteer.created',
	updated: 'volunteer.updated',
	invited: 'volunteer.invited'
} as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const record = await run(() => volunteerRecord(locals.ctx, params.id));
	const done = url.searchParams.get('done');
	const documents = await run(() =>
		documentsOfPage(locals, url, { kind: 'volunteer', volunteerId: params.id })
	);
	return {
		...record,
		documents,
		done: done && done in DONE ? DONE[done as keyof typeof DONE] : null
	};
};

export const actions = {
	...documentActions((p) => ({ kind: 'volunteer', volunteerId: p.id! })),
	update: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure('update', parsed.failure);
		const result = await act(parsed.form, () =>
			updateVolunteer(locals.ctx, params.id, parsed.data)
		);
		if (isActionFailure(result)) return tagFailure('update', result);
		redirect(303, `${url.pathname}?done=updated`);
	},
	/** Sends the volunteer an invitation to an account of their own (R-ROLE-5). */
	invite: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const result = await act(form, () => inviteVolunteerAccount(locals.ctx, params.id));
		if (isActionFailure(result)) return tagFailure('invite', result);
		redirect(303, `${url.pathname}?done=invited`);
	}
} satisfies Actions;
