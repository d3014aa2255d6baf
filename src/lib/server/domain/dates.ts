/**
 * Calendar dates in the service's time zone. A "day" (a visit, a pairing's start) is an
 * ISO date string `yyyy-mm-dd` in Europe/Tallinn, whatever the server's own zone.
 */
export const TIME_ZONE = 'Europe/Tallinn';

const isoDayFormat = new Intl.DateTimeFormat('en-CA', {
	timeZone: TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** The Tallinn calendar day of an instant, as `yyyy-mm-dd`. */
export function tallinnDay(instant: Date): string {
	return isoDayFormat.format(instant);
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `yyyy-mm-dd`. */
export function isIsoDay(value: string): boolean {
	const m = ISO_DAY.exec(value);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Adds whole days to an ISO day. */
export function addDays(day: string, days: number): string {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	const date = new Date(Date.UTC(y, m - 1, d + days));
	return date.toISOString().slice(0, 10);
}

const offsetParts = new Intl.DateTimeFormat('en-US', {
	timeZone: TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit'
});

/** Minutes Tallinn is ahead of UTC at `instant` (120 in winter, 180 in summer). */
function tallinnOffsetMinutes(instant: Date): number {
	const part = (type: string) =>
		Number(offsetParts.formatToParts(instant).find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second')
	);
	return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a Tallinn calendar day begins (00:00 local time), for "from day … to day"
 * filters on timestamps. Clocks change at 03:00/04:00 there, never at midnight.
 */
export function tallinnDayStart(day: string): Date {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	const utcMidnight = Date.UTC(y, m - 1, d);
	const guess = utcMidnight - tallinnOffsetMinutes(new Date(utcMidnight)) * 60_000;
	return new Date(utcMidnight - tallinnOffsetMinutes(new Date(guess)) * 60_000);
}
