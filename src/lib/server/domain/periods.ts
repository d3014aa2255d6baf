import { addDays, isIsoDay } from './dates';
import { daysBetween } from './deadlines';

/**
 * Reporting periods (R-REP-1…4): calendar days `yyyy-mm-dd` in Europe/Tallinn, both ends
 * inclusive. Quarters are calendar quarters; the quarterly report to the ministry is due on
 * the 7th day of the month after the quarter (R-REP-1).
 */
export interface Period {
	/** First day, inclusive. */
	from: string;
	/** Last day, inclusive. */
	to: string;
}

export interface Quarter {
	year: number;
	quarter: 1 | 2 | 3 | 4;
}

/** Longest period the analysis accepts (keeps the monthly series and the queries bounded). */
export const MAX_PERIOD_DAYS = 366 * 10;

const pad = (n: number) => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): string {
	const d = new Date(Date.UTC(year, month, 0));
	return `${year}-${pad(month)}-${pad(d.getUTCDate())}`;
}

export function quarterOf(day: string): Quarter {
	if (!isIsoDay(day)) throw new Error(`not a day: ${day}`);
	const month = Number(day.slice(5, 7));
	return { year: Number(day.slice(0, 4)), quarter: (Math.floor((month - 1) / 3) + 1) as 1 };
}

export function isQuarter(q: { year: number; quarter: number }): q is Quarter {
	return (
		Number.isInteger(q.year) && q.year >= 2000 && q.year <= 2100 && [1, 2, 3, 4].includes(q.quarter)
	);
}

export function quarterPeriod(q: Quarter): Period {
	const firstMonth = (q.quarter - 1) * 3 + 1;
	return {
		from: `${q.year}-${pad(firstMonth)}-01`,
		to: lastDayOfMonth(q.year, firstMonth + 2)
	};
}

