import {
	CLIENT_STATUSES,
	VOLUNTEER_STATUSES,
	type MatchRankingSnapshot,
	PAIRING_STATUSES
} from '../../domain/statuses';
import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	date,
	foreignKey,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	unique,
	uniqueIndex,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { counties, municipalities } from './reference';
import { users } from './auth';
import { socialPartners } from './partners';
import {
	CONTACT_KINDS,
	EDUCATION_LEVELS,
	EMPLOYMENT_STATUSES,
	GENDERS,
	HELP_PERIODS,
	HELP_UNITS,
	LIVING_SITUATIONS,
	type ContactKind,
	type HelpProfile,
	type Language
} from '../../domain/vocabulary';

/**
 * A person in need of company (abivajaja, klient). The county decides which coordinator
 * reaches the record (R-ROLE-2); the ministry is the data controller (R-CTRL-1).
 * A mapping entry may start without any identifying data (R-MAP-2): names are nullable.
 */
export const clients = pgTable(
	'client',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		municipalityId: uuid().references(() => municipalities.id, { onDelete: 'restrict' }),
		status: text({ enum: CLIENT_STATUSES }).notNull().default('mapped'),
		firstName: text(),
		lastName: text(),
		/** Estonian personal identification code; never shown to volunteers. */
		isikukood: text(),
		dateOfBirth: date({ mode: 'string' }),
		gender: text({ enum: GENDERS }),
		/** Languages the client speaks: 'et', 'ru', 'other' (see languageOther). */
		languages: text()
			.array()
			.$type<Language[]>()
			.notNull()
			.default(sql`'{}'::text[]`),
		languageOther: text(),
		phone: text(),
		/** Address below the municipality: village or town (asula) and street. */
		settlement: text(),
		street: text(),
		/** Where both a client and a volunteer have coordinates, matching shows the distance. */
		latitude: doublePrecision(),
		longitude: doublePrecision(),
		livingSituation: text({ enum: LIVING_SITUATIONS }),
		/** A relative or other contact person (lähedane, kontaktisik). */
		contactPersonName: text(),
		contactPersonPhone: text(),
		contactPersonRelation: text(),
		/** General description of the situation and needs; allowed before the entry is personal. */
		situation: text(),
		/** Expectations of a volunteer (R-MAP-4). */
		helpProfilesWanted: text()
			.array()
			.$type<HelpProfile[]>()
			.notNull()
			.default(sql`'{}'::text[]`),
		tasks: text(),
		helpAmount: integer(),
		helpUnit: text({ enum: HELP_UNITS }),
		helpPeriod: text({ enum: HELP_PERIODS }),
		preferredVolunteerGender: text({ enum: GENDERS }),
		preferredLanguage: text().$type<Language>(),
		/** Hard exclusions for matching (R-PAIR-1). */
		hasPets: boolean().notNull().default(false),
		smokesAtHome: boolean().notNull().default(false),
		notes: text(),
		/** Who passed the information (R-MAP-1, R-PART-2). */
		referralPartnerId: uuid().references((): AnyPgColumn => socialPartners.id, {
			onDelete: 'set null'
		}),
		referralPerson: text(),
		referredOn: date({ mode: 'string' }),
		mappedOn: date({ mode: 'string' })
			.notNull()
			.default(sql`current_date`),
		/** Set when the client starts to wait for a volunteer; the attention list sorts by it. */
		waitingSince: date({ mode: 'string' }),
		/** Consent to data processing (R-MAP-2, R-PAIR-2): the date; the signed document is a document. */
		consentGivenOn: date({ mode: 'string' }),
		endedOn: date({ mode: 'string' }),
		endReason: text(),
		/** Kept after anonymisation for statistics, e.g. '65-74' (R-PAIR-5). */
		ageGroup: text(),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		/** Optimistic concurrency: a change names the version it read (docs/data-model.md). */
		version: integer().notNull().default(1),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		anonymisedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		/** The target of diary_entry's (client_id, county_id) key: an entry's county is its client's. */
		unique('client_id_county_uq').on(t.id, t.countyId),
		index('client_county_status_idx').on(t.countyId, t.status),
		index('client_municipality_idx').on(t.municipalityId),
		index('client_waiting_idx')
			.on(t.countyId, t.waitingSince)
			.where(sql`${t.status} = 'waiting'`),
		index('client_referral_partner_idx').on(t.referralPartnerId),
		index('client_isikukood_idx')
			.on(t.isikukood)
			.where(sql`${t.isikukood} is not null`),
		check(
			'client_status_ck',
			sql`${t.status} in ('mapped', 'waiting', 'paired', 'ended', 'anonymised')`
		),
		check(
			'client_isikukood_ck',
			sql`${t.isikukood} is null or ${t.isikukood} ~ '^[1-8][0-9]{10}$'`
		),
		check(
			'client_help_amount_ck',
			sql`${t.helpAmount} is null or ${t.helpAmount} between 1 and 200`
		),
		check(
			'client_help_profiles_ck',
			sql`${t.helpProfilesWanted} <@ array['P1', 'P2', 'P3', 'P4']::text[]`
		),
		check('client_ended_ck', sql`${t.status} <> 'ended' or ${t.endedOn} is not null`)
	]
);

