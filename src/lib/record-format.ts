import { m } from '$lib/paraglide/messages';

/**
 * Display helpers of the record pages (components only: they translate with the page's
 * language).
 */

/** "Maie Tamm"; a client mapped in general form (no name yet, R-MAP-2) is "unnamed". */
export function personName(first: string | null | undefined, last: string | null | undefined) {
	const name = `${first ?? ''} ${last ?? ''}`.trim();
	return name || m['client.unnamed']();
}

/** 90 → "1 h 30 min" ("1 t 30 min" in Estonian). */
export function formatDuration(minutes: number): string {
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	if (hours === 0) return m['diary.duration_min']({ minutes: rest });
	if (rest === 0) return m['diary.duration_h']({ hours });
	return m['diary.duration_h_min']({ hours, minutes: rest });
}
