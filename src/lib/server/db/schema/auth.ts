import { USER_STATUSES, ROLES, TOKEN_PURPOSES } from '../../domain/statuses';
import { sql } from 'drizzle-orm';
import { LOCALES } from '../../../i18n/locale';
import {
	check,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid,
	bigint,
	unique
} from 'drizzle-orm/pg-core';
import { counties } from './reference';
import { volunteers } from './people';

/** A person who logs in: administrator, coordinator, volunteer or expert (R-ROLE). */
export const users = pgTable(
	'app_user',
	{
		id: uuid().primaryKey().defaultRandom(),
		/** Stored lower-cased; unique. */
		email: text().notNull(),
		name: text().notNull(),
		/** argon2id hash; null until an invited user sets a password. */
		passwordHash: text(),
		status: text({ enum: USER_STATUSES }).notNull().default('invited'),
		locale: text({ enum: LOCALES }).notNull().default('et'),
		/** Bumped on every password or role change: sessions issued before are void. */
		securityVersion: integer().notNull().default(1),
		lastLoginAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('app_user_email_uq').on(t.email),
		check('app_user_status_ck', sql`${t.status} in ('invited', 'active', 'disabled')`),
		check('app_user_email_lower_ck', sql`${t.email} = lower(${t.email})`)
	]
);

/**
 * What a user may do (R-ROLE-1…5). A user may hold several grants: a coordinator of two
 * counties has two rows. Coordinator grants carry the county; volunteer grants carry the
 * volunteer record the account belongs to.
 */
export const roleGrants = pgTable(
	'role_grant',
	{
		id: uuid().primaryKey().defaultRandom(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text({ enum: ROLES }).notNull(),
		countyId: uuid().references(() => counties.id, { onDelete: 'restrict' }),
		volunteerId: uuid().references(() => volunteers.id, { onDelete: 'restrict' }),
		grantedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('role_grant_user_idx').on(t.userId),
		// One grant per (user, role, county); nulls not distinct so admin/expert are unique too.
		unique('role_grant_uq').on(t.userId, t.role, t.countyId).nullsNotDistinct(),
		uniqueIndex('role_grant_volunteer_uq').on(t.volunteerId),
		check('role_grant_role_ck', sql`${t.role} in ('admin', 'coordinator', 'volunteer', 'expert')`),
		check(
			'role_grant_shape_ck',
			sql`(${t.role} = 'coordinator' and ${t.countyId} is not null and ${t.volunteerId} is null)
			 or (${t.role} = 'volunteer' and ${t.volunteerId} is not null and ${t.countyId} is null)
			 or (${t.role} in ('admin', 'expert') and ${t.countyId} is null and ${t.volunteerId} is null)`
		)
	]
);

/**
 * Login sessions (Lucia guide): the browser holds a random token; only its SHA-256 is stored
 * here, so a database leak does not leak sessions.
 */
export const sessions = pgTable(
	'session',
	{
		/** hex SHA-256 of the session token */
		id: text().primaryKey(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		securityVersion: integer().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** absolute expiry; idle expiry is computed from lastSeenAt */
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		ip: text(),
		userAgent: text()
	},
	(t) => [index('session_user_idx').on(t.userId), index('session_expires_idx').on(t.expiresAt)]
);

/**
 * Single-use, expiring e-mail link tokens (first-admin setup, invitation, password reset).
 * Only the SHA-256 of the token is stored.
 */
export const userTokens = pgTable(
	'user_token',
	{
		/** hex SHA-256 of the token */
		id: text().primaryKey(),
		purpose: text({ enum: TOKEN_PURPOSES }).notNull(),
		/** null only for the first-administrator setup token */
		userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		usedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('user_token_user_idx').on(t.userId),
		check(
			'user_token_purpose_ck',
			sql`${t.purpose} in ('setup', 'invite', 'password_reset') and (${t.purpose} = 'setup') = (${t.userId} is null)`
		)
	]
);

/** Counters for login throttling (rate-limiter-flexible's Drizzle store). */
export const rateLimits = pgTable('rate_limit', {
	key: text().primaryKey(),
	points: integer().notNull().default(0),
	expire: timestamp({ withTimezone: true })
});

/**
 * Outgoing e-mail, written in the same transaction as the change that causes it and sent after
 * commit. The body is cleared once sent (links in it are secrets).
 */
export const mailOutbox = pgTable(
	'mail_outbox',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		toAddress: text().notNull(),
		subject: text().notNull(),
		body: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp({ withTimezone: true }),
		attempts: integer().notNull().default(0),
		lastError: text()
	},
	(t) => [
		index('mail_outbox_unsent_idx')
			.on(t.createdAt)
			.where(sql`${t.sentAt} is null`)
	]
);
