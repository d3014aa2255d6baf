import { and, eq, isNull } from 'drizzle-orm';
import { roleGrants, userTokens, users } from '../../db/schema';
import { invalid } from '../../errors';
import { checkPassword } from '../../domain/password-policy';
import { logger } from '../../log';
import { recordAudit } from '../core/audit';
import type { ServiceContext } from '../core/context';
import { consumeLink, issueLink, linkIsValid } from './links';
import { hashPassword } from './passwords';
import { createSession, type NewSession } from './sessions';

export async function hasAdministrator(ctx: Pick<ServiceContext, 'db'>): Promise<boolean> {
	const [row] = await ctx.db
		.select({ id: roleGrants.id })
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.where(and(eq(roleGrants.role, 'admin'), eq(users.status, 'active')))
		.limit(1);
	return row !== undefined;
}

/**
 * First run (issue 2): with no administrator, either create one from ADMIN_EMAIL and
 * ADMIN_PASSWORD, or print a one-time setup link to the log. Never a default password; nobody
 * who merely reaches the server first can claim it — they need the link from the log.
 * Returns the setup link when one was made.
 */
export async function ensureFirstAdministrator(
	ctx: ServiceContext,
	baseUrl: string
): Promise<string | null> {
	if (await hasAdministrator(ctx)) return null;
	const { ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_NAME } = ctx.config;
	if (ADMIN_EMAIL && ADMIN_PASSWORD) {
		const problem = checkPassword(ADMIN_PASSWORD, {
			minLength: ctx.config.PASSWORD_MIN_LENGTH,
			context: [ADMIN_EMAIL, ADMIN_NAME]
		});
		if (problem)
			throw new Error(`ADMIN_PASSWORD is refused (${problem}); choose a longer, uncommon one`);
		const passwordHash = await hashPassword(ADMIN_PASSWORD);
		await ctx.db.transaction(async (tx) => {
			const email = ADMIN_EMAIL.toLowerCase();
			const [existing] = await tx.select().from(users).where(eq(users.email, email));
			const user =
				existing ??
				(
					await tx
						.insert(users)
						.values({ email, name: ADMIN_NAME, passwordHash, status: 'active' })
						.returning()
				)[0]!;
			await tx.insert(roleGrants).values({ userId: user.id, role: 'admin' }).onConflictDoNothing();
			await recordAudit(tx, ctx, {
				action: 'auth.setup_admin',
				actorUserId: user.id,
				entityType: 'user',
				entityId: user.id,
				details: { via: 'environment' }
			});
		});
		logger.info('first administrator created from ADMIN_EMAIL');
		return null;
	}
	const token = await ctx.db.transaction(async (tx) => {
		await tx
			.delete(userTokens)
			.where(and(eq(userTokens.purpose, 'setup'), isNull(userTokens.userId)));
		return issueLink(tx, 'setup', null, ctx.now());
	});
	const link = `${baseUrl.replace(/\/$/, '')}/setup?token=${token}`;
	logger.warn('no administrator yet: open the one-time setup link printed below (valid 24 hours)');
	process.stdout.write(`\nSeltsiline setup link (one-time, 24 h): ${link}\n\n`);
	return link;
}

export interface SetupInput {
	token: string;
	email: string;
	name: string;
	password: string;
	userAgent: string | null;
}

/** Creates the first administrator from the setup link and logs them in. */
export async function completeSetup(ctx: ServiceContext, input: SetupInput): Promise<NewSession> {
	const email = input.email.trim().toLowerCase();
	const problem = checkPassword(input.password, {
		minLength: ctx.config.PASSWORD_MIN_LENGTH,
		context: [email, input.name]
	});
	if (problem) throw invalid({ password: problem });
	const passwordHash = await hashPassword(input.password);
	return ctx.db.transaction(async (tx) => {
		const now = ctx.now();
		await consumeLink(tx, input.token, 'setup', now);
		const [user] = await tx
			.insert(users)
			.values({ email, name: input.name.trim(), passwordHash, status: 'active', lastLoginAt: now })
			.returning();
		await tx.insert(roleGrants).values({ userId: user!.id, role: 'admin' });
		await recordAudit(tx, ctx, {
			action: 'auth.setup_admin',
			actorUserId: user!.id,
			entityType: 'user',
			entityId: user!.id,
			details: { via: 'setup_link' }
		});
		return createSession(
			tx,
			user!,
			now,
			{
				idleMinutes: ctx.config.SESSION_IDLE_MINUTES,
				absoluteHours: ctx.config.SESSION_ABSOLUTE_HOURS
			},
			{ ip: ctx.ip, userAgent: input.userAgent }
		);
	});
}

/** Whether the setup page should show its form. */
export async function setupLinkIsValid(ctx: ServiceContext, token: string): Promise<boolean> {
	if (await hasAdministrator(ctx)) return false;
	return linkIsValid(ctx.db, token, 'setup', ctx.now());
}
