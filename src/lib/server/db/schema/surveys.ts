import { type SurveyQuestion } from '../../domain/statuses';
import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	date,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { clients, pairings } from './people';

/**
 * The six-month survey's questions (R-PAIR-6), versioned: answers point at the version they
 * answered, so a later questionnaire editor can change the questions without breaking old answers.
 */
export const surveyQuestionSets = pgTable(
	'survey_question_set',
	{
		id: uuid().primaryKey().defaultRandom(),
		key: text().notNull(),
		version: integer().notNull(),
		title: jsonb().$type<{ et: string; ru?: string; en: string }>().notNull(),
		questions: jsonb().$type<SurveyQuestion[]>().notNull(),
		activeFrom: timestamp({ withTimezone: true }).notNull().defaultNow(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('survey_question_set_uq').on(t.key, t.version)]
);

/** One client's answers to one survey (R-PAIR-6). */
export const surveyResponses = pgTable(
	'survey_response',
	{
		id: uuid().primaryKey().defaultRandom(),
		clientId: uuid()
			.notNull()
			.references(() => clients.id, { onDelete: 'restrict' }),
		pairingId: uuid().references(() => pairings.id, { onDelete: 'set null' }),
		questionSetId: uuid()
			.notNull()
			.references(() => surveyQuestionSets.id, { onDelete: 'restrict' }),
		/** 'six_month' now; later surveys add kinds. */
		kind: text().notNull().default('six_month'),
		conductedOn: date({ mode: 'string' }).notNull(),
		answers: jsonb().$type<Record<string, number | string>>().notNull(),
		/** Sum of the loneliness items, kept for aggregate SQL. */
		lonelinessScore: integer(),
		/** A paper original is destroyed three months after entry (R-PAIR-6). */
		onPaper: boolean().notNull().default(false),
		paperDestroyDueOn: date({ mode: 'string' }),
		paperDestroyedOn: date({ mode: 'string' }),
		paperDestroyedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		enteredBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		enteredAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('survey_response_client_idx').on(t.clientId, t.kind),
		index('survey_response_paper_idx')
			.on(t.paperDestroyDueOn)
			.where(sql`${t.onPaper} and ${t.paperDestroyedOn} is null`),
		check('survey_response_paper_ck', sql`not ${t.onPaper} or ${t.paperDestroyDueOn} is not null`)
	]
);

/**
 * Settings the administrator changes at run time (e.g. days without contact before a pairing is
 * listed, the ESF column set). Values are validated by the settings service with Zod.
 */
export const appSettings = pgTable('app_setting', {
	key: text().primaryKey(),
	value: jsonb().notNull(),
	/** Optimistic concurrency: the settings form names the version it read (docs/data-model.md). */
	version: integer().notNull().default(1),
	updatedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});
