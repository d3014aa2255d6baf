import { CLAIM_STATUSES } from '../../domain/statuses';
import { sql } from 'drizzle-orm';
import {
	check,
	date,
	index,
	integer,
	numeric,
	pgTable,
	text,
	timestamp,
	unique,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { counties, municipalities } from './reference';
import { users } from './auth';
import { clients, pairings, volunteers } from './people';

/**
 * Euro-per-kilometre rates (R-MILE-3), dated because the legal tax-free rate changes. A row with
 * no municipality is the national default; a municipality's own row wins from its `validFrom`.
 * Amounts are numeric (exact decimals); the service computes money in integer cents.
 */
export const mileageRates = pgTable(
	'mileage_rate',
	{
		id: uuid().primaryKey().defaultRandom(),
		municipalityId: uuid().references(() => municipalities.id, { onDelete: 'restrict' }),
		validFrom: date({ mode: 'string' }).notNull(),
		eurPerKm: numeric({ precision: 6, scale: 4 }).notNull(),
		/** Optional monthly cap per volunteer, in cents. */
		monthlyCapCents: integer(),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('mileage_rate_uq').on(t.municipalityId, t.validFrom).nullsNotDistinct(),
		check('mileage_rate_positive_ck', sql`${t.eurPerKm} > 0 and ${t.eurPerKm} < 10`),
		check('mileage_rate_cap_ck', sql`${t.monthlyCapCents} is null or ${t.monthlyCapCents} >= 0`)
	]
);

/**
 * A month's claim of one volunteer to one paying municipality — the client's (R-MILE-3).
 * The rate and cap used are copied onto the claim when it is submitted.
 */
export const mileageClaims = pgTable(
	'mileage_claim',
	{
		id: uuid().primaryKey().defaultRandom(),
		volunteerId: uuid()
			.notNull()
			.references(() => volunteers.id, { onDelete: 'restrict' }),
		municipalityId: uuid()
			.notNull()
			.references(() => municipalities.id, { onDelete: 'restrict' }),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		/** First day of the month claimed. */
		month: date({ mode: 'string' }).notNull(),
		status: text({ enum: CLAIM_STATUSES }).notNull().default('draft'),
		eurPerKm: numeric({ precision: 6, scale: 4 }),
		monthlyCapCents: integer(),
		totalKm: numeric({ precision: 9, scale: 2 }),
		amountCents: integer(),
		submittedAt: timestamp({ withTimezone: true }),
		decidedAt: timestamp({ withTimezone: true }),
		decidedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		returnReason: text(),
		paidOn: date({ mode: 'string' }),
		version: integer().notNull().default(1),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('mileage_claim_uq').on(t.volunteerId, t.municipalityId, t.month),
		index('mileage_claim_county_status_idx').on(t.countyId, t.status, t.month),
		index('mileage_claim_municipality_month_idx').on(t.municipalityId, t.month),
		check(
			'mileage_claim_status_ck',
			sql`${t.status} in ('draft', 'submitted', 'approved', 'returned', 'paid')`
		),
		check('mileage_claim_month_ck', sql`extract(day from ${t.month}) = 1`),
		check('mileage_claim_paid_ck', sql`${t.status} <> 'paid' or ${t.paidOn} is not null`)
	]
);

/** One trip in a volunteer's mileage log (sõidupäevik, R-MILE-1). */
export const trips = pgTable(
	'trip',
	{
		id: uuid().primaryKey().defaultRandom(),
		volunteerId: uuid()
			.notNull()
			.references(() => volunteers.id, { onDelete: 'restrict' }),
		clientId: uuid()
			.notNull()
			.references(() => clients.id, { onDelete: 'restrict' }),
		pairingId: uuid().references(() => pairings.id, { onDelete: 'restrict' }),
		/** The paying municipality: the client's, at the time of the trip. */
		municipalityId: uuid()
			.notNull()
			.references(() => municipalities.id, { onDelete: 'restrict' }),
		tripDate: date({ mode: 'string' }).notNull(),
		fromPlace: text().notNull(),
		toPlace: text().notNull(),
		purpose: text().notNull(),
		kilometres: numeric({ precision: 7, scale: 2 }).notNull(),
		/** Set when the trip is part of a claim; trips of a submitted claim no longer change. */
		claimId: uuid().references(() => mileageClaims.id, { onDelete: 'set null' }),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('trip_volunteer_date_idx').on(t.volunteerId, t.tripDate),
		index('trip_claim_idx').on(t.claimId),
		index('trip_client_date_idx').on(t.clientId, t.tripDate),
		check('trip_km_ck', sql`${t.kilometres} > 0 and ${t.kilometres} <= 1000`)
	]
);
