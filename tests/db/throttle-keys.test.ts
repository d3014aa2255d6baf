import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { rateLimits } from '$lib/server/db/schema';
import { login } from '$lib/server/services/auth/login';
import { requestPasswordReset } from '$lib/server/services/auth/password-reset';
import { seedUser } from '$lib/server/fixtures/factories';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * The throttle counters (login per account and per IP, password-reset requests per address
 * and per IP) are keyed by the SHA-256 of the e-mail or IP address: `rate_limit` never holds
 * the address itself (docs/security.md).
 */

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t?.close();
});

describe('throttle keys', () => {
	it('store only hashes of e-mail and IP addresses', async () => {
		const { user } = await seedUser(t.handle.db, { password: 'rohelised kased metsa servas' });
		const ip = '203.0.113.7';
		await expect(
			login(t.ctx(null, { ip }), {
				email: user.email,
				password: 'vale parool on see siin',
				userAgent: null
			})
		).rejects.toMatchObject({ messageKey: 'auth.invalid_credentials' });
		await requestPasswordReset(t.ctx(null, { ip }), 'nobody@example.ee');

		const keys = (await t.handle.db.select({ key: rateLimits.key }).from(rateLimits)).map(
			(r) => r.key
		);
		expect(keys.length).toBeGreaterThanOrEqual(4);
		for (const key of keys) {
			expect(key).not.toContain(user.email);
			expect(key).not.toContain('nobody@example.ee');
			expect(key).not.toContain(ip);
		}
		for (const hashed of [user.email, ip, 'nobody@example.ee'].map(sha256)) {
			expect(keys.some((k) => k.endsWith(hashed))).toBe(true);
		}
	});
});
