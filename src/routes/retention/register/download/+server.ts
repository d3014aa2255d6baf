import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { downloadRegister } from '$lib/server/services/retention/register';
import { attachmentDisposition } from '$lib/server/domain/documents';

/** The destruction register as CSV or XLSX (`?format=xlsx`); audited by the service. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireActor(locals, url);
	const format = url.searchParams.get('format') === 'xlsx' ? 'xlsx' : 'csv';
	const file = await run(() => downloadRegister(locals.ctx, format));
	return new Response(file.body as BodyInit, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': attachmentDisposition(file.fileName),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
};
