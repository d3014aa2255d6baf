import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { auditEvents } from '$lib/server/db/schema';
import { recordAudit } from '$lib/server/services/core/audit';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t?.close();
});

describe('audit log is append-only in the database itself', () => {
	it('accepts inserts', async () => {
		await recordAudit(t.handle.db, t.ctx(null), { action: 'test.event', details: { n: 1 } });
		const rows = await t.handle.db.select().from(auditEvents);
		expect(rows.some((r) => r.action === 'test.event')).toBe(true);
	});

	it('refuses UPDATE', async () => {
		await expect(
			t.handle.db.execute(sql`update audit_event set action = 'tampered'`)
		).rejects.toThrow();
		const rows = await t.handle.db.select().from(auditEvents);
		expect(rows.some((r) => r.action === 'tampered')).toBe(false);
	});

	it('refuses DELETE', async () => {
		await expect(t.handle.db.execute(sql`delete from audit_event`)).rejects.toThrow();
		const rows = await t.handle.db.select().from(auditEvents);
		expect(rows.length).toBeGreaterThan(0);
	});

	it('refuses TRUNCATE', async () => {
		await expect(t.handle.db.execute(sql`truncate audit_event`)).rejects.toThrow();
		const rows = await t.handle.db.select().from(auditEvents);
		expect(rows.length).toBeGreaterThan(0);
	});
});
