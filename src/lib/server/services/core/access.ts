import { aliasedTable, and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { clients, diaryEntries, mileageClaims, pairings, users, volunteers } from '../../db/schema';
import type { Tx } from '../../db/client';
import { can, refusedAsAnonymised, type Action, type Resource } from '../../policy/policy';
import { forbidden, notFound } from '../../errors';
import { recordAudit, type AuditAction, type AuditDetailsOf } from './audit';
import { today, type ServiceContext } from './context';

/**
 * The access gate: every use case reaches a record through here. `authorize` checks the policy
 * table (`policy/policy.ts`) and audits a refusal; the `require…` functions load a record,
 * build its policy resource and authorize in one call. Hidden and missing records both answer
 * "not found" (ids cannot be probed); a record the actor may read but not change answers
 * "forbidden".
 */

const uuid = z.string().uuid();

type ClaimRow = typeof mileageClaims.$inferSelect;

const READ_ACTION_OF: Record<Resource['kind'], Action | null> = {
	client: 'client:read',
	// Refused through `requireEditableDiaryEntry`, which has passed `diary:update` on the client.
	diary_entry: null,
	volunteer: 'volunteer:read',
	county: null,
	system: null
};

/**
 * Checks `action` on `resource`; on refusal writes a `denied` event (outside any transaction,
 * so it survives the rollback) and throws. A record the actor cannot even read answers
 * "not found", so ids cannot be probed; a record they can read but not change answers
 * "forbidden".
 */
export async function authorize<A extends AuditAction>(
	ctx: ServiceContext,
	action: Action,
	resource: Resource,
	audit: {
		action: A;
		entityType?: string;
		entityId?: string | null;
		/** Ids that tie the event to a record, e.g. a pairing's clientId (no personal data). */
		details?: AuditDetailsOf<A>;
	}
): Promise<void> {
	const day = today(ctx);
	if (can(ctx.actor, action, resource, day)) return;
	const anonymised = refusedAsAnonymised(action, resource);
	await recordAudit(ctx.db, ctx, {
		action: audit.action,
		entityType: audit.entityType,
		entityId: audit.entityId,
		countyId: resource.kind === 'system' ? null : resource.countyId,
		outcome: 'denied',
		// The caller's details and what every refusal adds (each action's shape has room for it).
		details: {
			...(audit.details as object),
			permission: action,
			...(anonymised ? { reason: 'anonymised' } : {})
		} as AuditDetailsOf<A>
	});
	const readAction = READ_ACTION_OF[resource.kind];
	if (readAction && readAction !== action && can(ctx.actor, readAction, resource, day)) {
		// An anonymised client is read-only for everyone (policy.ts): say so, not "no right".
		throw forbidden(anonymised ? 'client.anonymised' : 'error.forbidden');
	}
	throw notFound();
}

/** Records a denial of a record that does not exist (or is hidden) and throws "not found". */
export async function deniedNotFound(
	ctx: ServiceContext,
	audit: { action: AuditAction; entityType: string; entityId: string | null }
): Promise<never> {
	// An id from a request is stored as given, so cap it (the column is text).
	await recordAudit(ctx.db, ctx, {
		...audit,
		entityId: audit.entityId?.slice(0, 100) ?? null,
		outcome: 'denied',
		details: { reason: 'not_found' }
	});
	throw notFound();
}
/** The policy resource of a client, with the acting volunteer's own pairings with them. */
export async function clientResource(
	tx: Tx,
	ctx: ServiceContext,
	clientId: string
): Promise<{
	row: typeof clients.$inferSelect;
	resource: Resource & { kind: 'client' };
	/** The actor's own volunteer's pairings with this client (none for other roles). */
	ownPairings: (typeof pairings.$inferSelect)[];
} | null> {
	if (!z.string().uuid().safeParse(clientId).success) return null;
	const volunteerId = ctx.actor?.volunteerId;
	// Both reads at once (a pool runs them side by side): this is on every request of a client.
	const [[row], own] = await Promise.all([
		tx.select().from(clients).where(eq(clients.id, clientId)),
		volunteerId
			? tx
					.select()
					.from(pairings)
					.where(and(eq(pairings.clientId, clientId), eq(pairings.volunteerId, volunteerId)))
			: Promise.resolve([])
	]);
	if (!row) return null;
	return {
		row,
		resource: {
			kind: 'client',
			countyId: row.countyId,
			pairings: own,
			anonymised: row.status === 'anonymised'
		},
		ownPairings: own
	};
}

/** Loads a client and checks `action`; hidden and missing records both answer "not found". */
export async function requireClient(
	ctx: ServiceContext,
	clientId: string,
	action: Parameters<typeof authorize>[1],
	auditAction: Parameters<typeof authorize>[3]['action']
) {
	const found = await clientResource(ctx.db, ctx, clientId);
	if (!found)
		return deniedNotFound(ctx, { action: auditAction, entityType: 'client', entityId: clientId });
	await authorize(ctx, action, found.resource, {
		action: auditAction,
		entityType: 'client',
		entityId: clientId
	});
	return found;
}
export async function volunteerResource(tx: Tx, volunteerId: string) {
	if (!z.string().uuid().safeParse(volunteerId).success) return null;
	const [row] = await tx.select().from(volunteers).where(eq(volunteers.id, volunteerId));
	if (!row) return null;
	const resource: Resource = { kind: 'volunteer', countyId: row.countyId, volunteerId: row.id };
	return { row, resource };
}

export async function requireVolunteer(
	ctx: ServiceContext,
	volunteerId: string,
	action: Parameters<typeof authorize>[1],
	auditAction: Parameters<typeof authorize>[3]['action']
) {
	const found = await volunteerResource(ctx.db, volunteerId);
	if (!found) {
		return deniedNotFound(ctx, {
			action: auditAction,
			entityType: 'volunteer',
			entityId: volunteerId
		});
	}
	await authorize(ctx, action, found.resource, {
		action: auditAction,
		entityType: 'volunteer',
		entityId: volunteerId
	});
	return found;
}
/** Loads a pairing and checks `action` on its client; hidden and missing answer "not found". */
export async function requirePairing(
	ctx: ServiceContext,
	pairingId: string,
	action: Parameters<typeof authorize>[1],
	auditAction: AuditAction,
	/** The client the address names: a pairing of another client is "not found". */
	clientId?: string
) {
	const [pairing] = uuid.safeParse(pairingId).success
		? await ctx.db.select().from(pairings).where(eq(pairings.id, pairingId))
		: [];
	if (!pairing || (clientId !== undefined && pairing.clientId !== clientId)) {
		return deniedNotFound(ctx, { action: auditAction, entityType: 'pairing', entityId: pairingId });
	}
	const found = await clientResource(ctx.db, ctx, pairing.clientId);
	await authorize(ctx, action, found!.resource, {
		action: auditAction,
		entityType: 'pairing',
		entityId: pairingId,
		// So a refused attempt shows in the client's access log too (clientAccessLog).
		details: { clientId: pairing.clientId }
	});
	return { pairing, client: found!.row, resource: found!.resource };
}
/** The policy resource of a claim: its volunteer, in the paying municipality's county. */
export function claimResource(claim: Pick<ClaimRow, 'countyId' | 'volunteerId'>): Resource {
	return { kind: 'volunteer', countyId: claim.countyId, volunteerId: claim.volunteerId };
}

export async function requireClaim(
	ctx: ServiceContext,
	claimId: string,
	action: 'mileage:read' | 'mileage:write' | 'mileage:review',
	auditAction: AuditAction
): Promise<ClaimRow> {
	const [claim] = uuid.safeParse(claimId).success
		? await ctx.db.select().from(mileageClaims).where(eq(mileageClaims.id, claimId))
		: [];
	if (!claim) {
		return deniedNotFound(ctx, {
			action: auditAction,
			entityType: 'mileage_claim',
			entityId: claimId
		});
	}
	await authorize(ctx, action, claimResource(claim), {
		action: auditAction,
		entityType: 'mileage_claim',
		entityId: claimId,
		details: { volunteerId: claim.volunteerId }
	});
	return claim;
}
/** Entries are read with the volunteer's name and who last changed them: one query, no N+1. */
export const diaryEditor = aliasedTable(users, 'editor');

export const diaryEntryColumns = {
	id: diaryEntries.id,
	clientId: diaryEntries.clientId,
	pairingId: diaryEntries.pairingId,
	volunteerId: diaryEntries.volunteerId,
	contactDate: diaryEntries.contactDate,
	contactKind: diaryEntries.contactKind,
	helpProfiles: diaryEntries.helpProfiles,
	durationMinutes: diaryEntries.durationMinutes,
	description: diaryEntries.description,
	flagged: diaryEntries.flagged,
	flagNote: diaryEntries.flagNote,
	flagSeenAt: diaryEntries.flagSeenAt,
	fromPaper: diaryEntries.fromPaper,
	version: diaryEntries.version,
	createdAt: diaryEntries.createdAt,
	updatedAt: diaryEntries.updatedAt,
	removedAt: diaryEntries.removedAt,
	volunteerFirstName: volunteers.firstName,
	volunteerLastName: volunteers.lastName,
	editedByName: diaryEditor.name
};

export async function requireDiaryEntry(
	ctx: ServiceContext,
	clientId: string,
	entryId: string,
	auditAction: AuditAction
) {
	const [entry] = uuid.safeParse(entryId).success
		? await ctx.db
				.select(diaryEntryColumns)
				.from(diaryEntries)
				.leftJoin(volunteers, eq(volunteers.id, diaryEntries.volunteerId))
				.leftJoin(diaryEditor, eq(diaryEditor.id, diaryEntries.updatedBy))
				.where(and(eq(diaryEntries.id, entryId), eq(diaryEntries.clientId, clientId)))
		: [];
	if (!entry) {
		return deniedNotFound(ctx, {
			action: auditAction,
			entityType: 'diary_entry',
			entityId: entryId
		});
	}
	return entry;
}

/** The policy resource of one entry of a client's diary: the client's, with the entry's author. */
export function diaryEntryResource(
	client: Resource & { kind: 'client' },
	entry: { volunteerId: string | null }
): Resource {
	return {
		kind: 'diary_entry',
		countyId: client.countyId,
		pairings: client.pairings,
		anonymised: client.anonymised,
		authorVolunteerId: entry.volunteerId
	};
}

/**
 * Loads an entry of a client the actor reached with `diary:update` (`requireClient`) and checks
 * `diary_entry:edit` on it: a missing entry answers "not found"; an entry the actor may read but
 * not change (another volunteer's) answers "forbidden", with a `denied` event.
 */
export async function requireEditableDiaryEntry(
	ctx: ServiceContext,
	client: { row: { id: string; countyId: string }; resource: Resource & { kind: 'client' } },
	entryId: string,
	auditAction: AuditAction
) {
	const entry = await requireDiaryEntry(ctx, client.row.id, entryId, auditAction);
	const resource = diaryEntryResource(client.resource, entry);
	if (!can(ctx.actor, 'diary_entry:edit', resource, today(ctx))) {
		await deniedOthersEntry(ctx, client.row.countyId, client.row.id, entryId, auditAction);
	}
	return entry;
}

/**
 * Records the refusal of a change to an entry of a diary the actor reads (another volunteer's
 * entry; a volunteer marking a flag read) and throws "forbidden".
 */
export async function deniedOthersEntry(
	ctx: ServiceContext,
	countyId: string,
	clientId: string,
	entryId: string,
	auditAction: AuditAction
): Promise<never> {
	// A volunteer may read the whole diary but change only their own entries.
	await recordAudit(ctx.db, ctx, {
		action: auditAction,
		entityType: 'client',
		entityId: clientId,
		countyId,
		outcome: 'denied',
		details: { diaryEntryId: entryId, reason: 'not_own_entry' }
	});
	throw forbidden();
}
