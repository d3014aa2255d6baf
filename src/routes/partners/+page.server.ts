import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { listPartners, partnerListOptions } from '$lib/server/services/partners/partners';
import { partnerListQuery } from '$lib/server/web/list-queries';
import { canReadPartnerMeetings } from '$lib/server/services/programme/partner-meetings';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const filter = partnerListQuery(url);
	return run(async () => {
		const options = await partnerListOptions(locals.ctx);
		const list = await listPartners(locals.ctx, filter);
		// Partner meetings (issue 22) for those who may read them.
		const meetingsLink = canReadPartnerMeetings(locals.ctx);
		return { options, list, filter, meetingsLink };
	});
};
