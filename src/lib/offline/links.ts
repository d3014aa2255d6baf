import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

/** "Add the trip for this visit": the mileage log's form with the visit's client and day. */
export function tripForVisitHref(clientId: string, date: string): ResolvedPathname {
	return `${resolve('/mileage')}?client=${encodeURIComponent(clientId)}&date=${encodeURIComponent(date)}#add` as ResolvedPathname;
}
