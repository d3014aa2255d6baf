import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from './client';

export interface CursorOptions {
	/** Rows fetched at a time (default 2,000). */
	batch?: number;
	/** More sort memory for this one query, e.g. `'96MB'` (a quarter's contacts). */
	workMem?: `${number}MB`;
}

/**
 * Reads a large result a batch at a time through a server-side cursor (`DECLARE … CURSOR`,
 * `FETCH`), the same SQL on PostgreSQL and PGlite: only one batch of rows is in memory at a
 * time, whatever the size of the result, and the rows die young instead of all living until
 * the end (the garbage collector's work grows with what is alive). On a server the next batch
 * is asked for before the current one is handed on, so the database produces it meanwhile.
 * Runs in a transaction of its own (cursors live in one); `onBatch` must not use the database.
 */
export async function eachBatch<T>(
	db: Tx,
	query: SQL,
	onBatch: (rows: T[]) => void,
	opts: CursorOptions = {}
): Promise<void> {
	const size = opts.batch ?? 2_000;
	await db.transaction(async (tx) => {
		// The whole result is read, so plan for all of it (a cursor plans for the first 10%).
		await tx.execute(sql`set local cursor_tuple_fraction = 1`);
		if (opts.workMem) await tx.execute(sql.raw(`set local work_mem = '${opts.workMem}'`));
		await tx.execute(sql`declare batch_cursor no scroll cursor for ${query}`);
		const fetch = () =>
			tx
				.execute(sql.raw(`fetch forward ${size} from batch_cursor`))
				.then((r) => (r as unknown as { rows: T[] }).rows);
		let next = fetch();
		for (;;) {
			const rows = await next;
			if (rows.length < size) {
				if (rows.length) onBatch(rows);
				break;
			}
			next = fetch();
			try {
				onBatch(rows);
			} catch (err) {
				await next.catch(() => {});
				throw err;
			}
		}
		await tx.execute(sql`close batch_cursor`);
	});
}
