import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { claimPdf } from '$lib/server/services/mileage/mileage-documents';

/** The claim document (PDF) of one claim, generated from the stored claim (R-MILE-3). */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const { bytes, filename } = await run(() => claimPdf(locals.ctx, params.id, locals.locale));
	return new Response(bytes as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
};
