/**
 * A clean, quick stop (issue 21; docs/operations.md, "Start, stop"). On SIGTERM or SIGINT
 * adapter-node stops listening, closes idle keep-alive connections and, after
 * `SHUTDOWN_TIMEOUT` seconds (scripts/start.js sets it from `SHUTDOWN_TIMEOUT_SECONDS`, default
 * 10), cuts the connections still open; when the last one is gone it emits
 * `sveltekit:shutdown`, on which hooks.server.ts closes the database and ends the process.
 *
 * What the adapter alone does not do, this module does:
 * - a request that arrives on a kept-alive connection after the signal is not started: it is
 *   answered 503 with `Retry-After` and `Connection: close` (a client that keeps its connection
 *   busy would otherwise be served until the timeout — the 30 s seen before);
 * - every response finished after the signal carries `Connection: close`, so the connection
 *   ends with it instead of waiting to be found idle;
 * - requests under way are counted, and the database is closed only once they are done (or
 *   the bound is over): a save that was answered 2xx/303 is committed, and PGlite is closed
 *   cleanly, not under a running transaction.
 */

let stopping = false;
let inFlight = 0;
let idle: (() => void)[] = [];

export function shuttingDown(): boolean {
	return stopping;
}

/** Marks the stop as begun (the signal handler); idempotent. */
export function beginShutdown(): void {
	stopping = true;
}

/** Counts a request under way; call the returned function when it is answered. */
export function requestStarted(): () => void {
	inFlight++;
	let done = false;
	return () => {
		if (done) return;
		done = true;
		inFlight--;
		if (inFlight === 0) {
			const waiting = idle;
			idle = [];
			for (const w of waiting) w();
		}
	};
}

/** Resolves true once no request is under way, false when `ms` pass first. */
export function requestsFinished(ms: number): Promise<boolean> {
	if (inFlight === 0) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			idle = idle.filter((w) => w !== done);
			resolve(false);
		}, ms);
		timer.unref();
		const done = () => {
			clearTimeout(timer);
			resolve(true);
		};
		idle.push(done);
	});
}

/** For tests: back to a running server. */
export function resetShutdownState(): void {
	stopping = false;
	inFlight = 0;
	idle = [];
}
