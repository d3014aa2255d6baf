import type { RequestHandler } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { claimsSummary, type SummaryFormat } from '$lib/server/services/mileage/mileage-documents';

/**
 * The accountant's list of a municipality's month (R-MILE-3): `?municipality=…&month=yyyy-mm`
 * and `format=xlsx` (default), `csv`, or `zip` (the list and every claim document).
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireActor(locals, url);
	const asked = url.searchParams.get('format');
	const format: SummaryFormat = asked === 'csv' || asked === 'zip' ? asked : 'xlsx';
	const { bytes, filename, contentType } = await run(() =>
		claimsSummary(
			locals.ctx,
			{
				municipalityId: url.searchParams.get('municipality'),
				month: url.searchParams.get('month')
			},
			format,
			locals.locale
		)
	);
	return new Response(bytes as BodyInit, {
		headers: {
			'content-type': contentType,
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
};
