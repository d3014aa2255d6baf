import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields, tagFailure } from '$lib/server/web/form-fields';
import { deleteDocument, type DocumentKind } from '$lib/server/services/documents/documents';
import {
	addIntakeDocument,
	attachIntakeItem,
	destroyIntakeItem,
	getIntakeItem
} from '$lib/server/services/intake/intake';

const DONE = {
	created: 'intake.created',
	uploaded: 'document.uploaded',
	deleted: 'document.deleted'
} as const;

/** One intake item: its note and scans; attach it to a client or destroy it (R-MAP-3). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	const view = await run(() => getIntakeItem(locals.ctx, params.id, q));
	const done = url.searchParams.get('done');
	return { ...view, done: done && done in DONE ? DONE[done as keyof typeof DONE] : null };
};

export const actions: Actions = {
	attach: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure('attach', parsed.failure);
		const result = await act(parsed.form, () =>
			attachIntakeItem(locals.ctx, params.id, parsed.data)
		);
		if (isActionFailure(result)) return tagFailure('attach', result);
		redirect(303, `/clients/${result}?document=uploaded#documents`);
	},
	destroy: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure('destroy', parsed.failure);
		const result = await act(parsed.form, () =>
			destroyIntakeItem(locals.ctx, params.id, parsed.data)
		);
		if (isActionFailure(result)) return tagFailure('destroy', result);
		redirect(303, `/documents/intake?done=destroyed`);
	},
	uploadDocument: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const file = form.get('file');
		const description = form.get('description');
		const result = await act(form, () =>
			addIntakeDocument(locals.ctx, params.id, {
				kind: 'intake_form' as DocumentKind,
				file: file instanceof File ? file : (null as unknown as File),
				description: typeof description === 'string' ? description : undefined
			})
		);
		if (isActionFailure(result)) return tagFailure('uploadDocument', result);
		redirect(303, `${url.pathname}?done=uploaded#scans`);
	},
	deleteDocument: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const id = form.get('documentId');
		const result = await act(form, () =>
			deleteDocument(locals.ctx, typeof id === 'string' ? id : '')
		);
		if (isActionFailure(result)) return tagFailure('deleteDocument', result);
		redirect(303, `${url.pathname}?done=deleted#scans`);
	}
};
