import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, counties, users } from '../db/schema';
import type { Tx } from '../db/client';
import { actorRoles } from '../policy/actor';
import { can, type Action, type Resource } from '../policy/policy';
import { countyScope } from '../policy/scope';
import { forbidden, notFound } from '../errors';
import { today, type ServiceContext } from './context';
import { requireClient } from './clients';
import { validate } from './validation';

/**
 * The audit log (issue 2). Events are a closed set of actions; `details` must never carry
 * personal data (no names, codes or free text), only ids, counts and field names.
 */
export const AUDIT_ACTIONS = [
	'auth.login',
	'auth.login_failed',
	'auth.logout',
	'auth.logout_everywhere',
	'auth.password_changed',
	'auth.password_reset_requested',
	'auth.password_reset',
	'auth.setup_admin',
	'user.invite',
	'user.accept_invite',
	'user.update',
	'user.disable',
	'user.enable',
	'user.grant',
	'user.revoke',
	'user.list',
	'user.view',
	'client.list',
	'client.view',
	'client.create',
	'client.update',
	'client.export',
	'client.access_log_view',
	'volunteer.list',
	'volunteer.view',
	'volunteer.create',
	'volunteer.update',
	'volunteer.export',
	'volunteer.invite',
	'pairing.create',
	'pairing.end',
	'pairing.suggest',
	'pairing.view',
	'pairing.introduce',
	'pairing.activate',
	'pairing.pause',
	'pairing.resume',
	'pairing.closing_interview',
	'client.exclusion_add',
	'client.exclusion_remove',
	'diary.view',
	'diary.create',
	'diary.update',
	'diary.remove',
	'diary.draft_save',
	'diary.draft_discard',
	'audit.view',
	'reference.view',
	'reference.update',
	'demo.load',
	'mileage.log_view',
	'mileage.trip_create',
	'mileage.trip_view',
	'mileage.trip_update',
	'mileage.trip_delete',
	'mileage.claim_list',
	'mileage.claim_view',
	'mileage.claim_submit',
	'mileage.claim_approve',
	'mileage.claim_return',
	'mileage.claim_pay',
	'mileage.claim_download',
	'mileage.summary_export',
	'mileage.rate_create',
	'mileage.rate_delete',
	'document.upload',
	'document.list',
	'document.download',
	'document.delete',
	'survey.view',
	'survey.enter',
	'survey.paper_destroyed',
	'client.extract',
	'client.anonymise',
	'attention.view',
	'diary.flag_seen',
	'settings.view',
	'settings.update',
	'client.duplicate_warning',
	'partner.list',
	'partner.view',
	'partner.create',
	'partner.update',
	'partner.archive',
	'partner.restore',
	'partner.contact_add',
	'partner.contact_remove',
	'application.submit',
	'application.create',
	'application.list',
	'application.view',
	'application.interview_arranged',
	'application.interviewed',
	'application.selected',
	'application.not_selected',
	'volunteer.status_change',
	'analysis.view',
	'analysis.download',
	'report.create',
	'report.download',
	'report.settings_update',
	'handover.export',
	/** A refusal no service recorded, written by the route guard of hooks.server.ts. */
	'route.denied'
] as const;

/**
 * The known actions (offered in the log's filter, each with a label in messages/audit.ts).
 * Other strings are accepted so a new area can log before it is listed; its events then show
 * their raw action name.
 */
export type AuditAction =
	(typeof AUDIT_ACTIONS)[number] | (string & { readonly __auditAction?: never });

/** The kinds of record events are about (`entityType`). */
export const AUDIT_ENTITY_TYPES = [
	'client',
	'volunteer',
	'pairing',
	'user',
	'county',
	'system',
	'mileage_claim',
	'mileage_rate',
	'municipality',
	'partner',
	'application',
	'quarterly_report'
] as const;

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Ids, counts and field names only: never names, codes or free text. */
export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

export interface AuditInput {
	action: AuditAction;
	entityType?: string;
	entityId?: string | null;
	countyId?: string | null;
	outcome?: AuditOutcome;
	details?: AuditDetails;
	/** Who acted when there is no logged-in actor yet (login, setup). */
	actorUserId?: string | null;
}

/** Writes one event; pass the transaction that makes the change so both commit together. */
export async function recordAudit(tx: Tx, ctx: ServiceContext, e: AuditInput): Promise<void> {
	await tx.insert(auditEvents).values({
		occurredAt: ctx.now(),
		actorUserId: e.actorUserId ?? ctx.actor?.userId ?? null,
		actorRoles: ctx.actor ? actorRoles(ctx.actor).join(',') : null,
		action: e.action,
		entityType: e.entityType ?? null,
		entityId: e.entityId ?? null,
		countyId: e.countyId ?? null,
		outcome: e.outcome ?? 'success',
		requestId: ctx.requestId,
		ip: ctx.ip,
		details: e.details ?? null
	});
}

