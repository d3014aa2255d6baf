import type { Role } from '../domain/statuses';
import type { Locale } from '../../i18n/locale';

/** Who is acting: built from the user's role grants at each request (hooks.server.ts). */
export interface Actor {
	userId: string;
	name: string;
	email: string;
	locale: Locale;
	isAdmin: boolean;
	isExpert: boolean;
	/** Counties this user coordinates (R-ROLE-2). */
	coordinatorCountyIds: readonly string[];
	/** The volunteer record this account belongs to (R-ROLE-3). */
	volunteerId: string | null;
}

export function actorRoles(actor: Actor): Role[] {
	const roles: Role[] = [];
	if (actor.isAdmin) roles.push('admin');
	if (actor.coordinatorCountyIds.length > 0) roles.push('coordinator');
	if (actor.volunteerId) roles.push('volunteer');
	if (actor.isExpert) roles.push('expert');
	return roles;
}

export interface GrantRow {
	role: Role;
	countyId: string | null;
	volunteerId: string | null;
}

export function actorFromGrants(
	user: { id: string; name: string; email: string; locale: Locale },
	grants: readonly GrantRow[]
): Actor {
	return {
		userId: user.id,
		name: user.name,
		email: user.email,
		locale: user.locale,
		isAdmin: grants.some((g) => g.role === 'admin'),
		isExpert: grants.some((g) => g.role === 'expert'),
		coordinatorCountyIds: grants
			.filter((g) => g.role === 'coordinator' && g.countyId)
			.map((g) => g.countyId as string),
		volunteerId: grants.find((g) => g.role === 'volunteer')?.volunteerId ?? null
	};
}
