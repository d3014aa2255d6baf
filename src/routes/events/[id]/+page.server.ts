import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, requireActor } from '$lib/server/web/http';
import { tagFailure } from '$lib/server/web/form-fields';
import { documentsOfPage } from '$lib/server/web/document-actions';
import { deleteDocument } from '$lib/server/services/documents/documents';
import type { DocumentKind } from '$lib/server/services/documents/documents';
import {
	eventDocumentsOwner,
	EVENT_DOCUMENT_KINDS,
	uploadEventDocument
} from '$lib/server/services/programme/event-documents';
import {
	getEvent,
	inviteVolunteers,
	recordAttendance,
	setEventCancelled,
	updateEvent
} from '$lib/server/services/programme/events';

/** Confirmations after a redirect (post/redirect/get). */
const DONE = {
	updated: 'programme.event.saved',
	invited: 'programme.invite.sent',
	attendance: 'programme.attendance.done'
} as const;

/** One event: details, who was invited, answered and came; documents (issue 22). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const view = await run(() => getEvent(locals.ctx, params.id));
	const owner = await eventDocumentsOwner(locals.ctx, params.id);
	const docs = owner ? await documentsOfPage(locals, url, owner) : null;
	const done = url.searchParams.get('done');
	return {
		...view,
		documents: docs ? { ...docs, kinds: EVENT_DOCUMENT_KINDS } : null,
		done: done && done in DONE ? DONE[done as keyof typeof DONE] : null
	};
};

/** A form's fields, repeated names (checkbox lists) as arrays. */
function fields(form: FormData): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key).filter((v): v is string => typeof v === 'string');
		out[key] =
			all.length > 1 || ['attended', 'listed', 'add', 'volunteerIds'].includes(key)
				? all
				: (all[0] ?? '');
	}
	return out;
}

async function submit(
	formName: string,
	event: { request: Request; locals: App.Locals; url: URL },
	call: (data: Record<string, string | string[]>) => Promise<unknown>,
	done: keyof typeof DONE,
	anchor: string
) {
	requireActor(event.locals, event.url);
	const form = await event.request.formData();
	const result = await act(form, () => call(fields(form)));
	if (isActionFailure(result)) return tagFailure(formName, result);
	redirect(303, `${event.url.pathname}?done=${done}#${anchor}`);
}

export const actions: Actions = {
	update: (e) =>
		submit('update', e, (d) => updateEvent(e.locals.ctx, e.params.id, d), 'updated', 'facts'),
	cancel: (e) =>
		submit(
			'cancel',
			e,
			() => setEventCancelled(e.locals.ctx, e.params.id, true),
			'updated',
			'facts'
		),
	restore: (e) =>
		submit(
			'restore',
			e,
			() => setEventCancelled(e.locals.ctx, e.params.id, false),
			'updated',
			'facts'
		),
	invite: (e) =>
		submit('invite', e, (d) => inviteVolunteers(e.locals.ctx, e.params.id, d), 'invited', 'people'),
	attendance: (e) =>
		submit(
			'attendance',
			e,
			(d) => recordAttendance(e.locals.ctx, e.params.id, d),
			'attendance',
			'people'
		),
	uploadDocument: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const file = form.get('file');
		const kind = form.get('kind');
		const description = form.get('description');
		const result = await act(form, () =>
			uploadEventDocument(locals.ctx, params.id, {
				kind: (typeof kind === 'string' ? kind : '') as DocumentKind,
				file: file instanceof File ? file : (null as unknown as File),
				description: typeof description === 'string' ? description : undefined
			})
		);
		if (isActionFailure(result)) return tagFailure('uploadDocument', result);
		redirect(303, `${url.pathname}?document=uploaded#documents`);
	},
	deleteDocument: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const id = form.get('documentId');
		const result = await act(form, () =>
			deleteDocument(locals.ctx, typeof id === 'string' ? id : '')
		);
		if (isActionFailure(result)) return tagFailure('deleteDocument', result);
		redirect(303, `${url.pathname}?document=deleted#documents`);
	}
};
