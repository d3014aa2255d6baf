import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { clientListOptions, listClients } from '$lib/server/services/clients/client-list';
import { clientListQuery } from '$lib/server/web/list-queries';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const filter = clientListQuery(url);
	return run(async () => {
		const options = await clientListOptions(locals.ctx);
		const list = await listClients(locals.ctx, filter);
		return { options, list, filter };
	});
};
