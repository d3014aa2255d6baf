import { sql } from 'drizzle-orm';
import {
	check,
	date,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { counties } from './reference';
import { users } from './auth';
import { INTAKE_SOURCES } from '../../domain/intake';
import { sqlList } from '../../domain/vocabulary';

/**
 * The intake inbox (issue 22, R-MAP-3): first information about a possible client that arrived
 * on paper, by e-mail or by phone before a client record exists — a short note and, usually, a
 * scan (documents with `owner_ref` `intake_item:<id>`, kind `intake_form`). Attaching it to a
 * client moves the scans to the client's documents (the note becomes their description) and
 * deletes this row; destroying it deletes the row and the files. Either way nothing stays here:
 * the inbox holds only unused items, which are due for destruction three months after they were
 * received (domain/intake.ts).
 */
export const intakeItems = pgTable(
	'intake_item',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		source: text({ enum: INTAKE_SOURCES }).notNull(),
		receivedOn: date({ mode: 'string' }).notNull(),
		/** A short note for the coordinator (who, what about); personal data, kept only here. */
		note: text().notNull(),
		version: integer().notNull().default(1),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('intake_item_county_idx').on(t.countyId, t.receivedOn),
		check('intake_item_source_ck', sql`${t.source} in (${sql.raw(sqlList(INTAKE_SOURCES))})`)
	]
);
