import { and, asc, count, eq, ilike, inArray, isNotNull, isNull, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
	clients,
	counties,
	municipalities,
	socialPartnerContacts,
	socialPartners
} from '../../db/schema';
import { PARTNER_KINDS } from '../../domain/vocabulary';
import type { Tx } from '../../db/client';
import { can, canAnywhere, type Action, type Resource } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { forbidden, invalid } from '../../errors';
import { recordAudit, type AuditAction } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { emptyToNull, validate } from '../core/validation';
import { listMunicipalities, countiesIn } from '../core/reference';
import { containing } from '../../db/like';
import { changedRow, formVersion, latestChange, nextVersion, refuseStale } from '../core/versions';
import { listPage, pageRows } from '../core/paging';

/**
 * Social partners (võrgustikupartnerid, R-MAP-1, R-PART-2): the organisations of a county —
 * municipal social work, family doctors, care homes, shops, churches, libraries, the post —
 * and their contact persons, who pass information about people in need to the coordinator.
 *
 * Scoped by county like clients: `partner:read` (administrator, experts, the county's
 * coordinators) and `partner:manage` (administrator, the county's coordinators). A partner of
 * another county is "not found" (audited); an expert who may read it but tries to change it is
 * "forbidden". Contact persons are personal data: the audit log holds their ids, never names.
 * Partners are archived, not deleted: the clients they referred keep the link.
 */

export type Partner = typeof socialPartners.$inferSelect;
export type PartnerContact = typeof socialPartnerContacts.$inferSelect;

const countyResource = (countyId: string): Resource => ({ kind: 'county', countyId });

async function partnerRow(tx: Tx, partnerId: string): Promise<Partner | null> {
	if (!z.string().uuid().safeParse(partnerId).success) return null;
	const [row] = await tx.select().from(socialPartners).where(eq(socialPartners.id, partnerId));
	return row ?? null;
}

/**
 * Loads a partner and checks `action` on its county. Missing, or in a county the actor may not
 * read: "not found". Readable but not changeable (an expert): "forbidden". Both audited.
 */
async function requirePartner(
	ctx: ServiceContext,
	partnerId: string,
	action: Extract<Action, `partner:${string}`>,
	auditAction: AuditAction
): Promise<Partner> {
	const row = await partnerRow(ctx.db, partnerId);
	if (!row) {
		return deniedNotFound(ctx, { action: auditAction, entityType: 'partner', entityId: partnerId });
	}
	const resource = countyResource(row.countyId);
	const day = today(ctx);
	if (
		action !== 'partner:read' &&
		!can(ctx.actor, action, resource, day) &&
		can(ctx.actor, 'partner:read', resource, day)
	) {
		await recordAudit(ctx.db, ctx, {
			action: auditAction,
			entityType: 'partner',
			entityId: partnerId,
			countyId: row.countyId,
			outcome: 'denied',
			details: { permission: action }
		});
		throw forbidden();
	}
	await authorize(ctx, action, resource, {
		action: auditAction,
		entityType: 'partner',
		entityId: partnerId
	});
	return row;
}

/** Refuses (404, audited) anyone who may read the partners of no county at all. */
async function readScope(ctx: ServiceContext): Promise<readonly string[] | null> {
	if (!canAnywhere(ctx.actor, 'partner:read')) {
		await authorize(ctx, 'partner:read', { kind: 'system' }, { action: 'partner.list' });
	}
	return countyScope(ctx.actor, 'partner:read');
}

const optionalText = (max: number) =>
	z.preprocess(emptyToNull, z.string().trim().max(max, 'error.too_long').nullable()).optional();

