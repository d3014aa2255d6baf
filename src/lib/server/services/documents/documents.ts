import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import {
	counties,
	documents,
	pairings,
	socialPartners,
	users,
	volunteerApplications
} from '../../db/schema';
import { DOCUMENT_KINDS, type DocumentKind } from '../../domain/vocabulary';
import type { Tx } from '../../db/client';
import { can, type Action, type Resource } from '../../policy/policy';
import { AppError, conflict, invalid, notFound } from '../../errors';
import {
	claimedMediaType,
	cleanFileName,
	isAllowedMediaType,
	isStructurallySound,
	parseOwnerRef
} from '../../domain/documents';
import { logger } from '../../log';
import { recordAudit, type AuditDetails } from '../core/audit';
import { authorize, deniedNotFound, clientResource, volunteerResource } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { newStorageKey, type FileStore } from '../../infra/storage';

/**
 * The one documents service (R-DOC-1, R-MAP-3): every file in the system is uploaded, listed,
 * downloaded and deleted here. The type is recognised from the content (PDF, JPEG, PNG, DOCX,
 * ODT), the size is limited (UPLOAD_MAX_MB), the SHA-256 is kept. Access follows the record
 * the document belongs to: `document:*` on the client, volunteer or county resource — never
 * experts, never a paired volunteer; a volunteer reads the documents of their own volunteer
 * record. Every upload, list, download, delete and refusal is audited against the owning
 * record (a client's downloads show in their "who looked at my data").
 */

export type { DocumentKind };

export type DocumentOwner =
	| { kind: 'client'; clientId: string; pairingId?: string }
	| { kind: 'volunteer'; volunteerId: string }
	| { kind: 'application'; applicationId: string }
	| { kind: 'partner'; partnerId: string }
	| { kind: 'county'; countyId: string }
	/** Owners of later features, e.g. 'survey_response:<id>', 'mileage_claim:<id>'. */
	| { kind: 'ref'; ownerRef: string; countyId: string | null };

