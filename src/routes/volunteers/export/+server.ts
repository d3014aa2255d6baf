import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/http';
import { exportVolunteersCsv } from '$lib/server/services/volunteers';
import { today } from '$lib/server/services/context';

/** The volunteer list as CSV: only the rows the actor may download. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireActor(locals, url);
	const body = await run(() => exportVolunteersCsv(locals.ctx));
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="vabatahtlikud-${today(locals.ctx)}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
