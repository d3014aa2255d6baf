import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/http';
import { formFields, tagFailure } from '$lib/server/form-fields';
import { clientRecord } from '$lib/server/services/records';
import { clientCareLinks } from '$lib/server/services/care';
import { createPairing, endPairing } from '$lib/server/services/pairings';
import { addDiaryEntry } from '$lib/server/services/diary';
import { documentActions, documentsOfPage } from '$lib/server/document-actions';

/** Confirmations after a redirect (post/redirect/get, so a reload never repeats a change). */
const DONE = {
	created: { message: 'client.created', section: 'main' },
	updated: { message: 'client.updated', section: 'main' },
	paired: { message: 'pairing.created', section: 'pairings' },
	ended: { message: 'pairing.ended', section: 'pairings' },
	diary: { message: 'diary.added', section: 'diary' },
	anonymised: { message: 'anonymise.done', section: 'main' }
} as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const record = await run(() => clientRecord(locals.ctx, params.id));
	const done = url.searchParams.get('done');
	const documents = await run(() =>
		documentsOfPage(locals, url, { kind: 'client', clientId: params.id })
	);
	const care = await clientCareLinks(locals.ctx, params.id);
	return {
		...record,
		documents,
		care,
		done: done && done in DONE ? DONE[done as keyof typeof DONE] : null
	};
};

/** Runs one form's service call; a failure is tagged with the form, success redirects. */
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
	...documentActions((p) => ({ kind: 'client', clientId: p.id! })),
	pair: ({ request, locals, url, params }) =>
		submit(
			'pair',
			request,
			locals,
			url,
			(data) => createPairing(locals.ctx, params.id, data),
			'paired'
		),
	endPairing: ({ request, locals, url }) =>
		submit(
			'endPairing',
			request,
			locals,
			url,
			(data) => endPairing(locals.ctx, data.pairingId ?? '', data),
			'ended'
		),
	addDiary: ({ request, locals, url, params }) =>
		submit(
			'addDiary',
			request,
			locals,
			url,
			(data) => addDiaryEntry(locals.ctx, params.id, data),
			'diary'
		)
} satisfies Actions;
