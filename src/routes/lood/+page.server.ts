import type { PageServerLoad } from './$types';
import { publishedStories } from '$lib/server/services/stories/public';

/** The public page of experience stories (R-STORY-1): no login, each in its own language. */
export const load: PageServerLoad = async ({ locals }) => {
	return { stories: await publishedStories(locals.ctx) };
};
