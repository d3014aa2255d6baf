import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../services/core/context';

/** Does the database answer, and how many migrations are applied? No personal data. */
export async function checkHealth(ctx: Pick<ServiceContext, 'db'>) {
	try {
		const result = await ctx.db.execute(
			sql`select count(*)::int as n from drizzle.__drizzle_migrations`
		);
		const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
			n: number;
		}[];
		return { ok: true, database: 'up', migrations: rows[0]?.n ?? 0 };
	} catch {
		return { ok: false, database: 'down', migrations: 0 };
	}
}
