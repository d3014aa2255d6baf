import { describe, expect, it } from 'vitest';
import {
	ACTIONS,
	ANONYMISED_CLIENT_ACTIONS,
	can,
	canAnywhere,
	pairingGivesAccess,
	type Action,
	type PairingWindow,
	type Resource
} from '$lib/server/policy/policy';
import { countyScope } from '$lib/server/policy/scope';
import type { Actor } from '$lib/server/policy/actor';

/**
 * Issue 2, "The access policy": every role × every action × every kind of record, against the
 * pure `can`. The expected answers are written out below by hand from R-ROLE-1…6, never read
 * from PERMISSIONS, so a change to the permission table that breaks a rule fails here.
 * tests/db/policy-matrix.test.ts runs the same rules through the real services.
 */

const TODAY = '2025-06-15';
const YESTERDAY = '2025-06-14';
const TOMORROW = '2025-06-16';
const A = 'county-a';
const B = 'county-b';
const C = 'county-c';

/** Every action the application knows, written out: a new action must be added here too. */
const ALL_ACTIONS = [
	'client:list',
	'client:read',
	'client:read_identifiers',
	'client:create',
	'client:update',
	'client:export',
	'client:read_access_log',
	'client:extract',
	'client:anonymise',
	'diary:read',
	'diary:create',
	'diary:update',
	'diary_entry:edit',
	'diary:manage',
	'pairing:read',
	'pairing:create',
	'pairing:update',
	'pairing:end',
	'survey:read',
	'survey:enter',
	'document:read',
	'document:upload',
	'document:delete',
	'partner:read',
	'partner:manage',
	'application:read',
	'application:manage',
	'attention:read',
	'volunteer:list',
	'volunteer:read',
	'volunteer:read_identifiers',
	'volunteer:create',
	'volunteer:update',
	'volunteer:export',
	'volunteer:extract',
	'volunteer:invite',
	'mileage:read',
	'mileage:write',
	'mileage:review',
	'audit:read',
	'analysis:read',
	'report:manage',
	'user:manage',
	'reference:manage',
	'event:read',
	'event:read_national',
	'event:manage',
	'event:respond',
	'support:read',
	'support:write',
	'partner_meeting:read',
	'partner_meeting:manage',
	'story:read',
	'story:manage',
	'consent:read',
	'consent:manage',
	'retention:read',
	'retention:manage',
	'channel:read',
	'channel:manage',
	'intake:read',
	'intake:manage'
] as const satisfies readonly Action[];

/** Actions that change something: an expert never gets any of them (R-ROLE-4). */
const WRITE_ACTIONS: readonly Action[] = [
	'client:create',
	'client:update',
	'client:anonymise',
	'diary:create',
	'diary:update',
	'diary_entry:edit',
	'diary:manage',
	'pairing:create',
	'pairing:update',
	'pairing:end',
	'survey:enter',
	'document:upload',
	'document:delete',
	'partner:manage',
	'application:manage',
	'mileage:write',
	'mileage:review',
	'report:manage',
	'volunteer:create',
	'volunteer:update',
	'volunteer:invite',
	'user:manage',
	'reference:manage',
	'event:manage',
	'event:respond',
	'support:write',
	'partner_meeting:manage',
	'story:manage',
	'consent:manage',
	'retention:manage',
	'channel:manage',
	'intake:manage'
];

/** R-ROLE-1: the administrator reaches everything. */
const EVERYTHING: readonly Action[] = ALL_ACTIONS;

/** R-ROLE-4: the expert reads and downloads everything, changes nothing, sees no identifiers. */
const EXPERT: readonly Action[] = [
	'client:list',
	'client:read',
	'client:export',
	'diary:read',
	'pairing:read',
	'survey:read',
	'partner:read',
	'volunteer:list',
	'volunteer:read',
	'volunteer:export',
	'analysis:read',
	// Issue 24: the consent state of a client (as on the client page), never a change.
	'consent:read'
];

/**
 * R-ROLE-2/5: a coordinator does all the county work within their own counties — but never
 * manages user accounts or reference data.
 */