const READ_ACTION_OF: Record<Resource['kind'], Action | null> = {
	client: 'client:read',
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
export async function authorize(
	ctx: ServiceContext,
	action: Action,
	resource: Resource,
	audit: {
		action: AuditAction;
		entityType?: string;
		entityId?: string | null;
		/** Ids that tie the event to a record, e.g. a pairing's clientId (no personal data). */
		details?: AuditDetails;
	}
): Promise<void> {
	const day = today(ctx);
	if (can(ctx.actor, action, resource, day)) return;
	await recordAudit(ctx.db, ctx, {
		action: audit.action,
		entityType: audit.entityType,
		entityId: audit.entityId,
		countyId: resource.kind === 'system' ? null : resource.countyId,
		outcome: 'denied',
		details: { ...audit.details, permission: action }
	});
	const readAction = READ_ACTION_OF[resource.kind];
	if (readAction && readAction !== action && can(ctx.actor, readAction, resource, day)) {
		throw forbidden();
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

export interface AuditFilter {
	/** From this instant on (inclusive). */
	from?: Date;
	/** Before this instant (exclusive). */
	to?: Date;
	action?: string;
	entityType?: string;
	entityId?: string;
	actorUserId?: string;
	outcome?: AuditOutcome;
	countyId?: string;
	requestId?: string;
	page?: number;
	pageSize?: number;
}

export type AuditRow = typeof auditEvents.$inferSelect;

/** An event as the log pages show it: with the actor's name and the county's name. */
export interface AuditListRow {
	id: number;
	occurredAt: Date;
	actorUserId: string | null;
	actorName: string | null;
	actorRoles: string | null;
	action: string;
	entityType: string | null;
	entityId: string | null;
	countyId: string | null;
	countyName: string | null;
	outcome: string;
	requestId: string | null;
	ip: string | null;
	details: Record<string, unknown> | null;
}

const listColumns = {
	id: auditEvents.id,
	occurredAt: auditEvents.occurredAt,
	actorUserId: auditEvents.actorUserId,
	actorName: users.name,
	actorRoles: auditEvents.actorRoles,
	action: auditEvents.action,
	entityType: auditEvents.entityType,
	entityId: auditEvents.entityId,
	countyId: auditEvents.countyId,
	countyName: counties.name,
	outcome: auditEvents.outcome,
	requestId: auditEvents.requestId,
	ip: auditEvents.ip,
	details: auditEvents.details
};

/** Absent, empty or blank means "no filter". */
const blank = (v: unknown) =>
	v === '' || v === null || (typeof v === 'string' && !v.trim()) ? undefined : v;
const optionalText = (max: number) =>
	z.preprocess(blank, z.string().trim().max(max, 'error.too_long').optional());

const filterSchema = z.object({
	from: z.preprocess(blank, z.date({ message: 'error.date' }).optional()),
	to: z.preprocess(blank, z.date({ message: 'error.date' }).optional()),
	action: optionalText(100),
	entityType: optionalText(50),
	entityId: optionalText(100),
	actorUserId: z.preprocess(blank, z.string().uuid('error.choice').optional()),
	outcome: z.preprocess(blank, z.enum(AUDIT_OUTCOMES, { message: 'error.choice' }).optional()),
	countyId: z.preprocess(blank, z.string().uuid('error.choice').optional()),
	requestId: optionalText(64)
});

const pageOf = (input: { page?: number; pageSize?: number }, defaultSize: number) => ({
	page: Math.min(Math.max(Math.trunc(input.page ?? 1) || 1, 1), 100_000),
	pageSize: Math.min(Math.max(Math.trunc(input.pageSize ?? defaultSize) || defaultSize, 1), 200)
});

/** Refuses (404, audited) anyone who may read the log of no county at all. */
async function auditScope(ctx: ServiceContext): Promise<readonly string[] | null> {
	const scope = countyScope(ctx.actor, 'audit:read');
	if (scope !== null && scope.length === 0) {
		await authorize(ctx, 'audit:read', { kind: 'system' }, { action: 'audit.view' });
	}
	return scope;
}

/**
 * What the log's filter form offers the actor: the counties whose events they may see (all
 * for the administrator), the known actions, kinds of record and outcomes.
 */
export async function auditFilterOptions(ctx: ServiceContext) {
	const scope = await auditScope(ctx);
	const rows = await ctx.db
		.select({ id: counties.id, name: counties.name })
		.from(counties)
		.where(scope === null ? undefined : inArray(counties.id, [...scope]))
		.orderBy(counties.name);
	return {
		counties: rows,
		allCounties: scope === null,
		actions: AUDIT_ACTIONS,
		entityTypes: AUDIT_ENTITY_TYPES,
		outcomes: AUDIT_OUTCOMES
	};
}

/**
 * Browses the audit log, newest first: the administrator sees everything, a coordinator the
 * events of their counties' records. Everyone else gets "not found" (audited). Viewing the
 * log is itself audited, with the names of the filters used (never their values).
 */
export async function listAuditEvents(
	ctx: ServiceContext,
	filter: AuditFilter
): Promise<{ rows: AuditListRow[]; hasMore: boolean; page: number }> {
	const scope = await auditScope(ctx);
	const f = validate(filterSchema, filter);
	const where: SQL[] = [];
	if (scope !== null) where.push(inArray(auditEvents.countyId, [...scope]));
	if (f.countyId) where.push(eq(auditEvents.countyId, f.countyId));
	if (f.from) where.push(gte(auditEvents.occurredAt, f.from));
	if (f.to) where.push(lt(auditEvents.occurredAt, f.to));
	if (f.action) where.push(eq(auditEvents.action, f.action));
	if (f.entityType) where.push(eq(auditEvents.entityType, f.entityType));
	if (f.entityId) where.push(eq(auditEvents.entityId, f.entityId));
	if (f.actorUserId) where.push(eq(auditEvents.actorUserId, f.actorUserId));
	if (f.outcome) where.push(eq(auditEvents.outcome, f.outcome));
	if (f.requestId) where.push(eq(auditEvents.requestId, f.requestId));
	const { page, pageSize } = pageOf(filter, 50);
	const rows = await ctx.db
		.select(listColumns)
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorUserId))
		.leftJoin(counties, eq(counties.id, auditEvents.countyId))
		.where(and(...where))
		.orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
		.limit(pageSize + 1)
		.offset((page - 1) * pageSize);
	const used = (Object.keys(f) as (keyof typeof f)[]).filter((k) => f[k] !== undefined);
	await recordAudit(ctx.db, ctx, {
		action: 'audit.view',
		countyId: f.countyId ?? null,
		details: { count: Math.min(rows.length, pageSize), page, filters: used }
	});
	return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize, page };
}

