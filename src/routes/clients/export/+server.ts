import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/http';
import { exportClientsCsv } from '$lib/server/services/clients';
import { today } from '$lib/server/services/context';

/** The client list as CSV (R-ROLE-4): only the rows and columns the actor may download. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireActor(locals, url);
	const body = await run(() => exportClientsCsv(locals.ctx));
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="abivajajad-${today(locals.ctx)}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