const COORDINATOR: readonly Action[] = [
	'client:list',
	'client:read',
	'client:read_identifiers',
	'client:create',
	'client:update',
	'client:export',
	'client:read_access_log',
	'client:extract',
	'client:anonymise',
	'diary:read',
	'diary:create',
	'diary:update',
	// Any entry of the county's diaries, flags and paper diaries: not only their own.
	'diary_entry:edit',
	'diary:manage',
	'pairing:read',
	'pairing:create',
	'pairing:update',
	'pairing:end',
	'survey:read',
	'survey:enter',
	'document:read',
	'document:upload',
	'document:delete',
	'partner:read',
	'partner:manage',
	'application:read',
	'application:manage',
	'attention:read',
	'volunteer:list',
	'volunteer:read',
	'volunteer:read_identifiers',
	'volunteer:create',
	'volunteer:update',
	'volunteer:export',
	'volunteer:extract',
	'volunteer:invite',
	'mileage:read',
	'mileage:review',
	'audit:read',
	'analysis:read',
	// Issue 22: the county's trainings, the support of its volunteers, partner meetings.
	'event:read',
	'event:manage',
	'support:read',
	'support:write',
	'partner_meeting:read',
	'partner_meeting:manage',
	// Issue 22: the county's experience stories (the names and consents of the people in them).
	'story:read',
	'story:manage',
	// Issue 24: the county's clients' consents, its coming destructions and its register rows.
	'consent:read',
	'consent:manage',
	'retention:read',
	// Issue 22: the county's recruitment channels and its intake inbox (R-VOL-1, R-MAP-3).
	'channel:read',
	'channel:manage',
	'intake:read',
	'intake:manage'
];

/** Issue 22: any coordinator reads national events (records of no county). */
const NATIONAL_EVENTS: readonly Action[] = ['event:read_national'];

/**
 * R-ROLE-3: a volunteer with a pairing active today sees the client and their file and writes
 * in the diary; never identifiers, never the access log, never pairing changes.
 */
const PAIRED_VOLUNTEER: readonly Action[] = [
	'client:list',
	'client:read',
	'diary:read',
	'diary:create',
	'diary:update',
	'pairing:read',
	'survey:read',
	'survey:enter'
];

/**
 * A volunteer reads their own volunteer record and its documents (their contract), and keeps
 * their own mileage log.
 */
const OWN_RECORD: readonly Action[] = [
	'volunteer:read',
	'document:read',
	'mileage:read',
	'mileage:write',
	// Issue 22: "I'll come" / "I can't" to their county's events.
	'event:respond'
];

/**
 * A volunteer changes (or removes) a diary entry they wrote, while a pairing with its client
 * gives access today; a later volunteer of the client reads it, never changes it (R-ROLE-6).
 */
const OWN_ENTRY: readonly Action[] = ['diary_entry:edit'];

const NOTHING: readonly Action[] = [];

// --- Actors ---------------------------------------------------------------------------------

function actor(over: Partial<Actor>): Actor {
	return {
		userId: 'user-x',
		name: 'Test',
		email: 'test@example.ee',
		locale: 'et',
		isAdmin: false,
		isExpert: false,
		coordinatorCountyIds: [],
		volunteerId: null,
		...over
	};
}

const ACTORS = {
	admin: actor({ isAdmin: true }),
	coordinatorA: actor({ coordinatorCountyIds: [A] }),
	volunteer: actor({ volunteerId: 'vol-1' }),
	expert: actor({ isExpert: true }),
	anonymous: null,
	noGrants: actor({}),
	coordinatorAB: actor({ coordinatorCountyIds: [A, B] })
} satisfies Record<string, Actor | null>;
type RoleName = keyof typeof ACTORS;

// --- Resources ------------------------------------------------------------------------------

/** The acting volunteer's own pairings with the client (what clientResource loads). */
function client(countyId: string, ...pairings: PairingWindow[]): Resource {
	return { kind: 'client', countyId, pairings, anonymised: false };
}
const window = (
	status: PairingWindow['status'],
	startsOn: string,
	endsOn: string | null = null
): PairingWindow => ({ status, startsOn, endsOn });
/** An entry of a client's diary written by `author` (a volunteer id; null: a coordinator). */
function entry(countyId: string, author: string | null, ...pairings: PairingWindow[]): Resource {
	return { kind: 'diary_entry', countyId, pairings, anonymised: false, authorVolunteerId: author };
}

