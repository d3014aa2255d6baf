import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { counties, municipalities } from '../../db/schema';
import type { Database } from '../../db/client';
import municipalitiesCsv from '../../db/ee-municipalities.csv?raw';
import type { ServiceContext } from './context';

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
/** Counties (id and name) limited to a list of ids, or all of them when `ids` is null. */
export async function countiesIn(ctx: Pick<ServiceContext, 'db'>, ids: readonly string[] | null) {
	const all = await listCounties(ctx);
	return all
		.filter((c) => ids === null || ids.includes(c.id))
		.map((c) => ({ id: c.id, name: c.name }));
}
