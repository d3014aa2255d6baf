import {
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid,
	index,
	check
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * Counties (maakond). 15 after the 2017 administrative reform. Coordinators are scoped by county
 * (R-ROLE-2). `code` is the EHAK code; kept editable by the administrator because the shipped
 * list comes from a third party (shared/data/README.md).
 */
export const counties = pgTable(
	'county',
	{
		id: uuid().primaryKey().defaultRandom(),
		code: text().notNull(),
		name: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('county_name_uq').on(t.name)]
);

/**
 * Local municipalities (omavalitsus, KOV): `linn` (city) or `vald` (rural municipality).
 * Municipalities reimburse volunteers' mileage (R-MILE-3).
 */
export const municipalities = pgTable(
	'municipality',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		name: text().notNull(),
		kind: text({ enum: ['linn', 'vald'] }).notNull(),
		sortOrder: integer().notNull().default(0),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('municipality_county_name_uq').on(t.countyId, t.name),
		index('municipality_county_idx').on(t.countyId),
		check('municipality_kind_ck', sql`${t.kind} in ('linn', 'vald')`)
	]
);
