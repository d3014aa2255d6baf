import { loadConfig } from '../../config';
import { createRuntime } from '../../runtime';
import { runRetention } from './engine';

/**
 * `npm run retention`: one run of the retention engine on the database in DATABASE_URL (or the
 * embedded one in DATA_DIR — stop the server first, PGlite takes one process). The running
 * app does the same once a day (runtime.ts). Prints the counts; exit code 1 when an item failed.
 */
export async function main(): Promise<number> {
	const runtime = await createRuntime(loadConfig());
	try {
		const r = await runRetention(runtime.systemContext());
		console.log(
			`retention run ${r.runId}: destroyed ${r.destroyed}, anonymised ${r.anonymised}, held ${r.held}, files ${r.files}, failed ${r.failed}`
		);
		return r.failed > 0 ? 1 : 0;
	} finally {
		await runtime.close();
	}
}
