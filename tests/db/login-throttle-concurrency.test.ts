import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Issue 17, item 4: the login attempt is taken atomically before the password is checked, so
 * attempts sent all at once cannot slip past the limit. Every password check is counted.
 */
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('$lib/server/services/auth/passwords', async (original) => {
	const real = await original<typeof import('$lib/server/services/auth/passwords')>();
	return {
		...real,
		verifyPassword: async (storedHash: string | null, password: string) => {
			checks.count++;
			return real.verifyPassword(storedHash, password);
		}
	};
});

import { login } from '$lib/server/services/auth/login';
import { AppError } from '$lib/server/errors';
import { seedUser } from '$lib/server/fixtures/factories';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const PASSWORD = 'kolm halli hane järvel';
let t: TestDatabase;

beforeAll(async () => {
	// The defaults: 5 per account, 30 per address.
	t = await createTestDatabase();
	expect(t.config.LOGIN_MAX_FAILURES_PER_ACCOUNT).toBe(5);
	expect(t.config.LOGIN_MAX_FAILURES_PER_IP).toBe(30);
});
afterAll(async () => {
	await t?.close();
});

async function fireAtOnce(attempts: { email: string; ip: string }[]) {
	checks.count = 0;
	const results = await Promise.allSettled(
		attempts.map((a) =>
			login(t.ctx(null, { ip: a.ip }), { email: a.email, password: 'wrong guess', userAgent: null })
		)
	);
	const codes = results.map((r) =>
		r.status === 'rejected' && r.reason instanceof AppError ? r.reason.code : 'other'
	);
	return { checks: checks.count, codes };
}

describe('login throttle under concurrency', () => {
	it('25 wrong passwords at once for one account make at most 5 password checks', async () => {
		const { user } = await seedUser(t.handle.db, {
			password: PASSWORD,
			grants: [{ role: 'admin' }]
		});
		const r = await fireAtOnce(
			Array.from({ length: 25 }, (_, i) => ({ email: user.email, ip: `198.51.100.${i + 1}` }))
		);
		expect(r.checks).toBeLessThanOrEqual(5);
		expect(r.checks).toBeGreaterThan(0);
		expect(r.codes.filter((c) => c === 'rate_limited').length).toBeGreaterThanOrEqual(20);
		expect(r.codes.every((c) => c === 'rate_limited' || c === 'invalid')).toBe(true);
	});

	it('70 attempts at once from one address make at most 30 password checks', async () => {
		const r = await fireAtOnce(
			Array.from({ length: 70 }, (_, i) => ({ email: `guess${i}@example.ee`, ip: '203.0.113.7' }))
		);
		expect(r.checks).toBeLessThanOrEqual(30);
		expect(r.checks).toBeGreaterThan(0);
		expect(r.codes.filter((c) => c === 'rate_limited').length).toBeGreaterThanOrEqual(40);
	});

	it('the right password still logs in, and gives the address its attempt back', async () => {
		const { user } = await seedUser(t.handle.db, {
			password: PASSWORD,
			grants: [{ role: 'admin' }]
		});
		const ip = '203.0.113.99';
		for (let i = 0; i < 40; i++) {
			await login(t.ctx(null, { ip }), { email: user.email, password: PASSWORD, userAgent: null });
		}
		// 40 successful logins from one address are not 40 failures.
		const session = await login(t.ctx(null, { ip }), {
			email: user.email,
			password: PASSWORD,
			userAgent: null
		});
		expect(session.token).toBeTruthy();
	});
});
