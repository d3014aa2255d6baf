import {
	and,
	asc,
	eq,
	exists,
	gt,
	ilike,
	inArray,
	isNull,
	ne,
	notExists,
	or,
	sql
} from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import { counties, roleGrants, users, userTokens, volunteers } from '../../db/schema';
import { ROLES, USER_STATUSES, type Role, type UserStatus } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import { invalid, notFound } from '../../errors';
import type { Locale } from '$lib/i18n';
import { recordAudit } from '../core/audit';
import { authorize } from '../core/access';
import type { ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { revokeLinks } from '../auth/links';
import { deleteUserSessions } from '../auth/sessions';
import { containing } from '../../db/like';
import { listPage, pageRows } from '../core/paging';
import { mapUniqueViolation } from './account-conflicts';
import {
	checkGrantTargets,
	countiesOf,
	ensureAnotherAdminRemains,
	grantKey,
	grantsSchema,
	grantViews,
	type GrantInput,
	type GrantView
} from './grants';

/**
 * User accounts (issue 2, R-ROLE-1, R-ROLE-5): the administrator invites people, grants and
 * revokes roles, disables and enables accounts; a coordinator invites the volunteers of their
 * own county. Every change is audited in its transaction; sessions end when roles change.
 *
 * This file holds the list, the account page and its changes; beside it: new accounts
 * (user-invitations.ts), the roles (grants.ts), e-mail and volunteer conflicts
 * (account-conflicts.ts).
 */

const SYSTEM = { kind: 'system' } as const;

const uuid = z.string().uuid();

/** Sessions issued before are void (validateSession compares the version) and deleted. */
async function endSessions(tx: Tx, userId: string, now: Date) {
	await tx
		.update(users)
		.set({ securityVersion: sql`${users.securityVersion} + 1`, updatedAt: now })
		.where(eq(users.id, userId));
	await deleteUserSessions(tx, userId);
}

export interface UserListFilter {
	q?: string;
	role?: string;
	status?: string;
	page?: number;
	pageSize?: number;
}

export interface UserListRow {
	id: string;
	name: string;
	email: string;
	status: UserStatus;
	lastLoginAt: Date | null;
	createdAt: Date;
	grants: GrantView[];
}

/** The administrator's list of accounts: search by name or e-mail, filter by role and status. */
export async function listUsers(
	ctx: ServiceContext,
	filter: UserListFilter = {}
): Promise<{ rows: UserListRow[]; hasMore: boolean; page: number }> {
	await authorize(ctx, 'user:manage', SYSTEM, { action: 'user.list', entityType: 'user' });
	const where: SQL[] = [];
	const q = filter.q?.trim();
	if (q) {
		const pattern = containing(q);
		where.push(or(ilike(users.name, pattern), ilike(users.email, pattern))!);
	}
	if (filter.role && (ROLES as readonly string[]).includes(filter.role)) {
		where.push(
			exists(
				ctx.db
					.select({ one: sql`1` })
					.from(roleGrants)
					.where(and(eq(roleGrants.userId, users.id), eq(roleGrants.role, filter.role as Role)))
			)
		);
	}
	if (filter.status && (USER_STATUSES as readonly string[]).includes(filter.status)) {
		where.push(eq(users.status, filter.status as UserStatus));
	}
	const paging = listPage(filter);
	const read = await ctx.db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			status: users.status,
			lastLoginAt: users.lastLoginAt,
			createdAt: users.createdAt
		})
		.from(users)
		.where(and(...where))
		.orderBy(asc(users.name), asc(users.email), asc(users.id))
		.limit(paging.limit)
		.offset(paging.offset);
	const { rows: shown, hasMore } = pageRows(read, paging);
	const grants = await grantViews(
		ctx.db,
		shown.map((r) => r.id)
	);
	await recordAudit(ctx.db, ctx, {
		action: 'user.list',
		entityType: 'user',
		details: { count: shown.length, page: paging.page }
	});
	return {
		rows: shown.map((r) => ({ ...r, grants: grants.get(r.id) ?? [] })),
		hasMore,
		page: paging.page
	};
}

export interface UserDetail {
	id: string;
	name: string;
	email: string;
	status: UserStatus;
	locale: Locale;
	createdAt: Date;
	lastLoginAt: Date | null;
	grants: GrantView[];
	/** When the newest unused invitation link expires (invited users only). */
	inviteExpiresAt: Date | null;
	/** The administrator looking at their own account (cannot disable it or drop admin). */
	isSelf: boolean;
}

