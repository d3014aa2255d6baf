import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { analysisTables, getAnalysis } from '$lib/server/services/analysis/analysis';

/**
 * The analysis module (R-REP-4): figures of a county or of the whole country over a period.
 * The service checks `analysis:read` on the county (or the country) and audits the view.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const q = url.searchParams;
	return run(async () => {
		const view = await getAnalysis(locals.ctx, {
			county: q.get('county'),
			from: q.get('from'),
			to: q.get('to'),
			pick: q.get('pick')
		});
		return {
			view,
			tables: analysisTables(view.figures, locals.locale, view.scope),
			form: { county: q.get('county') ?? '', from: q.get('from') ?? '', to: q.get('to') ?? '' }
		};
	});
};
