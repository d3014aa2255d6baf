import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields, tagFailure } from '$lib/server/web/form-fields';
import { doneMessage } from '$lib/server/web/mileage-pages';
import { getClaim, reviewClaim, submitClaim } from '$lib/server/services/mileage/claims';

/** One mileage claim: the volunteer submits it, the reviewer approves, returns or marks it paid. */
const DONE = {
	submitted: 'mileage.done.submitted',
	approved: 'mileage.done.approved',
	returned: 'mileage.done.returned',
	paid: 'mileage.done.paid'
} as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const claim = await run(() => getClaim(locals.ctx, params.id));
	return { ...claim, done: doneMessage(url, DONE) };
};

async function transition(
	formName: string,
	request: Request,
	locals: App.Locals,
	url: URL,
	call: (data: Record<string, string>) => Promise<unknown>,
	done: keyof typeof DONE
) {
	requireActor(locals, url);
	const parsed = await parseForm(request, formFields);
	if (!parsed.ok) return tagFailure(formName, parsed.failure);
	const result = await act(parsed.form, () => call(parsed.data));
	if (isActionFailure(result)) return tagFailure(formName, result);
	redirect(303, `${url.pathname}?done=${done}`);
}

export const actions = {
	submit: ({ request, locals, url, params }) =>
		transition(
			'submit',
			request,
			locals,
			url,
			(data) => submitClaim(locals.ctx, params.id, data),
			'submitted'
		),
	approve: ({ request, locals, url, params }) =>
		transition(
			'approve',
			request,
			locals,
			url,
			(data) => reviewClaim(locals.ctx, params.id, 'approve', data),
			'approved'
		),
	return: ({ request, locals, url, params }) =>
		transition(
			'return',
			request,
			locals,
			url,
			(data) => reviewClaim(locals.ctx, params.id, 'return', data),
			'returned'
		),
	pay: ({ request, locals, url, params }) =>
		transition(
			'pay',
			request,
			locals,
			url,
			(data) => reviewClaim(locals.ctx, params.id, 'pay', data),
			'paid'
		)
} satisfies Actions;
