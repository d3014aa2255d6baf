import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

export const SUBMISSION_KINDS = [
	'diary_entry',
	'diary_update',
	'trip',
	'recruitment_channel',
	'intake_item'
] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

/**
 * Exactly once (issue 19): the idempotency key of a diary or trip form, made when the form was
 * rendered (or by the phone for a queued item), stored in the same transaction as the record it
 * made. The primary key (user, key) is the guard: a repeat of the same form — a second tap, a
 * replay from the phone's queue, a lost response — finds the row and answers with the records
 * saved the first time instead of making new ones. Ids only, no personal data.
 */
export const formSubmissions = pgTable(
	'form_submission',
	{
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		key: uuid().notNull(),
		kind: text({ enum: SUBMISSION_KINDS }).notNull(),
		/** What the first save made: the diary entry, or the trip (and its way back). */
		recordIds: uuid()
			.array()
			.notNull()
			.default(sql`'{}'::uuid[]`),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.key] }),
		index('form_submission_created_idx').on(t.createdAt),
		check(
			'form_submission_kind_ck',
			sql`${t.kind} in ('diary_entry', 'diary_update', 'trip', 'recruitment_channel', 'intake_item')`
		)
	]
);
