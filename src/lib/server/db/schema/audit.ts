import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	index,
	jsonb,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';

/**
 * Append-only audit log: every view, create, change, export and download of personal data and
 * every denied attempt. The database refuses UPDATE, DELETE and TRUNCATE on this table
 * (trigger in the migrations). `details` never holds personal data (names, codes, free text):
 * only ids, counts and field names, so anonymising a client leaves nothing to erase here.
 */
export const auditEvents = pgTable(
	'audit_event',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		actorUserId: uuid(),
		/** The actor's roles at the time, e.g. "coordinator" or "admin,expert". */
		actorRoles: text(),
		/** e.g. client.view, client.create, user.login, report.download */
		action: text().notNull(),
		entityType: text(),
		entityId: text(),
		countyId: uuid(),
		outcome: text({ enum: ['success', 'denied', 'failure'] }).notNull(),
		requestId: text(),
		ip: text(),
		details: jsonb().$type<Record<string, unknown>>()
	},
	(t) => [
		index('audit_event_occurred_idx').on(t.occurredAt),
		index('audit_event_entity_idx').on(t.entityType, t.entityId),
		index('audit_event_county_idx').on(t.countyId, t.occurredAt),
		index('audit_event_actor_idx').on(t.actorUserId, t.occurredAt),
		check('audit_event_outcome_ck', sql`${t.outcome} in ('success', 'denied', 'failure')`)
	]
);

/**
 * The hash chain over the audit log (issue 21, decision 0007): one link per event, in the
 * order the events were committed. `hash` is the SHA-256 of the previous link's hash, the
 * link's position and the event's canonical content, so changing, removing or slipping in an
 * event breaks the chain at that event. Written only by the database (a deferred trigger on
 * `audit_event`, running as the owner), append-only like the log itself; the app role may
 * only read it. No foreign key: a removed event must show as a broken link, not be refused.
 */
export const auditChain = pgTable(
	'audit_chain',
	{
		seq: bigint({ mode: 'number' }).primaryKey(),
		eventId: bigint({ mode: 'number' }).notNull(),
		prevHash: text().notNull(),
		hash: text().notNull()
	},
	(t) => [uniqueIndex('audit_chain_event_idx').on(t.eventId)]
);

/**
 * The chain's lock (one row): each link's writer locks it (`SELECT … FOR UPDATE`, never an
 * update, so a transaction that writes many events does not pile up row versions), reads the
 * last link from `audit_chain`'s primary key and appends the next.
 */
export const auditChainLock = pgTable(
	'audit_chain_lock',
	{
		id: boolean().primaryKey().default(true)
	},
	(t) => [check('audit_chain_lock_one_row_ck', sql`${t.id}`)]
);
