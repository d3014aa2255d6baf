import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { downloadQuarterlyReport } from '$lib/server/services/reporting/reports';

/** A stored quarterly report package (ZIP), streamed; administrator only, audited. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireActor(locals, url);
	const file = await run(() => downloadQuarterlyReport(locals.ctx, params.id));
	return new Response(file.stream, {
		headers: {
			'content-type': 'application/zip',
			'content-length': String(file.size),
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
