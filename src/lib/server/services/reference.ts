import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { counties, municipalities } from '../db/schema';
import type { Database } from '../db/client';
import municipalitiesCsv from '../db/ee-municipalities.csv?raw';
import { authorize, recordAudit } from './audit';
import type { ServiceContext } from './context';
import { invalid, notFound } from '../errors';

const rowSchema = z.object({
	county_code: z.string().regex(/^\d{4}$/),
	county_name: z.string().min(1),
	municipality_name: z.string().min(1),
	municipality_kind: z.enum(['linn', 'vald'])
});

/** Parses the bundled reference table (copied from shared/data; validated, not trusted). */
export function parseMunicipalityCsv(text: string) {
	const [header, ...lines] = text.trim().split(/\r?\n/);
	const columns = header!.split(',');
	return lines.map((line, i) => {
		const cells = line.split(',');
		const record = Object.fromEntries(columns.map((c, j) => [c, cells[j]?.trim()]));
		const parsed = rowSchema.safeParse(record);
		if (!parsed.success)
			throw new Error(`ee-municipalities.csv line ${i + 2}: ${parsed.error.message}`);
		return parsed.data;
	});
}

/**
 * Seeds the 15 counties and 79 municipalities on an empty database. Runs only once: after that
 * the administrator owns the table (codes are editable), so a restart never overwrites edits.
 */
export async function seedReferenceData(db: Database): Promise<void> {
	const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(counties)) as [
		{ n: number }
	];
	if (n > 0) return;
	const rows = parseMunicipalityCsv(municipalitiesCsv);
	await db.transaction(async (tx) => {
		const countyIds = new Map<string, string>();
		for (const row of rows) {
			if (countyIds.has(row.county_name)) continue;
			const [c] = await tx
				.insert(counties)
				.values({ code: row.county_code, name: row.county_name })
				.returning({ id: counties.id });
			countyIds.set(row.county_name, c!.id);
		}
		await tx.insert(municipalities).values(
			rows.map((row, i) => ({
				countyId: countyIds.get(row.county_name)!,
				name: row.municipality_name,
				kind: row.municipality_kind,
				sortOrder: i
			}))
		);
	});
}

export type County = typeof counties.$inferSelect;
export type Municipality = typeof municipalities.$inferSelect;

/** Reference data is not personal: any logged-in user may read it. */
export async function listCounties(ctx: Pick<ServiceContext, 'db'>): Promise<County[]> {
	return ctx.db.select().from(counties).orderBy(asc(counties.name));
}

export async function listMunicipalities(
	ctx: Pick<ServiceContext, 'db'>,
	countyId?: string
): Promise<Municipality[]> {
	const q = ctx.db.select().from(municipalities);
	return (countyId ? q.where(eq(municipalities.countyId, countyId)) : q).orderBy(
		asc(municipalities.sortOrder),
		asc(municipalities.name)
	);
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
