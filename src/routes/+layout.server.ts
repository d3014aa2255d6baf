import type { LayoutServerLoad } from './$types';
import { navigationFor, userSummary } from '$lib/server/web/navigation';

export const load: LayoutServerLoad = ({ locals }) => ({
	locale: locals.locale,
	user: userSummary(locals.actor),
	nav: navigationFor(locals.actor)
});
