import type { Actions, PageServerLoad } from './$types';
import { addTripAction, loadLog } from '$lib/server/web/mileage-pages';

/** A volunteer's mileage log as their coordinator or the administrator sees it. */
export const load: PageServerLoad = async ({ locals, url, params }) =>
	loadLog(locals, url, params.id);

export const actions = {
	addTrip: async ({ request, locals, url, params }) =>
		addTripAction(request, locals, url, params.id)
} satisfies Actions;