const RESOURCES = {
	clientOwnCounty: client(A),
	clientOtherCounty: client(B),
	clientThirdCounty: client(C),
	neverPaired: client(A),
	pairedActive: client(A, window('active', '2025-01-10')),
	/** Pairing reaches across counties: a volunteer's client may live in another county. */
	pairedActiveInCountyB: client(B, window('active', '2025-01-10')),
	pairingStartedToday: client(A, window('active', TODAY)),
	pairingNotYetStarted: client(A, window('active', TOMORROW)),
	/** An end date set ahead: the volunteer keeps access through today, the last day. */
	pairingEndsTomorrow: client(A, window('active', '2025-01-10', TOMORROW)),
	/** endsOn is exclusive: on the end day itself the access is gone. */
	pairingEndsToday: client(A, window('active', '2025-01-10', TODAY)),
	pairingEndedToday: client(A, window('ended', '2025-01-10', TODAY)),
	pairingEndedYesterday: client(A, window('ended', '2025-01-10', YESTERDAY)),
	pairingEnded: client(A, window('ended', '2024-09-01', '2025-02-01')),
	/** Ended in the records, end date still ahead: the status closes access at once. */
	pairingEndedWithFutureDate: client(A, window('ended', '2025-01-10', '2025-07-01')),
	pairingProposed: client(A, window('proposed', '2025-01-10')),
	pairingIntroduced: client(A, window('introduced', '2025-01-10')),
	pairingPaused: client(A, window('paused', '2025-01-10')),
	endedThenPairedAgain: client(
		A,
		window('ended', '2024-01-10', '2024-06-01'),
		window('active', '2025-05-01')
	),
	/** Diary entries: the acting volunteer (vol-1) wrote it, another volunteer, a coordinator. */
	ownEntryPairedActive: entry(A, 'vol-1', window('active', '2025-01-10')),
	ownEntryPairingPaused: entry(A, 'vol-1', window('paused', '2025-01-10')),
	ownEntryInCountyB: entry(B, 'vol-1', window('active', '2025-01-10')),
	othersEntryPairedActive: entry(A, 'vol-2', window('active', '2025-01-10')),
	coordinatorsEntryPairedActive: entry(A, null, window('active', '2025-01-10')),
	ownEntryPairingEnded: entry(A, 'vol-1', window('ended', '2025-01-10', YESTERDAY)),
	ownEntryPairingEndedToday: entry(A, 'vol-1', window('ended', '2025-01-10', TODAY)),
	ownEntryPairingNotYetStarted: entry(A, 'vol-1', window('active', TOMORROW)),
	volunteerSelf: { kind: 'volunteer', countyId: A, volunteerId: 'vol-1' },
	volunteerOtherOwnCounty: { kind: 'volunteer', countyId: A, volunteerId: 'vol-2' },
	volunteerOtherCounty: { kind: 'volunteer', countyId: B, volunteerId: 'vol-3' },
	volunteerThirdCounty: { kind: 'volunteer', countyId: C, volunteerId: 'vol-4' },
	countyOwn: { kind: 'county', countyId: A },
	countyOther: { kind: 'county', countyId: B },
	countyThird: { kind: 'county', countyId: C },
	system: { kind: 'system' }
} satisfies Record<string, Resource>;
type ResourceName = keyof typeof RESOURCES;

/** Client records whose pairing (of the acting volunteer) gives access today. */
const VOLUNTEER_REACHES: ResourceName[] = [
	'pairedActive',
	'pairedActiveInCountyB',
	'pairingStartedToday',
	'pairingEndsTomorrow',
	'pairingIntroduced',
	'pairingPaused',
	'endedThenPairedAgain'
];

/** Everything with county A on it (the records of coordinator A). */
const IN_COUNTY_A: ResourceName[] = [
	'clientOwnCounty',
	'neverPaired',
	'pairedActive',
	'pairingStartedToday',
	'pairingNotYetStarted',
	'pairingEndsTomorrow',
	'pairingEndsToday',
	'pairingEndedToday',
	'pairingEndedYesterday',
	'pairingEnded',
	'pairingEndedWithFutureDate',
	'pairingProposed',
	'pairingIntroduced',
	'pairingPaused',
	'endedThenPairedAgain',
	'ownEntryPairedActive',
	'ownEntryPairingPaused',
	'othersEntryPairedActive',
	'coordinatorsEntryPairedActive',
	'ownEntryPairingEnded',
	'ownEntryPairingEndedToday',
	'ownEntryPairingNotYetStarted',
	'volunteerSelf',
	'volunteerOtherOwnCounty',
	'countyOwn'
];
const IN_COUNTY_B: ResourceName[] = [
	'clientOtherCounty',
	'pairedActiveInCountyB',
	'ownEntryInCountyB',
	'volunteerOtherCounty',
	'countyOther'
];

