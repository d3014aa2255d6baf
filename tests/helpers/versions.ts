import { eq } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { clients, pairings, socialPartners, volunteers } from '$lib/server/db/schema';

/**
 * The stored version of a record, as an edit form would carry it (services/core/versions.ts): tests
 * that save a record the way a page does pass `{ ...fields, version: await versionOf(…) }`.
 */
export async function versionOf(
	db: Database,
	kind: 'client' | 'volunteer' | 'pairing' | 'partner',
	id: string
): Promise<number> {
	const table = {
		client: clients,
		volunteer: volunteers,
		pairing: pairings,
		partner: socialPartners
	}[kind];
	const [row] = await db.select({ version: table.version }).from(table).where(eq(table.id, id));
	if (!row) throw new Error(`no ${kind} ${id}`);
	return row.version;
}
