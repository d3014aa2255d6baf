import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { counties, mileageClaims, municipalities, trips, volunteers } from '../../db/schema';
import { CLAIM_STATUSES, type ClaimStatus } from '../../domain/statuses';
import { canAnywhere } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { isEditableClaim, parseMonth } from '../../domain/mileage';
import { kmFromNumeric } from '../../domain/money';
import { recordAudit } from '../core/audit';
import { listPage, pageRows } from '../core/paging';
import { authorize } from '../core/access';
import { today, type ServiceContext } from '../core/context';

/** The reviewers' list of claims (R-MILE-3): the coordinator's counties, all for the administrator. */

const uuid = z.string().uuid();

interface ClaimListFilter {
	status?: string | null;
	municipalityId?: string | null;
	month?: string | null;
	page?: number;
}

/** Counties whose claims the actor reviews (null = all); refuses (404, audited) everyone else. */
async function reviewScope(ctx: ServiceContext): Promise<readonly string[] | null> {
	if (!canAnywhere(ctx.actor, 'mileage:review')) {
		await authorize(ctx, 'mileage:review', { kind: 'system' }, { action: 'mileage.claim_list' });
	}
	return countyScope(ctx.actor, 'mileage:review');
}

/**
 * Claims to review and pay: the coordinator's counties (all for the administrator), by
 * default those waiting for review. Filters: state, paying municipality, month.
 */
export async function listClaims(ctx: ServiceContext, filter: ClaimListFilter = {}) {
	const scope = await reviewScope(ctx);
	// By default the claims waiting for review; "all" lifts the filter.
	const status: ClaimStatus | null =
		filter.status === 'all'
			? null
			: filter.status && (CLAIM_STATUSES as readonly string[]).includes(filter.status)
				? (filter.status as ClaimStatus)
				: 'submitted';
	const municipalityId =
		filter.municipalityId && uuid.safeParse(filter.municipalityId).success
			? filter.municipalityId
			: null;
	const month = parseMonth(filter.month);
	const where: SQL[] = [];
	if (scope !== null) where.push(inArray(mileageClaims.countyId, [...scope]));
	if (status) where.push(eq(mileageClaims.status, status));
	if (municipalityId) where.push(eq(mileageClaims.municipalityId, municipalityId));
	if (month) where.push(eq(mileageClaims.month, month));
	// 50 a page, whatever size is asked for.
	const paging = listPage({ page: filter.page }, { size: 50, maxSize: 50, maxPage: 10_000 });
	const rows = await ctx.db
		.select({
			id: mileageClaims.id,
			month: mileageClaims.month,
			status: mileageClaims.status,
			volunteerId: mileageClaims.volunteerId,
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName,
			municipalityName: municipalities.name,
			totalKm: mileageClaims.totalKm,
			amountCents: mileageClaims.amountCents,
			submittedAt: mileageClaims.submittedAt,
			paidOn: mileageClaims.paidOn,
			trips: sql<number>`(select count(*)::int from ${trips} where ${trips.claimId} = ${mileageClaims.id})`
		})
		.from(mileageClaims)
		.innerJoin(volunteers, eq(volunteers.id, mileageClaims.volunteerId))
		.innerJoin(municipalities, eq(municipalities.id, mileageClaims.municipalityId))
		.where(and(...where))
		.orderBy(
			desc(mileageClaims.month),
			asc(municipalities.name),
			asc(volunteers.lastName),
			asc(volunteers.firstName),
			asc(mileageClaims.id)
		)
		.limit(paging.limit)
		.offset(paging.offset);
	const { rows: shown, hasMore } = pageRows(rows, paging);
	const options = await ctx.db
		.select({ id: municipalities.id, name: municipalities.name, countyName: counties.name })
		.from(municipalities)
		.innerJoin(counties, eq(counties.id, municipalities.countyId))
		.where(scope === null ? undefined : inArray(municipalities.countyId, [...scope]))
		.orderBy(asc(counties.name), asc(municipalities.sortOrder), asc(municipalities.name));
	await recordAudit(ctx.db, ctx, {
		action: 'mileage.claim_list',
		entityType: 'mileage_claim',
		details: {
			count: shown.length,
			page: paging.page,
			filters: [
				status ? 'status' : null,
				municipalityId ? 'municipality' : null,
				month ? 'month' : null
			].filter((f): f is string => f !== null)
		}
	});
	return {
		rows: shown.map(({ totalKm, amountCents, ...r }) => ({
			...r,
			totalKm: totalKm === null || isEditableClaim(r.status) ? null : kmFromNumeric(totalKm),
			amountCents: isEditableClaim(r.status) ? null : amountCents
		})),
		hasMore,
		page: paging.page,
		filter: { status: status ?? 'all', municipalityId, month },
		municipalities: options,
		canManageRates: canAnywhere(ctx.actor, 'reference:manage'),
		today: today(ctx)
	};
}
