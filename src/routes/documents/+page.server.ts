import { isActionFailure, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, requireActor } from '$lib/server/web/http';
import { tagFailure } from '$lib/server/web/form-fields';
import { countyFolder } from '$lib/server/services/documents/county-folder';
import {
	deleteDocument,
	uploadDocument,
	type DocumentKind
} from '$lib/server/services/documents/documents';

const DONE = { uploaded: 'document.uploaded', deleted: 'document.deleted' } as const;

/** The county's project folder (R-DOC-1): its documents by kind; links to the intake inbox. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const folder = await run(() => countyFolder(locals.ctx, url.searchParams.get('county')));
	const done = url.searchParams.get('document');
	return { folder, done: done && done in DONE ? DONE[done as keyof typeof DONE] : null };
};

const countyOf = (url: URL) => (url.searchParams.get('county') ?? '').slice(0, 36);

export const actions: Actions = {
	uploadDocument: async ({ request, locals, url }: RequestEvent) => {
		requireActor(locals, url);
		const form = await request.formData();
		const file = form.get('file');
		const kind = form.get('kind');
		const description = form.get('description');
		const countyId = countyOf(url);
		const result = await act(form, () =>
			uploadDocument(
				locals.ctx,
				{ kind: 'county', countyId },
				{
					kind: (typeof kind === 'string' ? kind : '') as DocumentKind,
					file: file instanceof File ? file : (null as unknown as File),
					description: typeof description === 'string' ? description : undefined
				}
			)
		);
		if (isActionFailure(result)) return tagFailure('uploadDocument', result);
		redirect(303, `/documents?county=${countyId}&document=uploaded#folder`);
	},
	deleteDocument: async ({ request, locals, url }: RequestEvent) => {
		requireActor(locals, url);
		const form = await request.formData();
		const id = form.get('documentId');
		const result = await act(form, () =>
			deleteDocument(locals.ctx, typeof id === 'string' ? id : '')
		);
		if (isActionFailure(result)) return tagFailure('deleteDocument', result);
		redirect(303, `/documents?county=${countyOf(url)}&document=deleted#folder`);
	}
};
