import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { programmeFigures } from '$lib/server/services/programme/figures';

/** Trainings and attendance per county and quarter; share of active volunteers who came. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	return run(() => programmeFigures(locals.ctx));
};
