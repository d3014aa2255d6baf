import { createHash } from 'node:crypto';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { documents, pairings, users } from '../../db/schema';
import { DOCUMENT_KINDS, type DocumentKind } from '../../domain/vocabulary';
import type { Tx } from '../../db/client';
import { can } from '../../policy/policy';
import { AppError, conflict, invalid, notFound } from '../../errors';
import { logger } from '../../log';
import { recordAudit } from '../core/audit';
import { deniedNotFound } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { newStorageKey } from '../../infra/storage';
import {
	ownerDetails,
	ownerOfRow,
	requireOwner,
	resolveOwner,
	type DocumentOwner,
	type DocumentRow
} from './owners';
import { inspectUpload } from './upload-checks';
import { deleteStoredFiles } from './purge';

const uuid = z.string().uuid();

/**
 * The one documents service (R-DOC-1, R-MAP-3): every file in the system is uploaded, listed,
 * downloaded and deleted here. The type is recognised from the content (PDF, JPEG, PNG, DOCX,
 * ODT), the size is limited (UPLOAD_MAX_MB), the SHA-256 is kept. Access follows the record
 * the document belongs to: `document:*` on the client, volunteer or county resource — never
 * experts, never a paired volunteer; a volunteer reads the documents of their own volunteer
 * record. Every upload, list, download, delete and refusal is audited against the owning
 * record (a client's downloads show in their "who looked at my data").
 *
 * Beside this file: the owning record and its access (owners.ts), the checks of an upload
 * (upload-checks.ts), deleting with a record and the orphan sweep (purge.ts).
 */

export type { DocumentKind };

export interface UploadInput {
	kind: DocumentKind;
	file: File | { name: string; bytes: Uint8Array };
	description?: string;
	/** `photo`: JPEG, PNG or WebP only, size-limited (a story's photo, issue 22). */
	accept?: 'document' | 'photo';
}

export interface DocumentSummary {
	id: string;
	kind: DocumentKind;
	fileName: string;
	mediaType: string;
	sizeBytes: number;
	sha256: string;
	description: string | null;
	uploadedAt: Date;
	uploadedBy: string | null;
	uploadedByName: string | null;
	countyId: string | null;
	clientId: string | null;
	pairingId: string | null;
	volunteerId: string | null;
	applicationId: string | null;
	partnerId: string | null;
	ownerRef: string | null;
	/** Whether the actor who listed or opened it may delete it. */
	canDelete: boolean;
}

const uploadSchema = z.object({
	kind: z.enum(DOCUMENT_KINDS, { message: 'document.error.kind' }),
	description: z
		.string()
		.trim()
		.max(500, 'error.too_long')
		.optional()
		.transform((v) => (v ? v : null))
});

async function fileBytes(file: UploadInput['file']): Promise<{ name: string; bytes: Uint8Array }> {
	if (typeof File !== 'undefined' && file instanceof File) {
		return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
	}
	const f = file as { name: string; bytes: Uint8Array };
	return { name: f.name, bytes: f.bytes };
}

/**
 * Uploads a file onto a record. The file is written to the store first, then the row and the
 * audit event are inserted in one transaction; if anything fails after the write, the file is
 * removed again, so a failed upload leaves neither a row nor a file.
 */
