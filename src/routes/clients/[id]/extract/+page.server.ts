import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { extractPage } from '$lib/server/services/clients/extract';

/** The client's extract (R-PAIR-4): the coordinator downloads it as PDF or JSON. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	return run(() => extractPage(locals.ctx, params.id));
};
