import { and, desc, eq, inArray, sql, type Column } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, conflict, invalid } from '../../errors';
import { recordAudit, type AuditAction } from './audit';
import type { ServiceContext } from './context';
import type { Tx } from '../../db/client';
import { auditEvents, users } from '../../db/schema';

/**
 * Optimistic concurrency for shared records (issue 17, item 2): client, volunteer, social
 * partner, pairing, mileage claim and the settings carry a `version` integer that every change
 * increments. An edit form sends the version it was read at; the service writes with
 * `UPDATE … WHERE id = $1 AND version = $2 … RETURNING`, one atomic statement, so of two
 * editors who read version N only the first one's write matches a row. The second gets a
 * conflict (`records.conflict`): nothing is written, a `failure` event with the reason
 * `stale_version` is audited, and the page shows the newer saved values beside the user's own.
 * Pattern of the diary (pairings/diary.ts), without its draft.
 */

const VERSION_MESSAGE = 'records.version_missing';

/**
 * The `version` field of an edit form: a positive integer, written in digits (a form sends a
 * string; `1e3`, `0x10` or `1.0` are not what any page sends, so they are refused).
 */
export const versionField = z.preprocess(
	(v) => (typeof v === 'string' && /^\d{1,10}$/.test(v.trim()) ? Number(v.trim()) : v),
	z
		.number({ message: VERSION_MESSAGE })
		.int(VERSION_MESSAGE)
		.min(1, VERSION_MESSAGE)
		.max(2_147_483_647, VERSION_MESSAGE)
);

/**
 * The version a form was read at. Every change of a shared record needs it: a post without one
 * (an old page, a hand-made request) is refused as invalid, never saved over newer data.
 */
export function formVersion(input: unknown): number {
	const raw =
		input && typeof input === 'object' ? (input as Record<string, unknown>).version : undefined;
	const parsed = versionField.safeParse(raw);
	if (!parsed.success) throw invalid({ version: VERSION_MESSAGE }, 'records.version_missing');
	return parsed.data;
}

/** `version + 1` for the `set` of an update: every change of a versioned row increments it. */
export const nextVersion = (column: Column) => sql`${column} + 1`;

/** Thrown inside a transaction when the conditional update matched no row. */
export class StaleVersionError extends Error {
	constructor() {
		super('stale version');
		this.name = 'StaleVersionError';
	}
}

/** The rows an `update … where version = $n returning` changed: none means someone saved first. */
export function changedRow<T>(rows: readonly T[]): T {
	const [row] = rows;
	if (row === undefined) throw new StaleVersionError();
	return row;
}

/**
 * Runs a versioned change. When its conditional update matched no row (someone saved since the
 * form was read), the transaction has rolled back; the refusal is audited on its own and the
 * caller gets `conflict('records.conflict')`.
 */
export async function refuseStale<T>(
	ctx: ServiceContext,
	audit: {
		action: AuditAction;
		entityType: string;
		entityId: string;
		countyId: string | null;
		version: number;
		/** The conflict's message, when the record's pages have their own (a claim's). */
		messageKey?: string;
	},
	change: () => Promise<T>
): Promise<T> {
	try {
		return await change();
	} catch (e) {
		if (!(e instanceof StaleVersionError)) throw e;
		await recordAudit(ctx.db, ctx, {
			action: audit.action,
			entityType: audit.entityType,
			entityId: audit.entityId,
			countyId: audit.countyId,
			outcome: 'failure',
			details: { reason: 'stale_version', version: audit.version }
		});
		throw conflict(audit.messageKey ?? 'records.conflict');
	}
}

/** Whether an error is the refusal of a stale version (for pages that show the newer values). */
export const isStaleConflict = (e: unknown) =>
	e instanceof AppError && e.code === 'conflict' && e.messageKey === 'records.conflict';

/**
 * Who made the latest successful change of a record and when (from the audit log), for the
 * conflict page's "saved by … at …". Null when the log has none (a record made by the demo).
 */
export async function latestChange(
	db: Tx,
	entityType: string,
	entityId: string,
	actions: readonly string[]
): Promise<{ name: string | null; at: Date } | null> {
	const [row] = await db
		.select({ name: users.name, at: auditEvents.occurredAt })
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorUserId))
		.where(
			and(
				eq(auditEvents.entityType, entityType),
				eq(auditEvents.entityId, entityId),
				eq(auditEvents.outcome, 'success'),
				inArray(auditEvents.action, [...actions])
			)
		)
		.orderBy(desc(auditEvents.id))
		.limit(1);
	return row ?? null;
}