/** A volunteer companion (vabatahtlik seltsiline). The NGO is the data controller (R-CTRL-1). */
export const volunteers = pgTable(
	'volunteer',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		municipalityId: uuid().references(() => municipalities.id, { onDelete: 'restrict' }),
		status: text({ enum: VOLUNTEER_STATUSES }).notNull().default('candidate'),
		firstName: text().notNull(),
		lastName: text().notNull(),
		email: text(),
		phone: text(),
		isikukood: text(),
		dateOfBirth: date({ mode: 'string' }),
		gender: text({ enum: GENDERS }),
		languages: text()
			.array()
			.$type<Language[]>()
			.notNull()
			.default(sql`'{}'::text[]`),
		languageOther: text(),
		settlement: text(),
		street: text(),
		latitude: doublePrecision(),
		longitude: doublePrecision(),
		/** How many clients the volunteer said they can take at once. */
		maxClients: integer().notNull().default(1),
		helpProfilesOffered: text()
			.array()
			.$type<HelpProfile[]>()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** Free text: weekdays, times of day (R-VOL-4). */
		availability: text(),
		hasCar: boolean().notNull().default(false),
		/** Hard exclusions for matching (R-PAIR-1). */
		petAllergy: boolean().notNull().default(false),
		avoidsSmoke: boolean().notNull().default(false),
		/** ESF participant indicators (R-REP-2). */
		employment: text({ enum: EMPLOYMENT_STATUSES }),
		education: text({ enum: EDUCATION_LEVELS }),
		expectations: text(),
		notes: text(),
		/** Criminal-record extract (karistusregistri väljavõte, R-VOL-5); the file is a document. */
		criminalRecordCheckedOn: date({ mode: 'string' }),
		criminalRecordCheckedBy: uuid().references((): AnyPgColumn => users.id, {
			onDelete: 'set null'
		}),
		/** Contract (leping, R-VOL-7): originals reach the office by the 3rd of the next month. */
		contractSignedOn: date({ mode: 'string' }),
		contractHasPaperOriginal: boolean().notNull().default(false),
		contractOriginalReceivedOn: date({ mode: 'string' }),
		/** Base training (stardipakett, R-VOL-8). */
		baseTrainingCompletedOn: date({ mode: 'string' }),
		startedOn: date({ mode: 'string' }),
		endedOn: date({ mode: 'string' }),
		endReason: text(),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		/** Optimistic concurrency: a change names the version it read (docs/data-model.md). */
		version: integer().notNull().default(1),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('volunteer_county_status_idx').on(t.countyId, t.status),
		check('volunteer_status_ck', sql`${t.status} in ('candidate', 'active', 'paused', 'ended')`),
		check('volunteer_max_clients_ck', sql`${t.maxClients} between 0 and 20`),
		check(
			'volunteer_help_profiles_ck',
			sql`${t.helpProfilesOffered} <@ array['P1', 'P2', 'P3', 'P4']::text[]`
		),
		check(
			'volunteer_isikukood_ck',
			sql`${t.isikukood} is null or ${t.isikukood} ~ '^[1-8][0-9]{10}$'`
		)
	]
);

/**
 * A client linked with a volunteer (sidumine, R-PAIR-1). The volunteer reaches the client while
 * the pairing is in an access state and today lies in [startsOn, endsOn) — see policy/.
 * One volunteer may have several clients and one client several volunteers.
 */