export async function uploadDocument(
	ctx: ServiceContext,
	owner: DocumentOwner,
	input: UploadInput
): Promise<DocumentSummary> {
	const resolved = await requireOwner(ctx, owner, 'document:upload', {
		action: 'document.upload'
	});
	if (resolved.anonymised) throw conflict('client.anonymised');
	const data = (() => {
		const parsed = uploadSchema.safeParse({ kind: input.kind, description: input.description });
		if (!parsed.success) {
			const fields: Record<string, string> = {};
			for (const i of parsed.error.issues) fields[String(i.path[0])] ??= i.message;
			throw invalid(fields);
		}
		return parsed.data;
	})();
	const file = input.file ? await fileBytes(input.file) : null;
	const checked = await inspectUpload(ctx, file, input.accept);
	const bytes = file!.bytes;
	const storageKey = newStorageKey('documents', ctx.now());
	await ctx.files.put(storageKey, bytes, checked.mediaType);
	try {
		const row = await ctx.db.transaction(async (tx) => {
			if (owner.kind === 'client' && owner.pairingId) {
				const [p] = await tx
					.select({ id: pairings.id })
					.from(pairings)
					.where(and(eq(pairings.id, owner.pairingId), eq(pairings.clientId, owner.clientId)));
				if (!p) throw invalid({ pairingId: 'error.choice' });
			}
			const [inserted] = await tx
				.insert(documents)
				.values({
					countyId: resolved.countyId,
					kind: data.kind,
					...resolved.columns,
					fileName: checked.fileName,
					mediaType: checked.mediaType,
					sizeBytes: bytes.byteLength,
					sha256: checked.sha256,
					storageKey,
					description: data.description,
					uploadedBy: ctx.actor!.userId,
					uploadedAt: ctx.now()
				})
				.returning();
			await recordAudit(tx, ctx, {
				action: 'document.upload',
				entityType: resolved.entityType,
				entityId: resolved.entityId,
				countyId: resolved.countyId,
				details: {
					...ownerDetails(inserted!),
					mediaType: checked.mediaType,
					sizeBytes: bytes.byteLength
				}
			});
			return inserted!;
		});
		return summarise(row, ctx.actor?.name ?? null, true);
	} catch (e) {
		await ctx.files.delete(storageKey).catch((err: Error) => {
			logger.error({ err, storageKey }, 'could not remove the file of a failed upload');
		});
		throw e;
	}
}

function summarise(
	row: DocumentRow,
	uploadedByName: string | null,
	canDelete: boolean
): DocumentSummary {
	return {
		id: row.id,
		kind: row.kind,
		fileName: row.fileName,
		mediaType: row.mediaType,
		sizeBytes: row.sizeBytes,
		sha256: row.sha256,
		description: row.description,
		uploadedAt: row.uploadedAt,
		uploadedBy: row.uploadedBy,
		uploadedByName,
		countyId: row.countyId,
		clientId: row.clientId,
		pairingId: row.pairingId,
		volunteerId: row.volunteerId,
		applicationId: row.applicationId,
		partnerId: row.partnerId,
		ownerRef: row.ownerRef,
		canDelete
	};
}

async function rowsOf(tx: Tx, where: SQL[]) {
	return tx
		.select({ doc: documents, uploadedByName: users.name })
		.from(documents)
		.leftJoin(users, eq(users.id, documents.uploadedBy))
		.where(and(...where))
		.orderBy(desc(documents.uploadedAt), desc(documents.id));
}

/** The documents of a record, newest first; listing is audited (count only). */
export async function listDocuments(
	ctx: ServiceContext,
	owner: DocumentOwner
): Promise<DocumentSummary[]> {
	const resolved = await requireOwner(ctx, owner, 'document:read', { action: 'document.list' });
	const rows = await rowsOf(ctx.db, resolved.where);
	const canDelete = can(ctx.actor, 'document:delete', resolved.resource, today(ctx));
	await recordAudit(ctx.db, ctx, {
		action: 'document.list',
		entityType: resolved.entityType,
		entityId: resolved.entityId,
		countyId: resolved.countyId,
		details: { count: rows.length }
	});
	return rows.map((r) => summarise(r.doc, r.uploadedByName, canDelete));
}

export interface DocumentAccess {
	read: boolean;
	upload: boolean;
	delete: boolean;
}

/**
 * What the actor may do with the documents of a record, for deciding whether a page shows
 * its documents section. Reads nothing personal and audits nothing; the calls that follow
 * (listDocuments, uploadDocument …) check and audit again.
 */
export async function documentAccess(
	ctx: ServiceContext,
	owner: DocumentOwner
): Promise<DocumentAccess> {
	const resolved = await resolveOwner(ctx.db, ctx, owner);
	if (!resolved) return { read: false, upload: false, delete: false };
	const day = today(ctx);
	return {
		read: can(ctx.actor, 'document:read', resolved.resource, day),
		upload: can(ctx.actor, 'document:upload', resolved.resource, day) && !resolved.anonymised,
		delete: can(ctx.actor, 'document:delete', resolved.resource, day)
	};
}

/**
 * The documents section of a record page: the list and what the actor may do, or null when
 * the actor may not read the record's documents (the section is then not shown at all).
 */
