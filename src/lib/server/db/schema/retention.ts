import { sql } from 'drizzle-orm';
import {
	check,
	date,
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
import { clients, volunteers } from './people';
import { documents } from './documents';
import {
	CONSENT_METHODS,
	CONSENT_PURPOSES,
	HOLD_REASONS,
	RETENTION_ACTIONS,
	RETENTION_CLOCKS,
	RETENTION_STARTS
} from '../../domain/retention';

/**
 * Issue 24: consents as records, retention rules as data with legal holds, the clocks the
 * administrator starts (project end, contract end, hand-over), and the destruction register
 * (docs/decisions/0013-retention.md).
 */

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * A consent of a person for a purpose (processing in the service, a partner meeting's
 * recording, publishing a story, survey research): the version of the text shown or signed,
 * how it was given, the days given and withdrawn, who recorded it. At most one live (not
 * withdrawn) consent per person and purpose; a new one after a withdrawal is a new row.
 */
export const consents = pgTable(
	'consent',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		clientId: uuid().references((): AnyPgColumn => clients.id, { onDelete: 'cascade' }),
		volunteerId: uuid().references((): AnyPgColumn => volunteers.id, { onDelete: 'cascade' }),
		purpose: text({ enum: CONSENT_PURPOSES }).notNull(),
		textVersion: text().notNull(),
		method: text({ enum: CONSENT_METHODS }).notNull(),
		givenOn: date({ mode: 'string' }).notNull(),
		withdrawnOn: date({ mode: 'string' }),
		documentId: uuid().references((): AnyPgColumn => documents.id, { onDelete: 'set null' }),
		recordedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		withdrawnBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		version: integer().notNull().default(1),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('consent_client_idx').on(t.clientId),
		index('consent_volunteer_idx').on(t.volunteerId),
		uniqueIndex('consent_client_live_uq')
			.on(t.clientId, t.purpose)
			.where(sql`${t.withdrawnOn} is null and ${t.clientId} is not null`),
		uniqueIndex('consent_volunteer_live_uq')
			.on(t.volunteerId, t.purpose)
			.where(sql`${t.withdrawnOn} is null and ${t.volunteerId} is not null`),
		check('consent_one_person_ck', sql`(${t.clientId} is null) <> (${t.volunteerId} is null)`),
		check('consent_purpose_ck', sql`${t.purpose} in (${list(CONSENT_PURPOSES)})`),
		check('consent_method_ck', sql`${t.method} in (${list(CONSENT_METHODS)})`),
		check('consent_withdrawn_ck', sql`${t.withdrawnOn} is null or ${t.withdrawnOn} >= ${t.givenOn}`)
	]
);

/**
 * A retention rule (R-DOC-1): for a kind of record, the event its clock starts from, the
 * period, and the action. Seeded by the migration from the seeds' rules, each with its R-id;
 * changed by the administrator only with a reason (`retention_rule_change`).
 */
export const retentionRules = pgTable(
	'retention_rule',
	{
		key: text().primaryKey(),
		requirement: text().notNull(),
		startsFrom: text({ enum: RETENTION_STARTS }).notNull(),
		periodMonths: integer().notNull().default(0),
		action: text({ enum: RETENTION_ACTIONS }).notNull(),
		version: integer().notNull().default(1),
		updatedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('retention_rule_starts_ck', sql`${t.startsFrom} in (${list(RETENTION_STARTS)})`),
		check('retention_rule_action_ck', sql`${t.action} in (${list(RETENTION_ACTIONS)})`),
		check('retention_rule_period_ck', sql`${t.periodMonths} between 0 and 1200`)
	]
);

/** Each change of a rule with the administrator's reason (the audit event names this row). */
export const retentionRuleChanges = pgTable(
	'retention_rule_change',
	{
		id: uuid().primaryKey().defaultRandom(),
		ruleKey: text()
			.notNull()
			.references(() => retentionRules.key, { onDelete: 'cascade' }),
		fromPeriodMonths: integer().notNull(),
		toPeriodMonths: integer().notNull(),
		fromAction: text().notNull(),
		toAction: text().notNull(),
		reason: text().notNull(),
		changedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		changedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('retention_rule_change_rule_idx').on(t.ruleKey, t.changedAt)]
);

/**
 * The clocks only the administrator starts (R-MAP-5 the project's end, R-CTRL-2 the
 * contract's end and the hand-over to the ministry): one row each once set.
 */
export const retentionClocks = pgTable(
	'retention_clock',
	{
		clock: text({ enum: RETENTION_CLOCKS }).primaryKey(),
		onDay: date({ mode: 'string' }).notNull(),
		setBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		setAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('retention_clock_ck', sql`${t.clock} in (${list(RETENTION_CLOCKS)})`)]
);

/**
 * A legal hold (a complaint, a court request): while not lifted, nothing of the person is
 * destroyed or anonymised by the engine.
 */
export const legalHolds = pgTable(
	'legal_hold',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid()
			.notNull()
			.references(() => counties.id, { onDelete: 'restrict' }),
		clientId: uuid().references((): AnyPgColumn => clients.id, { onDelete: 'cascade' }),
		volunteerId: uuid().references((): AnyPgColumn => volunteers.id, { onDelete: 'cascade' }),
		reason: text({ enum: HOLD_REASONS }).notNull(),
		placedOn: date({ mode: 'string' }).notNull(),
		placedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		liftedOn: date({ mode: 'string' }),
		liftedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		version: integer().notNull().default(1),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('legal_hold_client_idx').on(t.clientId),
		index('legal_hold_volunteer_idx').on(t.volunteerId),
		check('legal_hold_one_person_ck', sql`(${t.clientId} is null) <> (${t.volunteerId} is null)`),
		check('legal_hold_reason_ck', sql`${t.reason} in (${list(HOLD_REASONS)})`)
	]
);

/**
 * The destruction register: one row per destroyed or anonymised item — what kind, which rule
 * and R-id, when, by the engine (`performed_by` null) or by whom, the count of files and rows,
 * the SHA-256 of each destroyed file. No personal data; the ids are of records that may be
 * gone (no foreign keys), kept so that a person's extract can list the rows about them.
 */
export const destructionRegister = pgTable(
	'destruction_register',
	{
		id: uuid().primaryKey().defaultRandom(),
		ruleKey: text().notNull(),
		requirement: text().notNull(),
		itemKind: text().notNull(),
		itemId: uuid().notNull(),
		action: text({ enum: ['destroyed', 'anonymised'] }).notNull(),
		countyId: uuid(),
		clientId: uuid(),
		volunteerId: uuid(),
		performedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		performedBy: uuid(),
		runId: uuid(),
		rowsCount: integer().notNull().default(0),
		filesCount: integer().notNull().default(0),
		fileSha256: text()
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/**
		 * Storage keys (opaque) still to remove from the file store: written with the row, cleared
		 * once the files are gone, so a crash between commit and removal is finished by the next run.
		 */
		pendingKeys: text()
			.array()
			.notNull()
			.default(sql`'{}'::text[]`)
	},
	(t) => [
		uniqueIndex('destruction_register_item_uq').on(t.ruleKey, t.itemKind, t.itemId),
		index('destruction_register_county_idx').on(t.countyId, t.performedAt),
		index('destruction_register_client_idx').on(t.clientId),
		index('destruction_register_volunteer_idx').on(t.volunteerId),
		check('destruction_register_action_ck', sql`${t.action} in ('destroyed', 'anonymised')`)
	]
);