const ALL_RESOURCES = Object.keys(RESOURCES) as ResourceName[];
const each = (names: ResourceName[], actions: readonly Action[]) =>
	Object.fromEntries(names.map((n) => [n, actions])) as Partial<
		Record<ResourceName, readonly Action[]>
	>;

/**
 * The expected answers. A resource not listed for a role allows nothing (deny by default).
 */
const EXPECTED: Record<RoleName, Partial<Record<ResourceName, readonly Action[]>>> = {
	admin: each(ALL_RESOURCES, EVERYTHING),
	coordinatorA: { ...each(IN_COUNTY_A, COORDINATOR), system: NATIONAL_EVENTS },
	volunteer: {
		...each(VOLUNTEER_REACHES, PAIRED_VOLUNTEER),
		...each(['ownEntryPairedActive', 'ownEntryPairingPaused', 'ownEntryInCountyB'], OWN_ENTRY),
		volunteerSelf: OWN_RECORD
	},
	expert: each(ALL_RESOURCES, EXPERT),
	anonymous: {},
	noGrants: {},
	coordinatorAB: {
		...each(IN_COUNTY_A, COORDINATOR),
		...each(IN_COUNTY_B, COORDINATOR),
		system: NATIONAL_EVENTS
	}
};

function allowed(who: Actor | null, resource: Resource): Action[] {
	return ACTIONS.filter((action) => can(who, action, resource, TODAY));
}
const sorted = (actions: readonly Action[]) => [...actions].sort();

describe('the permission table', () => {
	it('has exactly the actions this test knows', () => {
		expect(sorted(ACTIONS)).toEqual(sorted(ALL_ACTIONS));
	});

	it('names only real resources in the expected table', () => {
		for (const byResource of Object.values(EXPECTED)) {
			for (const name of Object.keys(byResource)) expect(ALL_RESOURCES).toContain(name);
		}
	});
});

describe('can(actor, action, resource, today): every role × every action × every record', () => {
	for (const role of Object.keys(ACTORS) as RoleName[]) {
		describe(role, () => {
			for (const name of ALL_RESOURCES) {
				it(`on ${name}`, () => {
					const expected = EXPECTED[role][name] ?? NOTHING;
					expect(sorted(allowed(ACTORS[role], RESOURCES[name]))).toEqual(sorted(expected));
				});
			}
		});
	}
});

describe('rules that must hold whatever the table says', () => {
	it('an expert is never allowed any write action, anywhere', () => {
		for (const name of ALL_RESOURCES) {
			for (const action of WRITE_ACTIONS) {
				expect(can(ACTORS.expert, action, RESOURCES[name], TODAY), `${action} on ${name}`).toBe(
					false
				);
			}
		}
	});

	it('a volunteer never reads a client’s identifiers, not even of their own client', () => {
		for (const name of ALL_RESOURCES) {
			expect(can(ACTORS.volunteer, 'client:read_identifiers', RESOURCES[name], TODAY)).toBe(false);
		}
	});

	it('a volunteer never sees the access log nor changes a pairing', () => {
		for (const name of VOLUNTEER_REACHES) {
			for (const action of ['client:read_access_log', 'pairing:create', 'pairing:end'] as const)
				expect(can(ACTORS.volunteer, action, RESOURCES[name], TODAY)).toBe(false);
		}
	});

	it('nobody logged out is allowed anything', () => {
		for (const name of ALL_RESOURCES) expect(allowed(null, RESOURCES[name])).toEqual([]);
		for (const action of ACTIONS) expect(canAnywhere(null, action)).toBe(false);
	});

	it('a coordinator of county A reaches nothing in county C, nor accounts or reference data', () => {
		for (const name of ['clientThirdCounty', 'volunteerThirdCounty', 'countyThird']) {
			expect(allowed(ACTORS.coordinatorA, RESOURCES[name as ResourceName])).toEqual([]);
			expect(allowed(ACTORS.coordinatorAB, RESOURCES[name as ResourceName])).toEqual([]);
		}
		// Of the records of no county, only national events are read (issue 22).
		expect(allowed(ACTORS.coordinatorA, RESOURCES.system)).toEqual(['event:read_national']);
		expect(allowed(ACTORS.coordinatorAB, RESOURCES.system)).toEqual(['event:read_national']);
	});

	it('a volunteer who is also coordinator of county B keeps only volunteer rights in county A', () => {
		const both = actor({ volunteerId: 'vol-1', coordinatorCountyIds: [B] });
		expect(sorted(allowed(both, RESOURCES.pairedActive))).toEqual(sorted(PAIRED_VOLUNTEER));
		expect(allowed(both, RESOURCES.neverPaired)).toEqual([]);
		expect(sorted(allowed(both, RESOURCES.clientOtherCounty))).toEqual(sorted(COORDINATOR));
		// Answering events is the volunteer's own: never for another volunteer's record.
		expect(can(both, 'event:respond', RESOURCES.volunteerOtherOwnCounty, TODAY)).toBe(false);
	});
});

