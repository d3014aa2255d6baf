import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import {
	clients,
	destructionRegister,
	documents,
	legalHolds,
	retentionClocks,
	retentionRules
} from '../../db/schema';
import type { Tx } from '../../db/client';
import { addCalendarMonths, dueCutoff, noticeHorizon } from '../../domain/retention';
import { logger } from '../../log';
import { recordAudit } from '../core/audit';
import { recordDestruction } from '../core/destruction';
import { today, type ServiceContext } from '../core/context';
import { anonymiseLockedClient } from '../clients/anonymise';
import { deleteStoredFiles } from '../documents/purge';

/**
 * The retention engine (issue 24, item 3): finds what has reached the end of its keeping under
 * the rules of `retention_rule` and carries out the action, one item per transaction together
 * with its register row and audit event — a crash leaves every item either wholly done (with
 * its row) or untouched, and the next run continues. Files are removed after commit; their keys
 * wait in the register row (`pending_keys`) until removed, so a crash in between is finished
 * by the next run (`finishPendingFiles`). A legal hold on the person skips the item.
 *
 * Rules carried out here: `survey_paper_scan` (R-PAIR-6: the scan of a paper survey, 3 months
 * after entry), `mapping_unused` (R-MAP-5: clients never paired, at the project's end),
 * `client_handover` (R-CTRL-2: clients anonymised at the hand-over). `application_not_selected`
 * (R-VOL-6) and `client_on_request` (R-PAIR-5) are carried out by their own decisions, which
 * write the register row too. The other rules are kept as data (keep, or done by hand).
 */

export const ENGINE_RULES = ['survey_paper_scan', 'mapping_unused', 'client_handover'] as const;
export type EngineRule = (typeof ENGINE_RULES)[number];

export interface DueItem {
	ruleKey: EngineRule;
	requirement: string;
	action: 'destroy' | 'anonymise';
	itemKind: 'survey_scan' | 'client';
	itemId: string;
	countyId: string;
	clientId: string;
	dueOn: string;
	held: boolean;
}

type Rule = typeof retentionRules.$inferSelect;

const heldClient = (clientIdSql: ReturnType<typeof sql>) =>
	sql<boolean>`exists (select 1 from legal_hold h where h.client_id = ${clientIdSql} and h.lifted_on is null)`;

/** What each engine rule finds due on or before `until` (a Tallinn day). */
async function itemsOf(
	db: Tx,
	rule: Rule,
	clocks: Map<string, string>,
	until: string,
	countyId: string | null
): Promise<DueItem[]> {
	if (rule.action === 'keep') return [];
	const action = rule.action;
	const county = countyId ? sql`and c.county_id = ${countyId}` : sql``;
	if (rule.key === 'survey_paper_scan') {
		const cutoff = dueCutoff(until, rule.periodMonths);
		const rows = (await db.execute(sql`
			select d.id as "itemId", c.county_id as "countyId", c.id as "clientId",
				to_char((s.entered_at at time zone 'Europe/Tallinn')::date, 'YYYY-MM-DD') as "entered",
				${heldClient(sql`c.id`)} as "held"
			from document d
			join survey_response s on d.owner_ref = 'survey_response:' || s.id::text
			join client c on c.id = s.client_id
			where s.on_paper and (s.entered_at at time zone 'Europe/Tallinn')::date <= ${cutoff}::date ${county}
			order by s.entered_at, d.id`)) as unknown as {
			rows: {
				itemId: string;
				countyId: string;
				clientId: string;
				entered: string;
				held: boolean;
			}[];
		};
		return rows.rows.map((r) => ({
			ruleKey: 'survey_paper_scan',
			requirement: rule.requirement,
			action: 'destroy',
			itemKind: 'survey_scan',
			itemId: r.itemId,
			countyId: r.countyId,
			clientId: r.clientId,
			dueOn: addCalendarMonths(r.entered, rule.periodMonths),
			held: r.held
		}));
	}
	const clockKey = rule.startsFrom;
	const start = clocks.get(clockKey);
	if (!start) return [];
	const dueOn = addCalendarMonths(start, rule.periodMonths);
	if (dueOn > until) return [];
	if (rule.key === 'mapping_unused') {
		const rows = (await db.execute(sql`
			select c.id as "clientId", c.county_id as "countyId", ${heldClient(sql`c.id`)} as "held"
			from client c
			where c.status <> 'anonymised' ${county} ${unusedClient}
			order by c.created_at, c.id`)) as unknown as {
			rows: { clientId: string; countyId: string; held: boolean }[];
		};
		return rows.rows.map((r) => ({
			ruleKey: 'mapping_unused',
			requirement: rule.requirement,
			action,
			itemKind: 'client',
			itemId: r.clientId,
			countyId: r.countyId,
			clientId: r.clientId,
			dueOn,
			held: r.held
		}));
	}
	if (rule.key === 'client_handover') {
		const rows = (await db.execute(sql`
			select c.id as "clientId", c.county_id as "countyId", ${heldClient(sql`c.id`)} as "held"
			from client c
			where c.status <> 'anonymised' ${county}
			order by c.created_at, c.id`)) as unknown as {
			rows: { clientId: string; countyId: string; held: boolean }[];
		};
		return rows.rows.map((r) => ({
			ruleKey: 'client_handover',
			requirement: rule.requirement,
			action,
			itemKind: 'client',
			itemId: r.clientId,
			countyId: r.countyId,
			clientId: r.clientId,
			dueOn,
			held: r.held
		}));
	}
	return [];
}

