import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	date,
	index,
	pgTable,
	text,
	timestamp,
	unique,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { counties } from './reference';
import { users } from './auth';
import { volunteers } from './people';
import { socialPartnerContacts, socialPartners } from './partners';

/**
 * The programme around the pairs (issue 22, R-VOL-8, R-VOL-9, R-PART-1): trainings and
 * development days with who was invited, who answered and who came; the support log of each
 * volunteer; and the quarterly meetings of a county's social partners. Documents of an event or
 * a meeting (agenda, materials, signature sheet, minutes, recording, transcript) are `document`
 * rows with `owner_ref` `programme_event:<id>` / `partner_meeting:<id>`.
 */

export const PROGRAMME_EVENT_KINDS = [
	'base_training',
	'further_training',
	'development_day',
	'club_meeting',
	'other'
] as const;
export type ProgrammeEventKind = (typeof PROGRAMME_EVENT_KINDS)[number];

export const EVENT_RESPONSES = ['coming', 'not_coming'] as const;
export type EventResponse = (typeof EVENT_RESPONSES)[number];

export const SUPPORT_KINDS = ['conversation', 'supervision', 'recognition', 'other'] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

/**
 * A training, development day, club meeting … of a county, or a national one (`county_id`
 * null: the administrator's). `origin` 'migrated' marks the events made from the earlier
 * `volunteer.base_training_completed_on` dates (migration), 'volunteer_page' one made when a
 * coordinator records a base training on a volunteer's page without a planned event.
 */
export const programmeEvents = pgTable(
	'programme_event',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid().references(() => counties.id, { onDelete: 'restrict' }),
		kind: text({ enum: PROGRAMME_EVENT_KINDS }).notNull(),
		title: text().notNull(),
		heldOn: date({ mode: 'string' }).notNull(),
		/** Wall-clock time in Tallinn, "HH:MM" (optional). */
		startsAt: text(),
		place: text(),
		agenda: text(),
		origin: text().notNull().default('planned'),
		cancelledAt: timestamp({ withTimezone: true }),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('programme_event_county_day_idx').on(t.countyId, t.heldOn),
		check(
			'programme_event_kind_ck',
			sql`${t.kind} in ('base_training', 'further_training', 'development_day', 'club_meeting', 'other')`
		),
		check(
			'programme_event_origin_ck',
			sql`${t.origin} in ('planned', 'migrated', 'volunteer_page')`
		),
		check(
			'programme_event_starts_at_ck',
			sql`${t.startsAt} is null or ${t.startsAt} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`
		)
	]
);

/**
 * A volunteer and an event: invited by the coordinator, their answer ("I'll come" / "I can't")
 * and whether they came. One row per volunteer and event; a volunteer who answers without an
 * invitation, or who is ticked off a paper list, gets a row too.
 */
export const programmeEventParticipants = pgTable(
	'programme_event_participant',
	{
		id: uuid().primaryKey().defaultRandom(),
		eventId: uuid()
			.notNull()
			.references(() => programmeEvents.id, { onDelete: 'cascade' }),
		volunteerId: uuid()
			.notNull()
			.references(() => volunteers.id, { onDelete: 'cascade' }),
		invited: boolean().notNull().default(false),
		response: text({ enum: EVENT_RESPONSES }),
		respondedAt: timestamp({ withTimezone: true }),
		attended: boolean().notNull().default(false),
		attendanceRecordedBy: uuid().references((): AnyPgColumn => users.id, {
			onDelete: 'set null'
		}),
		attendanceRecordedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('programme_event_participant_uq').on(t.eventId, t.volunteerId),
		index('programme_event_participant_volunteer_idx').on(t.volunteerId),
		check(
			'programme_event_participant_response_ck',
			sql`${t.response} is null or ${t.response} in ('coming', 'not_coming')`
		)
	]
);

/**
 * The support log of a volunteer (R-VOL-9): support conversations, supervision, recognition.
 * The note is for the coordinators only (never shown to the volunteer or an expert).
 */
export const volunteerSupportEntries = pgTable(
	'volunteer_support_entry',
	{
		id: uuid().primaryKey().defaultRandom(),
		volunteerId: uuid()
			.notNull()
			.references(() => volunteers.id, { onDelete: 'cascade' }),
		happenedOn: date({ mode: 'string' }).notNull(),
		kind: text({ enum: SUPPORT_KINDS }).notNull(),
		note: text(),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('volunteer_support_entry_volunteer_idx').on(t.volunteerId, t.happenedOn),
		check(
			'volunteer_support_entry_kind_ck',
			sql`${t.kind} in ('conversation', 'supervision', 'recognition', 'other')`
		)
	]
);

/** A meeting of a county's social partners (R-PART-1), normally one a quarter. */
export const partnerMeetings = pgTable(
	'partner_meeting',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		heldOn: date({ mode: 'string' }).notNull(),
		place: text(),
		agenda: text(),
		/** Short minutes typed in; the signed minutes may be a document too. */
		summary: text(),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('partner_meeting_county_day_idx').on(t.countyId, t.heldOn)]
);

/**
 * Someone at a partner meeting: a partner's contact person (`contact_id`, with `partner_id` kept
 * when the contact is later removed) or another person (name only). The name is copied so the
 * minutes stay readable. `recording_consent`: this person agreed to the meeting being recorded.
 */
export const partnerMeetingParticipants = pgTable(
	'partner_meeting_participant',
	{
		id: uuid().primaryKey().defaultRandom(),
		meetingId: uuid()
			.notNull()
			.references(() => partnerMeetings.id, { onDelete: 'cascade' }),
		partnerId: uuid().references(() => socialPartners.id, { onDelete: 'set null' }),
		contactId: uuid().references(() => socialPartnerContacts.id, { onDelete: 'set null' }),
		name: text().notNull(),
		organisation: text(),
		recordingConsent: boolean().notNull().default(false),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('partner_meeting_participant_meeting_idx').on(t.meetingId),
		index('partner_meeting_participant_partner_idx').on(t.partnerId)
	]
);

/** A decision or follow-up of a partner meeting: who does what by when, and when it was done. */
export const partnerMeetingFollowUps = pgTable(
	'partner_meeting_follow_up',
	{
		id: uuid().primaryKey().defaultRandom(),
		meetingId: uuid()
			.notNull()
			.references(() => partnerMeetings.id, { onDelete: 'cascade' }),
		text: text().notNull(),
		responsible: text(),
		dueOn: date({ mode: 'string' }),
		doneOn: date({ mode: 'string' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('partner_meeting_follow_up_meeting_idx').on(t.meetingId)]
);
