import type { RequestHandler } from './$types';
import { load as run, refuse, requireActor } from '$lib/server/web/http';
import { downloadAnalysis } from '$lib/server/services/analysis/analysis';
import { AppError } from '$lib/server/errors';

/**
 * A table of the analysis as CSV or XLSX (R-REP-4): the same access check as the page, and
 * every download audited by the service.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireActor(locals, url);
	const q = url.searchParams;
	const file = await run(async () => {
		try {
			return await downloadAnalysis(
				locals.ctx,
				{ county: q.get('county'), from: q.get('from'), to: q.get('to'), pick: q.get('pick') },
				q.get('table') ?? '',
				q.get('format') ?? '',
				locals.locale
			);
		} catch (e) {
			if (e instanceof AppError && e.code === 'invalid') refuse(400, 'error.form_invalid');
			throw e;
		}
	});
	return new Response(file.body as BodyInit, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
