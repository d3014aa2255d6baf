import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/http';
import { clientListOptions, listClients } from '$lib/server/services/clients';
import { listFilter } from '$lib/server/list-filter';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const filter = listFilter(url);
	return run(async () => {
		const options = await clientListOptions(locals.ctx);
		const list = await listClients(locals.ctx, filter);
		return { options, list, filter };
	});
};
