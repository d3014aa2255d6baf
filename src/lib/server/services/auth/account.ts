import { eq, sql } from 'drizzle-orm';
import { users } from '../../db/schema';
import { AppError, invalid } from '../../errors';
import { checkPassword } from '../../domain/password-policy';
import { isLocale, type Locale } from '$lib/i18n';
import { recordAudit } from '../core/audit';
import type { ServiceContext } from '../core/context';
import { grantViews, type GrantView } from '../admin/grants';
import { hashPassword, verifyPassword } from './passwords';
import { createSession, deleteUserSessions, type NewSession } from './sessions';

/** The logged-in user's own account page: roles, password, language. */

function requireLogin(ctx: ServiceContext) {
	if (!ctx.actor) throw new AppError('unauthenticated', 'error.login_required');
	return ctx.actor;
}

export interface MyAccount {
	name: string;
	email: string;
	locale: Locale;
	grants: GrantView[];
}

export async function getMyAccount(ctx: ServiceContext): Promise<MyAccount> {
	const actor = requireLogin(ctx);
	const [user] = await ctx.db
		.select({ name: users.name, email: users.email, locale: users.locale })
		.from(users)
		.where(eq(users.id, actor.userId));
	if (!user) throw new AppError('unauthenticated', 'error.login_required');
	const grants = await grantViews(ctx.db, [actor.userId]);
	return { ...user, grants: grants.get(actor.userId) ?? [] };
}

export interface ChangePasswordInput {
	currentPassword: string;
	newPassword: string;
	userAgent?: string | null;
}

/**
 * Changes the password after checking the current one (throttled like login, so a left-open
 * session cannot be used to guess it). Every session of the user ends, on every device; a
 * fresh session for this device is returned.
 */
export async function changePassword(
	ctx: ServiceContext,
	input: ChangePasswordInput
): Promise<NewSession> {
	const actor = requireLogin(ctx);
	const [user] = await ctx.db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			passwordHash: users.passwordHash
		})
		.from(users)
		.where(eq(users.id, actor.userId));
	if (!user) throw new AppError('unauthenticated', 'error.login_required');
	const blocked = await ctx.throttle.takeAttempt(user.email, ctx.ip);
	if (blocked > 0) {
		throw new AppError('rate_limited', 'auth.throttled', { minutes: String(blocked) });
	}
	if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
		await recordAudit(ctx.db, ctx, {
			action: 'auth.password_changed',
			entityType: 'user',
			entityId: user.id,
			outcome: 'failure',
			details: { reason: 'wrong_current_password' }
		});
		throw invalid(
			{ currentPassword: 'auth.account.wrong_password' },
			'auth.account.wrong_password'
		);
	}
	const problem = checkPassword(input.newPassword, {
		minLength: ctx.config.PASSWORD_MIN_LENGTH,
		context: [user.email, user.name, 'seltsiline']
	});
	if (problem) throw invalid({ newPassword: problem });
	const passwordHash = await hashPassword(input.newPassword);
	const session = await ctx.db.transaction(async (tx) => {
		const now = ctx.now();
		const [updated] = await tx
			.update(users)
			.set({
				passwordHash,
				securityVersion: sql`${users.securityVersion} + 1`,
				updatedAt: now
			})
			.where(eq(users.id, user.id))
			.returning({ id: users.id, securityVersion: users.securityVersion });
		await deleteUserSessions(tx, user.id);
		await recordAudit(tx, ctx, {
			action: 'auth.password_changed',
			entityType: 'user',
			entityId: user.id
		});
		return createSession(
			tx,
			updated!,
			now,
			{
				idleMinutes: ctx.config.SESSION_IDLE_MINUTES,
				absoluteHours: ctx.config.SESSION_ABSOLUTE_HOURS
			},
			{ ip: ctx.ip, userAgent: input.userAgent ?? null }
		);
	});
	await ctx.throttle.recordSuccess(user.email, ctx.ip);
	return session;
}

/** The language the user's pages and e-mails use. */
export async function setPreferredLocale(ctx: ServiceContext, locale: string): Promise<Locale> {
	const actor = requireLogin(ctx);
	if (!isLocale(locale)) throw invalid({ locale: 'error.choice' });
	await ctx.db.transaction(async (tx) => {
		await tx.update(users).set({ locale, updatedAt: ctx.now() }).where(eq(users.id, actor.userId));
		await recordAudit(tx, ctx, {
			action: 'user.update',
			entityType: 'user',
			entityId: actor.userId,
			details: { fields: ['locale'] }
		});
	});
	return locale;
}
