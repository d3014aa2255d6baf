import { sql } from 'drizzle-orm';
import {
	check,
	date,
	index,
	integer,
	pgTable,
	timestamp,
	unique,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { pairings } from './people';

/**
 * A month of a volunteer's paper diary (R-PAIR-8, issue 22): a volunteer who does not use a
 * computer keeps the client diary on paper and hands the past month's pages to the coordinator
 * at the start of each month. The coordinator records their receipt here, enters the contacts
 * through the diary (entries `from_paper`), and confirms the pages were destroyed. The pages
 * are to be destroyed by `destroyDueOn` (one calendar month after receipt, domain/paper.ts);
 * after that day an undestroyed month is on the attention list. One row per pairing and month.
 */
export const paperDiaryMonths = pgTable(
	'paper_diary_month',
	{
		id: uuid().primaryKey().defaultRandom(),
		pairingId: uuid()
			.notNull()
			.references(() => pairings.id, { onDelete: 'restrict' }),
		/** The first day of the month the pages cover. */
		month: date({ mode: 'string' }).notNull(),
		pages: integer().notNull(),
		receivedOn: date({ mode: 'string' }).notNull(),
		destroyDueOn: date({ mode: 'string' }).notNull(),
		/** The coordinator's confirmation that the month's contacts are in the diary. */
		enteredOn: date({ mode: 'string' }),
		enteredBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		destroyedOn: date({ mode: 'string' }),
		destroyedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		recordedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		/** Optimistic concurrency: a change names the version it read (docs/data-model.md). */
		version: integer().notNull().default(1),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('paper_diary_month_uq').on(t.pairingId, t.month),
		index('paper_diary_month_due_idx')
			.on(t.destroyDueOn)
			.where(sql`${t.destroyedOn} is null`),
		check('paper_diary_month_pages_ck', sql`${t.pages} between 1 and 200`),
		check('paper_diary_month_first_ck', sql`extract(day from ${t.month}) = 1`),
		check(
			'paper_diary_month_destroyed_ck',
			sql`${t.destroyedOn} is null or ${t.enteredOn} is not null`
		)
	]
);
