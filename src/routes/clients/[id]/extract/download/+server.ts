import type { RequestHandler } from './$types';
import { load as run, refuse, requireActor } from '$lib/server/web/http';
import {
	EXTRACT_FORMATS,
	extractFile,
	type ExtractFormat
} from '$lib/server/services/clients/extract';
import { isLocale } from '$lib/i18n';

/**
 * The extract file (R-PAIR-4): `?format=pdf|json&lang=et|en`. The service checks
 * `client:extract` on the client (another county: 404, audited) and audits the extract.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const format = url.searchParams.get('format') ?? 'pdf';
	if (!(EXTRACT_FORMATS as readonly string[]).includes(format)) refuse(400, 'error.form_invalid');
	const lang = url.searchParams.get('lang');
	const file = await run(() =>
		extractFile(locals.ctx, params.id, format as ExtractFormat, isLocale(lang) ? lang : undefined)
	);
	return new Response(file.bytes as unknown as BodyInit, {
		headers: {
			'content-type': file.mediaType,
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'content-length': String(file.bytes.byteLength),
			'cache-control': 'no-store'
		}
	});
};
