import { PAIRING_ACCESS_STATUSES, type PairingStatus } from '../domain/statuses';
import type { Actor } from './actor';

/**
 * The one place that answers "may this actor do this to this record" (issue 2).
 * Permissions are data: each action lists the rules that allow it; no rule, no access
 * (deny by default). Services call `can` on every read and write.
 */

/** A pairing of the actor's own volunteer record with the client in question. */
export interface PairingWindow {
	status: PairingStatus;
	/** yyyy-mm-dd, inclusive */
	startsOn: string;
	/** yyyy-mm-dd, exclusive; null while open */
	endsOn: string | null;
}

export type Resource =
	/**
	 * A client record and everything in its file (diary, documents, surveys). `anonymised`: the
	 * record has been anonymised (R-PAIR-5) and is read-only for every role.
	 */
	| {
			kind: 'client';
			countyId: string;
			pairings: readonly PairingWindow[];
			anonymised: boolean;
	  }
	/**
	 * One entry of a client's diary, to change or remove it: its client's resource (county, the
	 * acting volunteer's own pairings with the client, anonymised) and the volunteer who wrote it
	 * (`authorVolunteerId`; null for a coordinator's own contact).
	 */
	| {
			kind: 'diary_entry';
			countyId: string;
			pairings: readonly PairingWindow[];
			anonymised: boolean;
			authorVolunteerId: string | null;
	  }
	| { kind: 'volunteer'; countyId: string; volunteerId: string }
	/** Something done within a county as a whole: create a record there, read its audit log. */
	| { kind: 'county'; countyId: string }
	/** Something with no county: user accounts, national figures, reference data. */
	| { kind: 'system' };

/**
 * admin — R-ROLE-1: reaches everything.
 * expert — R-ROLE-4: reads and downloads, never writes.
 * coordinator — R-ROLE-2: records of their own counties only.
 * paired — R-ROLE-3/6: a volunteer with a pairing active today.
 * self — a volunteer's own volunteer record.
 * author — a volunteer's own diary entry, while a pairing with its client gives access today
 *   (R-ROLE-6: a later volunteer of the client reads the earlier entries, never changes them).
 * coordinator_any — a coordinator of any county: national records that belong to no county
 *   (a national training's details, issue 22).
 */
export type Rule =
	'admin' | 'expert' | 'coordinator' | 'paired' | 'self' | 'author' | 'coordinator_any';

