/**
 * Geometry of the analysis charts (R-REP-4): plain numbers for server-rendered inline SVG, so a
 * chart needs no JavaScript and weighs a few hundred bytes. Every chart has its table beside it.
 */

/** The smallest "nice" number (1, 2, 2.5, 5 × 10^k) at or above `max`; 1 for nothing. */
export function niceMax(max: number): number {
	if (!Number.isFinite(max) || max <= 0) return 1;
	const exp = Math.floor(Math.log10(max));
	const base = 10 ** exp;
	for (const step of [1, 2, 2.5, 5, 10]) {
		const candidate = step * base;
		if (candidate >= max - 1e-9) return candidate;
	}
	return 10 * base;
}

/** Evenly spaced tick values from 0 to niceMax(max), `count` intervals. */
export function ticks(max: number, count = 4): number[] {
	const top = niceMax(max);
	return Array.from({ length: count + 1 }, (_, i) => Math.round(((top * i) / count) * 1000) / 1000);
}

export interface Bar {
	label: string;
	value: number;
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface ColumnChart {
	width: number;
	height: number;
	/** Plot area. */
	left: number;
	top: number;
	plotWidth: number;
	plotHeight: number;
	max: number;
	ticks: { value: number; y: number }[];
	bars: Bar[];
	/** Show every n-th x label so that they do not overlap. */
	labelEvery: number;
}

/** Vertical bars (a monthly trend). */
export function columnChart(
	items: readonly { label: string; value: number }[],
	opts: { width?: number; height?: number; left?: number; bottom?: number; top?: number } = {}
): ColumnChart {
	const width = opts.width ?? 640;
	const height = opts.height ?? 240;
	const left = opts.left ?? 56;
	const top = opts.top ?? 12;
	const bottom = opts.bottom ?? 36;
	const plotWidth = width - left - 8;
	const plotHeight = height - top - bottom;
	const max = niceMax(Math.max(0, ...items.map((i) => i.value)));
	const slot = items.length > 0 ? plotWidth / items.length : plotWidth;
	const barWidth = Math.max(2, slot * 0.7);
	const bars = items.map((item, i) => {
		const h = (Math.max(0, item.value) / max) * plotHeight;
		return {
			label: item.label,
			value: item.value,
			x: round(left + i * slot + (slot - barWidth) / 2),
			y: round(top + plotHeight - h),
			width: round(barWidth),
			height: round(h)
		};
	});
	return {
		width,
		height,
		left,
		top,
		plotWidth,
		plotHeight,
		max,
		ticks: ticks(max).map((value) => ({
			value,
			y: round(top + plotHeight - (value / max) * plotHeight)
		})),
		bars,
		labelEvery: Math.max(1, Math.ceil(items.length / 12))
	};
}

export interface BarRow {
	label: string;
	value: number;
	/** Bar length in the plot. */
	length: number;
	y: number;
}

export interface BarChart {
	width: number;
	height: number;
	labelWidth: number;
	barHeight: number;
	max: number;
	rows: BarRow[];
}

/** Horizontal bars (profile mix, county comparison): one row per item, labels on the left. */
export function barChart(
	items: readonly { label: string; value: number }[],
	opts: { width?: number; labelWidth?: number; rowHeight?: number } = {}
): BarChart {
	const width = opts.width ?? 640;
	const labelWidth = opts.labelWidth ?? 200;
	const rowHeight = opts.rowHeight ?? 28;
	const valueSpace = 90;
	const plot = width - labelWidth - valueSpace;
	const max = niceMax(Math.max(0, ...items.map((i) => i.value)));
	return {
		width,
		height: Math.max(rowHeight, items.length * rowHeight) + 4,
		labelWidth,
		barHeight: Math.round(rowHeight * 0.65),
		max,
		rows: items.map((item, i) => ({
			label: item.label,
			value: item.value,
			length: round((Math.max(0, item.value) / max) * plot),
			y: i * rowHeight + 2
		}))
	};
}

function round(n: number): number {
	return Math.round(n * 10) / 10;
}

/** Number formats by locale and digits: making one costs far more than using it (a page of
 * tables formats a thousand numbers). */
const numberFormats = new Map<string, Intl.NumberFormat>();

/** 1 234,5 — Estonian number format (narrow no-break space, decimal comma) or English. */
export function formatNumber(value: number | null | undefined, locale: string, digits = 0): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '—';
	const tag = locale === 'en' ? 'en-GB' : 'et-EE';
	const key = `${tag}/${digits}`;
	let format = numberFormats.get(key);
	if (!format) {
		format = new Intl.NumberFormat(tag, {
			minimumFractionDigits: digits,
			maximumFractionDigits: digits
		});
		numberFormats.set(key, format);
	}
	return format.format(value);
}
