import { sql } from 'drizzle-orm';
import {
	bigint,
	check,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uuid,
	index,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { users } from './auth';

/**
 * A quarterly report package made for the ministry (R-REP-1…3), kept so that it is reproducible:
 * who made it, when, the data's cut-off time, the totals and a SHA-256 of the ZIP (stored as a
 * document in the file store under `storageKey`).
 */
export const quarterlyReports = pgTable(
	'quarterly_report',
	{
		id: uuid().primaryKey().defaultRandom(),
		year: integer().notNull(),
		quarter: integer().notNull(),
		cutoffAt: timestamp({ withTimezone: true }).notNull(),
		totals: jsonb().$type<Record<string, number>>().notNull(),
		sha256: text().notNull(),
		storageKey: text().notNull(),
		// bigint: a package with its consent scans may pass 2 GB.
		sizeBytes: bigint({ mode: 'number' }).notNull(),
		createdBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('quarterly_report_period_idx').on(t.year, t.quarter, t.createdAt),
		check('quarterly_report_quarter_ck', sql`${t.quarter} between 1 and 4`)
	]
);
