import { APPLICATION_STATUSES, APPLICATION_CHANNELS } from '../../domain/statuses';
import { sql } from 'drizzle-orm';
import {
	check,
	date,
	index,
	jsonb,
	pgTable,
	text,
	timestamp,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { counties, municipalities } from './reference';
import { users } from './auth';
import { volunteers } from './people';
import { recruitmentChannels } from './channels';

/**
 * A candidate's application to become a volunteer (avaldus, R-VOL-2, R-VOL-3). There is no
 * "not selected" state: not selecting a candidate deletes this row, its notes and its files
 * (R-VOL-6) and leaves only an anonymous row in `recruitment_outcome`.
 */
export const volunteerApplications = pgTable(
	'volunteer_application',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		municipalityId: uuid().references(() => municipalities.id, { onDelete: 'restrict' }),
		status: text({ enum: APPLICATION_STATUSES }).notNull().default('applied'),
		channel: text({ enum: APPLICATION_CHANNELS }).notNull().default('web'),
		/** The recruitment channel whose link the candidate came through (R-VOL-1); null: none. */
		recruitmentChannelId: uuid().references((): AnyPgColumn => recruitmentChannels.id, {
			onDelete: 'set null'
		}),
		/** Language the candidate used: 'et', 'ru' or 'en'; the confirmation mail follows it. */
		locale: text().notNull().default('et'),
		firstName: text().notNull(),
		lastName: text().notNull(),
		email: text(),
		phone: text(),
		settlement: text(),
		motivation: text(),
		/** Answers to the application questions, keyed by question id. */
		answers: jsonb().$type<Record<string, string>>().notNull().default({}),
		refereeName: text(),
		refereeContact: text(),
		consentGivenAt: timestamp({ withTimezone: true }).notNull(),
		interviewAt: timestamp({ withTimezone: true }),
		/** Semi-structured interview notes (R-VOL-3). */
		interviewNotes: text(),
		/** The volunteer record made when the candidate was selected. */
		volunteerId: uuid().references((): AnyPgColumn => volunteers.id, { onDelete: 'set null' }),
		decidedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		decidedAt: timestamp({ withTimezone: true }),
		submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('volunteer_application_county_status_idx').on(t.countyId, t.status, t.submittedAt),
		index('volunteer_application_channel_idx').on(t.recruitmentChannelId),
		check(
			'volunteer_application_status_ck',
			sql`${t.status} in ('applied', 'interview_arranged', 'interviewed', 'selected')`
		),
		check('volunteer_application_channel_ck', sql`${t.channel} in ('web', 'paper', 'email')`),
		check('volunteer_application_locale_ck', sql`${t.locale} in ('et', 'ru', 'en')`)
	]
);

/**
 * The anonymous trace of a recruitment decision: county, day and outcome, nothing else. Lets the
 * analysis count candidates who were not selected after their data is gone (R-VOL-6).
 */
export const recruitmentOutcomes = pgTable(
	'recruitment_outcome',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		decidedOn: date({ mode: 'string' }).notNull(),
		outcome: text({ enum: ['selected', 'not_selected'] }).notNull(),
		/** The channel the application came through (R-VOL-1), so not-selected ones still count. */
		recruitmentChannelId: uuid().references(() => recruitmentChannels.id, {
			onDelete: 'set null'
		}),
		/** The day the application arrived (Tallinn), for the per-quarter channel counts. */
		appliedOn: date({ mode: 'string' })
	},
	(t) => [
		index('recruitment_outcome_county_idx').on(t.countyId, t.decidedOn),
		index('recruitment_outcome_channel_idx').on(t.recruitmentChannelId),
		check('recruitment_outcome_ck', sql`${t.outcome} in ('selected', 'not_selected')`)
	]
);
