import { canAnywhere } from '../policy/policy';
import type { Actor } from '../policy/actor';
import { actorRoles } from '../policy/actor';

export interface NavItem {
	href: string;
	label: string;
}

/** The menu shows each role only what it may use (from the same permission table). */
export function navigationFor(actor: Actor | null): NavItem[] {
	if (!actor) return [];
	const items: NavItem[] = [{ href: '/', label: 'nav.home' }];
	if (actor.volunteerId && !actor.isAdmin && actor.coordinatorCountyIds.length === 0) {
		items.push({ href: '/clients', label: 'nav.my_clients' });
	} else if (canAnywhere(actor, 'client:list')) {
		items.push({ href: '/clients', label: 'nav.clients' });
	}
	if (canAnywhere(actor, 'attention:read'))
		items.push({ href: '/attention', label: 'nav.attention' });
	if (canAnywhere(actor, 'volunteer:list'))
		items.push({ href: '/volunteers', label: 'nav.volunteers' });
	if (canAnywhere(actor, 'application:read'))
		items.push({ href: '/applications', label: 'nav.applications' });
	if (canAnywhere(actor, 'partner:read')) items.push({ href: '/partners', label: 'nav.partners' });
	if (canAnywhere(actor, 'event:read')) items.push({ href: '/events', label: 'nav.events' });
	if (canAnywhere(actor, 'story:read')) items.push({ href: '/stories', label: 'nav.stories' });
	// The county's project folder and its intake inbox (issue 22, R-DOC-1, R-MAP-3).
	if (canAnywhere(actor, 'intake:read')) items.push({ href: '/documents', label: 'nav.folder' });
	if (canAnywhere(actor, 'analysis:read')) items.push({ href: '/analysis', label: 'nav.analysis' });
	if (canAnywhere(actor, 'report:manage')) items.push({ href: '/reports', label: 'nav.reports' });
	// The volunteer's own mileage log (R-MILE-1); reviewers see the claims (R-MILE-3).
	if (actor.volunteerId) items.push({ href: '/mileage', label: 'nav.mileage_log' });
	if (canAnywhere(actor, 'mileage:review'))
		items.push({ href: '/mileage/claims', label: 'nav.mileage_claims' });
	if (canAnywhere(actor, 'user:manage')) items.push({ href: '/admin/users', label: 'nav.users' });
	if (canAnywhere(actor, 'reference:manage'))
		items.push({ href: '/admin/counties', label: 'nav.reference' });
	if (canAnywhere(actor, 'reference:manage'))
		items.push({ href: '/admin/settings', label: 'nav.settings' });
	if (canAnywhere(actor, 'retention:manage'))
		items.push({ href: '/admin/retention', label: 'nav.retention' });
	else if (canAnywhere(actor, 'retention:read'))
		items.push({ href: '/retention/register', label: 'nav.retention_register' });
	if (canAnywhere(actor, 'audit:read')) items.push({ href: '/audit', label: 'nav.audit' });
	return items;
}

export function userSummary(actor: Actor | null) {
	if (!actor) return null;
	return { name: actor.name, roles: actorRoles(actor) };
}
