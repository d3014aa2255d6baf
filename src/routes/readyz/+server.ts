import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { checkHealth } from '$lib/server/infra/health';
import { recentWriteFailure } from '$lib/server/infra/write-health';

/**
 * Ready once migrations ran and the database answers (the runtime is created before), and no
 * write failed for lack of storage in the last minute (write-health.ts): a full disk answers
 * reads but loses every save.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const health = await checkHealth(locals.ctx);
	const failing = recentWriteFailure();
	const ready = health.ok && !failing;
	return json(
		{
			ready,
			migrations: health.migrations,
			writes: failing ? 'failing' : 'ok',
			...(failing ? { lastWriteFailure: failing.at.toISOString(), code: failing.code } : {})
		},
		{ status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
