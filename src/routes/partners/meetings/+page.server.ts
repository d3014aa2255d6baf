import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { listPartnerMeetings } from '$lib/server/services/programme/partner-meetings';

/** The social partners' meetings (R-PART-1) and when each county's next one is due. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	return run(() =>
		listPartnerMeetings(locals.ctx, { countyId: url.searchParams.get('county') ?? undefined })
	);
};
