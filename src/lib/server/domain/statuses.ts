/**
 * The status lists of the records (stored as text with CHECK constraints in db/schema) and the
 * shapes of their JSON columns: pure data, so the domain rules and the policy read them without
 * the database layer. The schema imports them from here.
 */

export const USER_STATUSES = ['invited', 'active', 'disabled'] as const;

export type UserStatus = (typeof USER_STATUSES)[number];

export const ROLES = ['admin', 'coordinator', 'volunteer', 'expert'] as const;

export type Role = (typeof ROLES)[number];

export const TOKEN_PURPOSES = ['setup', 'invite', 'password_reset'] as const;

export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];
export const CLIENT_STATUSES = ['mapped', 'waiting', 'paired', 'ended', 'anonymised'] as const;

export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export const VOLUNTEER_STATUSES = ['candidate', 'active', 'paused', 'ended'] as const;

export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];

/** What the coordinator saw when choosing a volunteer: ids, scores and reason codes only. */
export interface MatchRankingSnapshot {
	computedAt: string;
	chosenRank: number | null;
	candidates: { volunteerId: string; score: number; reasons: string[]; excluded: string[] }[];
}

export const PAIRING_STATUSES = ['proposed', 'introduced', 'active', 'paused', 'ended'] as const;

export type PairingStatus = (typeof PAIRING_STATUSES)[number];

/** States in which the volunteer reaches the client (R-ROLE-3, R-ROLE-6). */
export const PAIRING_ACCESS_STATUSES = ['introduced', 'active', 'paused'] as const;
export const APPLICATION_STATUSES = [
	'applied',
	'interview_arranged',
	'interviewed',
	'selected'
] as const;

export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_CHANNELS = ['web', 'paper', 'email'] as const;
export const CLAIM_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'paid'] as const;

export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
/** One question of a versioned question set. Labels are per language. */
export interface SurveyQuestion {
	id: string;
	kind: 'scale' | 'choice' | 'text';
	/** Russian added with issue 20; question sets stored before have none (Estonian is shown). */
	label: { et: string; ru?: string; en: string };
	/** For 'scale' and 'choice': the options, with the value stored and scored. */
	options?: { value: number; label: { et: string; ru?: string; en: string } }[];
	/** Questions that add up to the loneliness score (e.g. the UCLA three-item scale). */
	loneliness?: boolean;
	required?: boolean;
}
