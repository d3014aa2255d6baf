import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