/** A client whose mapping was never used: no pairing, diary entry, survey or trip. */
const unusedClient = sql`
	and not exists (select 1 from pairing p where p.client_id = c.id)
	and not exists (select 1 from diary_entry e where e.client_id = c.id)
	and not exists (select 1 from survey_response s where s.client_id = c.id)
	and not exists (select 1 from trip t where t.client_id = c.id)`;

/** Everything the engine rules find due by `until` (held items included, flagged). */
export async function dueItems(
	db: Tx,
	until: string,
	opts: { countyId?: string | null } = {}
): Promise<DueItem[]> {
	const rules = await db.select().from(retentionRules);
	const clocks = new Map(
		(await db.select().from(retentionClocks)).map((c) => [c.clock as string, c.onDay])
	);
	const out: DueItem[] = [];
	// Unused mapping data goes before the hand-over anonymises what is left.
	for (const key of ENGINE_RULES) {
		const rule = rules.find((r) => r.key === key);
		if (rule) out.push(...(await itemsOf(db, rule, clocks, until, opts.countyId ?? null)));
	}
	return out;
}

/** The preview: what will be destroyed or anonymised in the next `days` days (default 14). */
export async function upcomingItems(
	db: Tx,
	day: string,
	opts: { days?: number; countyId?: string | null } = {}
) {
	return dueItems(db, noticeHorizon(day, opts.days), { countyId: opts.countyId });
}

export interface RunResult {
	runId: string;
	destroyed: number;
	anonymised: number;
	held: number;
	files: number;
	/** Items that failed (logged; tried again next run). */
	failed: number;
}

export interface RunOptions {
	/** Tests: throw after this many items were done (a crash halfway). */
	faultAfter?: number;
}

/**
 * One run: finishes file removals a crash left pending, then carries out every item due today
 * that is not held. Runs as the engine (`performedBy` null) or, from the administrator's page,
 * with the actor recorded.
 */
export async function runRetention(ctx: ServiceContext, opts: RunOptions = {}): Promise<RunResult> {
	const runId = randomUUID();
	const day = today(ctx);
	const result: RunResult = { runId, destroyed: 0, anonymised: 0, held: 0, files: 0, failed: 0 };
	result.files += await finishPendingFiles(ctx);
	const items = await dueItems(ctx.db, day);
	let done = 0;
	for (const item of items) {
		if (item.held) {
			result.held++;
			continue;
		}
		if (opts.faultAfter !== undefined && done >= opts.faultAfter) {
			throw new Error('retention: injected fault');
		}
		try {
			const outcome = await carryOut(ctx, item, runId);
			if (!outcome) continue;
			done++;
			if (outcome.action === 'anonymised') result.anonymised++;
			else result.destroyed++;
			if (outcome.keys.length) {
				await deleteStoredFiles(ctx.files, outcome.keys);
				await clearPending(ctx, outcome.registerId, outcome.keys);
				result.files += outcome.keys.length;
			}
		} catch (err) {
			result.failed++;
			logger.error({ err, ruleKey: item.ruleKey, itemId: item.itemId }, 'retention item failed');
		}
	}
	await recordAudit(ctx.db, ctx, {
		action: 'retention.run',
		entityType: 'system',
		details: {
			runId,
			destroyed: result.destroyed,
			anonymised: result.anonymised,
			held: result.held,
			files: result.files,
			count: result.failed
		}
	});
	return result;
}

