import { and, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { documents, stories } from '../../db/schema';
import { conflict, invalid, notFound } from '../../errors';
import { logger } from '../../log';
import { recordAudit } from '../core/audit';
import type { ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { changedRow, formVersion, nextVersion, refuseStale } from '../core/versions';
import { deleteDocument, readDocumentBytes, uploadDocument } from '../documents/documents';
import { requireStory, STORY_ENTITY, uuidOk } from './access';

/**
 * A story's optional photo (issue 22, R-STORY-1): uploaded through the documents service
 * (kind `photo`, `owner_ref` `story:<id>`; JPEG, PNG or WebP by content, at most 5 MB), with
 * an alt text the coordinator writes (required with a photo). Shown on `/stories` and `/lood`
 * only while the story is published (`publishedStoryPhoto`). The bytes are stored as uploaded:
 * no library in the project strips EXIF (GPS) data, so the form tells the coordinator to
 * upload a photo without location (decision 0012).
 */

const altSchema = z.object({
	photoAlt: z
		.string({ message: 'stories.photo.alt_required' })
		.trim()
		.min(1, 'stories.photo.alt_required')
		.max(300, 'error.too_long')
});

type PhotoFile = File | { name: string; bytes: Uint8Array } | null | undefined;

const hasFile = (file: PhotoFile) =>
	!!file &&
	(typeof File !== 'undefined' && file instanceof File
		? file.size > 0 || file.name !== ''
		: (file as { bytes: Uint8Array }).bytes.byteLength > 0);

/**
 * Sets or replaces the photo and its alt text; without a file, changes the alt text of the
 * photo already there. Versioned like the story's other forms. The new file is uploaded first
 * (its own audited transaction); when the story changed meanwhile, it is deleted again and the
 * form answers with the usual conflict. A replaced photo's document is deleted.
 */
export async function setStoryPhoto(
	ctx: ServiceContext,
	storyId: string,
	input: { photoAlt?: unknown; version?: unknown; file?: PhotoFile }
): Promise<void> {
	const row = await requireStory(ctx, storyId, 'story:manage', 'story.photo');
	const version = formVersion(input);
	const data = validate(altSchema, { photoAlt: input.photoAlt });
	const withFile = hasFile(input.file);
	if (!withFile && !row.photoDocumentId) throw invalid({ file: 'document.error.no_file' });
	const uploaded = withFile
		? await uploadDocument(
				ctx,
				{ kind: 'ref', ownerRef: `story:${row.id}`, countyId: row.countyId },
				{ kind: 'photo', file: input.file!, accept: 'photo' }
			)
		: null;
	const audit = { action: 'story.photo', entityType: STORY_ENTITY, entityId: storyId };
	try {
		await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
			ctx.db.transaction(async (tx) => {
				changedRow(
					await tx
						.update(stories)
						.set({
							photoDocumentId: uploaded ? uploaded.id : row.photoDocumentId,
							photoAlt: data.photoAlt,
							version: nextVersion(stories.version),
							updatedAt: ctx.now()
						})
						.where(and(eq(stories.id, storyId), eq(stories.version, version)))
						.returning({ id: stories.id })
				);
				await recordAudit(tx, ctx, {
					...audit,
					countyId: row.countyId,
					details: uploaded
						? {
								documentId: uploaded.id,
								mediaType: uploaded.mediaType,
								sizeBytes: uploaded.sizeBytes,
								replaced: !!row.photoDocumentId
							}
						: { fields: row.photoAlt === data.photoAlt ? [] : ['photoAlt'] }
				});
			})
		);
	} catch (e) {
		if (uploaded) {
			await deleteDocument(ctx, uploaded.id).catch((err: Error) =>
				logger.error({ err, documentId: uploaded.id }, 'could not remove an unused story photo')
			);
		}
		throw e;
	}
	if (uploaded && row.photoDocumentId) await deleteDocument(ctx, row.photoDocumentId);
}

/** Removes the photo (and its document) from a story. */
export async function removeStoryPhoto(
	ctx: ServiceContext,
	storyId: string,
	input: unknown
): Promise<void> {
	const row = await requireStory(ctx, storyId, 'story:manage', 'story.photo_remove');
	const version = formVersion(input);
	if (!row.photoDocumentId) throw conflict('stories.photo.none');
	const audit = { action: 'story.photo_remove', entityType: STORY_ENTITY, entityId: storyId };
	await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			changedRow(
				await tx
					.update(stories)
					.set({
						photoDocumentId: null,
						photoAlt: null,
						version: nextVersion(stories.version),
						updatedAt: ctx.now()
					})
					.where(and(eq(stories.id, storyId), eq(stories.version, version)))
					.returning({ id: stories.id })
			);
			await recordAudit(tx, ctx, {
				...audit,
				countyId: row.countyId,
				details: { documentId: row.photoDocumentId! }
			});
		})
	);
	await deleteDocument(ctx, row.photoDocumentId);
}

/**
 * The photo of a published story, for `/lood` (no login, not audited: it is public). Anything
 * else — no such story, not published, no photo — is "not found".
 */
export async function publishedStoryPhoto(
	ctx: ServiceContext,
	storyId: string
): Promise<{ bytes: Uint8Array; mediaType: string }> {
	if (!uuidOk(storyId)) throw notFound();
	const [row] = await ctx.db
		.select({ documentId: documents.id, mediaType: documents.mediaType })
		.from(stories)
		.innerJoin(documents, eq(documents.id, stories.photoDocumentId))
		.where(and(eq(stories.id, storyId), isNotNull(stories.publishedAt)));
	if (!row) throw notFound();
	return { bytes: await readDocumentBytes(ctx, row.documentId), mediaType: row.mediaType };
}
