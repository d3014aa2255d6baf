import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import { counties, roleGrants, users, volunteers } from '../../db/schema';
import { ROLES, type Role } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import { invalid } from '../../errors';
import { emptyToNull } from '../core/validation';
import { volunteerTaken } from './account-conflicts';

/**
 * The roles of an account (R-ROLE-1): admin, expert, coordinator of a county, volunteer with
 * their record. Validation, the names shown beside them, the checks a change must pass, and
 * the grant fields of the account forms.
 */

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

export interface Grant {
	role: Role;
	countyId: string | null;
	volunteerId: string | null;
}

export const grantKey = (g: Grant) => `${g.role}:${g.countyId ?? ''}:${g.volunteerId ?? ''}`;

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

export const grantsSchema = z
	.array(grantSchema, { message: 'admin.users.grants_required' })
	.min(1, 'admin.users.grants_required')
	.max(50, 'error.too_long')
	.transform((list) => [...new Map(list.map((g) => [grantKey(g), g])).values()])
	.refine((list) => list.filter((g) => g.role === 'volunteer').length <= 1, {
		message: 'admin.users.one_volunteer_record'
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
export function countiesOf(grants: readonly Grant[]): string[] {
	return [...new Set(grants.map((g) => g.countyId).filter((c): c is string => c !== null))];
}

/** Checks that every county and volunteer record a grant names exists and is free. */
export async function checkGrantTargets(tx: Tx, grants: readonly Grant[], userId: string | null) {
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
export async function ensureAnotherAdminRemains(tx: Tx, losingUserId: string) {
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
