import type { Actions, PageServerLoad } from './$types';
import { addTripAction, loadLog, ownVolunteerId } from '$lib/server/web/mileage-pages';

/** The volunteer's own mileage log (sõidupäevik, R-MILE-1). */
export const load: PageServerLoad = async ({ locals, url }) =>
	loadLog(locals, url, ownVolunteerId(locals, url));

export const actions = {
	addTrip: async ({ request, locals, url }) =>
		addTripAction(request, locals, url, ownVolunteerId(locals, url))
} satisfies Actions;
