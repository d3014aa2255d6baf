import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { clients, counties, municipalities } from '../../db/schema';
import { CLIENT_STATUSES } from '../../domain/statuses';
import { HELP_PROFILES } from '../../domain/vocabulary';
import { canAnywhere } from '../../policy/policy';
import { clientScope, countyScope } from '../../policy/scope';
import { daysBetween } from '../../domain/mapping';
import { recordAudit } from '../core/audit';
import { listPage, pageRows } from '../core/paging';
import { authorize } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { listMunicipalities, countiesIn } from '../core/reference';
import {
	clientFilterConditions,
	consentMissingSql,
	type ClientListFilter
} from './client-list-filter';

/**
 * The client list (R-ROLE-3): its rows and what the list page offers. The filters' meaning is
 * in client-list-filter.ts, shared with the list's download.
 */

/** Waiting-time thresholds offered by the list filter (days). */
const WAITING_FILTER_DAYS = [30, 90, 180] as const;

/**
 * The client list (server-side search, filters, paging), scoped to the clients the actor may
 * list. The consent flag is shown only where the actor works with the county's records
 * (administrator, experts, the county's coordinators), never to a volunteer; the isikukood is
 * searched only where the actor may read it (a volunteer never finds anyone by it).
 */
export async function listClients(
	ctx: ServiceContext,
	filter: ClientListFilter & {
		/** 'name' (default) or 'waiting' (longest waiting first). */
		sort?: string;
		page?: number;
		pageSize?: number;
	} = {}
) {
	// Someone who may list clients nowhere is refused (and audited), not shown an empty list.
	if (!canAnywhere(ctx.actor, 'client:list')) {
		await authorize(ctx, 'client:list', { kind: 'system' }, { action: 'client.list' });
	}
	const day = today(ctx);
	const { where: filters, used, countyId } = clientFilterConditions(ctx, filter, day);
	const where: SQL[] = [clientScope(ctx.actor, 'client:list', day, ctx.db), ...filters];
	const staff = clientScope(ctx.actor, 'client:export', day, ctx.db);
	const waitingOrder = sql`case when ${clients.status} = 'waiting' then ${clients.waitingSince} end`;
	const byWaiting = filter.sort === 'waiting';
	if (byWaiting) used.push('sort');
	const paging = listPage(filter);
	const rows = await ctx.db
		.select({
			id: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			status: clients.status,
			countyName: counties.name,
			municipalityName: municipalities.name,
			settlement: clients.settlement,
			helpProfilesWanted: clients.helpProfilesWanted,
			waitingSince: sql<string | null>`${waitingOrder}`,
			consentMissing: sql<
				boolean | null
			>`case when not (${staff}) then null when ${consentMissingSql} then true else false end`
		})
		.from(clients)
		.innerJoin(counties, eq(counties.id, clients.countyId))
		.leftJoin(municipalities, eq(municipalities.id, clients.municipalityId))
		.where(and(...where))
		.orderBy(
			...(byWaiting ? [sql`${waitingOrder} asc nulls last`] : []),
			asc(clients.lastName),
			asc(clients.firstName),
			asc(clients.id)
		)
		.limit(paging.limit)
		.offset(paging.offset);
	const { rows: shown, hasMore } = pageRows(rows, paging);
	await recordAudit(ctx.db, ctx, {
		action: 'client.list',
		entityType: 'client',
		countyId,
		details: { count: shown.length, page: paging.page, filters: used }
	});
	return {
		rows: shown.map((r) => ({
			...r,
			waitingSince: r.waitingSince ? String(r.waitingSince).slice(0, 10) : null,
			waitingDays: daysBetween(r.waitingSince ? String(r.waitingSince).slice(0, 10) : null, day)
		})),
		hasMore,
		page: paging.page
	};
}

/**
 * What the client list page offers the actor: the counties (each with its municipalities) to
 * filter by (all for administrators and experts, their own for coordinators), the filters,
 * whether they may add or download clients, whether they see the consent flag, and whether the
 * list is a volunteer's "my clients" (R-ROLE-3). No personal data.
 */
export async function clientListOptions(ctx: ServiceContext) {
	if (!canAnywhere(ctx.actor, 'client:list')) {
		await authorize(ctx, 'client:list', { kind: 'system' }, { action: 'client.list' });
	}
	const actor = ctx.actor!;
	const scope = countyScope(actor, 'client:list');
	const counties = await countiesIn(ctx, scope);
	const createIn = countyScope(actor, 'client:create');
	const myClientsOnly =
		!actor.isAdmin && !actor.isExpert && actor.coordinatorCountyIds.length === 0;
	const municipalities = myClientsOnly ? [] : await listMunicipalities(ctx);
	return {
		counties: counties.map((c) => ({
			...c,
			municipalities: municipalities
				.filter((m) => m.countyId === c.id)
				.map((m) => ({ id: m.id, name: m.name }))
		})),
		statuses: CLIENT_STATUSES,
		profiles: HELP_PROFILES,
		waitingDays: WAITING_FILTER_DAYS,
		canCreate: createIn === null || createIn.length > 0,
		canExport: canAnywhere(actor, 'client:export'),
		/** The consent column and filter (not for volunteers). */
		showConsent: canAnywhere(actor, 'client:export'),
		myClientsOnly
	};
}
