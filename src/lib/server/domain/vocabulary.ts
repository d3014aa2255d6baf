/**
 * Closed vocabularies shared by the schema, the services and the forms. Each is stored as text
 * with a CHECK constraint (not a PostgreSQL enum) so that a later migration can add a value
 * without an `ALTER TYPE` that cannot run inside a transaction.
 */

/** Help profiles of the model (abiprofiilid): P1 company, P2 everyday help, P3 transport and escort, P4 digital help. */
export const HELP_PROFILES = ['P1', 'P2', 'P3', 'P4'] as const;
export type HelpProfile = (typeof HELP_PROFILES)[number];

export const LANGUAGES = ['et', 'ru', 'other'] as const;
export type Language = (typeof LANGUAGES)[number];

export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

/** Elukorraldus: alone at home, with family, in a care home, other. */
export const LIVING_SITUATIONS = ['alone', 'with_family', 'care_home', 'other'] as const;
export type LivingSituation = (typeof LIVING_SITUATIONS)[number];

export const HELP_UNITS = ['visits', 'hours'] as const;
export const HELP_PERIODS = ['week', 'month'] as const;

/** Kind of contact in the client diary (R-PAIR-3). */
export const CONTACT_KINDS = ['home_visit', 'care_home_visit', 'outing', 'call'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** ESF participant indicator: labour-market status. */
export const EMPLOYMENT_STATUSES = [
	'employed',
	'self_employed',
	'unemployed',
	'inactive',
	'retired',
	'student'
] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

/** ESF participant indicator: highest education (ISCED groups). */
export const EDUCATION_LEVELS = ['isced_0_2', 'isced_3_4', 'isced_5_8'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

/** Kinds of social partner (R-PART-2). */
export const PARTNER_KINDS = [
	'municipality_social_work',
	'family_doctor',
	'care_home',
	'shop',
	'church',
	'library',
	'post',
	'other'
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** Document types (R-DOC-1). */
export const DOCUMENT_KINDS = [
	'application',
	'interview_notes',
	'criminal_record_extract',
	'contract',
	'consent',
	'goodwill_agreement',
	'survey_scan',
	'minutes',
	'training_material',
	'signature_sheet',
	'agenda',
	'recording',
	'transcript',
	'intake_form',
	'recruitment_message',
	'claim',
	'report',
	/** A story's photo (issue 22, R-STORY-1): JPEG, PNG or WebP only. */
	'photo',
	'other'
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** SQL list for a CHECK constraint: `'a', 'b'`. Only for the constant vocabularies above. */
export function sqlList(values: readonly string[]): string {
	return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
}
