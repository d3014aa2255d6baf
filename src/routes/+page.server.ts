import type { PageServerLoad } from './$types';
import { requireActor } from '$lib/server/http';

export const load: PageServerLoad = ({ locals, url }) => {
	requireActor(locals, url);
	return {};
};