export const pairings = pgTable(
	'pairing',
	{
		id: uuid().primaryKey().defaultRandom(),
		clientId: uuid()
			.notNull()
			.references(() => clients.id, { onDelete: 'restrict' }),
		volunteerId: uuid()
			.notNull()
			.references(() => volunteers.id, { onDelete: 'restrict' }),
		status: text({ enum: PAIRING_STATUSES }).notNull().default('active'),
		startsOn: date({ mode: 'string' }).notNull(),
		/** Exclusive: on this day the volunteer no longer reaches the client. */
		endsOn: date({ mode: 'string' }),
		endReason: text(),
		/** The coordinator's first visit together (R-PAIR-2); the client's consent is due on the 3rd of the next month. */
		introducedOn: date({ mode: 'string' }),
		pausedReason: text(),
		pausedUntil: date({ mode: 'string' }),
		/** Main results of the closing interview (R-PAIR-7). */
		closingInterview: text(),
		/** The ranking the volunteer was chosen from, and why not the top suggestion. */
		matchRanking: jsonb().$type<MatchRankingSnapshot>(),
		matchNote: text(),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		/** Optimistic concurrency: a change names the version it read (docs/data-model.md). */
		version: integer().notNull().default(1),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('pairing_client_idx').on(t.clientId),
		index('pairing_status_idx').on(t.status),
		index('pairing_volunteer_client_idx').on(t.volunteerId, t.clientId),
		check(
			'pairing_status_ck',
			sql`${t.status} in ('proposed', 'introduced', 'active', 'paused', 'ended')`
		),
		check('pairing_dates_ck', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
		check('pairing_ended_has_date_ck', sql`${t.status} <> 'ended' or ${t.endsOn} is not null`)
	]
);

/**
 * The client diary (klienditoimik, sisukanne, R-PAIR-3): one entry per contact with the client.
 * Written by the paired volunteer, or by the coordinator from a paper diary (R-PAIR-8).
 */
export const diaryEntries = pgTable(
	'diary_entry',
	{
		id: uuid().primaryKey().defaultRandom(),
		clientId: uuid()
			.notNull()
			.references(() => clients.id, { onDelete: 'restrict' }),
		/**
		 * The client's county, so that a county's period figures read only that county's entries
		 * (BENCHMARKS.md). The key (client_id, county_id) → client (id, county_id) makes it always
		 * the client's, and follows the client if the county ever changes (on update cascade).
		 */
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		pairingId: uuid().references(() => pairings.id, { onDelete: 'restrict' }),
		/** The volunteer who met the client. */
		volunteerId: uuid().references(() => volunteers.id, { onDelete: 'restrict' }),
		contactDate: date({ mode: 'string' }).notNull(),
		contactKind: text({ enum: CONTACT_KINDS }).$type<ContactKind>().notNull().default('home_visit'),
		helpProfiles: text()
			.array()
			.$type<HelpProfile[]>()
			.notNull()
			.default(sql`'{}'::text[]`),
		durationMinutes: integer().notNull(),
		description: text().notNull(),
		/** "The coordinator should know" (R-PAIR-3): flagged entries come first on the attention list. */
		flagged: boolean().notNull().default(false),
		flagNote: text(),
		flagSeenAt: timestamp({ withTimezone: true }),
		/** Entered by the coordinator from a paper diary (R-PAIR-8); volunteerId names the volunteer. */
		fromPaper: boolean().notNull().default(false),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		/** Removed entries stay for history; mileage for that day stops being reimbursable. */
		removedAt: timestamp({ withTimezone: true }),
		removedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		/** Optimistic concurrency: a change must name the version it read. */
		version: integer().notNull().default(1)
	},
	(t) => [
		foreignKey({
			name: 'diary_entry_client_county_fk',
			columns: [t.clientId, t.countyId],
			foreignColumns: [clients.id, clients.countyId]
		})
			.onUpdate('cascade')
			.onDelete('restrict'),
		index('diary_entry_client_date_idx').on(t.clientId, t.contactDate),
		index('diary_entry_volunteer_date_idx').on(t.volunteerId, t.contactDate),
		index('diary_entry_pairing_date_idx').on(t.pairingId, t.contactDate),
		/**
		 * The analysis reads a date range of live entries per county. Migration 0004 creates it
		 * with `include (client_id, volunteer_id, contact_kind, duration_minutes, help_profiles)`
		 * (Drizzle cannot say INCLUDE), so the figures come from the index alone (BENCHMARKS.md).
		 */
		index('diary_entry_county_date_idx')
			.on(t.countyId, t.contactDate)
			.where(sql`${t.removedAt} is null`),
		/** The quarterly report's cut-off reading also needs entries removed since. */
		index('diary_entry_contact_date_idx').on(t.contactDate),
		/**
		 * When an entry was last touched (written, changed or removed): the quarterly report's
		 * cut-off reading finds the few entries touched since in an index, not a full scan.
		 */
		index('diary_entry_touched_idx').on(sql`greatest(${t.updatedAt}, ${t.removedAt})`),
		index('diary_entry_flagged_idx')
			.on(t.clientId)
			.where(sql`${t.flagged} and ${t.flagSeenAt} is null and ${t.removedAt} is null`),
		check('diary_entry_duration_ck', sql`${t.durationMinutes} between 1 and 1440`),
		check(
			'diary_entry_kind_ck',
			sql`${t.contactKind} in ('home_visit', 'care_home_visit', 'outing', 'call')`
		),
		check(
			'diary_entry_profiles_ck',
			sql`${t.helpProfiles} <@ array['P1', 'P2', 'P3', 'P4']::text[]`
		)
	]
);

/**
 * The diary's monthly totals (kuukokkuvõte): live entries counted per county, month, client and
 * volunteer — the contacts and minutes, and the same split by kind of contact and by help
 * profile (an entry with two profiles counts under each; `no_profile_*` for none). Kept by the
 * database itself — statement triggers on diary_entry (migrations 0005 and 0007) add and take
 * away every insert, change, removal and delete — so it always equals the entries; the app
 * never writes it. The analysis reads whole months from here: a county's quarter is one row per
 * client, volunteer and month, and the distinct clients and volunteers of every kind and
 * profile come from adding up columns, not from sorting (BENCHMARKS.md). Rows whose count falls
 * to zero are deleted. Derived data: no foreign keys (the entries it counts hold them), so that
 * a diary write pays for no extra checks. A new kind of contact or help profile needs its
 * columns here and in the triggers (the vocabulary's checks on diary_entry name them too).
 */
export const diaryMonthTotals = pgTable(
	'diary_month_total',
	{
		countyId: uuid().notNull(),
		/** The first day of the month. */
		month: date({ mode: 'string' }).notNull(),
		clientId: uuid().notNull(),
		volunteerId: uuid(),
		contacts: integer().notNull(),
		minutes: integer().notNull(),
		homeVisitContacts: integer().notNull(),
		homeVisitMinutes: integer().notNull(),
		careHomeVisitContacts: integer().notNull(),
		careHomeVisitMinutes: integer().notNull(),
		outingContacts: integer().notNull(),
		outingMinutes: integer().notNull(),
		callContacts: integer().notNull(),
		callMinutes: integer().notNull(),
		p1Contacts: integer().notNull(),
		p1Minutes: integer().notNull(),
		p2Contacts: integer().notNull(),
		p2Minutes: integer().notNull(),
		p3Contacts: integer().notNull(),
		p3Minutes: integer().notNull(),
		p4Contacts: integer().notNull(),
		p4Minutes: integer().notNull(),
		noProfileContacts: integer().notNull(),
		noProfileMinutes: integer().notNull()
	},
	(t) => [
		unique('diary_month_total_key')
			.on(t.countyId, t.month, t.clientId, t.volunteerId)
			.nullsNotDistinct()
	]
);

/** Earlier versions of a diary entry: a change never silently overwrites (R-PAIR-3). */
export const diaryEntryVersions = pgTable(
	'diary_entry_version',
	{
		id: uuid().primaryKey().defaultRandom(),
		entryId: uuid()
			.notNull()
			.references(() => diaryEntries.id, { onDelete: 'cascade' }),
		version: integer().notNull(),
		contactDate: date({ mode: 'string' }).notNull(),
		contactKind: text({ enum: CONTACT_KINDS }).notNull(),
		helpProfiles: text().array().$type<HelpProfile[]>().notNull(),
		durationMinutes: integer().notNull(),
		description: text().notNull(),
		flagged: boolean().notNull(),
		flagNote: text(),
		/** Who wrote this version and when. */
		writtenBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		writtenAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [uniqueIndex('diary_entry_version_uq').on(t.entryId, t.version)]
);

/**
 * A diary entry being written: saved on the server so that a dropped connection or an expired
 * session loses nothing (R-PAIR-3). One per user and client (entryId for an edit).
 */
export const diaryDrafts = pgTable(
	'diary_draft',
	{
		id: uuid().primaryKey().defaultRandom(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		clientId: uuid()
			.notNull()
			.references(() => clients.id, { onDelete: 'cascade' }),
		entryId: uuid().references(() => diaryEntries.id, { onDelete: 'cascade' }),
		fields: jsonb().$type<Record<string, string | string[]>>().notNull(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique('diary_draft_uq').on(t.userId, t.clientId, t.entryId).nullsNotDistinct()]
);

/** A person the client asked not to be visited by (hard exclusion in matching, R-PAIR-1). */
export const clientExclusions = pgTable(
	'client_exclusion',
	{
		id: uuid().primaryKey().defaultRandom(),
		clientId: uuid()
			.notNull()
			.references(() => clients.id, { onDelete: 'cascade' }),
		volunteerId: uuid()
			.notNull()
			.references(() => volunteers.id, { onDelete: 'cascade' }),
		reason: text(),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('client_exclusion_uq').on(t.clientId, t.volunteerId)]
);
