import { and, eq, isNull } from 'drizzle-orm';
import { diaryDrafts } from '../../db/schema';
import type { Tx } from '../../db/client';
import { AppError, invalid } from '../../errors';
import { addDays } from '../../domain/dates';
import { DRAFT_MAX_AGE_DAYS, draftFields } from '../../domain/diary';
import { recordAudit } from '../core/audit';
import { requireClient, requireEditableDiaryEntry } from '../core/access';
import { today, type ServiceContext } from '../core/context';

/**
 * Drafts of the client diary's forms (diary_draft, one per user, client and entry): a long text
 * is never lost. Written when a save is refused for its content (invalid or conflict, in its
 * own transaction after the failed one rolled back) and on "save as draft"; the form restores
 * it; a successful save deletes it; drafts older than DRAFT_MAX_AGE_DAYS are dropped. A draft
 * of an edit keeps the version it started from, so restoring it still meets the conflict check.
 */

/**
 * Runs a save; when it is refused for its content (invalid, conflict) the posted form is kept
 * as the user's draft — in its own transaction, after the failed one rolled back — and the
 * error goes on to the page.
 */
export async function keepDraftOnFailure<T>(
	ctx: ServiceContext,
	client: { id: string; countyId: string },
	entryId: string | null,
	input: unknown,
	save: () => Promise<T>
): Promise<T> {
	try {
		return await save();
	} catch (e) {
		if (e instanceof AppError && (e.code === 'invalid' || e.code === 'conflict')) {
			await writeDraft(ctx, client, entryId, input, e.code);
		}
		throw e;
	}
}

async function writeDraft(
	ctx: ServiceContext,
	client: { id: string; countyId: string },
	entryId: string | null,
	input: unknown,
	reason: 'invalid' | 'conflict' | 'explicit'
): Promise<boolean> {
	const fields = draftFields(input);
	if (!fields || !ctx.actor) return false;
	const userId = ctx.actor.userId;
	const clientId = client.id;
	await ctx.db.transaction(async (tx) => {
		await deleteDraft(tx, userId, clientId, entryId);
		await tx
			.insert(diaryDrafts)
			.values({ userId, clientId, entryId, fields, updatedAt: ctx.now() });
		await recordAudit(tx, ctx, {
			action: 'diary.draft_save',
			entityType: 'client',
			entityId: clientId,
			countyId: client.countyId,
			details: { diaryEntryId: entryId, reason }
		});
	});
	return true;
}

export async function deleteDraft(
	tx: Tx,
	userId: string,
	clientId: string,
	entryId: string | null
) {
	await tx
		.delete(diaryDrafts)
		.where(
			and(
				eq(diaryDrafts.userId, userId),
				eq(diaryDrafts.clientId, clientId),
				entryId ? eq(diaryDrafts.entryId, entryId) : isNull(diaryDrafts.entryId)
			)
		);
}

export async function readDraft(ctx: ServiceContext, clientId: string, entryId: string | null) {
	const userId = ctx.actor!.userId;
	const [draft] = await ctx.db
		.select({ fields: diaryDrafts.fields, updatedAt: diaryDrafts.updatedAt })
		.from(diaryDrafts)
		.where(
			and(
				eq(diaryDrafts.userId, userId),
				eq(diaryDrafts.clientId, clientId),
				entryId ? eq(diaryDrafts.entryId, entryId) : isNull(diaryDrafts.entryId)
			)
		);
	if (!draft) return null;
	const oldest = addDays(today(ctx), -DRAFT_MAX_AGE_DAYS);
	if (draft.updatedAt.toISOString().slice(0, 10) < oldest) {
		await deleteDraft(ctx.db, userId, clientId, entryId);
		return null;
	}
	return draft;
}

/**
 * "Save as draft": keeps the form on the server for this user without saving the entry (for a
 * long text to finish later, or before a weak connection drops).
 */
export async function saveDiaryDraft(
	ctx: ServiceContext,
	clientId: string,
	entryId: string | null,
	input: unknown
) {
	const action = entryId ? 'diary:update' : 'diary:create';
	const found = await requireClient(ctx, clientId, action, 'diary.draft_save');
	if (entryId) await requireEditableDiaryEntry(ctx, found, entryId, 'diary.draft_save');
	const saved = await writeDraft(ctx, found.row, entryId, input, 'explicit');
	if (!saved) throw invalid({ description: 'diary.draft_empty' });
}

export async function discardDiaryDraft(
	ctx: ServiceContext,
	clientId: string,
	entryId: string | null
) {
	const action = entryId ? 'diary:update' : 'diary:create';
	const { row: client } = await requireClient(ctx, clientId, action, 'diary.draft_discard');
	await ctx.db.transaction(async (tx) => {
		await deleteDraft(tx, ctx.actor!.userId, clientId, entryId);
		await recordAudit(tx, ctx, {
			action: 'diary.draft_discard',
			entityType: 'client',
			entityId: clientId,
			countyId: client.countyId,
			details: { diaryEntryId: entryId }
		});
	});
}
