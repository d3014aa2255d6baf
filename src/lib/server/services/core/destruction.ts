import { eq } from 'drizzle-orm';
import { destructionRegister, retentionRules } from '../../db/schema';
import type { Tx } from '../../db/client';
import type { ServiceContext } from './context';

/**
 * The destruction register's writer (issue 24, item 4), shared by every wing that destroys or
 * anonymises by rule: the retention engine, anonymisation on request, a candidate not selected.
 * Called inside the transaction that does the destruction, so the row and the change commit
 * together. The rule's R-id is read from the rule table. No personal data: kinds, ids, counts
 * and the SHA-256 of destroyed files.
 */
export interface DestructionRow {
	ruleKey: string;
	itemKind: string;
	itemId: string;
	action: 'destroyed' | 'anonymised';
	countyId: string | null;
	clientId?: string | null;
	volunteerId?: string | null;
	/** Null: the engine. */
	performedBy: string | null;
	runId?: string | null;
	rowsCount: number;
	fileSha256?: string[];
	/** Storage keys to remove after commit (cleared by `filesRemoved`). */
	pendingKeys?: string[];
}

export async function recordDestruction(
	tx: Tx,
	ctx: Pick<ServiceContext, 'now'>,
	row: DestructionRow
): Promise<string> {
	const [rule] = await tx
		.select({ requirement: retentionRules.requirement })
		.from(retentionRules)
		.where(eq(retentionRules.key, row.ruleKey));
	const [made] = await tx
		.insert(destructionRegister)
		.values({
			ruleKey: row.ruleKey,
			requirement: rule?.requirement ?? '—',
			itemKind: row.itemKind,
			itemId: row.itemId,
			action: row.action,
			countyId: row.countyId,
			clientId: row.clientId ?? null,
			volunteerId: row.volunteerId ?? null,
			performedAt: ctx.now(),
			performedBy: row.performedBy,
			runId: row.runId ?? null,
			rowsCount: row.rowsCount,
			filesCount: row.fileSha256?.length ?? 0,
			fileSha256: row.fileSha256 ?? [],
			pendingKeys: row.pendingKeys ?? []
		})
		.returning({ id: destructionRegister.id });
	return made!.id;
}
