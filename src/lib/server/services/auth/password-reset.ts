import { and, eq, sql } from 'drizzle-orm';
import { users } from '../../db/schema';
import { AppError, invalid } from '../../errors';
import { checkPassword } from '../../domain/password-policy';
import { recordAudit } from '../core/audit';
import type { ServiceContext } from '../core/context';
import { enqueueResetMail, sendQueuedMail } from './emails';
import { consumeLink, issueLink, linkUserId, revokeLinks } from './links';
import { hashPassword } from './passwords';
import { deleteUserSessions } from './sessions';

/** Password reset by e-mail link (issue 2): single use, valid one hour, no user enumeration. */

/** Requests per hour: from one IP address, and for one e-mail address. */
export const RESET_REQUESTS_PER_IP = 10;
export const RESET_REQUESTS_PER_EMAIL = 3;

/**
 * Mails a reset link to an active account with this address. The caller always gets the same
 * answer whether or not the account exists; the e-mail is sent in the background so that the
 * response time does not tell either. Throttled per IP (a visible "try later") and per
 * address (silently: no mail bombing, nothing to learn).
 */
export async function requestPasswordReset(ctx: ServiceContext, email: string): Promise<void> {
	const address = email.trim().toLowerCase();
	if (ctx.ip && !(await ctx.throttle.consume('reset_ip', ctx.ip, RESET_REQUESTS_PER_IP))) {
		await recordAudit(ctx.db, ctx, {
			action: 'auth.password_reset_requested',
			outcome: 'denied',
			details: { reason: 'throttled_ip' }
		});
		throw new AppError('rate_limited', 'auth.forgot.throttled');
	}
	// The throttle stores only a hash of the address (and of the IP), never the address itself.
	const addressAllowed = await ctx.throttle.consume(
		'reset_email',
		address,
		RESET_REQUESTS_PER_EMAIL
	);
	const [user] = address
		? await ctx.db
				.select({
					id: users.id,
					email: users.email,
					name: users.name,
					locale: users.locale,
					status: users.status
				})
				.from(users)
				.where(eq(users.email, address))
				.limit(1)
		: [];
	const send = user !== undefined && user.status === 'active' && addressAllowed;
	await ctx.db.transaction(async (tx) => {
		if (send) {
			const token = await issueLink(tx, 'password_reset', user.id, ctx.now());
			await enqueueResetMail(tx, ctx, user, token);
		}
		await recordAudit(tx, ctx, {
			action: 'auth.password_reset_requested',
			actorUserId: user?.id ?? null,
			entityType: user ? 'user' : undefined,
			entityId: user?.id ?? null,
			outcome: send ? 'success' : addressAllowed ? 'failure' : 'denied',
			details: { sent: send, ...(addressAllowed ? {} : { reason: 'throttled_email' }) }
		});
	});
	if (send) void sendQueuedMail(ctx);
}

async function resetUser(ctx: ServiceContext, token: string) {
	if (!token) return null;
	const userId = await linkUserId(ctx.db, token, 'password_reset', ctx.now());
	if (!userId) return null;
	const [user] = await ctx.db
		.select({ id: users.id, email: users.email, name: users.name, status: users.status })
		.from(users)
		.where(eq(users.id, userId));
	return user && user.status === 'active' ? user : null;
}

/** For the reset page: may this link still be used? */
export async function resetLinkIsValid(ctx: ServiceContext, token: string): Promise<boolean> {
	return (await resetUser(ctx, token)) !== null;
}

export interface ResetPasswordInput {
	token: string;
	password: string;
}

/**
 * Uses the reset link once: a new password (NIST rules), every session of the user ended and
 * every other reset link voided. The user then logs in with the new password.
 */
export async function resetPassword(ctx: ServiceContext, input: ResetPasswordInput): Promise<void> {
	const user = await resetUser(ctx, input.token);
	if (!user) throw invalid({}, 'auth.link_invalid');
	const problem = checkPassword(input.password, {
		minLength: ctx.config.PASSWORD_MIN_LENGTH,
		context: [user.email, user.name, 'seltsiline']
	});
	if (problem) throw invalid({ password: problem });
	const passwordHash = await hashPassword(input.password);
	await ctx.db.transaction(async (tx) => {
		const now = ctx.now();
		const link = await consumeLink(tx, input.token, 'password_reset', now);
		const [updated] = await tx
			.update(users)
			.set({
				passwordHash,
				securityVersion: sql`${users.securityVersion} + 1`,
				updatedAt: now
			})
			.where(and(eq(users.id, link.userId ?? user.id), eq(users.status, 'active')))
			.returning({ id: users.id });
		if (!updated || updated.id !== user.id) throw invalid({}, 'auth.link_invalid');
		await deleteUserSessions(tx, user.id);
		await revokeLinks(tx, user.id, 'password_reset', now);
		await recordAudit(tx, ctx, {
			action: 'auth.password_reset',
			actorUserId: user.id,
			entityType: 'user',
			entityId: user.id
		});
	});
	// Whoever holds the mailbox may log in again even if the account was locked by guessing.
	await ctx.throttle.recordSuccess(user.email);
}