export async function documentSection(
	ctx: ServiceContext,
	owner: DocumentOwner
): Promise<{
	documents: DocumentSummary[];
	canUpload: boolean;
	maxMb: number;
} | null> {
	const access = await documentAccess(ctx, owner);
	if (!access.read) return null;
	return {
		documents: await listDocuments(ctx, owner),
		canUpload: access.upload,
		maxMb: ctx.config.UPLOAD_MAX_MB ?? 20
	};
}

async function documentRow(tx: Tx, documentId: string): Promise<DocumentRow | null> {
	if (!uuid.safeParse(documentId).success) return null;
	const [row] = await tx.select().from(documents).where(eq(documents.id, documentId));
	return row ?? null;
}

function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Downloads a document: the policy on its owner, then the bytes (checked against the stored
 * SHA-256), and a `document.download` event. Whoever may not read it gets "not found" and a
 * denied event, whatever the reason.
 */
export async function openDocument(
	ctx: ServiceContext,
	documentId: string
): Promise<{ doc: DocumentSummary; bytes: Uint8Array }> {
	const row = await documentRow(ctx.db, documentId);
	if (!row) {
		return deniedNotFound(ctx, {
			action: 'document.download',
			entityType: 'document',
			entityId: documentId
		});
	}
	const resolved = await requireOwner(
		ctx,
		ownerOfRow(row),
		'document:read',
		{ action: 'document.download', details: ownerDetails(row) },
		{ hide: true }
	);
	const bytes = await ctx.files.get(row.storageKey);
	if (sha256(bytes) !== row.sha256) {
		logger.error({ documentId: row.id }, 'stored file does not match its SHA-256');
		throw new AppError('conflict', 'document.error.integrity');
	}
	await recordAudit(ctx.db, ctx, {
		action: 'document.download',
		entityType: resolved.entityType,
		entityId: resolved.entityId,
		countyId: resolved.countyId,
		details: ownerDetails(row)
	});
	const [uploader] = row.uploadedBy
		? await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, row.uploadedBy))
		: [];
	const canDelete = can(ctx.actor, 'document:delete', resolved.resource, today(ctx));
	return { doc: summarise(row, uploader?.name ?? null, canDelete), bytes };
}

/** Deletes a document (row and file); audited. The file goes after the row is committed. */
export async function deleteDocument(ctx: ServiceContext, documentId: string): Promise<void> {
	const row = await documentRow(ctx.db, documentId);
	if (!row) {
		return deniedNotFound(ctx, {
			action: 'document.delete',
			entityType: 'document',
			entityId: documentId
		});
	}
	const resolved = await requireOwner(ctx, ownerOfRow(row), 'document:delete', {
		action: 'document.delete',
		details: ownerDetails(row)
	});
	await ctx.db.transaction(async (tx) => {
		await tx.delete(documents).where(eq(documents.id, row.id));
		await recordAudit(tx, ctx, {
			action: 'document.delete',
			entityType: resolved.entityType,
			entityId: resolved.entityId,
			countyId: resolved.countyId,
			details: ownerDetails(row)
		});
	});
	await deleteStoredFiles(ctx.files, [row.storageKey]);
}

/**
 * For internal packages (quarterly report, client extract, data hand-over): the bytes of a
 * document after the caller's own authorisation and audit. Not for routes.
 */
export async function readDocumentBytes(
	ctx: ServiceContext,
	documentId: string
): Promise<Uint8Array> {
	const row = await documentRow(ctx.db, documentId);
	if (!row) throw notFound();
	const bytes = await ctx.files.get(row.storageKey);
	if (sha256(bytes) !== row.sha256) throw new AppError('conflict', 'document.error.integrity');
	return bytes;
}

/** The kinds offered for each kind of owner (forms); the service itself accepts any kind. */
export const DOCUMENT_KINDS_FOR: Record<DocumentOwner['kind'], readonly DocumentKind[]> = {
	client: ['consent', 'intake_form', 'goodwill_agreement', 'survey_scan', 'other'],
	volunteer: [
		'criminal_record_extract',
		'contract',
		'application',
		'interview_notes',
		'goodwill_agreement',
		'signature_sheet',
		'other'
	],
	application: ['application', 'interview_notes', 'other'],
	partner: ['goodwill_agreement', 'minutes', 'other'],
	county: [
		'training_material',
		'agenda',
		'signature_sheet',
		'minutes',
		'recruitment_message',
		'report',
		'other'
	],
	ref: DOCUMENT_KINDS
};
