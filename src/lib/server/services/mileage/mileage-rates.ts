import { and, asc, desc, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import { counties, mileageClaims, mileageRates, municipalities, trips } from '../../db/schema';
import type { Tx } from '../../db/client';
import { invalid, notFound } from '../../errors';
import { isIsoDay } from '../../domain/dates';
import { LOCKED_CLAIM_STATUSES, ratesChangeLockedTrips, type RateRow } from '../../domain/mileage';
import { parseEuros, parseRate, rateFromNumeric, rateToNumeric } from '../../domain/money';
import { recordAudit } from '../core/audit';
import { authorize } from '../core/access';
import type { ServiceContext } from '../core/context';
import { emptyToNull, validate } from '../core/validation';
import { isUniqueViolation } from '../admin/counties';

/**
 * Euro-per-kilometre rates and monthly caps (R-MILE-3), reference data of the administrator
 * (`reference:manage`). A row with no municipality is the national default. The default is a
 * setting, not a constant: the legal tax-free rate for a private car changes over time, so the
 * administrator adds a new dated national row when it does. Start-up seeds one default
 * (0,30 €/km from 2024-01-01) when there is none.
 *
 * Rows are dated and kept: a rate is changed by adding a row from the day the new rate
 * applies. A row may be added or removed only when no submitted, approved or paid claim would
 * read a different rate from the table afterwards (claims keep their snapshot, and their lines
 * keep matching the table).
 */

export const DEFAULT_MILEAGE_RATE = { validFrom: '2024-01-01', eurPerKm: '0.3000' } as const;

/** Seeds the national default once (idempotent: nothing happens when any national row exists). */
export async function ensureDefaultMileageRate(db: Tx): Promise<void> {
	const [existing] = await db
		.select({ id: mileageRates.id })
		.from(mileageRates)
		.where(isNull(mileageRates.municipalityId))
		.limit(1);
	if (existing) return;
	await db
		.insert(mileageRates)
		.values({ municipalityId: null, ...DEFAULT_MILEAGE_RATE })
		.onConflictDoNothing();
}

/** Every rate row as the domain reads it (a small table: all of it). */
export async function loadRateRows(tx: Tx, municipalityId?: string): Promise<RateRow[]> {
	const rows = await tx
		.select()
		.from(mileageRates)
		.where(
			municipalityId
				? or(isNull(mileageRates.municipalityId), eq(mileageRates.municipalityId, municipalityId))
				: undefined
		);
	return rows.map((r) => ({
		id: r.id,
		municipalityId: r.municipalityId,
		validFrom: r.validFrom,
		rate: rateFromNumeric(r.eurPerKm),
		capCents: r.monthlyCapCents
	}));
}

/** Trips of handed-in claims whose rate a row from `validFrom` (for `municipalityId`) could touch. */
async function lockedTripsFrom(tx: Tx, municipalityId: string | null, validFrom: string) {
	return tx
		.select({ municipalityId: trips.municipalityId, tripDate: trips.tripDate })
		.from(trips)
		.innerJoin(mileageClaims, eq(mileageClaims.id, trips.claimId))
		.where(
			and(
				inArray(mileageClaims.status, [...LOCKED_CLAIM_STATUSES]),
				gte(trips.tripDate, validFrom),
				municipalityId ? eq(trips.municipalityId, municipalityId) : undefined
			)
		);
}

async function requireRatesAdmin(ctx: ServiceContext, auditAction: string) {
	await authorize(
		ctx,
		'reference:manage',
		{ kind: 'system' },
		{ action: auditAction, entityType: 'mileage_rate' }
	);
}

/** The administrator's rates page: every row, newest first within the national default and each municipality. */
export async function mileageRatesPage(ctx: ServiceContext) {
	await requireRatesAdmin(ctx, 'reference.view');
	const rows = await ctx.db
		.select({
			id: mileageRates.id,
			municipalityId: mileageRates.municipalityId,
			municipalityName: municipalities.name,
			countyName: counties.name,
			validFrom: mileageRates.validFrom,
			eurPerKm: mileageRates.eurPerKm,
			monthlyCapCents: mileageRates.monthlyCapCents
		})
		.from(mileageRates)
		.leftJoin(municipalities, eq(municipalities.id, mileageRates.municipalityId))
		.leftJoin(counties, eq(counties.id, municipalities.countyId))
		.orderBy(asc(counties.name), asc(municipalities.name), desc(mileageRates.validFrom));
	const options = await ctx.db
		.select({ id: municipalities.id, name: municipalities.name, countyName: counties.name })
		.from(municipalities)
		.innerJoin(counties, eq(counties.id, municipalities.countyId))
		.orderBy(asc(counties.name), asc(municipalities.sortOrder), asc(municipalities.name));
	await recordAudit(ctx.db, ctx, {
		action: 'reference.view',
		entityType: 'mileage_rate',
		details: { count: rows.length }
	});
	// National rows first (municipality null sorts last in ascending order on both drivers).
	const national = rows.filter((r) => r.municipalityId === null);
	const local = rows.filter((r) => r.municipalityId !== null);
	return {
		rows: [...national, ...local].map((r) => ({
			...r,
			rate: rateFromNumeric(r.eurPerKm)
		})),
		municipalities: options
	};
}

const rateSchema = z.object({
	municipalityId: z.preprocess(emptyToNull, z.string().uuid('error.choice').nullable()),
	validFrom: z.string().refine(isIsoDay, 'error.date'),
	eurPerKm: z.string({ message: 'error.required' }).transform((v, c) => {
		const r = parseRate(v);
		if (!r.ok) {
			c.addIssue({ code: 'custom', message: r.error });
			return z.NEVER;
		}
		return r.value;
	}),
	monthlyCap: z.preprocess(
		(v) => emptyToNull(v) ?? null,
		z
			.string()
			.nullable()
			.transform((v, c) => {
				if (v === null) return null;
				const r = parseEuros(v);
				if (!r.ok) {
					c.addIssue({ code: 'custom', message: r.error });
					return z.NEVER;
				}
				return r.value;
			})
	)
});

/** Adds a dated rate (and optional monthly cap) for a municipality or the national default. */
export async function addMileageRate(ctx: ServiceContext, input: unknown): Promise<string> {
	await requireRatesAdmin(ctx, 'mileage.rate_create');
	const data = validate(rateSchema, input);
	// Rate rows are never changed, only added and deleted, so they carry no version; two admins
	// adding the same municipality and day at once meet the unique key, and the later one gets
	// the same answer as when the row was already there (docs/data-model.md, "Versions").
	try {
		return await insertRate(ctx, data);
	} catch (e) {
		if (isUniqueViolation(e, 'mileage_rate_uq'))
			throw invalid({ validFrom: 'mileage.rate_exists' });
		throw e;
	}
}

async function insertRate(ctx: ServiceContext, data: z.infer<typeof rateSchema>): Promise<string> {
	return ctx.db.transaction(async (tx) => {
		if (data.municipalityId) {
			const [m] = await tx
				.select({ id: municipalities.id })
				.from(municipalities)
				.where(eq(municipalities.id, data.municipalityId));
			if (!m) throw invalid({ municipalityId: 'error.choice' });
		}
		const before = await loadRateRows(tx);
		if (
			before.some((r) => r.municipalityId === data.municipalityId && r.validFrom === data.validFrom)
		) {
			throw invalid({ validFrom: 'mileage.rate_exists' });
		}
		const row: RateRow = {
			municipalityId: data.municipalityId,
			validFrom: data.validFrom,
			rate: data.eurPerKm,
			capCents: data.monthlyCap
		};
		const locked = await lockedTripsFrom(tx, data.municipalityId, data.validFrom);
		if (ratesChangeLockedTrips(before, [...before, row], locked).length > 0) {
			throw invalid({ validFrom: 'mileage.rate_locked' });
		}
		const [created] = await tx
			.insert(mileageRates)
			.values({
				municipalityId: data.municipalityId,
				validFrom: data.validFrom,
				eurPerKm: rateToNumeric(data.eurPerKm),
				monthlyCapCents: data.monthlyCap,
				createdBy: ctx.actor!.userId
			})
			.returning({ id: mileageRates.id });
		await recordAudit(tx, ctx, {
			action: 'mileage.rate_create',
			entityType: 'mileage_rate',
			entityId: created!.id,
			details: {
				municipalityId: data.municipalityId,
				validFrom: data.validFrom,
				hasCap: data.monthlyCap !== null
			}
		});
		return created!.id;
	});
}

/** Removes a rate row (a mistyped or planned one) when no handed-in claim reads it. */
export async function deleteMileageRate(ctx: ServiceContext, rateId: string): Promise<void> {
	await requireRatesAdmin(ctx, 'mileage.rate_delete');
	if (!z.string().uuid().safeParse(rateId).success) throw notFound();
	await ctx.db.transaction(async (tx) => {
		const before = await loadRateRows(tx);
		const row = before.find((r) => r.id === rateId);
		if (!row) throw notFound();
		const after = before.filter((r) => r.id !== rateId);
		if (row.municipalityId === null && !after.some((r) => r.municipalityId === null)) {
			throw invalid({}, 'mileage.rate_last_default');
		}
		const locked = await lockedTripsFrom(tx, row.municipalityId, row.validFrom);
		if (ratesChangeLockedTrips(before, after, locked).length > 0) {
			throw invalid({}, 'mileage.rate_in_use');
		}
		await tx.delete(mileageRates).where(eq(mileageRates.id, rateId));
		await recordAudit(tx, ctx, {
			action: 'mileage.rate_delete',
			entityType: 'mileage_rate',
			entityId: rateId,
			details: { municipalityId: row.municipalityId, validFrom: row.validFrom }
		});
	});
}
