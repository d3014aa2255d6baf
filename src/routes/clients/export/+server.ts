import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import {
	clientFilterFromUrl,
	downloadClients,
	downloadFormat
} from '$lib/server/services/reporting/list-downloads';
import { attachmentDisposition } from '$lib/server/domain/documents';

/**
 * The client list as CSV or XLSX (`?format=xlsx`) with the list's current filters (R-ROLE-4):
 * only the rows and columns the actor may download; audited by the service.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireActor(locals, url);
	const file = await run(() =>
		downloadClients(
			locals.ctx,
			clientFilterFromUrl(url),
			downloadFormat(url.searchParams.get('format'))
		)
	);
	return new Response(file.body as BodyInit, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': attachmentDisposition(file.fileName),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
};