/** One account for the administrator (audited as a view of personal data). */
export async function getUser(ctx: ServiceContext, id: string): Promise<UserDetail> {
	await authorize(ctx, 'user:manage', SYSTEM, {
		action: 'user.view',
		entityType: 'user',
		entityId: id
	});
	if (!uuid.safeParse(id).success) throw notFound();
	const [user] = await ctx.db.select().from(users).where(eq(users.id, id));
	if (!user) throw notFound();
	const grants = await grantViews(ctx.db, [id]);
	const [link] = await ctx.db
		.select({ expiresAt: userTokens.expiresAt })
		.from(userTokens)
		.where(
			and(
				eq(userTokens.userId, id),
				eq(userTokens.purpose, 'invite'),
				isNull(userTokens.usedAt),
				gt(userTokens.expiresAt, ctx.now())
			)
		)
		.orderBy(sql`${userTokens.expiresAt} desc`)
		.limit(1);
	await recordAudit(ctx.db, ctx, { action: 'user.view', entityType: 'user', entityId: id });
	return {
		id: user.id,
		name: user.name,
		email: user.email,
		status: user.status,
		locale: user.locale,
		createdAt: user.createdAt,
		lastLoginAt: user.lastLoginAt,
		grants: grants.get(id) ?? [],
		inviteExpiresAt: user.status === 'invited' ? (link?.expiresAt ?? null) : null,
		isSelf: ctx.actor?.userId === id
	};
}

export interface UserFormOptions {
	counties: { id: string; name: string }[];
	/** Volunteer records without an account (plus the one linked to the user being edited). */
	volunteers: { id: string; name: string; countyName: string }[];
}

/** What the invite and grant forms offer: counties, and volunteer records free to link. */
export async function userFormOptions(
	ctx: ServiceContext,
	forUserId: string | null = null
): Promise<UserFormOptions> {
	await authorize(ctx, 'user:manage', SYSTEM, { action: 'user.view', entityType: 'user' });
	const countyRows = await ctx.db
		.select({ id: counties.id, name: counties.name })
		.from(counties)
		.orderBy(asc(counties.name));
	const linkedElsewhere = ctx.db
		.select({ one: sql`1` })
		.from(roleGrants)
		.where(
			and(
				eq(roleGrants.volunteerId, volunteers.id),
				forUserId && uuid.safeParse(forUserId).success
					? ne(roleGrants.userId, forUserId)
					: undefined
			)
		);
	const volunteerRows = await ctx.db
		.select({
			id: volunteers.id,
			firstName: volunteers.firstName,
			lastName: volunteers.lastName,
			countyName: counties.name
		})
		.from(volunteers)
		.innerJoin(counties, eq(counties.id, volunteers.countyId))
		.where(and(ne(volunteers.status, 'ended'), notExists(linkedElsewhere)))
		.orderBy(asc(counties.name), asc(volunteers.lastName), asc(volunteers.firstName));
	await recordAudit(ctx.db, ctx, {
		action: 'volunteer.list',
		entityType: 'volunteer',
		details: { count: volunteerRows.length, purpose: 'account_form' }
	});
	return {
		counties: countyRows,
		volunteers: volunteerRows.map((v) => ({
			id: v.id,
			name: `${v.firstName} ${v.lastName}`,
			countyName: v.countyName
		}))
	};
}

/**
 * Replaces the user's grants with `grants`. When anything changes, the user's sessions end
 * (they log in again with the new rights). An administrator cannot drop their own admin grant.
 */
