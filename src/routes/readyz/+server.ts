import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { checkHealth } from '$lib/server/infra/health';

/** Ready once migrations ran and the database answers (the runtime is created before). */
export const GET: RequestHandler = async ({ locals }) => {
	const health = await checkHealth(locals.ctx);
	return json(
		{ ready: health.ok, migrations: health.migrations },
		{ status: health.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