export const partnerInputSchema = z.object({
	countyId: z.string().uuid('error.choice'),
	municipalityId: z.preprocess(emptyToNull, z.string().uuid('error.choice').nullable()).optional(),
	name: z
		.string({ message: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(200, 'error.too_long'),
	kind: z.enum(PARTNER_KINDS, { message: 'error.choice' }),
	notes: optionalText(4000)
});

export const partnerUpdateSchema = partnerInputSchema.omit({ countyId: true });

export const contactInputSchema = z.object({
	name: z
		.string({ message: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(200, 'error.too_long'),
	role: optionalText(200),
	phone: optionalText(40),
	email: z
		.preprocess(
			emptyToNull,
			z.string().trim().max(254, 'error.too_long').email('error.email').nullable()
		)
		.optional()
});

async function checkMunicipality(tx: Tx, countyId: string, municipalityId?: string | null) {
	if (!municipalityId) return;
	const [m] = await tx
		.select({ id: municipalities.id })
		.from(municipalities)
		.where(and(eq(municipalities.id, municipalityId), eq(municipalities.countyId, countyId)));
	if (!m) throw invalid({ municipalityId: 'error.choice' });
}

export interface PartnerListFilter {
	q?: string;
	countyId?: string;
	kind?: string;
	/** 'active' (default), 'archived' or 'all'. */
	archived?: string;
	page?: number;
	pageSize?: number;
}

/** The partners of the counties the actor may read, by name; searched by organisation name. */
export async function listPartners(ctx: ServiceContext, filter: PartnerListFilter = {}) {
	const scope = await readScope(ctx);
	const where: SQL[] = [];
	if (scope !== null) where.push(inArray(socialPartners.countyId, [...scope]));
	const countyId =
		filter.countyId && z.string().uuid().safeParse(filter.countyId).success
			? filter.countyId
			: null;
	if (countyId) where.push(eq(socialPartners.countyId, countyId));
	if (filter.kind && (PARTNER_KINDS as readonly string[]).includes(filter.kind)) {
		where.push(eq(socialPartners.kind, filter.kind as (typeof PARTNER_KINDS)[number]));
	}
	const archived = filter.archived ?? 'active';
	if (archived === 'archived') where.push(isNotNull(socialPartners.archivedAt));
	else if (archived !== 'all') where.push(isNull(socialPartners.archivedAt));
	if (filter.q?.trim()) {
		const q = containing(filter.q.trim());
		where.push(or(ilike(socialPartners.name, q), ilike(socialPartners.notes, q))!);
	}
	const paging = listPage(filter);
	const read = await ctx.db
		.select({
			id: socialPartners.id,
			name: socialPartners.name,
			kind: socialPartners.kind,
			archivedAt: socialPartners.archivedAt,
			countyId: socialPartners.countyId,
			countyName: counties.name,
			municipalityName: municipalities.name
		})
		.from(socialPartners)
		.innerJoin(counties, eq(counties.id, socialPartners.countyId))
		.leftJoin(municipalities, eq(municipalities.id, socialPartners.municipalityId))
		.where(and(...where))
		.orderBy(asc(counties.name), asc(socialPartners.name), asc(socialPartners.id))
		.limit(paging.limit)
		.offset(paging.offset);
	const { rows, hasMore } = pageRows(read, paging);
	await recordAudit(ctx.db, ctx, {
		action: 'partner.list',
		entityType: 'partner',
		countyId,
		details: { count: rows.length, page: paging.page }
	});
	return { rows, hasMore, page: paging.page };
}

/** What the partner list offers: counties to filter by, the kinds, whether one may add. */
export async function partnerListOptions(ctx: ServiceContext) {
	const scope = await readScope(ctx);
	const manage = countyScope(ctx.actor, 'partner:manage');
	return {
		counties: await countiesIn(ctx, scope),
		kinds: PARTNER_KINDS,
		canCreate: manage === null || manage.length > 0
	};
}

/** The choices of the new-partner form: counties the actor manages, with their municipalities. */
export async function partnerFormOptions(ctx: ServiceContext) {
	const scope = countyScope(ctx.actor, 'partner:manage');
	if (scope !== null && scope.length === 0) {
		await authorize(ctx, 'partner:manage', { kind: 'system' }, { action: 'partner.create' });
	}
	const all = await listMunicipalities(ctx);
	return {
		kinds: PARTNER_KINDS,
		counties: (await countiesIn(ctx, scope)).map((c) => ({
			...c,
			municipalities: all
				.filter((m) => m.countyId === c.id)
				.map((m) => ({ id: m.id, name: m.name }))
		}))
	};
}

export async function createPartner(ctx: ServiceContext, input: unknown): Promise<string> {
	const data = validate(partnerInputSchema, input);
	await authorize(ctx, 'partner:manage', countyResource(data.countyId), {
		action: 'partner.create',
		entityType: 'partner'
	});
	return ctx.db.transaction(async (tx) => {
		await checkMunicipality(tx, data.countyId, data.municipalityId);
		const [row] = await tx
			.insert(socialPartners)
			.values({ ...data, createdBy: ctx.actor!.userId })
			.returning({ id: socialPartners.id });
		await recordAudit(tx, ctx, {
			action: 'partner.create',
			entityType: 'partner',
			entityId: row!.id,
			countyId: data.countyId
		});
		return row!.id;
	});
}

/** One partner with its contact persons, how many clients it referred, and the edit choices. */
export async function getPartner(ctx: ServiceContext, partnerId: string) {
	const row = await requirePartner(ctx, partnerId, 'partner:read', 'partner.view');
	const day = today(ctx);
	const manage = can(ctx.actor, 'partner:manage', countyResource(row.countyId), day);
	const [county] = await ctx.db.select().from(counties).where(eq(counties.id, row.countyId));
	const [municipality] = row.municipalityId
		? await ctx.db.select().from(municipalities).where(eq(municipalities.id, row.municipalityId))
		: [];
	const contacts = await ctx.db
		.select()
		.from(socialPartnerContacts)
		.where(eq(socialPartnerContacts.partnerId, partnerId))
		.orderBy(asc(socialPartnerContacts.name), asc(socialPartnerContacts.id));
	const [referred] = await ctx.db
		.select({ n: count() })
		.from(clients)
		.where(eq(clients.referralPartnerId, partnerId));
	await recordAudit(ctx.db, ctx, {
		action: 'partner.view',
		entityType: 'partner',
		entityId: partnerId,
		countyId: row.countyId
	});
	return {
		partner: {
			...row,
			countyName: county?.name ?? '',
			municipalityName: municipality?.name ?? null
		},
		contacts,
		referredClients: referred?.n ?? 0,
		kinds: PARTNER_KINDS,
		municipalities: manage
			? (await listMunicipalities(ctx, row.countyId)).map((m) => ({ id: m.id, name: m.name }))
			: [],
		canManage: manage,
		/** Who saved the version shown (for the conflict notice of the edit form). */
		changedBy: manage
			? await latestChange(ctx.db, 'partner', partnerId, ['partner.update', 'partner.create'])
			: null
	};
}

export type PartnerView = Awaited<ReturnType<typeof getPartner>>;

/** Changes the organisation's details (its county stays); audits the changed field names. */
export async function updatePartner(ctx: ServiceContext, partnerId: string, input: unknown) {
	const row = await requirePartner(ctx, partnerId, 'partner:manage', 'partner.update');
	const data = validate(partnerUpdateSchema, input);
	const version = formVersion(input);
	const audit = { action: 'partner.update', entityType: 'partner', entityId: partnerId };
	await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			await checkMunicipality(tx, row.countyId, data.municipalityId);
			changedRow(
				await tx
					.update(socialPartners)
					.set({ ...data, version: nextVersion(socialPartners.version), updatedAt: ctx.now() })
					.where(and(eq(socialPartners.id, partnerId), eq(socialPartners.version, version)))
					.returning({ id: socialPartners.id })
			);
			const before = row as Record<string, unknown>;
			const fields = Object.entries(data)
				.filter(([k, v]) => v !== undefined && before[k] !== v)
				.map(([k]) => k);
			await recordAudit(tx, ctx, {
				action: 'partner.update',
				entityType: 'partner',
				entityId: partnerId,
				countyId: row.countyId,
				details: { fields }
			});
		})
	);
}

/**
 * Archives a partner (no longer offered as a referrer on the client form) or brings it back.
 * The clients it referred keep the link either way.
 */
export async function setPartnerArchived(
	ctx: ServiceContext,
	partnerId: string,
	archived: boolean
) {
	const auditAction = archived ? 'partner.archive' : 'partner.restore';
	const row = await requirePartner(ctx, partnerId, 'partner:manage', auditAction);
	if (archived === (row.archivedAt !== null)) return;
	await ctx.db.transaction(async (tx) => {
		await tx
			.update(socialPartners)
			.set({
				archivedAt: archived ? ctx.now() : null,
				version: nextVersion(socialPartners.version),
				updatedAt: ctx.now()
			})
			.where(eq(socialPartners.id, partnerId));
		await recordAudit(tx, ctx, {
			action: auditAction,
			entityType: 'partner',
			entityId: partnerId,
			countyId: row.countyId
		});
	});
}

export async function addPartnerContact(ctx: ServiceContext, partnerId: string, input: unknown) {
	const row = await requirePartner(ctx, partnerId, 'partner:manage', 'partner.contact_add');
	const data = validate(contactInputSchema, input);
	return ctx.db.transaction(async (tx) => {
		const [contact] = await tx
			.insert(socialPartnerContacts)
			.values({ ...data, partnerId })
			.returning({ id: socialPartnerContacts.id });
		await recordAudit(tx, ctx, {
			action: 'partner.contact_add',
			entityType: 'partner',
			entityId: partnerId,
			countyId: row.countyId,
			details: { contactId: contact!.id }
		});
		return contact!.id;
	});
}

export async function removePartnerContact(
	ctx: ServiceContext,
	partnerId: string,
	contactId: string
) {
	const row = await requirePartner(ctx, partnerId, 'partner:manage', 'partner.contact_remove');
	const ok = z.string().uuid().safeParse(contactId).success;
	await ctx.db.transaction(async (tx) => {
		const removed = ok
			? await tx
					.delete(socialPartnerContacts)
					.where(
						and(
							eq(socialPartnerContacts.id, contactId),
							eq(socialPartnerContacts.partnerId, partnerId)
						)
					)
					.returning({ id: socialPartnerContacts.id })
			: [];
		if (removed.length === 0) throw invalid({ contactId: 'error.choice' });
		await recordAudit(tx, ctx, {
			action: 'partner.contact_remove',
			entityType: 'partner',
			entityId: partnerId,
			countyId: row.countyId,
			details: { contactId }
		});
	});
}

/**
 * The referrers the client form offers for a county: its partners that are not archived (plus
 * `keepId`, the client's current referrer, even when archived since). Organisation names only;
 * the referring person is typed as free text on the client form.
 */
export async function referralChoices(
	tx: Tx,
	countyIds: readonly string[],
	keepId: string | null = null
) {
	if (countyIds.length === 0) return [];
	return tx
		.select({
			id: socialPartners.id,
			countyId: socialPartners.countyId,
			name: socialPartners.name,
			kind: socialPartners.kind
		})
		.from(socialPartners)
		.where(
			and(
				inArray(socialPartners.countyId, [...countyIds]),
				keepId
					? or(isNull(socialPartners.archivedAt), eq(socialPartners.id, keepId))
					: isNull(socialPartners.archivedAt)
			)
		)
		.orderBy(asc(socialPartners.name), asc(socialPartners.id));
}

/**
 * Checks a referrer chosen on the client form: a partner of the client's own county, not
 * archived — unless it is the one the client already had (`currentId`).
 */
export async function checkReferralPartner(
	tx: Tx,
	countyId: string,
	partnerId: string | null | undefined,
	currentId: string | null = null
) {
	if (!partnerId) return;
	const [p] = await tx
		.select({ countyId: socialPartners.countyId, archivedAt: socialPartners.archivedAt })
		.from(socialPartners)
		.where(eq(socialPartners.id, partnerId));
	if (!p || p.countyId !== countyId || (p.archivedAt !== null && partnerId !== currentId)) {
		throw invalid({ referralPartnerId: 'error.choice' });
	}
}
