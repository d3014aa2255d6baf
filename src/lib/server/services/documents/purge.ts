import { and, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { documents } from '../../db/schema';
import type { Tx } from '../../db/client';
import { logger } from '../../log';
import type { FileStore } from '../../infra/storage';
import { ownerLabel, ownerWhere, type DocumentOwner } from './owners';

/**
 * Documents deleted with their record (R-VOL-6, anonymisation): the caller authorises, purges
 * the rows in its own transaction and deletes the files after commit; and the sweep of files
 * no row points at.
 */

const uuid = z.string().uuid();

/**
 * For callers that have already authorised (a not-selected application, anonymisation):
 * deletes the document rows of an owner inside the caller's transaction and returns their
 * storage keys. Delete the files with `deleteStoredFiles` after the transaction commits.
 * Writes no audit event: the caller's own event (with the count) covers it.
 */
export async function purgeDocumentRows(tx: Tx, owner: DocumentOwner): Promise<string[]> {
	if (owner.kind !== 'ref' && !uuid.safeParse(ownerLabel(owner)).success) return [];
	if (owner.kind === 'client' && owner.pairingId && !uuid.safeParse(owner.pairingId).success) {
		return [];
	}
	const deleted = await tx
		.delete(documents)
		.where(and(...ownerWhere(owner)))
		.returning({ storageKey: documents.storageKey });
	return deleted.map((d) => d.storageKey);
}

/**
 * Deletes stored files (after the rows are gone). A file that cannot be removed is logged
 * and left for the orphan sweep (`sweepOrphanFiles`); the others are still removed.
 */
export async function deleteStoredFiles(files: FileStore, keys: readonly string[]): Promise<void> {
	const results = await Promise.allSettled(keys.map((k) => files.delete(k)));
	results.forEach((r, i) => {
		if (r.status === 'rejected') {
			logger.error(
				{ err: r.reason, storageKey: keys[i] },
				'could not delete a stored file; the orphan sweep will retry'
			);
		}
	});
}

/**
 * Files in the store's `documents/` area that no document row points at (a crash between
 * commit and file deletion, a failed cleanup), older than `minAgeMs` so an upload in progress
 * is left alone. Deletes them and returns how many went.
 */
export async function sweepOrphanFiles(
	db: Tx,
	files: FileStore,
	opts: { now?: Date; minAgeMs?: number } = {}
): Promise<number> {
	const now = opts.now ?? new Date();
	const minAge = opts.minAgeMs ?? 24 * 60 * 60 * 1000;
	// Keys are documents/<yyyy>/<mm>/<uuid>; only months wholly older than the age are swept,
	// so nothing is removed that an upload in progress might still commit.
	const cutoff = new Date(now.getTime() - minAge);
	const keys = (await files.list('documents/')).filter((k) => {
		const m = /^documents\/(\d{4})\/(\d{2})\//.exec(k);
		if (!m) return false;
		const monthEnd = Date.UTC(Number(m[1]), Number(m[2]), 1);
		return monthEnd <= cutoff.getTime();
	});
	if (keys.length === 0) return 0;
	const known = new Set<string>();
	for (let i = 0; i < keys.length; i += 500) {
		const part = keys.slice(i, i + 500);
		const rows = await db
			.select({ k: documents.storageKey })
			.from(documents)
			.where(inArray(documents.storageKey, part));
		for (const r of rows) known.add(r.k);
	}
	const orphans = keys.filter((k) => !known.has(k));
	await deleteStoredFiles(files, orphans);
	return orphans.length;
}
