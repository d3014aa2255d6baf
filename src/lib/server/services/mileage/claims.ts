import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
	clients,
	counties,
	mileageClaims,
	municipalities,
	trips,
	volunteers
} from '../../db/schema';
import { type ClaimStatus } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import { can, type Resource } from '../../policy/policy';
import { conflict, forbidden, invalid } from '../../errors';
import { isIsoDay, tallinnDay } from '../../domain/dates';
import {
	computeClaim,
	isEditableClaim,
	nextClaimStatus,
	nextMonth,
	type ClaimAction,
	type ClaimComputation
} from '../../domain/mileage';
import { kmFromNumeric, kmToNumeric, rateFromNumeric, rateToNumeric } from '../../domain/money';
import { recordAudit } from '../core/audit';
import { claimResource, requireClaim } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { loadRateRows } from './mileage-rates';
import { validate } from '../core/validation';
import { StaleVersionError, refuseStale } from '../core/versions';
import { diaryDays, presentTrip, tripColumns } from './mileage-log';

/**
 * A month's claim of one paying municipality (R-MILE-3): its page and document data, the
 * volunteer's submit (the snapshot of rate, cap, km and amount) and the review — approve,
 * return, mark paid — by the coordinator of the municipality's county or the administrator,
 * never by the claim's own volunteer.
 */

type ClaimRow = typeof mileageClaims.$inferSelect;

/** A claim with its trips, their reimbursability now, and its amounts (live or as submitted). */
async function claimDetail(tx: Tx, claim: ClaimRow) {
	const [names] = await tx
		.select({
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName,
			municipalityName: municipalities.name,
			countyName: counties.name
		})
		.from(volunteers)
		.innerJoin(municipalities, eq(municipalities.id, claim.municipalityId))
		.innerJoin(counties, eq(counties.id, municipalities.countyId))
		.where(eq(volunteers.id, claim.volunteerId));
	const rows = await tx
		.select(tripColumns)
		.from(trips)
		.innerJoin(clients, eq(clients.id, trips.clientId))
		.innerJoin(municipalities, eq(municipalities.id, trips.municipalityId))
		.leftJoin(mileageClaims, eq(mileageClaims.id, trips.claimId))
		.where(eq(trips.claimId, claim.id))
		.orderBy(asc(trips.tripDate), asc(trips.createdAt), asc(trips.id));
	const days = await diaryDays(
		tx,
		claim.volunteerId,
		rows.map((r) => r.clientId),
		claim.month,
		nextMonth(claim.month)
	);
	const list = rows.map((r) => presentTrip(r, days));
	const rates = await loadRateRows(tx, claim.municipalityId);
	const computed =
		list.length > 0
			? computeClaim(
					list.map((t) => ({ id: t.id, tripDate: t.tripDate, km: t.km })),
					rates,
					claim.municipalityId
				)
			: null;
	const live: ClaimComputation | null = computed?.ok ? computed.claim : null;
	const editable = isEditableClaim(claim.status);
	const line = new Map(live?.lines.map((l) => [l.tripId, l]) ?? []);
	const submitted = claim.totalKm !== null && claim.amountCents !== null && !editable;
	return {
		id: claim.id,
		volunteerId: claim.volunteerId,
		volunteerName: `${names?.volunteerFirstName ?? ''} ${names?.volunteerLastName ?? ''}`.trim(),
		municipalityId: claim.municipalityId,
		municipalityName: names?.municipalityName ?? '',
		countyName: names?.countyName ?? '',
		month: claim.month,
		status: claim.status,
		version: claim.version,
		submittedAt: claim.submittedAt,
		decidedAt: claim.decidedAt,
		returnReason: claim.returnReason,
		paidOn: claim.paidOn,
		editable,
		trips: list.map((t) => ({
			...t,
			rate: line.get(t.id)?.rate ?? null,
			amountCents: line.get(t.id)?.amountCents ?? null
		})),
		/** What is (or would be) paid: the snapshot once submitted, else computed now. */
		totals: submitted
			? {
					km: kmFromNumeric(claim.totalKm!),
					rate: claim.eurPerKm === null ? null : rateFromNumeric(claim.eurPerKm),
					capCents: claim.monthlyCapCents,
					sumCents: live?.sumCents ?? null,
					amountCents: claim.amountCents!,
					capped: claim.monthlyCapCents !== null && (live?.sumCents ?? 0) > claim.amountCents!,
					mixedRates: live?.mixedRates ?? false,
					snapshot: true
				}
			: live
				? {
						km: live.totalKm,
						rate: live.rate,
						capCents: live.capCents,
						sumCents: live.sumCents,
						amountCents: live.amountCents,
						capped: live.capped,
						mixedRates: live.mixedRates,
						snapshot: false
					}
				: null,
		missingRateOn: computed && !computed.ok ? computed.missingRateOn : null,
		notReimbursable: list.filter((t) => !t.eligibility.reimbursable).length
	};
}

