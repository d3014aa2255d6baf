import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { listVolunteers, volunteerListOptions } from '$lib/server/services/volunteers/volunteers';
import { listFilter } from '$lib/server/web/list-filter';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const filter = listFilter(url);
	return run(async () => {
		const options = await volunteerListOptions(locals.ctx);
		const list = await listVolunteers(locals.ctx, filter);
		return { options, list, filter };
	});
};
