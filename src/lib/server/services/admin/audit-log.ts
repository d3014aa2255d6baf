import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, counties, users } from '../../db/schema';
import { countyScope } from '../../policy/scope';
import { type ServiceContext } from '../core/context';
import { requireClient, authorize } from '../core/access';
import { validate } from '../core/validation';
import { listPage, pageRows } from '../core/paging';
import {
	AUDIT_ACTIONS,
	AUDIT_ENTITY_TYPES,
	AUDIT_OUTCOMES,
	recordAudit,
	type AuditOutcome
} from '../core/audit';

/** Browsing the audit log: the administrator's and coordinators' log pages and a client's "who looked at my data". */

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

/** The log's pages: 50 events, at most 200. */
const LOG_PAGE = { size: 50, maxSize: 200 };

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
	const paging = listPage(filter, LOG_PAGE);
	const read = await ctx.db
		.select(listColumns)
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorUserId))
		.leftJoin(counties, eq(counties.id, auditEvents.countyId))
		.where(and(...where))
		.orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
		.limit(paging.limit)
		.offset(paging.offset);
	const { rows, hasMore } = pageRows(read, paging);
	const used = (Object.keys(f) as (keyof typeof f)[]).filter((k) => f[k] !== undefined);
	await recordAudit(ctx.db, ctx, {
		action: 'audit.view',
		countyId: f.countyId ?? null,
		details: { count: rows.length, page: paging.page, filters: used }
	});
	return { rows, hasMore, page: paging.page };
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
	const paging = listPage(opts, LOG_PAGE);
	const read = await ctx.db
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
		.limit(paging.limit)
		.offset(paging.offset);
	const { rows, hasMore } = pageRows(read, paging);
	const [county] = await ctx.db
		.select({ name: counties.name })
		.from(counties)
		.where(eq(counties.id, row.countyId));
	await recordAudit(ctx.db, ctx, {
		action: 'client.access_log_view',
		entityType: 'client',
		entityId: clientId,
		countyId: row.countyId,
		details: { count: rows.length, page: paging.page }
	});
	return {
		client: {
			id: row.id,
			firstName: row.firstName,
			lastName: row.lastName,
			countyName: county?.name ?? ''
		},
		rows,
		hasMore,
		page: paging.page
	};
}

export type ClientAccessLog = Awaited<ReturnType<typeof clientAccessLog>>;
