import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { stringify } from 'csv-stringify/sync';
import {
	clients,
	counties,
	municipalities,
	pairings,
	volunteers,
	CLIENT_STATUSES
} from '../db/schema';
import type { Tx } from '../db/client';
import { can, canAnywhere, type Resource } from '../policy/policy';
import { clientScope, countyScope } from '../policy/scope';
import { conflict, invalid } from '../errors';
import { isIsoDay } from '../domain/dates';
import { authorize, deniedNotFound, recordAudit } from './audit';
import { today, type ServiceContext } from './context';
import { emptyToNull, validate } from './validation';
import { listCounties, listMunicipalities } from './reference';

/**
 * Clients (abivajajad). Every read and write checks the policy and writes the audit log.
 * Issue 3 extends the record (mapping, needs, consent); this is the core the policy rests on.
 */

/** The policy resource of a client, with the acting volunteer's own pairings with them. */
export async function clientResource(
	tx: Tx,
	ctx: ServiceContext,
	clientId: string
): Promise<{ row: typeof clients.$inferSelect; resource: Resource & { kind: 'client' } } | null> {
	if (!z.string().uuid().safeParse(clientId).success) return null;
	const [row] = await tx.select().from(clients).where(eq(clients.id, clientId));
	if (!row) return null;
	const own = ctx.actor?.volunteerId
		? await tx
				.select({ status: pairings.status, startsOn: pairings.startsOn, endsOn: pairings.endsOn })
				.from(pairings)
				.where(
					and(eq(pairings.clientId, clientId), eq(pairings.volunteerId, ctx.actor.volunteerId))
				)
		: [];
	return { row, resource: { kind: 'client', countyId: row.countyId, pairings: own } };
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

export interface ClientListFilter {
	q?: string;
	countyId?: string;
	status?: string;
	page?: number;
	pageSize?: number;
}

export async function listClients(ctx: ServiceContext, filter: ClientListFilter = {}) {
	// Someone who may list clients nowhere is refused (and audited), not shown an empty list.
	if (!canAnywhere(ctx.actor, 'client:list')) {
		await authorize(ctx, 'client:list', { kind: 'system' }, { action: 'client.list' });
	}
	const day = today(ctx);
	const where: SQL[] = [clientScope(ctx.actor, 'client:list', day, ctx.db)];
	// An empty or malformed county filter (from a query string) means "all counties".
	const countyId =
		filter.countyId && z.string().uuid().safeParse(filter.countyId).success
			? filter.countyId
			: null;
	if (countyId) where.push(eq(clients.countyId, countyId));
	if (filter.status && (CLIENT_STATUSES as readonly string[]).includes(filter.status)) {
		where.push(eq(clients.status, filter.status as (typeof CLIENT_STATUSES)[number]));
	}
	if (filter.q?.trim()) {
		const q = `%${filter.q.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
		where.push(
			or(
				ilike(clients.firstName, q),
				ilike(clients.lastName, q),
				ilike(sql`${clients.firstName} || ' ' || ${clients.lastName}`, q)
			)!
		);
	}
	const pageSize = Math.min(Math.max(filter.pageSize ?? 25, 1), 100);
	const page = Math.max(filter.page ?? 1, 1);
	const rows = await ctx.db
		.select({
			id: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			status: clients.status,
			countyName: counties.name,
			municipalityName: municipalities.name
		})
		.from(clients)
		.innerJoin(counties, eq(counties.id, clients.countyId))
		.leftJoin(municipalities, eq(municipalities.id, clients.municipalityId))
		.where(and(...where))
		.orderBy(asc(clients.lastName), asc(clients.firstName), asc(clients.id))
		.limit(pageSize + 1)
		.offset((page - 1) * pageSize);
	await recordAudit(ctx.db, ctx, {
		action: 'client.list',
		entityType: 'client',
		countyId,
		details: { count: Math.min(rows.length, pageSize), page }
	});
	return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize, page };
}

/** One client as the actor may see them: identifiers only for roles that may read them. */
export async function getClient(ctx: ServiceContext, clientId: string) {
	const { row, resource } = await requireClient(ctx, clientId, 'client:read', 'client.view');
	const day = today(ctx);
	const identifiers = can(ctx.actor, 'client:read_identifiers', resource, day);
	const [county] = await ctx.db.select().from(counties).where(eq(counties.id, row.countyId));
	const [municipality] = row.municipalityId
		? await ctx.db.select().from(municipalities).where(eq(municipalities.id, row.municipalityId))
		: [];
	const clientPairings = await ctx.db
		.select({
			id: pairings.id,
			status: pairings.status,
			startsOn: pairings.startsOn,
			endsOn: pairings.endsOn,
			endReason: pairings.endReason,
			volunteerId: volunteers.id,
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName
		})
		.from(pairings)
		.innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
		.where(eq(pairings.clientId, clientId))
		.orderBy(asc(pairings.startsOn));
	await recordAudit(ctx.db, ctx, {
		action: 'client.view',
		entityType: 'client',
		entityId: clientId,
		countyId: row.countyId
	});
	return {
		id: row.id,
		countyId: row.countyId,
		countyName: county?.name ?? '',
		municipalityId: row.municipalityId,
		municipalityName: municipality?.name ?? null,
		status: row.status,
		firstName: row.firstName,
		lastName: row.lastName,
		phone: row.phone,
		notes: identifiers ? row.notes : null,
		isikukood: identifiers ? row.isikukood : null,
		dateOfBirth: identifiers ? row.dateOfBirth : null,
		createdAt: row.createdAt,
		pairings: clientPairings,
		permissions: {
			update: can(ctx.actor, 'client:update', resource, day),
			pair: can(ctx.actor, 'pairing:create', resource, day),
			endPairing: can(ctx.actor, 'pairing:end', resource, day),
			readDiary: can(ctx.actor, 'diary:read', resource, day),
			addDiary: can(ctx.actor, 'diary:create', resource, day),
			readAccessLog: can(ctx.actor, 'client:read_access_log', resource, day),
			identifiers
		}
	};
}

export type ClientView = Awaited<ReturnType<typeof getClient>>;

const isoDay = z.string().refine(isIsoDay, 'error.date');

/** An optional text field: empty means "none" (null); left out means "not given". */
const optionalText = (max: number) =>
	z.preprocess(emptyToNull, z.string().trim().max(max, 'error.too_long').nullable()).optional();

/**
 * A client's editable fields. Everything but the county is optional: mapping may start in
 * general form (R-MAP-2). A field left out of the input is not given: null on create, unchanged
 * on update; an empty field clears it.
 */
export const clientInputSchema = z.object({
	countyId: z.string().uuid('error.choice'),
	municipalityId: z.preprocess(emptyToNull, z.string().uuid('error.choice').nullable()).optional(),
	firstName: optionalText(100),
	lastName: optionalText(100),
	phone: optionalText(40),
	dateOfBirth: z.preprocess(emptyToNull, isoDay.nullable()).optional(),
	notes: optionalText(4000)
});

async function checkMunicipality(
	tx: Tx,
	countyId: string,
	municipalityId: string | null | undefined
) {
	if (!municipalityId) return;
	const [m] = await tx
		.select({ id: municipalities.id })
		.from(municipalities)
		.where(and(eq(municipalities.id, municipalityId), eq(municipalities.countyId, countyId)));
	if (!m) throw invalid({ municipalityId: 'error.choice' });
}
export async function createClient(ctx: ServiceContext, input: unknown): Promise<string> {
	const data = validate(clientInputSchema, input);
	await authorize(
		ctx,
		'client:create',
		{ kind: 'county', countyId: data.countyId },
		{ action: 'client.create', entityType: 'client' }
	);
	return ctx.db.transaction(async (tx) => {
		await checkMunicipality(tx, data.countyId, data.municipalityId);
		const [row] = await tx
			.insert(clients)
			.values({ ...data, status: 'mapped', createdBy: ctx.actor!.userId })
			.returning({ id: clients.id });
		await recordAudit(tx, ctx, {
			action: 'client.create',
			entityType: 'client',
			entityId: row!.id,
			countyId: data.countyId
		});
		return row!.id;
	});
}

/**
 * Statuses a coordinator may set by hand. `paired` follows the pairings (createPairing,
 * endPairing) and `anonymised` the erasure process (R-PAIR-5), never the edit form.
 */
export const CLIENT_MANUAL_STATUSES = ['mapped', 'waiting', 'ended'] as const;

export const clientUpdateSchema = clientInputSchema.omit({ countyId: true }).extend({
	/** Optional: left out, the status stays as it is. */
	status: z.preprocess(
		emptyToNull,
		z.enum(CLIENT_MANUAL_STATUSES, { message: 'error.choice' }).nullish()
	)
});

export async function updateClient(ctx: ServiceContext, clientId: string, input: unknown) {
	const { row } = await requireClient(ctx, clientId, 'client:update', 'client.update');
	const { status, ...data } = validate(clientUpdateSchema, input);
	if (row.status === 'anonymised') throw conflict('client.anonymised');
	const newStatus = status && status !== row.status ? status : null;
	// While a pairing is open the status follows the pairings (see pairings.ts).
	if (newStatus && row.status === 'paired') throw invalid({ status: 'client.status_paired' });
	await ctx.db.transaction(async (tx) => {
		await checkMunicipality(tx, row.countyId, data.municipalityId);
		await tx
			.update(clients)
			.set({ ...data, ...(newStatus ? { status: newStatus } : {}), updatedAt: ctx.now() })
			.where(eq(clients.id, clientId));
		// Field names only, never the values (the audit log holds no personal data).
		const changed = changedFields(row, data);
		if (newStatus) changed.push('status');
		await recordAudit(tx, ctx, {
			action: 'client.update',
			entityType: 'client',
			entityId: clientId,
			countyId: row.countyId,
			details: { fields: changed }
		});
	});
}

/** Names of the fields whose given value differs from the stored one (for the audit log). */
export function changedFields(row: object, data: object): string[] {
	const before = row as Record<string, unknown>;
	return Object.entries(data)
		.filter(([k, v]) => v !== undefined && before[k] !== v)
		.map(([k]) => k);
}

/** Counties (id and name) limited to a list of ids, or all of them when `ids` is null. */
async function countiesIn(ctx: ServiceContext, ids: readonly string[] | null) {
	const all = await listCounties(ctx);
	return all
		.filter((c) => ids === null || ids.includes(c.id))
		.map((c) => ({ id: c.id, name: c.name }));
}

/**
 * What the client list page offers the actor: the counties to filter by (all for
 * administrators and experts, their own for coordinators), whether they may add or download
 * clients, and whether the list is a volunteer's "my clients" (R-ROLE-3). No personal data.
 */
export async function clientListOptions(ctx: ServiceContext) {
	if (!canAnywhere(ctx.actor, 'client:list')) {
		await authorize(ctx, 'client:list', { kind: 'system' }, { action: 'client.list' });
	}
	const actor = ctx.actor!;
	const counties = await countiesIn(ctx, countyScope(actor, 'client:list'));
	const createIn = countyScope(actor, 'client:create');
	return {
		counties,
		statuses: CLIENT_STATUSES,
		canCreate: createIn === null || createIn.length > 0,
		canExport: canAnywhere(actor, 'client:export'),
		myClientsOnly: !actor.isAdmin && !actor.isExpert && actor.coordinatorCountyIds.length === 0
	};
}

/**
 * The choices of the "new client" form: the counties the actor may create clients in, each
 * with its municipalities (for `<optgroup>`). Refused (404) to anyone who may create nowhere.
 */
export async function clientFormOptions(ctx: ServiceContext) {
	const scope = countyScope(ctx.actor, 'client:create');
	if (scope !== null && scope.length === 0) {
		await authorize(ctx, 'client:create', { kind: 'system' }, { action: 'client.create' });
	}
	const counties = await countiesIn(ctx, scope);
	const municipalities = await listMunicipalities(ctx);
	return {
		/** For the date inputs' `max` (no birthday in the future). */
		today: today(ctx),
		counties: counties.map((c) => ({
			...c,
			municipalities: municipalities
				.filter((m) => m.countyId === c.id)
				.map((m) => ({ id: m.id, name: m.name }))
		}))
	};
}

/**
 * The client list as CSV for the roles that may download it (R-ROLE-4), with only the columns
 * the role may see. UTF-8 with BOM and `;` for Estonian Excel; formula-like cells neutralised.
 */
export async function exportClientsCsv(ctx: ServiceContext): Promise<string> {
	const day = today(ctx);
	const scope = clientScope(ctx.actor, 'client:export', day, ctx.db);
	if (!canAnywhere(ctx.actor, 'client:export')) {
		await authorize(ctx, 'client:export', { kind: 'system' }, { action: 'client.export' });
	}
	const rows = await ctx.db
		.select({
			id: clients.id,
			county: counties.name,
			municipality: municipalities.name,
			status: clients.status,
			firstName: clients.firstName,
			lastName: clients.lastName,
			createdAt: clients.createdAt
		})
		.from(clients)
		.innerJoin(counties, eq(counties.id, clients.countyId))
		.leftJoin(municipalities, eq(municipalities.id, clients.municipalityId))
		.where(scope)
		.orderBy(asc(counties.name), asc(clients.lastName));
	await recordAudit(ctx.db, ctx, {
		action: 'client.export',
		entityType: 'client',
		details: { count: rows.length, format: 'csv' }
	});
	return csv([
		['id', 'county', 'municipality', 'status', 'first_name', 'last_name', 'created_at'],
		...rows.map((r) => [
			r.id,
			r.county,
			r.municipality ?? '',
			r.status,
			r.firstName ?? '',
			r.lastName ?? '',
			r.createdAt.toISOString()
		])
	]);
}

/** CSV for Estonian Excel: BOM, `;`, and no cell that a spreadsheet would run as a formula. */
export function csv(rows: (string | number | null)[][]): string {
	const safe = rows.map((r) =>
		r.map((cell) => {
			const s = cell === null ? '' : String(cell);
			return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
		})
	);
	return '\uFEFF' + stringify(safe, { delimiter: ';', record_delimiter: '\r\n' });
}
