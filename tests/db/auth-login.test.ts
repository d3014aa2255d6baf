import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { auditEvents, sessions } from '$lib/server/db/schema';
import { login, logoutEverywhere } from '$lib/server/services/auth/login';
import { validateSession } from '$lib/server/services/auth/sessions';
import { changePassword } from '$lib/server/services/auth/account';
import { disableUser, updateGrants } from '$lib/server/services/admin/users';
import { countyByName, seedUser } from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { refusal } from '../helpers/errors';

const PASSWORD = 'rohelised kased metsa servas';
const MAX_PER_ACCOUNT = 3;
const MAX_PER_IP = 6;

let t: TestDatabase;
let admin: Actor;
let settings: { idleMinutes: number; absoluteHours: number };

beforeAll(async () => {
	t = await createTestDatabase({
		env: {
			LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_PER_ACCOUNT),
			LOGIN_MAX_FAILURES_PER_IP: String(MAX_PER_IP)
		}
	});
	admin = (await seedUser(t.handle.db, { password: PASSWORD, grants: [{ role: 'admin' }] })).actor;
	settings = {
		idleMinutes: t.config.SESSION_IDLE_MINUTES,
		absoluteHours: t.config.SESSION_ABSOLUTE_HOURS
	};
});
afterAll(async () => {
	await t?.close();
});

let ipCounter = 10;
/** Each test logs in from its own address so per-IP counters do not leak between tests. */
const freshIp = () => `192.0.2.${ipCounter++}`;

async function coordinator(password = PASSWORD) {
	const harju = await countyByName(t.handle.db, 'Harju maakond');
	return seedUser(t.handle.db, {
		password,
		grants: [{ role: 'coordinator', countyId: harju.id }]
	});
}

const loginAs = (email: string, password: string, ip = freshIp(), now?: Date) =>
	login(t.ctx(null, { ip, now }), { email, password, userAgent: 'vitest' });

describe('login', () => {
	it('logs in with the right e-mail and password, in any letter case', async () => {
		const { user } = await coordinator();
		const session = await loginAs(` ${user.email.toUpperCase()} `, PASSWORD);
		const valid = await validateSession(t.handle.db, session.token, new Date(), settings);
		expect(valid?.actor.userId).toBe(user.id);
		expect(valid?.actor.coordinatorCountyIds).toHaveLength(1);
		const events = await t.handle.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'auth.login'), eq(auditEvents.actorUserId, user.id)));
		expect(events).toHaveLength(1);
	});

	it('gives one and the same message for a wrong password and an unknown e-mail', async () => {
		const { user } = await coordinator();
		const wrong = await refusal(loginAs(user.email, 'not the right password at all'));
		const unknown = await refusal(loginAs('nobody.here@example.ee', PASSWORD));
		expect(wrong.code).toBe('invalid');
		expect(wrong.messageKey).toBe('auth.invalid_credentials');
		expect(unknown.code).toBe(wrong.code);
		expect(unknown.messageKey).toBe(wrong.messageKey);
		expect(unknown.fields).toEqual(wrong.fields);
	});

	it('refuses disabled and invited accounts with the same message', async () => {
		const disabled = await seedUser(t.handle.db, { password: PASSWORD, status: 'disabled' });
		const invited = await seedUser(t.handle.db, { password: null, status: 'invited' });
		const invitedWithHash = await seedUser(t.handle.db, { password: PASSWORD, status: 'invited' });
		for (const u of [disabled, invited, invitedWithHash]) {
			const e = await refusal(loginAs(u.user.email, PASSWORD));
			expect(e.messageKey).toBe('auth.invalid_credentials');
		}
	});

	it('gives a new session id at each login', async () => {
		const { user } = await coordinator();
		const a = await loginAs(user.email, PASSWORD);
		const b = await loginAs(user.email, PASSWORD);
		expect(a.token).not.toBe(b.token);
		const rows = await t.handle.db.select().from(sessions).where(eq(sessions.userId, user.id));
		expect(rows).toHaveLength(2);
		expect(new Set(rows.map((r) => r.id)).size).toBe(2);
	});

	it('stores only the SHA-256 of the session token, never the token', async () => {
		const { user } = await coordinator();
		const session = await loginAs(user.email, PASSWORD);
		const expected = createHash('sha256').update(session.token).digest('hex');
		const rows = await t.handle.db.select().from(sessions);
		expect(rows.some((r) => r.id === expected)).toBe(true);
		const dump = JSON.stringify(rows);
		expect(dump).not.toContain(session.token);
	});
});

