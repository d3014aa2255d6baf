import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { listApplications } from '$lib/server/services/volunteers/recruitment';
import { mayReadChannels } from '$lib/server/services/volunteers/recruitment-channels';

/** The recruitment pipeline (R-VOL-2…6): applications of the actor's counties, per step. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const get = (name: string, max: number) =>
		(url.searchParams.get(name) ?? '').trim().slice(0, max);
	const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10);
	const list = await run(() =>
		listApplications(locals.ctx, {
			status: get('status', 30),
			countyId: get('county', 36),
			page: Number.isFinite(page) && page > 0 ? page : 1
		})
	);
	return {
		list,
		countyId: get('county', 36),
		publicFormUrl: `${url.origin}/apply`,
		// Recruitment channels (R-VOL-1): each with its own link and counts.
		channelsLink: mayReadChannels(locals.ctx),
		done: url.searchParams.get('done') === 'rejected' ? 'application.done.rejected' : null
	};
};
