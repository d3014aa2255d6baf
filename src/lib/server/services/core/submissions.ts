import { and, eq, lt } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { formSubmissions, type SubmissionKind } from '../../db/schema';
import { conflict, invalid } from '../../errors';
import type { ServiceContext } from './context';

/**
 * Exactly once (issue 19, R-PAIR-3): a diary or trip form carries an idempotency key
 * (`submissionKey`, a UUID made when the form was rendered, or by the phone for a queued
 * item). The service claims the key as the **first write of its transaction** — an
 * `insert … on conflict do nothing` on the primary key (user, key) — and stores what it made
 * under it before committing:
 *
 * - the first request inserts the row and goes on to save the record;
 * - a repeat that arrives while the first is still open waits on the key's unique index until
 *   the first commits (then it finds the row) or rolls back (then the repeat saves);
 * - a repeat after the first committed finds the row at once.
 *
 * A repeat answers with the records saved the first time, so it gets the same redirect. Never
 * check-then-insert: two concurrent requests cannot both pass, whatever the driver.
 */

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keys are kept this long; a queued item older than this is not expected to be replayed. */
export const SUBMISSION_KEEP_DAYS = 60;

/**
 * The key of a posted form: null when none was sent (a form of an older page, a service called
 * directly); a malformed key is refused (it is a hidden field, so the whole form is refused).
 */
export function submissionKeyOf(input: unknown): string | null {
	if (!input || typeof input !== 'object') return null;
	const v = (input as Record<string, unknown>).submissionKey;
	if (v === undefined || v === null || v === '') return null;
	if (typeof v !== 'string' || !KEY.test(v)) throw invalid({ submissionKey: 'error.form_invalid' });
	return v.toLowerCase();
}

/**
 * Claims `key` for the actor in `tx`. Returns null when this transaction now owns it (save,
 * then `settleSubmission`), or the record ids saved earlier under it (answer with those).
 * A key used before for another kind of form is refused.
 */
export async function claimSubmission(
	tx: Tx,
	ctx: ServiceContext,
	key: string | null,
	kind: SubmissionKind
): Promise<string[] | null> {
	if (!key) return null;
	const userId = ctx.actor!.userId;
	const claimed = await tx
		.insert(formSubmissions)
		.values({ userId, key, kind, createdAt: ctx.now() })
		.onConflictDoNothing()
		.returning({ key: formSubmissions.key });
	if (claimed.length > 0) return null;
	const [prior] = await tx
		.select({ kind: formSubmissions.kind, recordIds: formSubmissions.recordIds })
		.from(formSubmissions)
		.where(and(eq(formSubmissions.userId, userId), eq(formSubmissions.key, key)));
	if (!prior || prior.kind !== kind) throw conflict('submission.key_reused');
	return prior.recordIds;
}

/** Stores what the owning transaction made under its key (same transaction as the records). */
export async function settleSubmission(
	tx: Tx,
	ctx: ServiceContext,
	key: string | null,
	recordIds: string[]
): Promise<void> {
	if (!key) return;
	await tx
		.update(formSubmissions)
		.set({ recordIds })
		.where(and(eq(formSubmissions.userId, ctx.actor!.userId), eq(formSubmissions.key, key)));
}

/** Maintenance: forget keys older than `SUBMISSION_KEEP_DAYS`. Returns how many. */
export async function pruneSubmissions(db: Tx, now: Date): Promise<number> {
	const before = new Date(now.getTime() - SUBMISSION_KEEP_DAYS * 24 * 3600_000);
	const gone = await db
		.delete(formSubmissions)
		.where(lt(formSubmissions.createdAt, before))
		.returning({ key: formSubmissions.key });
	return gone.length;
}
