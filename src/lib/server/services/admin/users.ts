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
import { AppError, invalid, notFound } from '../../errors';
import { LOCALES, type Locale } from '$lib/i18n';
import { recordAudit } from '../core/audit';
import { authorize, requireVolunteer } from '../core/access';
import type { ServiceContext } from '../core/context';
import { emptyToNull, validate } from '../core/validation';
import { issueLink, revokeLinks } from '../auth/links';
import { deleteUserSessions } from '../auth/sessions';
import { enqueueInviteMail, sendQueuedMail } from '../auth/emails';
import { containing } from '../../db/like';

/**
 * User accounts (issue 2, R-ROLE-1, R-ROLE-5): the administrator invites people, grants and
 * revokes roles, disables and enables accounts; a coordinator invites the volunteers of their
 * own county. Every change is audited in its transaction; sessions end when roles change.
 */

export { ROLES, USER_STATUSES };
export type { Role, UserStatus };

const SYSTEM = { kind: 'system' } as const;

export interface GrantInput {
	role: Role;
	countyId?: string | null;
	volunteerId?: string | null;
}

/** A grant as shown on screen: ids plus the county or volunteer it is about. */
export interface GrantView {
	role: Role;
	countyId: string | null;
	countyName: string | null;
	volunteerId: string | null;
	volunteerName: string | null;
}

interface Grant {
	role: Role;
	countyId: string | null;
	volunteerId: string | null;
}

const grantKey = (g: Grant) => `${g.role}:${g.countyId ?? ''}:${g.volunteerId ?? ''}`;

const grantSchema = z
	.object({
		role: z.enum(ROLES, { message: 'error.choice' }),
		countyId: z.preprocess(emptyToNull, z.string().uuid('error.choice').nullish()),
		volunteerId: z.preprocess(emptyToNull, z.string().uuid('error.choice').nullish())
	})
	.transform((g): Grant => ({
		role: g.role,
		countyId: g.role === 'coordinator' ? (g.countyId ?? null) : null,
		volunteerId: g.role === 'volunteer' ? (g.volunteerId ?? null) : null
	}))
	.refine((g) => g.role !== 'coordinator' || g.countyId !== null, {
		message: 'admin.users.grant_county_required'
	})
	.refine((g) => g.role !== 'volunteer' || g.volunteerId !== null, {
		message: 'admin.users.grant_volunteer_required'
	});

const grantsSchema = z
	.array(grantSchema, { message: 'admin.users.grants_required' })
	.min(1, 'admin.users.grants_required')
	.max(50, 'error.too_long')
	.transform((list) => [...new Map(list.map((g) => [grantKey(g), g])).values()])
	.refine((list) => list.filter((g) => g.role === 'volunteer').length <= 1, {
		message: 'admin.users.one_volunteer_record'
	});

const inviteSchema = z.object({
	email: z.string().trim().toLowerCase().email('error.email').max(254, 'error.too_long'),
	name: z.string().trim().min(2, 'error.required').max(200, 'error.too_long'),
	locale: z.enum(LOCALES, { message: 'error.choice' }).default('et'),
	grants: grantsSchema
});

const uuid = z.string().uuid();

/** Unique-constraint violations from either driver (drizzle wraps the driver's error). */
function violatedConstraint(e: unknown): string | null {
	for (let err = e as { code?: string; constraint?: string; cause?: unknown } | undefined; err;) {
		if (err.code === '23505') return err.constraint ?? '';
		err = err.cause as typeof err;
	}
	return null;
}

function mapUniqueViolation(e: unknown): never {
	const constraint = violatedConstraint(e);
	if (constraint === 'app_user_email_uq') throw emailTaken();
	if (constraint === 'role_grant_volunteer_uq') throw volunteerTaken();
	throw e;
}

const emailTaken = () =>
	new AppError('conflict', 'admin.users.email_taken', { email: 'admin.users.email_taken' });
const volunteerTaken = () =>
	new AppError('conflict', 'admin.users.volunteer_has_account', {
		grants: 'admin.users.volunteer_has_account'
	});

/** Grants of several users, with county and volunteer names, in a stable order. */
export async function grantViews(tx: Tx, userIds: readonly string[]) {
	const byUser = new Map<string, GrantView[]>();
	if (userIds.length === 0) return byUser;
	const rows = await tx
		.select({
			userId: roleGrants.userId,
			role: roleGrants.role,
			countyId: roleGrants.countyId,
			countyName: counties.name,
			volunteerId: roleGrants.volunteerId,
			volunteerFirst: volunteers.firstName,
			volunteerLast: volunteers.lastName
		})
		.from(roleGrants)
		.leftJoin(counties, eq(counties.id, roleGrants.countyId))
		.leftJoin(volunteers, eq(volunteers.id, roleGrants.volunteerId))
		.where(inArray(roleGrants.userId, [...userIds]))
		.orderBy(asc(roleGrants.role), asc(counties.name));
	for (const r of rows) {
		const list = byUser.get(r.userId) ?? [];
		list.push({
			role: r.role,
			countyId: r.countyId,
			countyName: r.countyName,
			volunteerId: r.volunteerId,
			volunteerName: r.volunteerFirst ? `${r.volunteerFirst} ${r.volunteerLast}` : null
		});
		byUser.set(r.userId, list);
	}
	return byUser;
}