describe('a diary entry is changed by its author only (diary_entry:edit)', () => {
	const WHO = {
		author: actor({ volunteerId: 'vol-1' }),
		otherVolunteerOfTheClient: actor({ volunteerId: 'vol-2' }),
		coordinatorA: ACTORS.coordinatorA,
		admin: ACTORS.admin,
		expert: ACTORS.expert,
		anonymous: null
	};
	const author = WHO.author;
	const active = window('active', '2025-01-10');
	const written = entry(A, 'vol-1', active);
	const anonymisedClient = { ...written, anonymised: true } as Resource;
	// prettier-ignore
	const ROWS: [string, keyof typeof WHO, boolean, Resource][] = [
		['on an active pairing',                  'author',                    true,  written],
		['on a paused pairing',                   'author',                    true,  entry(A, 'vol-1', window('paused', '2025-01-10'))],
		['the client in another county',          'author',                    true,  entry(B, 'vol-1', active)],
		['another volunteer of the same client',  'otherVolunteerOfTheClient', false, entry(A, 'vol-1', active)],
		['a coordinator’s own contact',           'author',                    false, entry(A, null, active)],
		['the coordinator of the county',         'coordinatorA',              true,  written],
		['the coordinator of another county',     'coordinatorA',              false, entry(B, 'vol-1', active)],
		['the administrator',                     'admin',                     true,  written],
		['an expert',                             'expert',                    false, written],
		['after the pairing ended',               'author',                    false, entry(A, 'vol-1', window('ended', '2025-01-10', YESTERDAY))],
		['on the end day (the end is exclusive)', 'author',                    false, entry(A, 'vol-1', window('active', '2025-01-10', TODAY))],
		['ended, the end date still ahead',       'author',                    false, entry(A, 'vol-1', window('ended', '2025-01-10', TOMORROW))],
		['before the pairing starts',             'author',                    false, entry(A, 'vol-1', window('active', TOMORROW))],
		['the client anonymised',                 'author',                    false, anonymisedClient],
		['the client anonymised',                 'admin',                     false, anonymisedClient],
		['logged out',                            'anonymous',                 false, written]
	];
	it.each(ROWS)('%s, %s → %s', (_case, who, expected, resource) => {
		expect(can(WHO[who], 'diary_entry:edit', resource, TODAY)).toBe(expected);
	});

	it('the client resource alone never lets a volunteer change an entry (the entry names the author)', () => {
		expect(can(author, 'diary:update', RESOURCES.pairedActive, TODAY)).toBe(true);
		expect(can(author, 'diary_entry:edit', RESOURCES.pairedActive, TODAY)).toBe(false);
	});

	it('only the county’s coordinators and the administrator manage the diary (flags, paper diaries)', () => {
		expect(can(author, 'diary:manage', RESOURCES.pairedActive, TODAY)).toBe(false);
		expect(can(ACTORS.coordinatorA, 'diary:manage', RESOURCES.pairedActive, TODAY)).toBe(true);
		expect(can(ACTORS.coordinatorA, 'diary:manage', RESOURCES.pairedActiveInCountyB, TODAY)).toBe(
			false
		);
		expect(can(ACTORS.expert, 'diary:manage', RESOURCES.pairedActive, TODAY)).toBe(false);
	});
});

