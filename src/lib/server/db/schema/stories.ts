import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	date,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	unique,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { counties } from './reference';
import { users } from './auth';
import { clients, volunteers } from './people';
import { documents } from './documents';

/**
 * Experience stories (issue 22, R-STORY-1): a story of a county's volunteer and/or client,
 * written in Estonian, Russian or English, published on the public page `/lood` with the
 * consent of everyone it names, or anonymously (the coordinator confirms the names were
 * removed). Consent documents are `document` rows with `owner_ref` `story:<id>`.
 */

export const STORY_LANGUAGES = ['et', 'ru', 'en'] as const;
export type StoryLanguage = (typeof STORY_LANGUAGES)[number];

export const stories = pgTable(
	'story',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		title: text().notNull(),
		body: text().notNull(),
		language: text({ enum: STORY_LANGUAGES }).notNull(),
		/** As shown under the story (a name or "a volunteer of Hiiumaa"). */
		author: text().notNull(),
		/** Published without names: the coordinator confirmed the names were removed. */
		anonymous: boolean().notNull().default(false),
		publishedAt: timestamp({ withTimezone: true }),
		publishedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		/**
		 * An optional photo (issue 22): a document of kind `photo` with `owner_ref` `story:<id>`,
		 * shown on `/lood` only while the story is published, with the coordinator's alt text.
		 */
		photoDocumentId: uuid().references((): AnyPgColumn => documents.id, { onDelete: 'set null' }),
		photoAlt: text(),
		/** Optimistic concurrency: a change names the version it read (docs/data-model.md). */
		version: integer().notNull().default(1),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('story_county_idx').on(t.countyId),
		index('story_published_idx').on(t.publishedAt),
		check('story_language_ck', sql`${t.language} in ('et', 'ru', 'en')`),
		check('story_photo_alt_ck', sql`${t.photoDocumentId} is null or ${t.photoAlt} is not null`)
	]
);

/**
 * A person a story is about (a volunteer or a client record) and their publication consent:
 * the signed consent (a document of the story) and its date; `consentWithdrawnOn` when taken
 * back, which unpublishes the story at once.
 */
export const storyPeople = pgTable(
	'story_person',
	{
		id: uuid().primaryKey().defaultRandom(),
		storyId: uuid()
			.notNull()
			.references(() => stories.id, { onDelete: 'cascade' }),
		volunteerId: uuid().references(() => volunteers.id, { onDelete: 'cascade' }),
		clientId: uuid().references(() => clients.id, { onDelete: 'cascade' }),
		consentDocumentId: uuid().references(() => documents.id, { onDelete: 'set null' }),
		consentOn: date({ mode: 'string' }),
		consentWithdrawnOn: date({ mode: 'string' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('story_person_volunteer_uq').on(t.storyId, t.volunteerId),
		unique('story_person_client_uq').on(t.storyId, t.clientId),
		check('story_person_one_ck', sql`(${t.volunteerId} is null) <> (${t.clientId} is null)`)
	]
);