export function yearPeriod(year: number): Period {
	return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export function previousQuarter(q: Quarter): Quarter {
	return q.quarter === 1
		? { year: q.year - 1, quarter: 4 }
		: { year: q.year, quarter: (q.quarter - 1) as Quarter['quarter'] };
}

export function nextQuarter(q: Quarter): Quarter {
	return q.quarter === 4
		? { year: q.year + 1, quarter: 1 }
		: { year: q.year, quarter: (q.quarter + 1) as Quarter['quarter'] };
}

export function sameQuarter(a: Quarter, b: Quarter): boolean {
	return a.year === b.year && a.quarter === b.quarter;
}

/** `2026-Q3`: the key used in file names and URLs. */
export function quarterKey(q: Quarter): string {
	return `${q.year}-Q${q.quarter}`;
}

export function parseQuarterKey(key: string): Quarter | null {
	const m = /^(\d{4})-Q([1-4])$/.exec(key);
	if (!m) return null;
	const q = { year: Number(m[1]), quarter: Number(m[2]) };
	return isQuarter(q) ? q : null;
}

/** R-REP-1: the report of a quarter reaches the ministry by the 7th day of the following month. */
export function reportDueDate(q: Quarter): string {
	const next = nextQuarter(q);
	return `${next.year}-${pad((next.quarter - 1) * 3 + 1)}-07`;
}

/** The last quarter that has ended on `today` (the one whose report is due next). */
export function lastCompletedQuarter(today: string): Quarter {
	return previousQuarter(quarterOf(today));
}

export type ReportState = 'overdue' | 'due' | 'upcoming';

export interface ReportDue {
	/** The quarter whose report is to be made next. */
	quarter: Quarter;
	dueOn: string;
	/**
	 * overdue: the quarter has ended, its report is not made and the 7th has passed;
	 * due: the quarter has ended, its report is not made, the 7th has not passed yet;
	 * upcoming: the last quarter's report is made; this one can be made once the quarter ends.
	 */
	state: ReportState;
	/** Days from today to the due date (negative when overdue). */
	daysLeft: number;
	/** The quarter before, when its report was made (shown as "made"). */
	lastMade: Quarter | null;
}

/**
 * What the administrator's home shows about the quarterly report: which quarter's report is
 * next, by when, and whether the last finished quarter's report was made. `made` lists the
 * quarters that have a stored report.
 */
export function nextReportDue(today: string, made: readonly Quarter[]): ReportDue {
	const last = lastCompletedQuarter(today);
	const isMade = (q: Quarter) => made.some((m) => sameQuarter(m, q));
	if (!isMade(last)) {
		const dueOn = reportDueDate(last);
		return {
			quarter: last,
			dueOn,
			state: today > dueOn ? 'overdue' : 'due',
			daysLeft: daysBetween(today, dueOn),
			lastMade: null
		};
	}
	const current = quarterOf(today);
	const dueOn = reportDueDate(current);
	return {
		quarter: current,
		dueOn,
		state: 'upcoming',
		daysLeft: daysBetween(today, dueOn),
		lastMade: last
	};
}

/** The months a period touches, `yyyy-mm`, in order. */
export function monthsOf(period: Period): string[] {
	const out: string[] = [];
	let y = Number(period.from.slice(0, 4));
	let m = Number(period.from.slice(5, 7));
	const endY = Number(period.to.slice(0, 4));
	const endM = Number(period.to.slice(5, 7));
	while (y < endY || (y === endY && m <= endM)) {
		out.push(`${y}-${pad(m)}`);
		m++;
		if (m === 13) {
			m = 1;
			y++;
		}
	}
	return out;
}

/**
 * A period cut where whole months begin and end: `months` from the first day of the first
 * whole month to the last day of the last one (null when no month lies wholly inside), and the
 * partial `edges` before and after it. Whole months are read from monthly totals, the edges
 * from the entries themselves.
 */
export function splitAtWholeMonths(period: Period): { months: Period | null; edges: Period[] } {
	const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
	const firstWhole =
		period.from === monthStart(period.from) ? period.from : nextMonthStart(period.from);
	const afterTo = addDays(period.to, 1);
	const lastWholeEnd =
		afterTo === monthStart(afterTo) ? period.to : addDays(monthStart(period.to), -1);
	if (firstWhole > lastWholeEnd) return { months: null, edges: [period] };
	const edges: Period[] = [];
	if (period.from < firstWhole) edges.push({ from: period.from, to: addDays(firstWhole, -1) });
	if (lastWholeEnd < period.to) edges.push({ from: addDays(lastWholeEnd, 1), to: period.to });
	return { months: { from: firstWhole, to: lastWholeEnd }, edges };
}

function nextMonthStart(day: string): string {
	const y = Number(day.slice(0, 4));
	const m = Number(day.slice(5, 7));
	return m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
}

/** Whole days in a period (both ends counted). */
export function periodDays(period: Period): number {
	return daysBetween(period.from, period.to) + 1;
}

/** A period is two real days in order and at most MAX_PERIOD_DAYS long. */
export function isValidPeriod(period: Period): boolean {
	return (
		isIsoDay(period.from) &&
		isIsoDay(period.to) &&
		period.from <= period.to &&
		periodDays(period) <= MAX_PERIOD_DAYS
	);
}

/** Does the pairing window [startsOn, endsOn) share a day with the period? */
export function windowOverlaps(
	window: { startsOn: string; endsOn: string | null },
	period: Period
): boolean {
	return window.startsOn <= period.to && (window.endsOn === null || window.endsOn > period.from);
}

export type QuickPick = 'quarter' | 'previous_quarter' | 'year' | 'previous_year' | 'all';
export const QUICK_PICKS: readonly QuickPick[] = [
	'quarter',
	'previous_quarter',
	'year',
	'previous_year',
	'all'
];

/**
 * The period of a quick pick on `today`. "all" runs from `firstDay` (the earliest record, e.g.
 * the pilot's first pairing) to today.
 */
export function quickPickPeriod(pick: QuickPick, today: string, firstDay: string | null): Period {
	const year = Number(today.slice(0, 4));
	switch (pick) {
		case 'quarter':
			return quarterPeriod(quarterOf(today));
		case 'previous_quarter':
			return quarterPeriod(lastCompletedQuarter(today));
		case 'year':
			return yearPeriod(year);
		case 'previous_year':
			return yearPeriod(year - 1);
		case 'all': {
			const from = firstDay && firstDay < today ? firstDay : today;
			// Never longer than the analysis accepts.
			const earliest = addDays(today, -(MAX_PERIOD_DAYS - 1));
			return { from: from < earliest ? earliest : from, to: today };
		}
	}
}

/** ESF age groups (R-REP-2), also kept on an anonymised client (client.age_group). */
export const AGE_GROUPS = ['0-17', '18-29', '30-54', '55-64', '65-74', '75-84', '85+'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** Age in whole years on `onDay`. */
export function ageOn(dateOfBirth: string, onDay: string): number {
	const years = Number(onDay.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
	return onDay.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

export function ageGroup(dateOfBirth: string | null, onDay: string): AgeGroup | null {
	if (!dateOfBirth || !isIsoDay(dateOfBirth)) return null;
	const age = ageOn(dateOfBirth, onDay);
	if (age < 18) return '0-17';
	if (age < 30) return '18-29';
	if (age < 55) return '30-54';
	if (age < 65) return '55-64';
	if (age < 75) return '65-74';
	if (age < 85) return '75-84';
	return '85+';
}

/** Median of numbers (for checks of the database's percentile_cont(0.5)); null when empty. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A share as a percentage with one decimal, or null when there is nothing to divide. */
export function percent(part: number, whole: number): number | null {
	if (whole <= 0) return null;
	return Math.round((part / whole) * 1000) / 10;
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder method), each
 * at least `min`. The parts always add up to `total` exactly (when total ≥ min × parts).
 */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
	const n = weights.length;
	if (n === 0) return [];
	if (total < min * n) throw new Error(`cannot give ${n} parts at least ${min} from ${total}`);
	const rest = total - min * n;
	const sum = weights.reduce((s, w) => s + Math.max(0, w), 0);
	const exact = weights.map((w) => (sum > 0 ? (Math.max(0, w) / sum) * rest : rest / n));
	const parts = exact.map((x) => Math.floor(x));
	let left = rest - parts.reduce((s, x) => s + x, 0);
	const order = exact
		.map((x, i) => ({ i, frac: x - Math.floor(x) }))
		.sort((a, b) => b.frac - a.frac || a.i - b.i);
	for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[order[k]!.i]!++;
	return parts.map((p) => p + min);
}

const localParts = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Tallinn',
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit'
});

/** An instant as Tallinn wall-clock time `yyyy-mm-ddThh:mm` (the value of a datetime-local field). */
export function tallinnLocal(instant: Date): string {
	const p = Object.fromEntries(localParts.formatToParts(instant).map((x) => [x.type, x.value]));
	return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The instant of a Tallinn wall-clock time `yyyy-mm-ddThh:mm` (a datetime-local field); null
 * when it is not one. In the hour skipped in spring the later offset is used.
 */
export function tallinnLocalToInstant(value: string): Date | null {
	const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
	if (!m || !isIsoDay(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
	const [y, mo, d] = m[1]!.split('-').map(Number) as [number, number, number];
	const asUtc = Date.UTC(y, mo - 1, d, Number(m[2]), Number(m[3]));
	// Tallinn is UTC+2 or UTC+3: try both and keep the one that reads back the same.
	for (const hours of [3, 2]) {
		const instant = new Date(asUtc - hours * 3_600_000);
		if (tallinnLocal(instant) === value) return instant;
	}
	return new Date(asUtc - 3 * 3_600_000);
}
