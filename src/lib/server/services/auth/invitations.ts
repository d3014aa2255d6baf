import { and, eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { invalid } from '../../errors';
import { checkPassword } from '../../domain/password-policy';
import { recordAudit } from '../core/audit';
import type { ServiceContext } from '../core/context';
import { consumeLink, linkUserId, revokeLinks } from './links';
import { hashPassword } from './passwords';
import { createSession, type NewSession } from './sessions';

/** Accepting an invitation (issue 2): the invited user chooses a password and is logged in. */

async function invitee(ctx: ServiceContext, token: string) {
	if (!token) return null;
	const userId = await linkUserId(ctx.db, token, 'invite', ctx.now());
	if (!userId) return null;
	const [user] = await ctx.db
		.select({ id: users.id, name: users.name, email: users.email, status: users.status })
		.from(users)
		.where(eq(users.id, userId));
	return user && user.status === 'invited' ? user : null;
}

/** For the invitation page: whose link this is, or null when it is used, expired or void. */
export async function inviteLinkInfo(
	ctx: ServiceContext,
	token: string
): Promise<{ name: string; email: string } | null> {
	const user = await invitee(ctx, token);
	return user ? { name: user.name, email: user.email } : null;
}

export interface AcceptInviteInput {
	token: string;
	password: string;
	userAgent: string | null;
}

/**
 * Uses the invitation link once: sets the password (NIST rules), activates the account and
 * starts a session. A refused password leaves the link usable for another try.
 */
export async function acceptInvite(
	ctx: ServiceContext,
	input: AcceptInviteInput
): Promise<NewSession> {
	const user = await invitee(ctx, input.token);
	if (!user) throw invalid({}, 'auth.link_invalid');
	const problem = checkPassword(input.password, {
		minLength: ctx.config.PASSWORD_MIN_LENGTH,
		context: [user.email, user.name, 'seltsiline']
	});
	if (problem) throw invalid({ password: problem });
	const passwordHash = await hashPassword(input.password);
	return ctx.db.transaction(async (tx) => {
		const now = ctx.now();
		const link = await consumeLink(tx, input.token, 'invite', now);
		const [active] = await tx
			.update(users)
			.set({ passwordHash, status: 'active', lastLoginAt: now, updatedAt: now })
			.where(and(eq(users.id, link.userId ?? user.id), eq(users.status, 'invited')))
			.returning({ id: users.id, securityVersion: users.securityVersion });
		if (!active || active.id !== user.id) throw invalid({}, 'auth.link_invalid');
		await revokeLinks(tx, active.id, 'invite', now);
		await recordAudit(tx, ctx, {
			action: 'user.accept_invite',
			actorUserId: active.id,
			entityType: 'user',
			entityId: active.id
		});
		return createSession(
			tx,
			active,
			now,
			{
				idleMinutes: ctx.config.SESSION_IDLE_MINUTES,
				absoluteHours: ctx.config.SESSION_ABSOLUTE_HOURS
			},
			{ ip: ctx.ip, userAgent: input.userAgent }
		);
	});
}
