import { and, asc, count, eq, ilike, inArray, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { clients, counties, documents, intakeItems } from '../../db/schema';
import type { Tx } from '../../db/client';
import { can, canAnywhere, type Resource } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { invalid } from '../../errors';
import { isIsoDay } from '../../domain/dates';
import { daysBetween } from '../../domain/deadlines';
import {
	INTAKE_RETENTION_MONTHS,
	INTAKE_SOURCES,
	intakeDestroyDueOn,
	intakeDueCutoff
} from '../../domain/intake';
import { containing } from '../../db/like';
import { recordAudit, type AuditAction } from '../core/audit';
import { authorize, deniedNotFound, requireClient } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { formVersion, refuseStale, StaleVersionError } from '../core/versions';
import { claimSubmission, settleSubmission, submissionKeyOf } from '../core/submissions';
import {
	listDocuments,
	uploadDocument,
	type DocumentSummary,
	type UploadInput
} from '../documents/documents';
import type { DocumentOwner } from '../documents/owners';
import { inspectUpload } from '../documents/upload-checks';
import { deleteStoredFiles, purgeDocumentRows } from '../documents/purge';

/**
 * The intake inbox (issue 22, R-MAP-3): first information about a possible client that arrives
 * on paper, by e-mail or by phone before a client record exists. The coordinator keeps a short
 * note and usually a scan (documents service: `owner_ref` `intake_item:<id>`, kind
 * `intake_form`, the usual type and size checks and audit), and later either
 *
 * - **attaches** it to a client: the scans move to the client's documents (the note becomes
 *   their description) and the item leaves the inbox; or
 * - **destroys** it: the files are removed from the store, the rows deleted, and the audit log
 *   records the destruction with ids, counts and the item's age only — never the note.
 *
 * An item not used within `INTAKE_RETENTION_MONTHS` of receipt is on the attention list for
 * destruction (intakeAttention). `intake:read` / `intake:manage` on the item's county: its
 * coordinators and the administrator.
 */

export type IntakeItem = typeof intakeItems.$inferSelect;
const ENTITY = 'intake_item';
const countyResource = (countyId: string): Resource => ({ kind: 'county', countyId });
const uuidOk = (id: string) => z.string().uuid().safeParse(id).success;
const ownerOf = (
	item: Pick<IntakeItem, 'id' | 'countyId'>
): DocumentOwner & { kind: 'ref'; ownerRef: string } => ({
	kind: 'ref',
	ownerRef: `intake_item:${item.id}`,
	countyId: item.countyId
});

/** The item, if the actor may do `action` to it; anyone else gets "not found" (audited). */
export async function requireIntakeItem(
	ctx: ServiceContext,
	itemId: string,
	action: 'intake:read' | 'intake:manage',
	auditAction: AuditAction
): Promise<IntakeItem> {
	const [row] = uuidOk(itemId)
		? await ctx.db.select().from(intakeItems).where(eq(intakeItems.id, itemId))
		: [];
	if (!row) {
		return deniedNotFound(ctx, { action: auditAction, entityType: ENTITY, entityId: itemId });
	}
	await authorize(ctx, action, countyResource(row.countyId), {
		action: auditAction,
		entityType: ENTITY,
		entityId: itemId
	});
	return row;
}

async function listGate(
	ctx: ServiceContext,
	action: 'intake:read' | 'intake:manage',
	audit: string
) {
	if (!canAnywhere(ctx.actor, action)) {
		await authorize(ctx, action, { kind: 'system' }, { action: audit });
	}
}

const noteField = z
	.string({ message: 'error.required' })
	.trim()
	.min(1, 'error.required')
	.max(1000, 'error.too_long');

const newItemSchema = z.object({
	countyId: z.string({ message: 'error.choice' }).uuid('error.choice'),
	source: z.enum(INTAKE_SOURCES, { message: 'error.choice' }),
	receivedOn: z
		.string({ message: 'error.required' })
		.trim()
		.refine((v) => isIsoDay(v), 'error.date'),
	note: noteField
});

/**
 * The inbox: unused items of the actor's counties (all for the administrator), oldest first,
 * with their number of scans and the day they are due for destruction. Audited (a count).
 */
export async function listIntake(ctx: ServiceContext, filter: { countyId?: string } = {}) {
	await listGate(ctx, 'intake:read', 'intake.list');
	const scope = countyScope(ctx.actor, 'intake:read');
	let list = scope;
	const countyId = filter.countyId && uuidOk(filter.countyId) ? filter.countyId : null;
	if (countyId) {
		await authorize(ctx, 'intake:read', countyResource(countyId), {
			action: 'intake.list',
			entityType: 'county',
			entityId: countyId
		});
		list = [countyId];
	}
	const day = today(ctx);
	const rows = await ctx.db
		.select({
			id: intakeItems.id,
			countyId: intakeItems.countyId,
			countyName: counties.name,
			source: intakeItems.source,
			receivedOn: intakeItems.receivedOn,
			note: intakeItems.note,
			documents: sql<number>`(select count(*) from document d where d.owner_ref = 'intake_item:' || ${intakeItems.id}::text)::int`
		})
		.from(intakeItems)
		.innerJoin(counties, eq(counties.id, intakeItems.countyId))
		.where(list === null ? undefined : inArray(intakeItems.countyId, [...list]))
		.orderBy(asc(intakeItems.receivedOn), asc(intakeItems.createdAt))
		.limit(500);
	const manageable = await ctx.db
		.select({ id: counties.id, name: counties.name })
		.from(counties)
		.where(
			(() => {
				const s = countyScope(ctx.actor, 'intake:manage');
				return s === null ? undefined : inArray(counties.id, [...s]);
			})()
		)
		.orderBy(counties.name);
	await recordAudit(ctx.db, ctx, {
		action: 'intake.list',
		entityType: countyId ? 'county' : undefined,
		entityId: countyId,
		countyId,
		details: { count: rows.length }
	});
	return {
		items: rows.map((r) => {
			const dueOn = intakeDestroyDueOn(r.receivedOn);
			return { ...r, dueOn, overdue: dueOn <= day };
		}),
		counties: manageable,
		countyId,
		today: day,
		sources: INTAKE_SOURCES,
		retentionMonths: INTAKE_RETENTION_MONTHS,
		canCreate: manageable.length > 0
	};
}

function fileOf(file: UploadInput['file'] | null | undefined): UploadInput['file'] | null {
	if (!file) return null;
	// A form posted without a file chosen sends an empty part with no name: a note only.
	if (typeof File !== 'undefined' && file instanceof File && file.size === 0 && !file.name) {
		return null;
	}
	return file;
}

async function bytesOf(file: UploadInput['file']) {
	if (typeof File !== 'undefined' && file instanceof File) {
		return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
	}
	return file as { name: string; bytes: Uint8Array };
}

/**
 * A new item: a note, and a scan when one is given (checked before anything is written, so a
 * refused file leaves nothing behind). The form carries a submission key: posting it again
 * answers with the item made the first time.
 */
export async function createIntakeItem(
	ctx: ServiceContext,
	input: Record<string, unknown>,
	file?: UploadInput['file'] | null
): Promise<string> {
	const countyId =
		typeof input.countyId === 'string' && uuidOk(input.countyId) ? input.countyId : null;
	if (!countyId) {
		await listGate(ctx, 'intake:manage', 'intake.create');
		throw invalid({ countyId: 'error.choice' });
	}
	await authorize(ctx, 'intake:manage', countyResource(countyId), {
		action: 'intake.create',
		entityType: 'county',
		entityId: countyId
	});
	const data = validate(newItemSchema, input);
	if (data.receivedOn > today(ctx)) throw invalid({ receivedOn: 'intake.error.future' });
	const key = submissionKeyOf(input);
	const scan = fileOf(file);
	const bytes = scan ? await bytesOf(scan) : null;
	if (bytes) await inspectUpload(ctx, bytes);
	const made = await ctx.db.transaction(async (tx) => {
		const prior = await claimSubmission(tx, ctx, key, 'intake_item');
		if (prior?.[0]) return { id: prior[0], repeated: true };
		const [row] = await tx
			.insert(intakeItems)
			.values({
				countyId: data.countyId,
				source: data.source,
				receivedOn: data.receivedOn,
				note: data.note,
				createdBy: ctx.actor!.userId,
				createdAt: ctx.now(),
				updatedAt: ctx.now()
			})
			.returning({ id: intakeItems.id });
		await recordAudit(tx, ctx, {
			action: 'intake.create',
			entityType: ENTITY,
			entityId: row!.id,
			countyId: data.countyId,
			details: { source: data.source, documents: bytes ? 1 : 0 }
		});
		await settleSubmission(tx, ctx, key, [row!.id]);
		return { id: row!.id, repeated: false };
	});
	if (bytes && !made.repeated) {
		try {
			await uploadDocument(ctx, ownerOf({ id: made.id, countyId: data.countyId }), {
				kind: 'intake_form',
				file: bytes
			});
		} catch (e) {
			// The scan was checked above; should the store fail now, the item goes too.
			await ctx.db.transaction(async (tx) => {
				await tx.delete(intakeItems).where(eq(intakeItems.id, made.id));
				await recordAudit(tx, ctx, {
					action: 'intake.destroy',
					entityType: ENTITY,
					entityId: made.id,
					countyId: data.countyId,
					outcome: 'failure',
					details: { reason: 'upload_failed', documents: 0 }
				});
			});
			throw e;
		}
	}
	return made.id;
}

/**
 * One item with its scans, its due day, and — for the attach form — the clients of the
 * county found by `q` (a name; at most 20, never the whole county).
 */
export async function getIntakeItem(ctx: ServiceContext, itemId: string, q = '') {
	const item = await requireIntakeItem(ctx, itemId, 'intake:read', 'intake.view');
	const day = today(ctx);
	const canManage = can(ctx.actor, 'intake:manage', countyResource(item.countyId), day);
	const docs = await listDocuments(ctx, ownerOf(item));
	const [county] = await ctx.db
		.select({ name: counties.name })
		.from(counties)
		.where(eq(counties.id, item.countyId));
	const query = q.trim().slice(0, 100);
	const matches =
		canManage && query.length >= 2
			? await ctx.db
					.select({
						id: clients.id,
						firstName: clients.firstName,
						lastName: clients.lastName,
						settlement: clients.settlement,
						status: clients.status
					})
					.from(clients)
					.where(
						and(
							eq(clients.countyId, item.countyId),
							ne(clients.status, 'anonymised'),
							or(
								ilike(clients.firstName, containing(query)),
								ilike(clients.lastName, containing(query)),
								ilike(
									sql`coalesce(${clients.firstName}, '') || ' ' || coalesce(${clients.lastName}, '')`,
									containing(query)
								)
							)
						)
					)
					.orderBy(asc(clients.lastName), asc(clients.firstName), asc(clients.id))
					.limit(20)
			: [];
	await recordAudit(ctx.db, ctx, {
		action: 'intake.view',
		entityType: ENTITY,
		entityId: itemId,
		countyId: item.countyId,
		details: { documents: docs.length, ...(query ? { count: matches.length } : {}) }
	});
	const dueOn = intakeDestroyDueOn(item.receivedOn);
	return {
		item: { ...item, countyName: county?.name ?? '' },
		documents: docs,
		dueOn,
		overdue: dueOn <= day,
		canManage,
		query,
		matches,
		maxMb: ctx.config.UPLOAD_MAX_MB ?? 20
	};
}

/** Adds one more scan to an item (the documents service checks and audits it). */
export async function addIntakeDocument(
	ctx: ServiceContext,
	itemId: string,
	input: UploadInput
): Promise<DocumentSummary> {
	const item = await requireIntakeItem(ctx, itemId, 'intake:manage', 'document.upload');
	return uploadDocument(ctx, ownerOf(item), { ...input, kind: 'intake_form' });
}

/** Deletes the item row at the version the form read; none matched means someone acted first. */
async function deleteAtVersion(tx: Tx, item: IntakeItem, version: number) {
	const gone = await tx
		.delete(intakeItems)
		.where(and(eq(intakeItems.id, item.id), eq(intakeItems.version, version)))
		.returning({ id: intakeItems.id });
	if (gone.length === 0) throw new StaleVersionError();
}

const attachSchema = z.object({
	clientId: z.string({ message: 'intake.error.client' }).uuid('intake.error.client')
});

/**
 * Attaches an item to the client it turned into: its scans become the client's documents (kind
 * `intake_form`, the note as their description when they have none) and the item leaves the
 * inbox. Needs `document:upload` on the client (its county's coordinators, the administrator;
 * never an anonymised client). A note without a scan cannot be attached — the coordinator
 * writes what matters into the client's record and destroys the note.
 */
export async function attachIntakeItem(ctx: ServiceContext, itemId: string, input: unknown) {
	const item = await requireIntakeItem(ctx, itemId, 'intake:manage', 'intake.attach');
	const version = formVersion(input);
	const { clientId } = validate(attachSchema, input);
	const client = await requireClient(ctx, clientId, 'document:upload', 'intake.attach');
	const owner = ownerOf(item);
	const audit = { action: 'intake.attach', entityType: ENTITY, entityId: itemId } as const;
	return refuseStale(ctx, { ...audit, countyId: item.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			const [{ n }] = (await tx
				.select({ n: count() })
				.from(documents)
				.where(eq(documents.ownerRef, owner.ownerRef))) as [{ n: number }];
			if (Number(n) === 0) throw invalid({ clientId: 'intake.error.nothing_to_attach' });
			const moved = await tx
				.update(documents)
				.set({
					ownerRef: null,
					clientId,
					countyId: client.row.countyId,
					description: sql`coalesce(${documents.description}, ${item.note.slice(0, 500)})`
				})
				.where(eq(documents.ownerRef, owner.ownerRef))
				.returning({ id: documents.id });
			await deleteAtVersion(tx, item, version);
			await recordAudit(tx, ctx, {
				...audit,
				countyId: item.countyId,
				details: { clientId, documents: moved.length }
			});
			// The client's own record shows that documents arrived (its "who did what").
			await recordAudit(tx, ctx, {
				action: 'intake.attach',
				entityType: 'client',
				entityId: clientId,
				countyId: client.row.countyId,
				details: { documents: moved.length }
			});
			return clientId;
		})
	);
}