describe('login throttling', () => {
	it(`locks an account after ${MAX_PER_ACCOUNT} failures, from any address`, async () => {
		const { user } = await coordinator();
		for (let i = 0; i < MAX_PER_ACCOUNT; i++) {
			const e = await refusal(loginAs(user.email, 'wrong password number ' + i));
			expect(e.messageKey).toBe('auth.invalid_credentials');
		}
		// Even the right password, from another address, is refused while the lock lasts.
		const locked = await refusal(loginAs(user.email, PASSWORD));
		expect(locked.code).toBe('rate_limited');
		expect(locked.messageKey).toBe('auth.throttled');
		expect(Number(locked.fields.minutes)).toBeGreaterThan(0);
		const denied = await t.handle.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'auth.login_failed'), eq(auditEvents.outcome, 'denied')));
		expect(denied.length).toBeGreaterThan(0);
		// Another account is not affected.
		const other = await coordinator();
		await expect(loginAs(other.user.email, PASSWORD)).resolves.toHaveProperty('token');
	});

	it('locks an account for unknown e-mails too (same answer, no enumeration)', async () => {
		const email = 'not.registered.anywhere@example.ee';
		for (let i = 0; i < MAX_PER_ACCOUNT; i++) await refusal(loginAs(email, 'x' + i));
		const e = await refusal(loginAs(email, PASSWORD));
		expect(e.code).toBe('rate_limited');
	});

	it(`locks an address after ${MAX_PER_IP} failures on different accounts`, async () => {
		const ip = freshIp();
		for (let i = 0; i < MAX_PER_IP; i++) {
			await refusal(loginAs(`guess${i}@example.ee`, 'some wrong password', ip));
		}
		const { user } = await coordinator();
		const blocked = await refusal(loginAs(user.email, PASSWORD, ip));
		expect(blocked.code).toBe('rate_limited');
		expect(blocked.messageKey).toBe('auth.throttled');
		// The same person from another address gets in.
		await expect(loginAs(user.email, PASSWORD, freshIp())).resolves.toHaveProperty('token');
	});

	it('a successful login clears the account counter', async () => {
		const { user } = await coordinator();
		for (let i = 0; i < MAX_PER_ACCOUNT - 1; i++) await refusal(loginAs(user.email, 'wrong' + i));
		await loginAs(user.email, PASSWORD);
		for (let i = 0; i < MAX_PER_ACCOUNT - 1; i++) await refusal(loginAs(user.email, 'wrong' + i));
		await expect(loginAs(user.email, PASSWORD)).resolves.toHaveProperty('token');
	});
});

describe('session validation', () => {
	const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

	it('expires after the idle time without requests', async () => {
		const { user } = await coordinator();
		const start = new Date('2030-03-01T08:00:00Z');
		const session = await loginAs(user.email, PASSWORD, freshIp(), start);
		const justBefore = minutes(start, settings.idleMinutes - 1);
		expect(await validateSession(t.handle.db, session.token, justBefore, settings)).not.toBeNull();
		// The request above moved the idle clock; idle time after it ends the session.
		const after = minutes(justBefore, settings.idleMinutes + 1);
		expect(await validateSession(t.handle.db, session.token, after, settings)).toBeNull();
		// And it stays ended (the row is gone).
		expect(await validateSession(t.handle.db, session.token, justBefore, settings)).toBeNull();
	});

	it('expires at the absolute limit even when used all the time', async () => {
		const { user } = await coordinator();
		const start = new Date('2030-03-02T08:00:00Z');
		const session = await loginAs(user.email, PASSWORD, freshIp(), start);
		const step = Math.floor(settings.idleMinutes / 2);
		const limit = settings.absoluteHours * 60;
		let at = 0;
		for (; at + step < limit; at += step) {
			const v = await validateSession(
				t.handle.db,
				session.token,
				minutes(start, at + step),
				settings
			);
			expect(v, `still valid at ${at + step} min`).not.toBeNull();
		}
		expect(
			await validateSession(t.handle.db, session.token, minutes(start, limit), settings)
		).toBeNull();
	});

	it('ends every session when the password changes (a fresh one for this device)', async () => {
		const { user, actor } = await coordinator();
		const other = await loginAs(user.email, PASSWORD);
		const fresh = await changePassword(t.ctx(actor), {
			currentPassword: PASSWORD,
			newPassword: 'sinised lained kivisel rannal'
		});
		expect(await validateSession(t.handle.db, other.token, new Date(), settings)).toBeNull();
		expect(await validateSession(t.handle.db, fresh.token, new Date(), settings)).not.toBeNull();
		await refusal(loginAs(user.email, PASSWORD));
		await expect(loginAs(user.email, 'sinised lained kivisel rannal')).resolves.toHaveProperty(
			'token'
		);
	});

	it('ends every session when the roles change', async () => {
		const { user } = await coordinator();
		const a = await loginAs(user.email, PASSWORD);
		const b = await loginAs(user.email, PASSWORD);
		const tartu = await countyByName(t.handle.db, 'Tartu maakond');
		await updateGrants(t.ctx(admin), user.id, [{ role: 'coordinator', countyId: tartu.id }]);
		expect(await validateSession(t.handle.db, a.token, new Date(), settings)).toBeNull();
		expect(await validateSession(t.handle.db, b.token, new Date(), settings)).toBeNull();
		const again = await loginAs(user.email, PASSWORD);
		const v = await validateSession(t.handle.db, again.token, new Date(), settings);
		expect(v?.actor.coordinatorCountyIds).toEqual([tartu.id]);
	});

	it('ends every session on "log out everywhere"', async () => {
		const { user } = await coordinator();
		const a = await loginAs(user.email, PASSWORD);
		const b = await loginAs(user.email, PASSWORD);
		const current = await validateSession(t.handle.db, a.token, new Date(), settings);
		await logoutEverywhere(t.ctx(current!.actor));
		expect(await validateSession(t.handle.db, a.token, new Date(), settings)).toBeNull();
		expect(await validateSession(t.handle.db, b.token, new Date(), settings)).toBeNull();
	});

	it('ends every session when the account is disabled', async () => {
		const { user } = await coordinator();
		const a = await loginAs(user.email, PASSWORD);
		await disableUser(t.ctx(admin), user.id);
		expect(await validateSession(t.handle.db, a.token, new Date(), settings)).toBeNull();
		const e = await refusal(loginAs(user.email, PASSWORD));
		expect(e.messageKey).toBe('auth.invalid_credentials');
	});

	it('rejects an unknown token', async () => {
		expect(
			await validateSession(t.handle.db, 'abcdefghijklmnopqrstuvwxyz234567', new Date(), settings)
		).toBeNull();
	});
});