export type ClaimDetail = Awaited<ReturnType<typeof claimDetail>>;

/** One claim for its page, with what the actor may do to it. */
export async function getClaim(ctx: ServiceContext, claimId: string) {
	const claim = await requireClaim(ctx, claimId, 'mileage:read', 'mileage.claim_view');
	const detail = await claimDetail(ctx.db, claim);
	const day = today(ctx);
	const resource = claimResource(claim);
	const own = ctx.actor?.volunteerId === claim.volunteerId;
	const reviewer = can(ctx.actor, 'mileage:review', resource, day) && !own;
	await recordAudit(ctx.db, ctx, {
		action: 'mileage.claim_view',
		entityType: 'mileage_claim',
		entityId: claim.id,
		countyId: claim.countyId,
		details: { volunteerId: claim.volunteerId }
	});
	return {
		claim: detail,
		own,
		today: day,
		permissions: {
			submit: detail.editable && can(ctx.actor, 'mileage:write', resource, day),
			editTrips: detail.editable && can(ctx.actor, 'mileage:write', resource, day),
			approve: reviewer && nextClaimStatus(claim.status, 'approve') !== null,
			return: reviewer && nextClaimStatus(claim.status, 'return') !== null,
			pay: reviewer && nextClaimStatus(claim.status, 'pay') !== null,
			viewLog: can(ctx.actor, 'mileage:read', await volunteerResourceOf(ctx.db, claim), day)
		}
	};
}

/** The policy resource of the claim's volunteer (their log lives in the volunteer's county). */
async function volunteerResourceOf(tx: Tx, claim: ClaimRow): Promise<Resource> {
	const [v] = await tx
		.select({ countyId: volunteers.countyId })
		.from(volunteers)
		.where(eq(volunteers.id, claim.volunteerId));
	return {
		kind: 'volunteer',
		countyId: v?.countyId ?? claim.countyId,
		volunteerId: claim.volunteerId
	};
}

/** The claim as the document and summary show it (for mileage/mileage-documents.ts). */
export async function claimForDocument(ctx: ServiceContext, claimId: string) {
	const claim = await requireClaim(ctx, claimId, 'mileage:read', 'mileage.claim_download');
	return { claim, detail: await claimDetail(ctx.db, claim) };
}

export { claimDetail as readClaimDetail };

const versionSchema = z.object({
	version: z.coerce.number({ message: 'error.form_invalid' }).int().min(1)
});

/** Locks the claim, checks the version the form read and the state change. */
async function lockForTransition(
	tx: Tx,
	claimId: string,
	version: number,
	action: ClaimAction
): Promise<{ claim: ClaimRow; to: ClaimStatus }> {
	const [claim] = await tx
		.select()
		.from(mileageClaims)
		.where(eq(mileageClaims.id, claimId))
		.for('update');
	if (!claim) throw conflict('mileage.claim_changed');
	if (claim.version !== version) throw new StaleVersionError();
	const to = nextClaimStatus(claim.status, action);
	if (!to) throw conflict('mileage.claim_wrong_state');
	return { claim, to };
}

/**
 * The volunteer hands in a month's claim (R-MILE-3). Every trip must still be reimbursable
 * (R-MILE-2): a trip whose diary entry was removed, or whose client was anonymised, is to be
 * removed first (or the entry restored). The claim then stores its snapshot: the rate and cap
 * in force on its last trip day, total km and amount. The audit event lists the trips claimed.
 */
