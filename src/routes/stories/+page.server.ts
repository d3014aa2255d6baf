import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { listStories } from '$lib/server/services/stories/stories';

/** The experience stories of the coordinator's counties (R-STORY-1). */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	return run(() => listStories(locals.ctx));
};