describe('an anonymised client is read-only for every role (issue 17, item 8)', () => {
	const anonymised = (r: Resource): Resource => ({ ...r, anonymised: true }) as Resource;
	const READS: Action[] = [
		'client:list',
		'client:read',
		'client:read_identifiers',
		'client:export',
		'client:read_access_log',
		'client:extract',
		'diary:read',
		'pairing:read',
		'survey:read',
		'document:read',
		// Issue 24: the consents stay readable (the subject's rights), never changed.
		'consent:read'
	];

	it('allows exactly the reads, written out here by hand', () => {
		expect(sorted([...ANONYMISED_CLIENT_ACTIONS])).toEqual(sorted(READS));
	});

	it('refuses every other action to every role, the administrator included', () => {
		for (const role of Object.keys(ACTORS) as RoleName[]) {
			for (const name of ['pairedActive', 'neverPaired', 'clientOtherCounty'] as ResourceName[]) {
				const resource = anonymised(RESOURCES[name]);
				for (const action of ACTIONS) {
					if (READS.includes(action)) {
						// A read stays what it was before the anonymisation.
						expect(can(ACTORS[role], action, resource, TODAY), `${role} ${action} ${name}`).toBe(
							can(ACTORS[role], action, RESOURCES[name], TODAY)
						);
					} else {
						expect(can(ACTORS[role], action, resource, TODAY), `${role} ${action} ${name}`).toBe(
							false
						);
					}
				}
			}
		}
	});

	it('the administrator could write before the anonymisation: the refusal is the gate', () => {
		expect(can(ACTORS.admin, 'diary:create', RESOURCES.pairedActive, TODAY)).toBe(true);
		expect(can(ACTORS.admin, 'diary:create', anonymised(RESOURCES.pairedActive), TODAY)).toBe(
			false
		);
	});
});

describe('deny by default', () => {
	const unknown = [
		'client:delete',
		'client:READ',
		'',
		'constructor',
		'toString',
		'hasOwnProperty',
		'__proto__',
		'valueOf'
	];

	it.each(unknown)('refuses the unknown action %j to every role, on every record', (name) => {
		for (const role of Object.keys(ACTORS) as RoleName[]) {
			for (const resource of ALL_RESOURCES) {
				expect(can(ACTORS[role], name as Action, RESOURCES[resource], TODAY)).toBe(false);
			}
			expect(canAnywhere(ACTORS[role], name as Action)).toBe(false);
		}
	});

	it.each(unknown)('scopes the unknown action %j to no county at all', (name) => {
		expect(countyScope(ACTORS.admin, name as Action)).toEqual([]);
		expect(countyScope(ACTORS.coordinatorA, name as Action)).toEqual([]);
	});

	it('refuses an actor who holds no grant at all', () => {
		for (const action of ACTIONS) expect(canAnywhere(ACTORS.noGrants, action)).toBe(false);
	});
});

describe('canAnywhere (navigation), per role', () => {
	const EXPECTED_ANYWHERE: Record<RoleName, readonly Action[]> = {
		admin: EVERYTHING,
		coordinatorA: [...COORDINATOR, ...NATIONAL_EVENTS],
		coordinatorAB: [...COORDINATOR, ...NATIONAL_EVENTS],
		volunteer: [...PAIRED_VOLUNTEER, ...OWN_RECORD, ...OWN_ENTRY],
		expert: EXPERT,
		anonymous: NOTHING,
		noGrants: NOTHING
	};
	for (const role of Object.keys(ACTORS) as RoleName[]) {
		it(role, () => {
			expect(sorted(ACTIONS.filter((a) => canAnywhere(ACTORS[role], a)))).toEqual(
				sorted(EXPECTED_ANYWHERE[role])
			);
		});
	}
});

describe('the pairing window [startsOn, endsOn)', () => {
	it.each([
		['active', '2025-06-15', null, true],
		['active', '2025-06-16', null, false],
		['active', '2025-01-01', '2025-06-16', true],
		['active', '2025-01-01', '2025-06-15', false],
		['paused', '2025-01-01', null, true],
		['introduced', '2025-01-01', null, true],
		['proposed', '2025-01-01', null, false],
		['ended', '2025-01-01', '2025-06-16', false],
		['ended', '2025-01-01', '2025-06-14', false]
	] as const)('%s from %s to %s → %s', (status, startsOn, endsOn, expected) => {
		expect(pairingGivesAccess({ status, startsOn, endsOn }, TODAY)).toBe(expected);
	});
});
