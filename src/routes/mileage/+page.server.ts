import type { Actions, PageServerLoad } from './$types';
import { addTripAction, loadLog, ownVolunteerId } from '$lib/server/web/mileage-pages';
import { keepOnPhone } from '$lib/server/web/offline-pages';

/** The volunteer's own mileage log (sõidupäevik, R-MILE-1). */
export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const volunteerId = ownVolunteerId(locals, url);
	keepOnPhone(locals, setHeaders);
	return loadLog(locals, url, volunteerId);
};

export const actions = {
	addTrip: async ({ request, locals, url }) =>
		addTripAction(request, locals, url, ownVolunteerId(locals, url))
} satisfies Actions;
