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
import { counties, municipalities } from './reference';
import { users } from './auth';

export const CLIENT_STATUSES = ['mapped', 'waiting', 'paired', 'ended', 'anonymised'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

/**
 * A person in need of company (abivajaja, klient). The county decides which coordinator
 * reaches the record (R-ROLE-2); the ministry is the data controller (R-CTRL-1).
 * A mapping entry may start without any identifying data (R-MAP-2): names are nullable.
 */
export const clients = pgTable(
	'client',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		municipalityId: uuid().references(() => municipalities.id, { onDelete: 'restrict' }),
		status: text({ enum: CLIENT_STATUSES }).notNull().default('mapped'),
		firstName: text(),
		lastName: text(),
		/** Estonian personal identification code; never shown to volunteers. */
		isikukood: text(),
		dateOfBirth: date({ mode: 'string' }),
		phone: text(),
		notes: text(),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		anonymisedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		index('client_county_status_idx').on(t.countyId, t.status),
		index('client_municipality_idx').on(t.municipalityId),
		index('client_isikukood_idx')
			.on(t.isikukood)
			.where(sql`${t.isikukood} is not null`),
		check(
			'client_status_ck',
			sql`${t.status} in ('mapped', 'waiting', 'paired', 'ended', 'anonymised')`
		),
		check('client_isikukood_ck', sql`${t.isikukood} is null or ${t.isikukood} ~ '^[1-8][0-9]{10}$'`)
	]
);

export const VOLUNTEER_STATUSES = ['candidate', 'active', 'paused', 'ended'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];

/** A volunteer companion (vabatahtlik seltsiline). The NGO is the data controller (R-CTRL-1). */
export const volunteers = pgTable(
	'volunteer',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		municipalityId: uuid().references(() => municipalities.id, { onDelete: 'restrict' }),
		status: text({ enum: VOLUNTEER_STATUSES }).notNull().default('candidate'),
		firstName: text().notNull(),
		lastName: text().notNull(),
		email: text(),
		phone: text(),
		isikukood: text(),
		dateOfBirth: date({ mode: 'string' }),
		/** How many clients the volunteer said they can take at once. */
		maxClients: integer().notNull().default(1),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('volunteer_county_status_idx').on(t.countyId, t.status),
		check('volunteer_status_ck', sql`${t.status} in ('candidate', 'active', 'paused', 'ended')`),
		check('volunteer_max_clients_ck', sql`${t.maxClients} between 0 and 20`),
		check(
			'volunteer_isikukood_ck',
			sql`${t.isikukood} is null or ${t.isikukood} ~ '^[1-8][0-9]{10}$'`
		)
	]
);

export const PAIRING_STATUSES = ['proposed', 'introduced', 'active', 'paused', 'ended'] as const;
export type PairingStatus = (typeof PAIRING_STATUSES)[number];
/** States in which the volunteer reaches the client (R-ROLE-3, R-ROLE-6). */
export const PAIRING_ACCESS_STATUSES = ['introduced', 'active', 'paused'] as const;

/**
 * A client linked with a volunteer (sidumine, R-PAIR-1). The volunteer reaches the client while
 * the pairing is in an access state and today lies in [startsOn, endsOn) — see policy/.
 * One volunteer may have several clients and one client several volunteers.
 */
export const pairings = pgTable(
	'pairing',
	{
		id: uuid().primaryKey().defaultRandom(),
		clientId: uuid()
			.notNull()
			.references(() => clients.id, { onDelete: 'restrict' }),
		volunteerId: uuid()
			.notNull()
			.references(() => volunteers.id, { onDelete: 'restrict' }),
		status: text({ enum: PAIRING_STATUSES }).notNull().default('active'),
		startsOn: date({ mode: 'string' }).notNull(),
		/** Exclusive: on this day the volunteer no longer reaches the client. */
		endsOn: date({ mode: 'string' }),
		endReason: text(),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('pairing_client_idx').on(t.clientId),
		index('pairing_volunteer_client_idx').on(t.volunteerId, t.clientId),
		check(
			'pairing_status_ck',
			sql`${t.status} in ('proposed', 'introduced', 'active', 'paused', 'ended')`
		),
		check('pairing_dates_ck', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
		check('pairing_ended_has_date_ck', sql`${t.status} <> 'ended' or ${t.endsOn} is not null`)
	]
);

/**
 * The client diary (klienditoimik, sisukanne, R-PAIR-3): one entry per contact with the client.
 * Written by the paired volunteer, or by the coordinator from a paper diary (R-PAIR-8).
 */
export const diaryEntries = pgTable(
	'diary_entry',
	{
		id: uuid().primaryKey().defaultRandom(),
		clientId: uuid()
			.notNull()
			.references(() => clients.id, { onDelete: 'restrict' }),
		pairingId: uuid().references(() => pairings.id, { onDelete: 'restrict' }),
		/** The volunteer who met the client. */
		volunteerId: uuid().references(() => volunteers.id, { onDelete: 'restrict' }),
		contactDate: date({ mode: 'string' }).notNull(),
		durationMinutes: integer().notNull(),
		description: text().notNull(),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** Optimistic concurrency: a change must name the version it read. */
		version: integer().notNull().default(1)
	},
	(t) => [
		index('diary_entry_client_date_idx').on(t.clientId, t.contactDate),
		index('diary_entry_volunteer_date_idx').on(t.volunteerId, t.contactDate),
		check('diary_entry_duration_ck', sql`${t.durationMinutes} between 1 and 1440`)
	]
);
