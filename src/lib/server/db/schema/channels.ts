import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { counties } from './reference';
import { users } from './auth';
import { CHANNEL_KINDS } from '../../domain/channels';
import { sqlList } from '../../domain/vocabulary';

/**
 * A county's recruitment channel (issue 22, R-VOL-1): the Hiiumaa ferry's poster, a parish
 * newsletter, a local paper, a social-media post. Its `code` is carried by its own link to the
 * public application form (`/apply?kanal=<code>`), so an application made through it records the
 * channel and the pipeline counts per channel. The recruitment message is the `message` text
 * and/or documents (`owner_ref` `recruitment_channel:<id>`, kind `recruitment_message`).
 * Archived channels keep their counts and their link still records (a poster may still hang).
 */
export const recruitmentChannels = pgTable(
	'recruitment_channel',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		/** Short code of the link (domain/channels.ts: 6 letters and digits, unique). */
		code: text().notNull(),
		name: text().notNull(),
		kind: text({ enum: CHANNEL_KINDS }).notNull(),
		/** The recruitment message used in this channel. */
		message: text(),
		archivedAt: timestamp({ withTimezone: true }),
		/** Optimistic concurrency: a change names the version it read (docs/data-model.md). */
		version: integer().notNull().default(1),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('recruitment_channel_code_uq').on(t.code),
		index('recruitment_channel_county_idx').on(t.countyId),
		check('recruitment_channel_kind_ck', sql`${t.kind} in (${sql.raw(sqlList(CHANNEL_KINDS))})`),
		check('recruitment_channel_code_ck', sql`${t.code} ~ '^[a-z0-9]{4,12}$'`)
	]
);
