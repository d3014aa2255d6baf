import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { blankFormPdf } from '$lib/server/services/pairings/paper-forms';

/**
 * A blank printable form (issue 22): `diary` or `survey`, `?lang=et|ru|en` (default: the
 * reader's language), without names — for whoever writes diaries somewhere.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const file = await run(() => blankFormPdf(locals.ctx, params.form, url.searchParams.get('lang')));
	return new Response(file.bytes as unknown as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'content-length': String(file.bytes.byteLength),
			'cache-control': 'no-store'
		}
	});
};
