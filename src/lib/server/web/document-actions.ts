import { isActionFailure, redirect, type RequestEvent } from '@sveltejs/kit';
import { act, requireActor } from './http';
import { tagFailure } from './form-fields';
import {
	deleteDocument,
	documentSection,
	uploadDocument,
	DOCUMENT_KINDS_FOR
} from '../services/documents/documents';
import type { DocumentOwner } from '../services/documents/owners';
import type { DocumentKind } from '../domain/vocabulary';

/**
 * The documents section of a record page (client, volunteer, …) in two calls, so the pages
 * that show one stay small: `documentsOfPage` in the load, `documentActions` spread into the
 * page's actions (`?/uploadDocument`, `?/deleteDocument`). Both work without JavaScript:
 * a multipart form post, post/redirect/get on success, errors at the form on failure.
 */

export const DOCUMENT_FORM = { upload: 'uploadDocument', delete: 'deleteDocument' } as const;
const DONE = { uploaded: 'document.uploaded', deleted: 'document.deleted' } as const;

type Params = Record<string, string>;

/**
 * For a page load: the section (null when the actor may not read the record's documents),
 * the kinds offered for upload, and the confirmation after a redirect.
 */
export async function documentsOfPage(locals: App.Locals, url: URL, owner: DocumentOwner) {
	const section = await documentSection(locals.ctx, owner);
	const done = url.searchParams.get('document');
	return section
		? {
				...section,
				kinds: DOCUMENT_KINDS_FOR[owner.kind] as readonly DocumentKind[],
				done: done && done in DONE ? DONE[done as keyof typeof DONE] : null
			}
		: null;
}

export type DocumentsOfPage = Awaited<ReturnType<typeof documentsOfPage>>;

/**
 * The two form actions of a page's documents section, for the owner its params name.
 * `anchor` is the id of the section the page returns to (DocumentsSection's `id`).
 */
export function documentActions(ownerOf: (params: Params) => DocumentOwner, anchor = 'documents') {
	return {
		uploadDocument: async ({ request, locals, url, params }: RequestEvent) => {
			requireActor(locals, url);
			const form = await request.formData();
			const file = form.get('file');
			const kind = form.get('kind');
			const description = form.get('description');
			const result = await act(form, () =>
				uploadDocument(locals.ctx, ownerOf(params as Params), {
					kind: (typeof kind === 'string' ? kind : '') as DocumentKind,
					file: file instanceof File ? file : (null as unknown as File),
					description: typeof description === 'string' ? description : undefined
				})
			);
			if (isActionFailure(result)) return tagFailure(DOCUMENT_FORM.upload, result);
			redirect(303, `${url.pathname}?document=uploaded#${anchor}`);
		},
		deleteDocument: async ({ request, locals, url }: RequestEvent) => {
			requireActor(locals, url);
			const form = await request.formData();
			const id = form.get('documentId');
			const result = await act(form, () =>
				deleteDocument(locals.ctx, typeof id === 'string' ? id : '')
			);
			if (isActionFailure(result)) return tagFailure(DOCUMENT_FORM.delete, result);
			redirect(303, `${url.pathname}?document=deleted#${anchor}`);
		}
	};
}
