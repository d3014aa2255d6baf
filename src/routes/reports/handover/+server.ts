import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { handoverPackage } from '$lib/server/services/admin/handover';

/**
 * The data hand-over package (R-CTRL-2): a form post with the confirmation box ticked starts a
 * streamed ZIP download. Administrator only; the service checks and audits.
 */
export const POST: RequestHandler = async ({ locals, request, url }) => {
	requireActor(locals, url);
	const form = await request.formData();
	if (form.get('confirm') !== 'yes') error(400, 'handover.error.confirm');
	const pkg = await run(() => handoverPackage(locals.ctx));
	return new Response(pkg.stream, {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="${pkg.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