/** Counties named by the grants; in the details of audit events (ids only). */
function countiesOf(grants: readonly Grant[]): string[] {
	return [...new Set(grants.map((g) => g.countyId).filter((c): c is string => c !== null))];
}

/** Checks that every county and volunteer record a grant names exists and is free. */
async function checkGrantTargets(tx: Tx, grants: readonly Grant[], userId: string | null) {
	const countyIds = countiesOf(grants);
	if (countyIds.length > 0) {
		const found = await tx
			.select({ id: counties.id })
			.from(counties)
			.where(inArray(counties.id, countyIds));
		if (found.length !== countyIds.length) throw invalid({ grants: 'error.choice' });
	}
	const volunteerGrant = grants.find((g) => g.role === 'volunteer');
	if (!volunteerGrant?.volunteerId) return null;
	const [volunteer] = await tx
		.select({ id: volunteers.id, countyId: volunteers.countyId })
		.from(volunteers)
		.where(eq(volunteers.id, volunteerGrant.volunteerId));
	if (!volunteer) throw invalid({ grants: 'error.choice' });
	const [linked] = await tx
		.select({ userId: roleGrants.userId })
		.from(roleGrants)
		.where(eq(roleGrants.volunteerId, volunteer.id));
	if (linked && linked.userId !== userId) throw volunteerTaken();
	return volunteer;
}

/**
 * Refuses a change that would leave no active administrator. Locks the admin grants first so
 * two administrators removing each other at the same moment cannot both succeed.
 */
async function ensureAnotherAdminRemains(tx: Tx, losingUserId: string) {
	await tx
		.select({ id: roleGrants.id })
		.from(roleGrants)
		.where(eq(roleGrants.role, 'admin'))
		.for('update');
	const [row] = await tx
		.select({ id: roleGrants.id })
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.where(
			and(
				eq(roleGrants.role, 'admin'),
				eq(users.status, 'active'),
				ne(roleGrants.userId, losingUserId)
			)
		)
		.limit(1);
	if (!row) throw invalid({}, 'admin.users.last_admin');
}

/** Sessions issued before are void (validateSession compares the version) and deleted. */
async function endSessions(tx: Tx, userId: string, now: Date) {
	await tx
		.update(users)
		.set({ securityVersion: sql`${users.securityVersion} + 1`, updatedAt: now })
		.where(eq(users.id, userId));
	await deleteUserSessions(tx, userId);
}

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
	const pageSize = Math.min(Math.max(filter.pageSize ?? 25, 1), 100);
	const page = Math.max(Math.trunc(filter.page ?? 1) || 1, 1);
	const rows = await ctx.db
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
		.limit(pageSize + 1)
		.offset((page - 1) * pageSize);
	const shown = rows.slice(0, pageSize);
	const grants = await grantViews(
		ctx.db,
		shown.map((r) => r.id)
	);
	await recordAudit(ctx.db, ctx, {
		action: 'user.list',
		entityType: 'user',
		details: { count: shown.length, page }
	});
	return {
		rows: shown.map((r) => ({ ...r, grants: grants.get(r.id) ?? [] })),
		hasMore: rows.length > pageSize,
		page
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

/**
 * The grant fields of the invite and edit forms (checkboxes "admin" and "expert", county
 * checkboxes "countyIds", a volunteer record select "volunteerId") for `parseForm`.
 */
export const grantFormFields = {
	admin: z.string().max(10).optional(),
	expert: z.string().max(10).optional(),
	countyIds: z.preprocess(
		(v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
		z.array(z.string().max(64)).max(50)
	),
	volunteerId: z.string().max(64).optional()
};

export function grantsFromForm(f: {
	admin?: string;
	expert?: string;
	countyIds: string[];
	volunteerId?: string;
}): GrantInput[] {
	const grants: GrantInput[] = [];
	if (f.admin) grants.push({ role: 'admin' });
	if (f.expert) grants.push({ role: 'expert' });
	for (const countyId of f.countyIds) grants.push({ role: 'coordinator', countyId });
	if (f.volunteerId) grants.push({ role: 'volunteer', volunteerId: f.volunteerId });
	return grants;
}
