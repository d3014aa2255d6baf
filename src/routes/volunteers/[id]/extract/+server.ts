import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { volunteerExtractFile } from '$lib/server/services/volunteers/extract';

/**
 * A volunteer's extract of their data as JSON (issue 24, item 5). The service checks
 * `volunteer:extract` on the volunteer (another county: 404, audited) and audits the extract.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const file = await run(() => volunteerExtractFile(locals.ctx, params.id));
	return new Response(file.bytes as unknown as BodyInit, {
		headers: {
			'content-type': file.mediaType,
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'content-length': String(file.bytes.byteLength),
			'cache-control': 'no-store'
		}
	});
};
