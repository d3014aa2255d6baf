import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { checkServerAutovacuum, upkeepEmbedded } from '$lib/server/infra/maintenance';
import { seedDiaryEntry, seedClient, countyByName } from '$lib/server/fixtures/factories';
import { createTestDatabase, TEST_DRIVER, type TestDatabase } from '../helpers/db';

/** The embedded database's upkeep: statistics and VACUUM, which PGlite would never get. */

let t: TestDatabase;

beforeAll(async () => {
	t = await createTestDatabase();
	const harju = await countyByName(t.handle.db, 'Harju maakond');
	const client = await seedClient(t.handle.db, { countyId: harju.id });
	for (let i = 0; i < 3; i++) {
		await seedDiaryEntry(t.handle.db, { clientId: client.id, contactDate: '2026-07-01' });
	}
}, 60_000);

afterAll(async () => {
	await t?.close();
});

const stats = async () =>
	(
		(await t.handle.db.execute(
			sql`select last_analyze, last_vacuum from pg_stat_user_tables where relname = 'diary_entry'`
		)) as unknown as { rows: { last_analyze: unknown; last_vacuum: unknown }[] }
	).rows[0]!;

describe('upkeepEmbedded', () => {
	// One test for both drivers (each run checks its own, nothing is skipped).
	it('analyses and vacuums an embedded database, and leaves a server to its autovacuum', async () => {
		if (TEST_DRIVER === 'pglite') {
			expect((await stats()).last_analyze).toBeNull();
			expect(await upkeepEmbedded(t.handle, 'analyze')).toBe(true);
			expect((await stats()).last_analyze).not.toBeNull();
			expect(await upkeepEmbedded(t.handle, 'vacuum')).toBe(true);
			expect((await stats()).last_vacuum).not.toBeNull();
		} else {
			expect(await upkeepEmbedded(t.handle, 'vacuum')).toBe(false);
			expect((await stats()).last_vacuum).toBeNull();
		}
	});
});

describe('checkServerAutovacuum', () => {
	it('reads a server’s autovacuum setting, and has nothing to check on the embedded database', async () => {
		if (TEST_DRIVER === 'pglite') {
			expect(await checkServerAutovacuum(t.handle)).toBeNull();
		} else {
			const shown = (
				(await t.handle.db.execute(sql`show autovacuum`)) as unknown as {
					rows: { autovacuum: string }[];
				}
			).rows[0]!.autovacuum;
			expect(await checkServerAutovacuum(t.handle)).toBe(shown === 'on');
		}
	});
});
