import type { Actions, PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { clientRecord } from '$lib/server/services/clients/record-pages';
import { clientCareLinks } from '$lib/server/services/clients/client-page-links';
import { documentActions, documentsOfPage } from '$lib/server/web/document-actions';

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

export const actions = {
	...documentActions((p) => ({ kind: 'client', clientId: p.id! }))
} satisfies Actions;