export async function updateGrants(
	ctx: ServiceContext,
	userId: string,
	grants: GrantInput[]
): Promise<void> {
	await authorize(ctx, 'user:manage', SYSTEM, {
		action: 'user.grant',
		entityType: 'user',
		entityId: userId
	});
	if (!uuid.safeParse(userId).success) throw notFound();
	const wanted = validate(z.object({ grants: grantsSchema }), { grants }).grants;
	if (userId === ctx.actor?.userId && !wanted.some((g) => g.role === 'admin')) {
		throw invalid(
			{ grants: 'admin.users.cannot_remove_own_admin' },
			'admin.users.cannot_remove_own_admin'
		);
	}
	try {
		await ctx.db.transaction(async (tx) => {
			const now = ctx.now();
			const [user] = await tx
				.select({ id: users.id })
				.from(users)
				.where(eq(users.id, userId))
				.for('update');
			if (!user) throw notFound();
			const current = await tx
				.select({
					id: roleGrants.id,
					role: roleGrants.role,
					countyId: roleGrants.countyId,
					volunteerId: roleGrants.volunteerId
				})
				.from(roleGrants)
				.where(eq(roleGrants.userId, userId));
			const wantedKeys = new Set(wanted.map(grantKey));
			const currentKeys = new Set(current.map(grantKey));
			const removed = current.filter((g) => !wantedKeys.has(grantKey(g)));
			const added = wanted.filter((g) => !currentKeys.has(grantKey(g)));
			if (removed.length === 0 && added.length === 0) return;
			if (removed.some((g) => g.role === 'admin')) await ensureAnotherAdminRemains(tx, userId);
			const volunteer = await checkGrantTargets(tx, added, userId);
			if (removed.length > 0) {
				await tx.delete(roleGrants).where(
					inArray(
						roleGrants.id,
						removed.map((g) => g.id)
					)
				);
			}
			if (added.length > 0) {
				await tx.insert(roleGrants).values(
					added.map((g) => ({
						userId,
						role: g.role,
						countyId: g.countyId,
						volunteerId: g.volunteerId,
						grantedBy: ctx.actor?.userId ?? null,
						createdAt: now
					}))
				);
			}
			await endSessions(tx, userId, now);
			const countyIds = countiesOf([...added, ...removed]);
			if (volunteer) countyIds.push(volunteer.countyId);
			await recordAudit(tx, ctx, {
				action: 'user.grant',
				entityType: 'user',
				entityId: userId,
				countyId: countyIds.length === 1 ? countyIds[0] : null,
				details: { added: added.map(grantKey), removed: removed.map(grantKey) }
			});
		});
	} catch (e) {
		mapUniqueViolation(e);
	}
}

/** Disables an account: the user cannot log in, their sessions and open links end. */
export async function disableUser(ctx: ServiceContext, userId: string): Promise<void> {
	await authorize(ctx, 'user:manage', SYSTEM, {
		action: 'user.disable',
		entityType: 'user',
		entityId: userId
	});
	if (!uuid.safeParse(userId).success) throw notFound();
	if (userId === ctx.actor?.userId) throw invalid({}, 'admin.users.cannot_disable_self');
	await ctx.db.transaction(async (tx) => {
		const now = ctx.now();
		const [user] = await tx
			.select({ id: users.id, status: users.status })
			.from(users)
			.where(eq(users.id, userId))
			.for('update');
		if (!user) throw notFound();
		if (user.status === 'disabled') return;
		const [admin] = await tx
			.select({ id: roleGrants.id })
			.from(roleGrants)
			.where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'admin')));
		if (admin) await ensureAnotherAdminRemains(tx, userId);
		await tx.update(users).set({ status: 'disabled', updatedAt: now }).where(eq(users.id, userId));
		await endSessions(tx, userId, now);
		await revokeLinks(tx, userId, 'invite', now);
		await revokeLinks(tx, userId, 'password_reset', now);
		await recordAudit(tx, ctx, {
			action: 'user.disable',
			entityType: 'user',
			entityId: userId,
			details: { previousStatus: user.status }
		});
	});
}

/**
 * Enables a disabled account again: active when it has a password, otherwise back to invited
 * (its old invitation was voided on disabling: send a new one with `resendInvite`).
 */
export async function enableUser(ctx: ServiceContext, userId: string): Promise<void> {
	await authorize(ctx, 'user:manage', SYSTEM, {
		action: 'user.enable',
		entityType: 'user',
		entityId: userId
	});
	if (!uuid.safeParse(userId).success) throw notFound();
	await ctx.db.transaction(async (tx) => {
		const [user] = await tx
			.select({ id: users.id, status: users.status, passwordHash: users.passwordHash })
			.from(users)
			.where(eq(users.id, userId))
			.for('update');
		if (!user) throw notFound();
		if (user.status !== 'disabled') return;
		const status: UserStatus = user.passwordHash ? 'active' : 'invited';
		await tx.update(users).set({ status, updatedAt: ctx.now() }).where(eq(users.id, userId));
		await recordAudit(tx, ctx, {
			action: 'user.enable',
			entityType: 'user',
			entityId: userId,
			details: { status }
		});
	});
}