/** Removes stored files whose register rows still list them (a crash after commit). */
export async function finishPendingFiles(ctx: ServiceContext): Promise<number> {
	const pending = await ctx.db
		.select({ id: destructionRegister.id, keys: destructionRegister.pendingKeys })
		.from(destructionRegister)
		.where(sql`cardinality(${destructionRegister.pendingKeys}) > 0`);
	let n = 0;
	for (const p of pending) {
		await deleteStoredFiles(ctx.files, p.keys);
		await clearPending(ctx, p.id, p.keys);
		n += p.keys.length;
	}
	return n;
}

async function clearPending(ctx: ServiceContext, registerId: string, keys: string[]) {
	const left: string[] = [];
	for (const k of keys) if (await ctx.files.exists(k)) left.push(k);
	await ctx.db
		.update(destructionRegister)
		.set({ pendingKeys: left })
		.where(eq(destructionRegister.id, registerId));
}

/**
 * One item in one transaction: checks again under a lock that it is still there, due and not
 * held, does the action, writes the register row and the audit event. Null: nothing to do (a
 * concurrent run or a decision got there first).
 */
async function carryOut(
	ctx: ServiceContext,
	item: DueItem,
	runId: string
): Promise<{ action: 'destroyed' | 'anonymised'; keys: string[]; registerId: string } | null> {
	return ctx.db.transaction(async (tx) => {
		const [client] = await tx
			.select()
			.from(clients)
			.where(eq(clients.id, item.clientId))
			.for('update');
		if (!client) return null;
		const [hold] = await tx
			.select({ id: legalHolds.id })
			.from(legalHolds)
			.where(and(eq(legalHolds.clientId, item.clientId), isNull(legalHolds.liftedOn)));
		if (hold) return null;
		let keys: string[] = [];
		let rows = 0;
		let sha: string[] = [];
		let action: 'destroyed' | 'anonymised' = 'destroyed';
		if (item.itemKind === 'survey_scan') {
			const gone = await tx
				.delete(documents)
				.where(eq(documents.id, item.itemId))
				.returning({ key: documents.storageKey, sha256: documents.sha256 });
			if (!gone.length) return null;
			keys = gone.map((g) => g.key);
			sha = gone.map((g) => g.sha256);
			rows = gone.length;
		} else if (item.action === 'anonymise') {
			if (client.status === 'anonymised') return null;
			const done = await anonymiseLockedClient(tx, ctx, client);
			keys = done.keys;
			rows = done.rows;
			sha = done.fileSha256;
			action = 'anonymised';
		} else {
			const destroyed = await destroyUnusedClient(tx, item.clientId);
			if (!destroyed) return null;
			({ keys, rows, sha } = destroyed);
		}
		const registerId = await recordDestruction(tx, ctx, {
			ruleKey: item.ruleKey,
			itemKind: item.itemKind,
			itemId: item.itemId,
			action,
			countyId: item.countyId,
			clientId: item.clientId,
			performedBy: ctx.actor?.userId ?? null,
			runId,
			rowsCount: rows,
			fileSha256: sha,
			pendingKeys: keys
		});
		await recordAudit(tx, ctx, {
			action: 'retention.destroy',
			entityType: 'client',
			entityId: item.clientId,
			countyId: item.countyId,
			details: {
				runId,
				ruleKey: item.ruleKey,
				itemKind: item.itemKind,
				itemId: item.itemId,
				rows,
				files: keys.length
			}
		});
		return { action, keys, registerId };
	});
}

/**
 * Deletes a client whose mapping was never used (R-MAP-5) with everything of theirs: documents,
 * consents, exclusions, drafts, story mentions (cascades). Checks again that nothing used it.
 */
async function destroyUnusedClient(tx: Tx, clientId: string) {
	const used = (await tx.execute(sql`
		select 1 from client c where c.id = ${clientId} ${unusedClient}`)) as unknown as {
		rows: unknown[];
	};
	if (used.rows.length === 0) return null;
	const docs = await tx
		.delete(documents)
		.where(eq(documents.clientId, clientId))
		.returning({ key: documents.storageKey, sha256: documents.sha256 });
	const other = (await tx.execute(sql`
		select
			(select count(*) from consent where client_id = ${clientId})::int
			+ (select count(*) from client_exclusion where client_id = ${clientId})::int
			+ (select count(*) from story_person where client_id = ${clientId})::int
			+ (select count(*) from diary_draft where client_id = ${clientId})::int as n`)) as unknown as {
		rows: { n: number }[];
	};
	await tx.delete(clients).where(eq(clients.id, clientId));
	return {
		keys: docs.map((d) => d.key),
		sha: docs.map((d) => d.sha256),
		rows: 1 + docs.length + Number(other.rows[0]?.n ?? 0)
	};
}
