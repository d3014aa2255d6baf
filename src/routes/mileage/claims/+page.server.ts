import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { listClaims } from '$lib/server/services/mileage/claim-list';

/** Claims to review and pay (R-MILE-3), and the accountant's downloads per municipality and month. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const q = url.searchParams;
	return run(() =>
		listClaims(locals.ctx, {
			status: q.get('status'),
			municipalityId: q.get('municipality'),
			month: q.get('month'),
			page: Number(q.get('page') ?? '1')
		})
	);
};
