import { eq, sql } from 'drizzle-orm';
import { users } from '../../db/schema';
import { AppError, invalid } from '../../errors';
import { recordAudit } from '../core/audit';
import type { ServiceContext } from '../core/context';
import { verifyPassword } from './passwords';
import { createSession, deleteSession, deleteUserSessions, type NewSession } from './sessions';

export interface LoginInput {
	email: string;
	password: string;
	userAgent: string | null;
}

/**
 * E-mail + password login. One message for every failure (unknown e-mail, wrong password,
 * disabled or not yet activated account) and the same argon2 work in each case, so neither
 * the text nor the timing tells whether an account exists. Throttled per account and per IP.
 */
export async function login(ctx: ServiceContext, input: LoginInput): Promise<NewSession> {
	const email = input.email.trim().toLowerCase();
	const accountKey = email;
	// The attempt is taken before the password is checked (atomically), so that attempts sent
	// at once cannot all pass a check of the counter and then all be tried.
	const blocked = await ctx.throttle.takeAttempt(accountKey, ctx.ip);
	if (blocked > 0) {
		await recordAudit(ctx.db, ctx, {
			action: 'auth.login_failed',
			outcome: 'denied',
			details: { reason: 'throttled' }
		});
		throw new AppError('rate_limited', 'auth.throttled', { minutes: String(blocked) });
	}
	const [user] = await ctx.db.select().from(users).where(eq(users.email, email)).limit(1);
	const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
	if (!user || !ok || user.status !== 'active') {
		await recordAudit(ctx.db, ctx, {
			action: 'auth.login_failed',
			actorUserId: user?.id ?? null,
			outcome: 'failure',
			entityType: user ? 'user' : undefined,
			entityId: user?.id ?? null
		});
		throw invalid({}, 'auth.invalid_credentials');
	}
	await ctx.throttle.recordSuccess(accountKey, ctx.ip);
	return ctx.db.transaction(async (tx) => {
		const now = ctx.now();
		const session = await createSession(
			tx,
			user,
			now,
			{
				idleMinutes: ctx.config.SESSION_IDLE_MINUTES,
				absoluteHours: ctx.config.SESSION_ABSOLUTE_HOURS
			},
			{ ip: ctx.ip, userAgent: input.userAgent }
		);
		await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
		await recordAudit(tx, ctx, {
			action: 'auth.login',
			actorUserId: user.id,
			entityType: 'user',
			entityId: user.id
		});
		return session;
	});
}

export async function logout(ctx: ServiceContext, sessionId: string): Promise<void> {
	await ctx.db.transaction(async (tx) => {
		await deleteSession(tx, sessionId);
		await recordAudit(tx, ctx, {
			action: 'auth.logout',
			entityType: 'user',
			entityId: ctx.actor?.userId
		});
	});
}

/** Ends every session of the current user, on every device. */
export async function logoutEverywhere(ctx: ServiceContext): Promise<void> {
	const actor = ctx.actor;
	if (!actor) throw new AppError('unauthenticated', 'error.login_required');
	await ctx.db.transaction(async (tx) => {
		await deleteUserSessions(tx, actor.userId);
		await tx
			.update(users)
			.set({ securityVersion: sql`${users.securityVersion} + 1`, updatedAt: ctx.now() })
			.where(eq(users.id, actor.userId));
		await recordAudit(tx, ctx, {
			action: 'auth.logout_everywhere',
			entityType: 'user',
			entityId: actor.userId
		});
	});
}
