import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { counties, municipalities } from './reference';
import { users } from './auth';
import { PARTNER_KINDS } from '../../domain/vocabulary';

/**
 * Social partners (võrgustikupartnerid, R-MAP-1, R-PART-2): the organisations and people who pass
 * information about people in need to the county coordinator. Scoped by county like clients.
 */
export const socialPartners = pgTable(
	'social_partner',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		municipalityId: uuid().references(() => municipalities.id, { onDelete: 'restrict' }),
		name: text().notNull(),
		kind: text({ enum: PARTNER_KINDS }).notNull(),
		notes: text(),
		archivedAt: timestamp({ withTimezone: true }),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		/** Optimistic concurrency: a change names the version it read (docs/data-model.md). */
		version: integer().notNull().default(1),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('social_partner_county_idx').on(t.countyId, t.name),
		check(
			'social_partner_kind_ck',
			sql`${t.kind} in ('municipality_social_work', 'family_doctor', 'care_home', 'shop', 'church', 'library', 'post', 'other')`
		)
	]
);

/** A contact person at a social partner. */
export const socialPartnerContacts = pgTable(
	'social_partner_contact',
	{
		id: uuid().primaryKey().defaultRandom(),
		partnerId: uuid()
			.notNull()
			.references(() => socialPartners.id, { onDelete: 'cascade' }),
		name: text().notNull(),
		role: text(),
		phone: text(),
		email: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('social_partner_contact_partner_idx').on(t.partnerId)]
);
