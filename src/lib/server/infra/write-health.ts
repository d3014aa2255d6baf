/**
 * Failing writes (issue 17, item 7): a full disk or a closed embedded database answers reads
 * but refuses every write. Such failures are noted here (the diary's save, and every unhandled
 * error in hooks.server.ts `handleError`) and `/readyz` answers 503 while the last one is
 * recent, so a load balancer or monitoring sees what users see.
 */
export const WRITE_FAILURE_WINDOW_MS = 60_000;

let last: { at: number; code: string } | null = null;

function codeOf(err: unknown): string | null {
	for (let e = err, depth = 0; e instanceof Error && depth < 4; depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string') {
			// SQLSTATE 53 insufficient resources (53100 disk full), 58 system error (58030 I/O),
			// XX internal error; Node's file-system errors.
			if (/^(53|58|XX)/.test(code) || ['ENOSPC', 'EIO', 'EROFS', 'EDQUOT'].includes(code)) {
				return code;
			}
		}
		if (e.message === 'PGlite is closed') return 'closed';
		e = (e as { cause?: unknown }).cause;
	}
	return null;
}

/** Is this error the storage failing (not the request being wrong)? */
export function isStorageFailure(err: unknown): boolean {
	return codeOf(err) !== null;
}

/** Notes a storage failure; other errors are ignored. Returns whether it was one. */
export function noteWriteFailure(err: unknown, now = Date.now()): boolean {
	const code = codeOf(err);
	if (code === null) return false;
	last = { at: now, code };
	return true;
}

/** The last storage failure within the window, or null. */
export function recentWriteFailure(
	now = Date.now(),
	windowMs = WRITE_FAILURE_WINDOW_MS
): { at: Date; code: string } | null {
	if (!last || now - last.at > windowMs) return null;
	return { at: new Date(last.at), code: last.code };
}

/** For tests. */
export function forgetWriteFailures(): void {
	last = null;
}
