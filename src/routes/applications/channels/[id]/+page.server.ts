import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields, tagFailure } from '$lib/server/web/form-fields';
import { documentsOfPage } from '$lib/server/web/document-actions';
import { deleteDocument, type DocumentKind } from '$lib/server/services/documents/documents';
import {
	CHANNEL_DOCUMENT_KINDS,
	channelDocumentsOwner,
	getChannel,
	setChannelArchived,
	updateChannel,
	uploadChannelDocument
} from '$lib/server/services/volunteers/recruitment-channels';

const DONE = {
	created: 'channels.created',
	saved: 'channels.saved',
	archived: 'channels.archived',
	unarchived: 'channels.unarchived'
} as const;

/** One recruitment channel: its link, counts, message and documents (R-VOL-1). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const view = await run(() => getChannel(locals.ctx, params.id));
	const owner = await channelDocumentsOwner(locals.ctx, params.id);
	const docs = owner ? await documentsOfPage(locals, url, owner) : null;
	const done = url.searchParams.get('done');
	return {
		...view,
		origin: url.origin,
		documents: docs ? { ...docs, kinds: CHANNEL_DOCUMENT_KINDS } : null,
		done: done && done in DONE ? DONE[done as keyof typeof DONE] : null
	};
};

async function submit(
	formName: string,
	event: { request: Request; locals: App.Locals; url: URL },
	call: (data: Record<string, string>) => Promise<unknown>,
	done: keyof typeof DONE
) {
	requireActor(event.locals, event.url);
	const parsed = await parseForm(event.request, formFields);
	if (!parsed.ok) return tagFailure(formName, parsed.failure);
	const result = await act(parsed.form, () => call(parsed.data));
	if (isActionFailure(result)) return tagFailure(formName, result);
	redirect(303, `${event.url.pathname}?done=${done}`);
}

export const actions: Actions = {
	update: (e) => submit('update', e, (d) => updateChannel(e.locals.ctx, e.params.id, d), 'saved'),
	archive: (e) =>
		submit('archive', e, (d) => setChannelArchived(e.locals.ctx, e.params.id, true, d), 'archived'),
	unarchive: (e) =>
		submit(
			'unarchive',
			e,
			(d) => setChannelArchived(e.locals.ctx, e.params.id, false, d),
			'unarchived'
		),
	uploadDocument: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const file = form.get('file');
		const kind = form.get('kind');
		const description = form.get('description');
		const result = await act(form, () =>
			uploadChannelDocument(locals.ctx, params.id, {
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
