import { loadConfig } from '../../config';
import { openDatabase } from '../../db/client';
import { checkAuditChain, type ChainCheck } from './chain';

/**
 * `npm run audit:verify`: walks the audit log's hash chain of the database in DATABASE_URL
 * (or the embedded one in DATA_DIR — stop the server first, PGlite takes one process) and
 * prints where it first breaks. Exit code 0 when intact, 1 when broken. The result is kept
 * for the administrator's page, like the nightly check's.
 */
export async function main(): Promise<number> {
	const config = loadConfig();
	const handle = await openDatabase({
		url: config.DATABASE_URL,
		pgliteDir: config.DATABASE_URL ? undefined : config.pgliteDir,
		poolMax: 1
	});
	try {
		const check = await checkAuditChain(handle.db);
		console.log(describeCheck(check));
		return check.ok ? 0 : 1;
	} finally {
		await handle.close();
	}
}

const WHY: Record<string, string> = {
	changed: 'its content differs from what was chained (changed afterwards)',
	missing: 'it was chained but is gone (deleted afterwards)',
	link: 'its link does not follow the previous one (a link rewritten or put in between)',
	gap: 'a link before it is missing',
	unchained: 'it has no link (inserted behind the chain)'
};

export function describeCheck(c: ChainCheck): string {
	const upTo =
		c.intactUpToEventId === null
			? 'no events chained before it'
			: `intact up to event ${c.intactUpToEventId} (link ${c.intactUpToSeq})`;
	if (c.ok)
		return `audit log intact up to event ${c.intactUpToEventId ?? '—'} (${c.checked} events), checked at ${c.checkedAt}`;
	const b = c.break!;
	const at = `event ${b.eventId}`;
	return `AUDIT LOG BROKEN at ${at}: ${WHY[b.reason] ?? b.reason}; ${upTo}; checked at ${c.checkedAt}`;
}
