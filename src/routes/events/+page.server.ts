import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { listEvents } from '$lib/server/services/programme/events';

/** Trainings, development days and club meetings (issue 22): coming or past. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	return run(() =>
		listEvents(locals.ctx, {
			when: url.searchParams.get('when') === 'past' ? 'past' : 'coming',
			countyId: url.searchParams.get('county') ?? undefined
		})
	);
};