const destroySchema = z.object({
	confirm: z.preprocess(
		(v) => v === 'on' || v === 'true' || v === true,
		z.literal(true, { message: 'intake.error.confirm' })
	)
});

/**
 * Destroys an item: its files are removed from the store (after commit), its document rows and
 * the item deleted, and the destruction audited with the item's id, the number of files, its
 * age in days and whether it was overdue — nothing that was in it.
 */
export async function destroyIntakeItem(ctx: ServiceContext, itemId: string, input: unknown) {
	const item = await requireIntakeItem(ctx, itemId, 'intake:manage', 'intake.destroy');
	const version = formVersion(input);
	validate(destroySchema, input);
	const day = today(ctx);
	const audit = { action: 'intake.destroy', entityType: ENTITY, entityId: itemId } as const;
	const keys = await refuseStale(ctx, { ...audit, countyId: item.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			const keys = await purgeDocumentRows(tx, ownerOf(item));
			await deleteAtVersion(tx, item, version);
			await recordAudit(tx, ctx, {
				...audit,
				countyId: item.countyId,
				details: {
					documents: keys.length,
					ageDays: daysBetween(item.receivedOn, day),
					overdue: intakeDestroyDueOn(item.receivedOn) <= day
				}
			});
			return keys;
		})
	);
	await deleteStoredFiles(ctx.files, keys);
}

/**
 * For the attention list: unused items of `list`'s counties due for destruction today (received
 * `INTAKE_RETENTION_MONTHS` ago or earlier), oldest first, with the total. No note leaves here.
 */
export async function intakeAttention(
	db: Tx,
	list: readonly string[] | null,
	day: string,
	limit: number
) {
	const rows = await db
		.select({
			id: intakeItems.id,
			countyName: counties.name,
			source: intakeItems.source,
			receivedOn: intakeItems.receivedOn,
			total: sql<number>`(count(*) over ())::int`
		})
		.from(intakeItems)
		.innerJoin(counties, eq(counties.id, intakeItems.countyId))
		.where(
			and(
				list === null ? undefined : inArray(intakeItems.countyId, [...list]),
				sql`${intakeItems.receivedOn} <= ${intakeDueCutoff(day)}`
			)
		)
		.orderBy(asc(intakeItems.receivedOn), asc(intakeItems.id))
		.limit(limit);
	return {
		total: rows[0]?.total ?? 0,
		rows: rows.map(({ total: _t, ...r }) => ({ ...r, dueOn: intakeDestroyDueOn(r.receivedOn) }))
	};
}
