import { eq, isNull, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { counties, documents, socialPartners, volunteerApplications } from '../../db/schema';
import type { Tx } from '../../db/client';
import type { Action, Resource } from '../../policy/policy';
import { AppError, notFound } from '../../errors';
import { parseOwnerRef } from '../../domain/documents';
import type { AuditAction, DocumentDetails } from '../core/audit';
import { authorize, deniedNotFound, clientResource, volunteerResource } from '../core/access';
import type { ServiceContext } from '../core/context';

/**
 * The record a document belongs to (documents.ts): a client (and optionally a pairing), a
 * volunteer, an application, a social partner, a county, or an `owner_ref` of a later feature.
 * Access and audit follow the owner: its policy resource, its county, the record events are
 * written against, and the columns and conditions that hold it.
 */

export type DocumentOwner =
	| { kind: 'client'; clientId: string; pairingId?: string }
	| { kind: 'volunteer'; volunteerId: string }
	| { kind: 'application'; applicationId: string }
	| { kind: 'partner'; partnerId: string }
	| { kind: 'county'; countyId: string }
	/** Owners of later features, e.g. 'survey_response:<id>', 'mileage_claim:<id>'. */
	| { kind: 'ref'; ownerRef: string; countyId: string | null };

export type DocumentRow = typeof documents.$inferSelect;

/** Where an owner stands in the policy and the audit log, and which columns hold it. */
export interface ResolvedOwner {
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
export async function resolveOwner(
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

export function ownerLabel(owner: DocumentOwner): string {
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
export async function requireOwner(
	ctx: ServiceContext,
	owner: DocumentOwner,
	action: Action,
	audit: { action: AuditAction; details?: DocumentDetails },
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

export function ownerDetails(row: DocumentRow): DocumentDetails {
	return {
		documentId: row.id,
		kind: row.kind,
		...(row.pairingId ? { pairingId: row.pairingId } : {})
	};
}

/** Conditions selecting an owner's rows, without touching the owner's own table. */
export function ownerWhere(owner: DocumentOwner): SQL[] {
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