export interface UploadInput {
	kind: DocumentKind;
	file: File | { name: string; bytes: Uint8Array };
	description?: string;
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

type DocumentRow = typeof documents.$inferSelect;

/** Where an owner stands in the policy and the audit log, and which columns hold it. */
interface ResolvedOwner {
	resource: Resource;
	countyId: string | null;
	/** The record audit events are written against. */
	entityType: string;
	entityId: string;
	/** Equality conditions that select this owner's rows. */
	where: SQL[];
	/** Column values of a new row. */
	columns: Partial<
		Pick<
			DocumentRow,
			'clientId' | 'pairingId' | 'volunteerId' | 'applicationId' | 'partnerId' | 'ownerRef'
		>
	>;
	/** A client whose data has been anonymised takes no new documents. */
	anonymised: boolean;
}

const uuid = z.string().uuid();

/** The owner's record, or null when it does not exist (or the id is not an id). */
async function resolveOwner(
	tx: Tx,
	ctx: ServiceContext,
	owner: DocumentOwner
): Promise<ResolvedOwner | null> {
	switch (owner.kind) {
		case 'client': {
			const found = await clientResource(tx, ctx, owner.clientId);
			if (!found) return null;
			if (owner.pairingId !== undefined && !uuid.safeParse(owner.pairingId).success) return null;
			return {
				resource: found.resource,
				countyId: found.row.countyId,
				entityType: 'client',
				entityId: owner.clientId,
				where: [
					eq(documents.clientId, owner.clientId),
					...(owner.pairingId ? [eq(documents.pairingId, owner.pairingId)] : [])
				],
				columns: { clientId: owner.clientId, pairingId: owner.pairingId ?? null },
				anonymised: found.row.status === 'anonymised'
			};
		}
		case 'volunteer': {
			const found = await volunteerResource(tx, owner.volunteerId);
			if (!found) return null;
			return {
				resource: found.resource,
				countyId: found.row.countyId,
				entityType: 'volunteer',
				entityId: owner.volunteerId,
				where: [eq(documents.volunteerId, owner.volunteerId)],
				columns: { volunteerId: owner.volunteerId },
				anonymised: false
			};
		}
		case 'application': {
			if (!uuid.safeParse(owner.applicationId).success) return null;
			const [row] = await tx
				.select({ countyId: volunteerApplications.countyId })
				.from(volunteerApplications)
				.where(eq(volunteerApplications.id, owner.applicationId));
			if (!row) return null;
			return {
				resource: { kind: 'county', countyId: row.countyId },
				countyId: row.countyId,
				entityType: 'application',
				entityId: owner.applicationId,
				where: [eq(documents.applicationId, owner.applicationId)],
				columns: { applicationId: owner.applicationId },
				anonymised: false
			};
		}
		case 'partner': {
			if (!uuid.safeParse(owner.partnerId).success) return null;
			const [row] = await tx
				.select({ countyId: socialPartners.countyId })
				.from(socialPartners)
				.where(eq(socialPartners.id, owner.partnerId));
			if (!row) return null;
			return {
				resource: { kind: 'county', countyId: row.countyId },
				countyId: row.countyId,
				entityType: 'partner',
				entityId: owner.partnerId,
				where: [eq(documents.partnerId, owner.partnerId)],
				columns: { partnerId: owner.partnerId },
				anonymised: false
			};
		}
		case 'county': {
			if (!uuid.safeParse(owner.countyId).success) return null;
			const [row] = await tx
				.select({ id: counties.id })
				.from(counties)
				.where(eq(counties.id, owner.countyId));
			if (!row) return null;
			// County-level documents (minutes, training material) belong to no record.
			return {
				resource: { kind: 'county', countyId: row.id },
				countyId: row.id,
				entityType: 'county',
				entityId: row.id,
				where: [
					eq(documents.countyId, row.id),
					isNull(documents.clientId),
					isNull(documents.volunteerId),
					isNull(documents.applicationId),
					isNull(documents.partnerId),
					isNull(documents.ownerRef)
				],
				columns: {},
				anonymised: false
			};
		}
		case 'ref': {
			const ref = parseOwnerRef(owner.ownerRef);
			if (!ref) return null;
			if (owner.countyId !== null && !uuid.safeParse(owner.countyId).success) return null;
			return {
				resource:
					owner.countyId === null
						? { kind: 'system' }
						: { kind: 'county', countyId: owner.countyId },
				countyId: owner.countyId,
				entityType: ref.type,
				entityId: ref.id,
				where: [eq(documents.ownerRef, owner.ownerRef)],
				columns: { ownerRef: owner.ownerRef },
				anonymised: false
			};
		}
	}
}

/** The owner of a stored row, as the caller of uploadDocument gave it. */
export function ownerOfRow(row: DocumentRow): DocumentOwner {
	if (row.clientId) {
		return row.pairingId
			? { kind: 'client', clientId: row.clientId, pairingId: row.pairingId }
			: { kind: 'client', clientId: row.clientId };
	}
	if (row.volunteerId) return { kind: 'volunteer', volunteerId: row.volunteerId };
	if (row.applicationId) return { kind: 'application', applicationId: row.applicationId };
	if (row.partnerId) return { kind: 'partner', partnerId: row.partnerId };
	if (row.ownerRef) return { kind: 'ref', ownerRef: row.ownerRef, countyId: row.countyId };
	if (row.countyId) return { kind: 'county', countyId: row.countyId };
	return { kind: 'ref', ownerRef: 'system:none', countyId: null };
}

function ownerLabel(owner: DocumentOwner): string {
	switch (owner.kind) {
		case 'client':
			return owner.clientId;
		case 'volunteer':
			return owner.volunteerId;
		case 'application':
			return owner.applicationId;
		case 'partner':
			return owner.partnerId;
		case 'county':
			return owner.countyId;
		case 'ref':
			return owner.ownerRef;
	}
}

/**
 * Finds the owner and checks `action` on it; a missing owner is a denied "not found".
 * With `hide`, a refusal is always "not found" (downloads: no probing of document ids).
 */
async function requireOwner(
	ctx: ServiceContext,
	owner: DocumentOwner,
	action: Action,
	audit: { action: string; details?: AuditDetails },
	opts: { hide?: boolean } = {}
): Promise<ResolvedOwner> {
	const resolved = await resolveOwner(ctx.db, ctx, owner);
	if (!resolved) {
		return deniedNotFound(ctx, {
			action: audit.action,
			entityType: owner.kind === 'ref' ? 'document' : owner.kind,
			entityId: ownerLabel(owner)
		});
	}
	try {
		await authorize(ctx, action, resolved.resource, {
			action: audit.action,
			entityType: resolved.entityType,
			entityId: resolved.entityId,
			details: audit.details
		});
	} catch (e) {
		if (opts.hide && e instanceof AppError && e.code === 'forbidden') throw notFound();
		throw e;
	}
	return resolved;
}

function ownerDetails(row: DocumentRow): AuditDetails {
	return {
		documentId: row.id,
		kind: row.kind,
		...(row.pairingId ? { pairingId: row.pairingId } : {})
	};
}

const MB = 1024 * 1024;

/** The largest accepted upload in bytes (UPLOAD_MAX_MB, default 20). */
export function uploadLimitBytes(ctx: Pick<ServiceContext, 'config'>): number {
	return Math.floor((ctx.config.UPLOAD_MAX_MB ?? 20) * MB);
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
 * Checks an uploaded file: not missing, not empty, not larger than the limit, one of the
 * accepted types by its content (not its name), and whole. Throws `invalid` with the field
 * `file` and a message key the upload form shows.
 */
export async function inspectUpload(
	ctx: Pick<ServiceContext, 'config'>,
	file: { name: string; bytes: Uint8Array } | null
): Promise<{ mediaType: string; sha256: string; fileName: string }> {
	if (!file || (file.bytes.byteLength === 0 && !file.name)) {
		throw invalid({ file: 'document.error.no_file' });
	}
	if (file.bytes.byteLength === 0) throw invalid({ file: 'document.error.empty' });
	if (file.bytes.byteLength > uploadLimitBytes(ctx)) {
		throw invalid({ file: 'document.error.too_large' });
	}
	let detected: string | undefined;
	try {
		detected = (await fileTypeFromBuffer(file.bytes))?.mime;
	} catch {
		detected = undefined;
	}
	const claimed = claimedMediaType(file.name);
	if (!isAllowedMediaType(detected)) {
		// A name that promises an accepted type over content that is not: renamed or broken.
		throw invalid({ file: claimed ? 'document.error.not_what_name_says' : 'document.error.type' });
	}
	if (!isStructurallySound(file.bytes, detected)) throw invalid({ file: 'document.error.broken' });
	return {
		mediaType: detected,
		sha256: createHash('sha256').update(file.bytes).digest('hex'),
		fileName: cleanFileName(file.name)
	};
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
	const checked = await inspectUpload(ctx, file);
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

/** Conditions selecting an owner's rows, without touching the owner's own table. */
function ownerWhere(owner: DocumentOwner): SQL[] {
	switch (owner.kind) {
		case 'client':
			return [
				eq(documents.clientId, owner.clientId),
				...(owner.pairingId ? [eq(documents.pairingId, owner.pairingId)] : [])
			];
		case 'volunteer':
			return [eq(documents.volunteerId, owner.volunteerId)];
		case 'application':
			return [eq(documents.applicationId, owner.applicationId)];
		case 'partner':
			return [eq(documents.partnerId, owner.partnerId)];
		case 'county':
			return [
				eq(documents.countyId, owner.countyId),
				isNull(documents.clientId),
				isNull(documents.volunteerId),
				isNull(documents.applicationId),
				isNull(documents.partnerId),
				isNull(documents.ownerRef)
			];
		case 'ref':
			return [eq(documents.ownerRef, owner.ownerRef)];
	}
}

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
	county: ['minutes', 'training_material', 'signature_sheet', 'report', 'other'],
	ref: DOCUMENT_KINDS
};
