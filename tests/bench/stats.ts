/** Timing helpers for the benchmarks (issue 7). Wall-clock, high resolution, medians of runs. */

export interface Timing {
	runs: number;
	median: number;
	p95: number;
	min: number;
	max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export function summarise(samples: readonly number[]): Timing {
	const sorted = [...samples].sort((a, b) => a - b);
	return {
		runs: sorted.length,
		median: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		min: sorted[0] ?? NaN,
		max: sorted[sorted.length - 1] ?? NaN
	};
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times; milliseconds per run. */
export async function measure(
	fn: (i: number) => Promise<unknown>,
	opts: { warmup?: number; runs?: number } = {}
): Promise<Timing> {
	const warmup = opts.warmup ?? 2;
	const runs = opts.runs ?? 15;
	for (let i = 0; i < warmup; i++) await fn(i);
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await fn(warmup + i);
		samples.push(performance.now() - t0);
	}
	return summarise(samples);
}

export const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 2 : 1)} ms` : '—');
