/**
 * "N concurrent users" (issue 7, load): each user asks for a page, waits for it, reads it for
 * a while and asks for the next — a closed loop with think time, the usual model of people at
 * their screens. autocannon (tests/bench/main.ts) has no think time below one second per
 * connection, and its overall rate fires each second's requests in one burst; this keeps the
 * users independent. Think times vary ±50% around the mean (a fixed seed: runs compare), and
 * the users start spread over the first think time, as people do not all click at once.
 */
import { Random } from '$lib/server/generator/random';
import { percentile } from './stats';

/** Requests made, failures and latency percentiles (ms) of one load run. */
export interface UsersResult {
	requests: number;
	errors: number;
	non2xx: number;
	p50: number;
	p95: number;
	p99: number;
	rps: number;
}

export async function simulateUsers(opts: {
	url: string;
	pages: readonly { path: string; cookie: string }[];
	users: number;
	thinkSeconds: number;
	seconds: number;
	seed?: number;
}): Promise<UsersResult> {
	const { url, pages, users, thinkSeconds, seconds } = opts;
	const latencies: number[] = [];
	let errors = 0;
	let non2xx = 0;
	const started = performance.now();
	const end = started + seconds * 1000;
	const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
	const user = async (n: number) => {
		const random = Random.derive(opts.seed ?? 7, n);
		// Each user goes through the mix in order from their own starting point.
		let next = random.int(0, pages.length - 1);
		await sleep(random.float() * thinkSeconds * 1000);
		while (performance.now() < end) {
			const page = pages[next++ % pages.length]!;
			const t0 = performance.now();
			try {
				const res = await fetch(url + page.path, {
					headers: { cookie: page.cookie },
					redirect: 'manual',
					signal: AbortSignal.timeout(10_000)
				});
				await res.arrayBuffer();
				if (res.status < 200 || res.status > 299) non2xx++;
				latencies.push(performance.now() - t0);
			} catch {
				errors++;
			}
			await sleep(thinkSeconds * 1000 * (0.5 + random.float()));
		}
	};
	await Promise.all(Array.from({ length: users }, (_, i) => user(i)));
	const elapsed = (performance.now() - started) / 1000;
	const sorted = latencies.sort((a, b) => a - b);
	const round = (x: number) => Math.round(x);
	return {
		requests: sorted.length + errors,
		errors,
		non2xx,
		p50: round(percentile(sorted, 50)),
		p95: round(percentile(sorted, 95)),
		p99: round(percentile(sorted, 99)),
		rps: (sorted.length + errors) / elapsed
	};
}
