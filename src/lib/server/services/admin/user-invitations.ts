import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { roleGrants, users } from '../../db/schema';
import type { Tx } from '../../db/client';
import { invalid, notFound } from '../../errors';
import { LOCALES, type Locale } from '$lib/i18n';
import { recordAudit } from '../core/audit';
import { authorize, requireVolunteer } from '../core/access';
import type { ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { issueLink, revokeLinks } from '../auth/links';
import { enqueueInviteMail, sendQueuedMail } from '../auth/emails';
import { emailTaken, mapUniqueViolation } from './account-conflicts';
import { checkGrantTargets, countiesOf, grantsSchema, type Grant, type GrantInput } from './grants';

/**
 * New accounts (issue 2, R-ROLE-1): the administrator invites anyone with their roles, a
 * coordinator the volunteers of their own county; a pending invitation can be sent again.
 * The user, grants, the single-use link and its e-mail are written in one transaction.
 */

const SYSTEM = { kind: 'system' } as const;

const uuid = z.string().uuid();

const inviteSchema = z.object({
	email: z.string().trim().toLowerCase().email('error.email').max(254, 'error.too_long'),
	name: z.string().trim().min(2, 'error.required').max(200, 'error.too_long'),
	locale: z.enum(LOCALES, { message: 'error.choice' }).default('et'),
	grants: grantsSchema
});

interface NewAccount {
	email: string;
	name: string;
	locale: Locale;
	grants: readonly Grant[];
}

/** Inserts an invited user with grants, an invitation link and its e-mail (one transaction). */
async function createInvitedUser(tx: Tx, ctx: ServiceContext, input: NewAccount) {
	const now = ctx.now();
	const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
	if (taken) throw emailTaken();
	const [user] = await tx
		.insert(users)
		.values({
			email: input.email,
			name: input.name,
			locale: input.locale,
			status: 'invited',
			createdAt: now,
			updatedAt: now
		})
		.returning({ id: users.id });
	const userId = user!.id;
	await tx.insert(roleGrants).values(
		input.grants.map((g) => ({
			userId,
			role: g.role,
			countyId: g.countyId,
			volunteerId: g.volunteerId,
			grantedBy: ctx.actor?.userId ?? null,
			createdAt: now
		}))
	);
	const token = await issueLink(tx, 'invite', userId, now);
	await enqueueInviteMail(tx, ctx, input, token);
	return userId;
}

export interface InviteInput {
	email: string;
	name: string;
	locale?: Locale;
	grants: GrantInput[];
}

/**
 * The administrator creates an account: the user, their grants, a single-use invitation link
 * and its e-mail are written in one transaction (all or nothing); the e-mail goes out after
 * commit. Returns the new user's id.
 */
export async function inviteUser(ctx: ServiceContext, input: InviteInput): Promise<string> {
	await authorize(ctx, 'user:manage', SYSTEM, { action: 'user.invite', entityType: 'user' });
	const data = validate(inviteSchema, input);
	let userId: string;
	try {
		userId = await ctx.db.transaction(async (tx) => {
			const volunteer = await checkGrantTargets(tx, data.grants, null);
			const id = await createInvitedUser(tx, ctx, data);
			const countyIds = countiesOf(data.grants);
			if (volunteer) countyIds.push(volunteer.countyId);
			await recordAudit(tx, ctx, {
				action: 'user.invite',
				entityType: 'user',
				entityId: id,
				countyId: countyIds.length === 1 ? countyIds[0] : null,
				details: { roles: [...new Set(data.grants.map((g) => g.role))], counties: countyIds }
			});
			return id;
		});
	} catch (e) {
		mapUniqueViolation(e);
	}
	await sendQueuedMail(ctx);
	return userId;
}

/**
 * A coordinator (own county only) or the administrator creates an account for a volunteer
 * record: the record needs an e-mail address and no account yet. Returns the new user's id.
 */
export async function inviteVolunteerAccount(
	ctx: ServiceContext,
	volunteerId: string
): Promise<string> {
	const { row } = await requireVolunteer(ctx, volunteerId, 'volunteer:invite', 'volunteer.invite');
	if (row.status === 'ended') throw invalid({}, 'admin.users.volunteer_ended');
	// Candidates are not vetted yet and paused volunteers meet nobody: only active ones get in.
	if (row.status !== 'active') throw invalid({}, 'volunteer_invite.not_active');
	const email = row.email?.trim().toLowerCase();
	if (!email || !z.string().email().safeParse(email).success) {
		throw invalid({}, 'admin.users.volunteer_no_email');
	}
	let userId: string;
	try {
		userId = await ctx.db.transaction(async (tx) => {
			const grants: Grant[] = [{ role: 'volunteer', countyId: null, volunteerId: row.id }];
			await checkGrantTargets(tx, grants, null);
			const id = await createInvitedUser(tx, ctx, {
				email,
				name: `${row.firstName} ${row.lastName}`.trim(),
				locale: 'et',
				grants
			});
			await recordAudit(tx, ctx, {
				action: 'volunteer.invite',
				entityType: 'volunteer',
				entityId: row.id,
				countyId: row.countyId,
				details: { userId: id }
			});
			await recordAudit(tx, ctx, {
				action: 'user.invite',
				entityType: 'user',
				entityId: id,
				countyId: row.countyId,
				details: { roles: ['volunteer'], volunteerId: row.id }
			});
			return id;
		});
	} catch (e) {
		mapUniqueViolation(e);
	}
	await sendQueuedMail(ctx);
	return userId;
}

/** Sends a new invitation link to a user who has not accepted yet; earlier links stop working. */
export async function resendInvite(ctx: ServiceContext, userId: string): Promise<void> {
	await authorize(ctx, 'user:manage', SYSTEM, {
		action: 'user.invite',
		entityType: 'user',
		entityId: userId
	});
	if (!uuid.safeParse(userId).success) throw notFound();
	await ctx.db.transaction(async (tx) => {
		const now = ctx.now();
		const [user] = await tx
			.select({
				id: users.id,
				email: users.email,
				name: users.name,
				locale: users.locale,
				status: users.status
			})
			.from(users)
			.where(eq(users.id, userId))
			.for('update');
		if (!user) throw notFound();
		if (user.status !== 'invited') throw invalid({}, 'admin.users.not_invited');
		await revokeLinks(tx, userId, 'invite', now);
		const token = await issueLink(tx, 'invite', userId, now);
		await enqueueInviteMail(tx, ctx, user, token);
		await recordAudit(tx, ctx, {
			action: 'user.invite',
			entityType: 'user',
			entityId: userId,
			details: { resend: true }
		});
	});
	await sendQueuedMail(ctx);
}