export const PERMISSIONS = {
	'client:list': ['admin', 'expert', 'coordinator', 'paired'],
	'client:read': ['admin', 'expert', 'coordinator', 'paired'],
	/** Isikukood, date of birth and other identifiers: never a volunteer (minimisation). */
	'client:read_identifiers': ['admin', 'coordinator'],
	'client:create': ['admin', 'coordinator'],
	'client:update': ['admin', 'coordinator'],
	'client:export': ['admin', 'expert', 'coordinator'],
	'client:read_access_log': ['admin', 'coordinator'],
	/** The client's extract of their file (R-PAIR-4). */
	'client:extract': ['admin', 'coordinator'],
	/** Irreversible anonymisation on the client's request (R-PAIR-5). */
	'client:anonymise': ['admin', 'coordinator'],
	'diary:read': ['admin', 'expert', 'coordinator', 'paired'],
	'diary:create': ['admin', 'coordinator', 'paired'],
	/**
	 * Reach the diary's change forms and services; which entry may be changed is
	 * `diary_entry:edit`.
	 */
	'diary:update': ['admin', 'coordinator', 'paired'],
	/**
	 * Change, remove or keep a draft of a change to one entry (resource: the entry): the county's
	 * coordinators and the administrator any entry, a volunteer only their own and only while
	 * they reach the client.
	 */
	'diary_entry:edit': ['admin', 'coordinator', 'author'],
	/**
	 * The whole diary of a client beyond one's own entries: the flagged entries first and marking
	 * them read, paper diaries entered for a volunteer (R-PAIR-3, R-PAIR-8).
	 */
	'diary:manage': ['admin', 'coordinator'],
	'pairing:read': ['admin', 'expert', 'coordinator', 'paired'],
	'pairing:create': ['admin', 'coordinator'],
	/** Introduce, activate, pause and resume a pairing. */
	'pairing:update': ['admin', 'coordinator'],
	'pairing:end': ['admin', 'coordinator'],
	/** The six-month survey (R-PAIR-6). */
	'survey:read': ['admin', 'expert', 'coordinator', 'paired'],
	'survey:enter': ['admin', 'coordinator', 'paired'],
	/** Documents of a record; resource is the record's (client, volunteer or county). Never experts. */
	'document:read': ['admin', 'coordinator', 'self'],
	'document:upload': ['admin', 'coordinator'],
	'document:delete': ['admin', 'coordinator'],
	/** Social partners of a county (R-PART-2). */
	'partner:read': ['admin', 'expert', 'coordinator'],
	'partner:manage': ['admin', 'coordinator'],
	/** Candidates' applications (R-VOL-2…6): personal data of people who are not volunteers yet. */
	'application:read': ['admin', 'coordinator'],
	'application:manage': ['admin', 'coordinator'],
	/** "What needs me today" for a county. */
	'attention:read': ['admin', 'coordinator'],
	'volunteer:list': ['admin', 'expert', 'coordinator'],
	'volunteer:read': ['admin', 'expert', 'coordinator', 'self'],
	'volunteer:read_identifiers': ['admin', 'coordinator'],
	'volunteer:create': ['admin', 'coordinator'],
	'volunteer:update': ['admin', 'coordinator'],
	'volunteer:export': ['admin', 'expert', 'coordinator'],
	/** A volunteer's extract of their data (issue 24, item 5): as a client's. */
	'volunteer:extract': ['admin', 'coordinator'],
	/** Invite the volunteer to an account of their own (coordinators: own county only). */
	'volunteer:invite': ['admin', 'coordinator'],
	/** A volunteer's mileage log and claims (R-MILE-1…3); resource is the volunteer. */
	'mileage:read': ['admin', 'coordinator', 'self'],
	'mileage:write': ['admin', 'self'],
	/** Approve, return and mark paid (coordinators: their counties). */
	'mileage:review': ['admin', 'coordinator'],
	'audit:read': ['admin', 'coordinator'],
	'analysis:read': ['admin', 'expert', 'coordinator'],
	/** Quarterly report to the ministry and the data hand-over (R-REP-1…3, R-CTRL-2). */
	'report:manage': ['admin'],
	/**
	 * Trainings, development days, club meetings (issue 22, R-VOL-8): a county's events and who
	 * was invited, answered and came. National events (no county) are the administrator's to
	 * write; any coordinator reads them (`event:read_national`, their counties' people only).
	 */
	'event:read': ['admin', 'coordinator'],
	'event:read_national': ['admin', 'coordinator_any'],
	'event:manage': ['admin', 'coordinator'],
	/** A volunteer's own "I'll come" / "I can't"; resource is their volunteer record (the service
	 * answers only for the actor's own record, so the administrator's rule gives nothing more). */
	'event:respond': ['admin', 'self'],
	/** The support log of a volunteer (R-VOL-9); resource is the volunteer. Notes: coordinators. */
	'support:read': ['admin', 'coordinator'],
	'support:write': ['admin', 'coordinator'],
	/** Social-partner meetings of a county (R-PART-1). */
	'partner_meeting:read': ['admin', 'coordinator'],
	'partner_meeting:manage': ['admin', 'coordinator'],
	/**
	 * Experience stories of a county (R-STORY-1): the names of the people a story is about and
	 * their consents. The published text is public (`/lood`) without any permission.
	 */
	'story:read': ['admin', 'coordinator'],
	'story:manage': ['admin', 'coordinator'],
	/**
	 * A client's consents by purpose (issue 24): the roles that see the consent state read them;
	 * the county's coordinators and the administrator record and withdraw them.
	 */
	'consent:read': ['admin', 'expert', 'coordinator'],
	'consent:manage': ['admin', 'coordinator'],
	/**
	 * Retention (issue 24): what is coming and the destruction register of a county (resource:
	 * the county); rules, clocks, legal holds and running the engine are the administrator's.
	 */
	'retention:read': ['admin', 'coordinator'],
	'retention:manage': ['admin'],
	/**
	 * Recruitment channels of a county (issue 22, R-VOL-1): their links to the public form and
	 * the counts per channel. Not experts: the per-channel pipeline sits beside the candidates.
	 */
	'channel:read': ['admin', 'coordinator'],
	'channel:manage': ['admin', 'coordinator'],
	/**
	 * The county's intake inbox (issue 22, R-MAP-3): first information about a possible client
	 * (a note, a scan) before a client record exists. Personal data: never experts or volunteers.
	 */
	'intake:read': ['admin', 'coordinator'],
	'intake:manage': ['admin', 'coordinator'],
	'user:manage': ['admin'],
	'reference:manage': ['admin']
} as const satisfies Record<string, readonly Rule[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/**
 * What may still be done with an anonymised client (issue 17, item 8): reading what is left
 * (for statistics, the access log, an extract) and nothing else. Every other action on a
 * client resource — edits, diary entries, pairings, documents, surveys, consents,
 * anonymising again — is refused for every role, the administrator included. Deny by default:
 * an action added to PERMISSIONS later is a write on an anonymised client until listed here.
 */
export const ANONYMISED_CLIENT_ACTIONS: ReadonlySet<Action> = new Set<Action>([
	'client:list',
	'client:read',
	'client:read_identifiers',
	'client:export',
	'client:read_access_log',
	'client:extract',
	'consent:read',
	'diary:read',
	'pairing:read',
	'survey:read',
	'document:read'
]);

/**
 * Is `action` refused because the client is anonymised (read-only for everyone)? Also for an
 * entry of the client's diary.
 */
export function refusedAsAnonymised(action: Action, resource: Resource): boolean {
	return (
		(resource.kind === 'client' || resource.kind === 'diary_entry') &&
		resource.anonymised &&
		!ANONYMISED_CLIENT_ACTIONS.has(action)
	);
}

/**
 * The rules of `action`, or none for anything that is not an action of the table. Own keys
 * only: a string such as "constructor" or "__proto__" reaching the policy (a cast, a value
 * from a request) must be refused, not resolved through the object's prototype.
 */
export function rulesOf(action: string): readonly Rule[] {
	return Object.hasOwn(PERMISSIONS, action) ? PERMISSIONS[action as Action] : [];
}

/** Is a pairing giving access on `today` (yyyy-mm-dd)? Half-open window [startsOn, endsOn). */
export function pairingGivesAccess(p: PairingWindow, today: string): boolean {
	return (
		(PAIRING_ACCESS_STATUSES as readonly string[]).includes(p.status) &&
		p.startsOn <= today &&
		(p.endsOn === null || p.endsOn > today)
	);
}

function ruleAllows(rule: Rule, actor: Actor, resource: Resource, today: string): boolean {
	switch (rule) {
		case 'admin':
			return actor.isAdmin;
		case 'expert':
			return actor.isExpert;
		case 'coordinator':
			return resource.kind !== 'system' && actor.coordinatorCountyIds.includes(resource.countyId);
		case 'paired':
			return (
				actor.volunteerId !== null &&
				resource.kind === 'client' &&
				resource.pairings.some((p) => pairingGivesAccess(p, today))
			);
		case 'self':
			return (
				actor.volunteerId !== null &&
				resource.kind === 'volunteer' &&
				resource.volunteerId === actor.volunteerId
			);
		case 'author':
			return (
				actor.volunteerId !== null &&
				resource.kind === 'diary_entry' &&
				resource.authorVolunteerId === actor.volunteerId &&
				resource.pairings.some((p) => pairingGivesAccess(p, today))
			);
		case 'coordinator_any':
			return resource.kind === 'system' && actor.coordinatorCountyIds.length > 0;
	}
}

/**
 * May `actor` do `action` to `resource` on `today`? Deny by default: an action not in the
 * table, or no matching rule, is refused.
 */
export function can(
	actor: Actor | null,
	action: Action,
	resource: Resource,
	today: string
): boolean {
	if (!actor) return false;
	if (refusedAsAnonymised(action, resource)) return false;
	return rulesOf(action).some((rule) => ruleAllows(rule, actor, resource, today));
}

/** Whether the actor could do `action` somewhere at all (for navigation, not for access). */
export function canAnywhere(actor: Actor | null, action: Action): boolean {
	if (!actor) return false;
	return rulesOf(action).some(
		(rule) =>
			(rule === 'admin' && actor.isAdmin) ||
			(rule === 'expert' && actor.isExpert) ||
			((rule === 'coordinator' || rule === 'coordinator_any') &&
				actor.coordinatorCountyIds.length > 0) ||
			((rule === 'paired' || rule === 'self' || rule === 'author') && actor.volunteerId !== null)
	);
}
