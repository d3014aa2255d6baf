import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { pairingFormPdf } from '$lib/server/services/pairings/paper-forms';

/**
 * A printable form of a pairing (issue 22): `diary` (a month's paper diary page) or `survey`
 * (the six-month survey), `?lang=et|ru|en` (default: the volunteer's or the client's
 * language), with the two first names. The service checks `diary:create` on the client and
 * that a volunteer prints only their own pairing's forms; audited.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const file = await run(() =>
		pairingFormPdf(locals.ctx, params.pairingId, params.form, url.searchParams.get('lang'), {
			clientId: params.id
		})
	);
	return new Response(file.bytes as unknown as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'content-length': String(file.bytes.byteLength),
			'cache-control': 'no-store'
		}
	});
};
