import type { RequestHandler } from './$types';
import { load as run, refuse, requireActor } from '$lib/server/web/http';
import { handoverPackage } from '$lib/server/services/admin/handover';

/**
 * The data hand-over package (R-CTRL-2): a form post with the confirmation box ticked starts a
 * streamed ZIP download. Administrator only; the service checks and audits.
 */
export const POST: RequestHandler = async ({ locals, request, url }) => {
	requireActor(locals, url);
	// A body that is no form (JSON, plain text, nothing) is a refusal, not a server error
	// (issue 17: this endpoint answered 5xx under a probe). Broken forms never get here
	// (request-guard.ts).
	const form = await request.formData().catch(() => null);
	if (form?.get('confirm') !== 'yes') refuse(400, 'handover.error.confirm');
	const pkg = await run(() => handoverPackage(locals.ctx));
	return new Response(pkg.stream, {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="${pkg.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
