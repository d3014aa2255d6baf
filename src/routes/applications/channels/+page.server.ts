import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { listChannels } from '$lib/server/services/volunteers/recruitment-channels';

/** Recruitment channels (R-VOL-1): each channel's link and how many applied, were selected, started. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const get = (name: string, max: number) =>
		(url.searchParams.get(name) ?? '').trim().slice(0, max);
	const list = await run(() =>
		listChannels(locals.ctx, { countyId: get('county', 36), quarter: get('quarter', 7) })
	);
	return { list, origin: url.origin };
};
