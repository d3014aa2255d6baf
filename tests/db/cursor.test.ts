import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { eachBatch } from '$lib/server/db/cursor';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * Reading a large result a batch at a time (db/cursor.ts): the quarterly report streams a
 * quarter's contacts through it. Same behaviour on PGlite and on the PostgreSQL server.
 */

let t: TestDatabase;

beforeAll(async () => {
	t = await createTestDatabase();
}, 60_000);

afterAll(async () => {
	await t?.close();
});

const numbers = (to: number, from = 1) =>
	sql`select g as n, 'rida ' || g as label from generate_series(${from}::int, ${to}::int) g order by g`;

async function batchesOf(query: ReturnType<typeof sql>, batch: number) {
	const seen: { n: number; label: string }[][] = [];
	await eachBatch<{ n: number; label: string }>(t.handle.db, query, (rows) => seen.push(rows), {
		batch
	});
	return seen;
}

describe('eachBatch', () => {
	it('hands over every row once, in order, a batch at a time', async () => {
		const seen = await batchesOf(numbers(2345), 1000);
		expect(seen.map((b) => b.length)).toEqual([1000, 1000, 345]);
		const all = seen.flat();
		expect(all.map((r) => r.n)).toEqual(Array.from({ length: 2345 }, (_, i) => i + 1));
		expect(all[2344]).toEqual({ n: 2345, label: 'rida 2345' });
	});

	it('ends without an empty batch when the rows fill the last batch exactly', async () => {
		expect((await batchesOf(numbers(2000), 1000)).map((b) => b.length)).toEqual([1000, 1000]);
	});

	it('calls nothing for an empty result and passes the query its parameters', async () => {
		expect(await batchesOf(numbers(0), 1000)).toEqual([]);
		expect((await batchesOf(numbers(12, 10), 1000)).flat().map((r) => r.n)).toEqual([10, 11, 12]);
	});

	it('gives up on a failure while handing over a batch, and the database goes on working', async () => {
		let calls = 0;
		await expect(
			eachBatch(
				t.handle.db,
				numbers(5000),
				() => {
					if (++calls === 2) throw new Error('kirjutamine ebaõnnestus');
				},
				{ batch: 1000, workMem: '8MB' }
			)
		).rejects.toThrow('kirjutamine ebaõnnestus');
		expect(calls).toBe(2);
		// The cursor and its transaction are gone: the same name can be declared again.
		expect((await batchesOf(numbers(3), 2)).map((b) => b.length)).toEqual([2, 1]);
	});

	it('refuses a query the database refuses, and the database goes on working', async () => {
		await expect(batchesOf(sql`select no_such_column from county`, 10)).rejects.toThrow();
		expect((await batchesOf(numbers(1), 10)).flat()).toEqual([{ n: 1, label: 'rida 1' }]);
	});
});
