import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields, tagFailure } from '$lib/server/web/form-fields';
import {
	addPartnerContact,
	getPartner,
	removePartnerContact,
	setPartnerArchived,
	updatePartner
} from '$lib/server/services/partners/partners';
import { meetingsOfPartner } from '$lib/server/services/programme/partner-meetings';

/** Confirmations after a redirect (post/redirect/get). */
const DONE = {
	created: { message: 'partner.created', section: 'main' },
	updated: { message: 'partner.updated', section: 'main' },
	archived: { message: 'partner.archived', section: 'main' },
	restored: { message: 'partner.restored', section: 'main' },
	contact_added: { message: 'partner.contact_added', section: 'contacts' },
	contact_removed: { message: 'partner.contact_removed', section: 'contacts' }
} as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const view = await run(() => getPartner(locals.ctx, params.id));
	const done = url.searchParams.get('done');
	// The partner meetings its people attended (issue 22); null for those who may not read them.
	const meetings = await meetingsOfPartner(locals.ctx, view.partner);
	return {
		...view,
		meetings,
		done: done && done in DONE ? DONE[done as keyof typeof DONE] : null
	};
};

async function submit(
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
	redirect(303, `${url.pathname}?done=${done}#${DONE[done].section}`);
}

export const actions = {
	update: ({ request, locals, url, params }) =>
		submit(
			'update',
			request,
			locals,
			url,
			(d) => updatePartner(locals.ctx, params.id, d),
			'updated'
		),
	archive: ({ request, locals, url, params }) =>
		submit(
			'archive',
			request,
			locals,
			url,
			() => setPartnerArchived(locals.ctx, params.id, true),
			'archived'
		),
	restore: ({ request, locals, url, params }) =>
		submit(
			'restore',
			request,
			locals,
			url,
			() => setPartnerArchived(locals.ctx, params.id, false),
			'restored'
		),
	addContact: ({ request, locals, url, params }) =>
		submit(
			'addContact',
			request,
			locals,
			url,
			(d) => addPartnerContact(locals.ctx, params.id, d),
			'contact_added'
		),
	removeContact: ({ request, locals, url, params }) =>
		submit(
			'removeContact',
			request,
			locals,
			url,
			(d) => removePartnerContact(locals.ctx, params.id, d.contactId ?? ''),
			'contact_removed'
		)
} satisfies Actions;
