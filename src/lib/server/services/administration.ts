import { z } from 'zod';
import { AppError, notFound } from '../errors';
import { authorize } from './audit';
import type { ServiceContext } from './context';
import { listCounties, updateCounty, type County } from './reference';

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

function isUniqueViolation(e: unknown, constraint: string): boolean {
	for (let err = e as { code?: string; constraint?: string; cause?: unknown } | undefined; err;) {
		if (err.code === '23505' && err.constraint === constraint) return true;
		err = err.cause as typeof err;
	}
	return false;
}