export async function submitClaim(ctx: ServiceContext, claimId: string, input: unknown) {
	const found = await requireClaim(ctx, claimId, 'mileage:write', 'mileage.claim_submit');
	const { version } = validate(versionSchema, input);
	const stale = {
		action: 'mileage.claim_submit',
		entityType: 'mileage_claim',
		entityId: claimId,
		countyId: found.countyId,
		version,
		messageKey: 'mileage.claim_changed'
	};
	await refuseStale(ctx, stale, () =>
		ctx.db.transaction(async (tx) => {
			const { claim, to } = await lockForTransition(tx, claimId, version, 'submit');
			const detail = await claimDetail(tx, claim);
			if (detail.trips.length === 0) throw invalid({}, 'mileage.claim_empty');
			if (detail.notReimbursable > 0) throw invalid({}, 'mileage.claim_not_reimbursable');
			if (detail.missingRateOn || !detail.totals) throw invalid({}, 'mileage.no_rate');
			const totals = detail.totals;
			await tx
				.update(mileageClaims)
				.set({
					status: to,
					eurPerKm: totals.rate === null ? null : rateToNumeric(totals.rate),
					monthlyCapCents: totals.capCents,
					totalKm: kmToNumeric(totals.km),
					amountCents: totals.amountCents,
					submittedAt: ctx.now(),
					decidedAt: null,
					decidedBy: null,
					version: claim.version + 1,
					updatedAt: ctx.now()
				})
				.where(eq(mileageClaims.id, claimId));
			await recordAudit(tx, ctx, {
				action: 'mileage.claim_submit',
				entityType: 'mileage_claim',
				entityId: claimId,
				countyId: found.countyId,
				details: {
					volunteerId: claim.volunteerId,
					from: claim.status,
					to,
					version: claim.version + 1,
					tripIds: detail.trips.map((t) => t.id),
					reimbursableTrips: detail.trips.length
				}
			});
		})
	);
}

const reviewSchemas = {
	approve: versionSchema,
	return: versionSchema.extend({
		reason: z
			.string({ message: 'mileage.reason_required' })
			.trim()
			.min(1, 'mileage.reason_required')
			.max(1000, 'error.too_long')
	}),
	pay: versionSchema.extend({
		paidOn: z.string({ message: 'error.date' }).refine(isIsoDay, 'error.date')
	})
} as const;

const REVIEW_AUDIT = {
	approve: 'mileage.claim_approve',
	return: 'mileage.claim_return',
	pay: 'mileage.claim_pay'
} as const;

/**
 * The coordinator (of the paying municipality's county) or the administrator approves a
 * submitted claim, returns it with a reason (also an approved one not yet paid), or marks an
 * approved claim paid on a date. Nobody reviews their own claim.
 */
export async function reviewClaim(
	ctx: ServiceContext,
	claimId: string,
	action: 'approve' | 'return' | 'pay',
	input: unknown
) {
	const auditAction = REVIEW_AUDIT[action];
	const found = await requireClaim(ctx, claimId, 'mileage:review', auditAction);
	if (ctx.actor?.volunteerId === found.volunteerId) {
		await recordAudit(ctx.db, ctx, {
			action: auditAction,
			entityType: 'mileage_claim',
			entityId: claimId,
			countyId: found.countyId,
			outcome: 'denied',
			details: { reason: 'own_claim' }
		});
		throw forbidden();
	}
	const data = validate(reviewSchemas[action], input) as { version: number } & Partial<{
		reason: string;
		paidOn: string;
	}>;
	const day = today(ctx);
	const stale = {
		action: auditAction,
		entityType: 'mileage_claim',
		entityId: claimId,
		countyId: found.countyId,
		version: data.version,
		messageKey: 'mileage.claim_changed'
	};
	await refuseStale(ctx, stale, () =>
		ctx.db.transaction(async (tx) => {
			const { claim, to } = await lockForTransition(tx, claimId, data.version, action);
			const set: Partial<typeof mileageClaims.$inferInsert> = {
				status: to,
				version: claim.version + 1,
				updatedAt: ctx.now()
			};
			if (action === 'approve' || action === 'return') {
				set.decidedAt = ctx.now();
				set.decidedBy = ctx.actor!.userId;
			}
			if (action === 'return') set.returnReason = data.reason!;
			if (action === 'pay') {
				const submittedOn = claim.submittedAt ? tallinnDay(claim.submittedAt) : null;
				if (data.paidOn! > day) throw invalid({ paidOn: 'mileage.paid_in_future' });
				if (submittedOn && data.paidOn! < submittedOn) {
					throw invalid({ paidOn: 'mileage.paid_before_submitted' });
				}
				set.paidOn = data.paidOn!;
			}
			await tx.update(mileageClaims).set(set).where(eq(mileageClaims.id, claimId));
			await recordAudit(tx, ctx, {
				action: auditAction,
				entityType: 'mileage_claim',
				entityId: claimId,
				countyId: claim.countyId,
				details: {
					volunteerId: claim.volunteerId,
					from: claim.status,
					to,
					version: claim.version + 1
				}
			});
		})
	);
}
