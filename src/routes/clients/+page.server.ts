import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/http';
import { clientListOptions, listClients } from '$lib/server/services/clients';
import { clientListQuery } from '$lib/server/mapping-filters';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const filter = clientListQuery(url);
	return run(async () => {
		const options = await clientListOptions(locals.ctx);
		const list = await listClients(locals.ctx, filter);
		return { options, list, filter };
	});
};
