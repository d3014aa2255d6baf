import type { LayoutServerLoad } from './$types';
import { navigationFor, userSummary } from '$lib/server/web/navigation';
import { isFieldVolunteer } from '$lib/server/web/offline-pages';

export const load: LayoutServerLoad = ({ locals }) => ({
	locale: locals.locale,
	user: userSummary(locals.actor),
	nav: navigationFor(locals.actor),
	// The volunteer's phone keeps a queue of unsent entries (issue 19): whose it is.
	field: isFieldVolunteer(locals.actor) ? { userId: locals.actor!.userId } : null
});
