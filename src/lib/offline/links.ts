import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

/** "Add the trip for this visit": the mileage log's form with the visit's client and day. */
export function tripForVisitHref(clientId: string, date: string): ResolvedPathname {
	return `${resolve('/mileage')}?client=${encodeURIComponent(clientId)}&date=${encodeURIComponent(date)}#add` as ResolvedPathname;
}

/**
 * A page kept on the phone was rendered on an earlier day: its date field's default and upper
 * bound are that day's. Moves both to today (Europe/Tallinn) when the field still shows the
 * page's day. The server checks the date again when the form arrives.
 */
export function bringDateToToday(input: HTMLInputElement | null, pageToday: string | null): void {
	if (!input || !pageToday) return;
	const now = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Tallinn' }).format(new Date());
	if (now <= pageToday) return;
	input.max = now;
	if (input.value === pageToday) input.value = now;
}
