import { z } from 'zod';
import { AppError, notFound, invalid } from '../../errors';
import { authorize } from '../core/access';
import type { ServiceContext } from '../core/context';
import { listCounties, type County } from '../core/reference';
import { eq } from 'drizzle-orm';
import { counties } from '../../db/schema';
import { recordAudit } from '../core/audit';

/** The administrator's reference-data page (counties and their EHAK codes). */

export async function countiesForAdmin(ctx: ServiceContext): Promise<County[]> {
	await authorize(ctx, 'reference:manage', { kind: 'system' }, { action: 'reference.view' });
	return listCounties(ctx);
}

/** `updateCounty`, with a clear message when the new name is already another county's. */
export async function saveCounty(ctx: ServiceContext, id: string, input: unknown): Promise<void> {
	if (!z.string().uuid().safeParse(id).success) {
		await authorize(ctx, 'reference:manage', { kind: 'system' }, { action: 'reference.update' });
		throw notFound();
	}
	try {
		await updateCounty(ctx, id, input);
	} catch (e) {
		if (isUniqueViolation(e, 'county_name_uq')) {
			throw new AppError('conflict', 'admin.counties.name_taken', {
				name: 'admin.counties.name_taken'
			});
		}
		throw e;
	}
}

const countyUpdate = z.object({
	code: z.string().regex(/^\d{4}$/, 'reference.code_invalid'),
	name: z.string().trim().min(2, 'error.required').max(100)
});

/** The administrator corrects a county's EHAK code or name (shared/data/README.md). */
export async function updateCounty(ctx: ServiceContext, id: string, input: unknown): Promise<void> {
	await authorize(ctx, 'reference:manage', { kind: 'system' }, { action: 'reference.update' });
	const parsed = countyUpdate.safeParse(input);
	if (!parsed.success) {
		throw invalid(
			Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]))
		);
	}
	await ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.update(counties)
			.set({ ...parsed.data, updatedAt: ctx.now() })
			.where(eq(counties.id, id))
			.returning({ id: counties.id });
		if (!row) throw notFound();
		await recordAudit(tx, ctx, {
			action: 'reference.update',
			entityType: 'county',
			entityId: id,
			countyId: id,
			details: { fields: Object.keys(parsed.data) }
		});
	});
}

/** Whether `e` (or an error it wraps) is a unique violation of `constraint`. */
export function isUniqueViolation(e: unknown, constraint: string): boolean {
	for (let err = e as { code?: string; constraint?: string; cause?: unknown } | undefined; err;) {
		if (err.code === '23505' && err.constraint === constraint) return true;
		err = err.cause as typeof err;
	}
	return false;
}
