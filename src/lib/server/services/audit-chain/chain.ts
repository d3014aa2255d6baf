import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { appSettings } from '../../db/schema';
import type { Database, Tx } from '../../db/client';
import { can } from '../../policy/policy';
import { today, type ServiceContext } from '../core/context';

/**
 * The hash chain over the audit log (issue 21, docs/decisions/0007-audit-chain.md).
 *
 * The database writes the chain: at the commit of every transaction that inserted events, a
 * deferred trigger (running as the owner) appends one link per event to `audit_chain` under
 * the lock of the one-row `audit_chain_lock`, with
 *
 *     hash = sha256(prev_hash ␠ seq ␠ canonical(event))
 *
 * where the canonical content is a JSON array of the event's columns (migration 0011,
 * `audit_event_canonical`). This module walks the chain and says where it first breaks. It
 * builds the canonical text with its own SQL (below) and hashes in Node, so a function
 * replaced in the database does not hide a change either.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** Why the chain breaks at an event. */
export type ChainBreakReason =
	/** The event's content (or its link's hash) is not what was chained: changed afterwards. */
	| 'changed'
	/** The chained event is gone: deleted afterwards. */
	| 'missing'
	/** The link does not follow the previous one (a link rewritten or put in between). */
	| 'link'
	/** Positions skip: a link before this one was removed. */
	| 'gap'
	/** An event with no link: inserted behind the chain's back (triggers disabled). */
	| 'unchained';

export interface ChainBreak {
	/** The event where the chain breaks. */
	eventId: number;
	/** Its position in the chain (null for an unchained event). */
	seq: number | null;
	reason: ChainBreakReason;
}

export interface ChainCheck {
	ok: boolean;
	/** When the walk ran (ISO). */
	checkedAt: string;
	/** Links walked and found sound. */
	checked: number;
	/** The last event of the sound part of the chain (null: none). */
	intactUpToEventId: number | null;
	intactUpToSeq: number;
	/** The first break in chain order, or the lowest unchained event. */
	break: ChainBreak | null;
}

/** The chain's last link at an instant: what a quarterly package hands over. */
export interface ChainHead {
	seq: number;
	eventId: number | null;
	hash: string;
}

/**
 * The canonical content of event `e` — the same text as `audit_event_canonical(e)` in the
 * migration, written here again on purpose (see above).
 */
const CANONICAL = sql.raw(`jsonb_build_array(
	e.id,
	to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
	e.actor_user_id,
	e.actor_roles,
	e.action,
	e.entity_type,
	e.entity_id,
	e.county_id,
	e.outcome,
	e.request_id,
	e.ip,
	e.details
)::text`);

export function linkHash(prevHash: string, seq: number | string, canonical: string): string {
	return createHash('sha256').update(`${prevHash} ${seq} ${canonical}`, 'utf8').digest('hex');
}

async function rows<T>(db: Tx, query: ReturnType<typeof sql>): Promise<T[]> {
	return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

interface LinkRow {
	seq: string;
	event_id: string;
	prev_hash: string;
	hash: string;
	found: boolean;
	canonical: string | null;
}

const BATCH = 5000;

/**
 * Walks the whole chain in order, in one read-only snapshot, and reports the first break:
 * the event and why. Reads a batch of links at a time (by position), so memory stays flat.
 */
export async function verifyAuditChain(db: Database, now: Date = new Date()): Promise<ChainCheck> {
	return db.transaction(
		async (tx) => {
			let expectedSeq = 1;
			let prevHash = GENESIS_HASH;
			let lastEventId: number | null = null;
			let found: ChainBreak | null = null;
			walk: for (;;) {
				const batch = await rows<LinkRow>(
					tx,
					sql`select c.seq::text as seq, c.event_id::text as event_id, c.prev_hash, c.hash,
						e.id is not null as found, case when e.id is null then null else ${CANONICAL} end as canonical
					from audit_chain c left join audit_event e on e.id = c.event_id
					where c.seq >= ${expectedSeq}
					order by c.seq
					limit ${BATCH}`
				);
				for (const link of batch) {
					const seq = Number(link.seq);
					const eventId = Number(link.event_id);
					const reason: ChainBreakReason | null =
						seq !== expectedSeq
							? 'gap'
							: link.prev_hash !== prevHash
								? 'link'
								: !link.found
									? 'missing'
									: linkHash(link.prev_hash, link.seq, link.canonical!) !== link.hash
										? 'changed'
										: null;
					if (reason) {
						found = { eventId, seq, reason };
						break walk;
					}
					expectedSeq = seq + 1;
					prevHash = link.hash;
					lastEventId = eventId;
				}
				if (batch.length < BATCH) break;
			}
			const intactUpToSeq = expectedSeq - 1;
			if (!found) {
				const [orphan] = await rows<{ id: string | null }>(
					tx,
					sql`select min(e.id)::text as id from audit_event e
					where not exists (select 1 from audit_chain c where c.event_id = e.id)`
				);
				if (orphan?.id) found = { eventId: Number(orphan.id), seq: null, reason: 'unchained' };
			}
			return {
				ok: found === null,
				checkedAt: now.toISOString(),
				checked: intactUpToSeq,
				intactUpToEventId: lastEventId,
				intactUpToSeq,
				break: found
			};
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}

/**
 * The chain's last link among the events that occurred at or before `cutoff`: deterministic
 * for a cut-off in the past, so a package rebuilt for the same cut-off names the same head.
 */
export async function chainHeadAt(db: Tx, cutoff: Date): Promise<ChainHead> {
	const [row] = await rows<{ seq: string; event_id: string; hash: string }>(
		db,
		sql`select c.seq::text as seq, c.event_id::text as event_id, c.hash
		from audit_chain c join audit_event e on e.id = c.event_id
		where e.occurred_at <= ${cutoff.toISOString()}::timestamptz
		order by c.seq desc
		limit 1`
	);
	return row
		? { seq: Number(row.seq), eventId: Number(row.event_id), hash: row.hash }
		: { seq: 0, eventId: null, hash: GENESIS_HASH };
}

/** Where the last check's result is kept (app_setting), for the administrator's page. */
export const SETTING_CHAIN_CHECK = 'audit.chain_check';

export async function saveChainCheck(db: Tx, check: ChainCheck): Promise<void> {
	const at = new Date(check.checkedAt);
	await db
		.insert(appSettings)
		.values({ key: SETTING_CHAIN_CHECK, value: check, updatedAt: at })
		.onConflictDoUpdate({ target: appSettings.key, set: { value: check, updatedAt: at } });
}

export async function lastChainCheck(db: Tx): Promise<ChainCheck | null> {
	const [row] = await db
		.select({ value: appSettings.value })
		.from(appSettings)
		.where(eq(appSettings.key, SETTING_CHAIN_CHECK));
	return (row?.value as ChainCheck | undefined) ?? null;
}

/** Walks the chain and keeps the result (the nightly job and `npm run audit:verify`). */
export async function checkAuditChain(db: Database, now: Date = new Date()): Promise<ChainCheck> {
	const check = await verifyAuditChain(db, now);
	await saveChainCheck(db, check);
	return check;
}

/**
 * The administrator's line: the last check's result ("intact up to event N, checked at …" or
 * the first break; `check` null before the first). Null for everyone else: they read no whole
 * log.
 */
export async function auditChainStatus(
	ctx: ServiceContext
): Promise<{ check: ChainCheck | null } | null> {
	if (!can(ctx.actor, 'audit:read', { kind: 'system' }, today(ctx))) return null;
	return { check: await lastChainCheck(ctx.db) };
}
