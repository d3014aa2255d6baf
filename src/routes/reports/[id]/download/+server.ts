import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/http';
import { downloadQuarterlyReport } from '$lib/server/services/reports';

/** A stored quarterly report package (ZIP); administrator only, audited. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireActor(locals, url);
	const file = await run(() => downloadQuarterlyReport(locals.ctx, params.id));
	return new Response(file.bytes as BodyInit, {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