/**
 * "Who looked at my data": the events about one client — views, changes, diary reads and
 * writes, downloads of their record, denied attempts — and the events of their pairings,
 * newest first, with the actors' names. Needs `client:read_access_log` on the client
 * (the county's coordinators and the administrator); the look itself is audited.
 *
 * Lists and exports are logged as counts, not per record, so they do not appear here.
 */
export async function clientAccessLog(
	ctx: ServiceContext,
	clientId: string,
	opts: { page?: number; pageSize?: number } = {}
) {
	const { row } = await requireClient(
		ctx,
		clientId,
		'client:read_access_log',
		'client.access_log_view'
	);
	const { page, pageSize } = pageOf(opts, 50);
	const rows = await ctx.db
		.select(listColumns)
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorUserId))
		.leftJoin(counties, eq(counties.id, auditEvents.countyId))
		.where(
			or(
				and(eq(auditEvents.entityType, 'client'), eq(auditEvents.entityId, clientId)),
				and(
					eq(auditEvents.entityType, 'pairing'),
					sql`${auditEvents.details} ->> 'clientId' = ${clientId}`
				)
			)
		)
		.orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
		.limit(pageSize + 1)
		.offset((page - 1) * pageSize);
	const [county] = await ctx.db
		.select({ name: counties.name })
		.from(counties)
		.where(eq(counties.id, row.countyId));
	await recordAudit(ctx.db, ctx, {
		action: 'client.access_log_view',
		entityType: 'client',
		entityId: clientId,
		countyId: row.countyId,
		details: { count: Math.min(rows.length, pageSize), page }
	});
	return {
		client: {
			id: row.id,
			firstName: row.firstName,
			lastName: row.lastName,
			countyName: county?.name ?? ''
		},
		rows: rows.slice(0, pageSize),
		hasMore: rows.length > pageSize,
		page
	};
}

export type ClientAccessLog = Awaited<ReturnType<typeof clientAccessLog>>;

/** Events about one record, oldest first (used by a client's "who looked at my data"). */
export async function eventsForEntity(
	tx: Tx,
	entityType: string,
	entityId: string,
	until?: Date
): Promise<AuditRow[]> {
	const where = [eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId)];
	if (until) where.push(lte(auditEvents.occurredAt, until));
	return tx
		.select()
		.from(auditEvents)
		.where(and(...where))
		.orderBy(auditEvents.occurredAt, auditEvents.id);
}
