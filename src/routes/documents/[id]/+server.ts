import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { openDocument } from '$lib/server/services/documents/documents';
import { attachmentDisposition, downloadFileName } from '$lib/server/domain/documents';

/**
 * Downloads one document (R-DOC-1): the documents service checks the policy on the record it
 * belongs to and writes the audit event; anyone else gets 404 (audited). Always an attachment,
 * never rendered by the browser: no public path, no sniffing, a sandbox CSP, no caching.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const { doc, bytes } = await run(() => openDocument(locals.ctx, params.id));
	return new Response(bytes as BodyInit, {
		headers: {
			'content-type': doc.mediaType,
			'content-length': String(bytes.byteLength),
			'content-disposition': attachmentDisposition(downloadFileName(doc.fileName, doc.mediaType)),
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; sandbox",
			'cache-control': 'private, no-store'
		}
	});
};
