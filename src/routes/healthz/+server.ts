import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { checkHealth } from '$lib/server/infra/health';

/** Liveness and database check for load balancers and monitoring (no personal data). */
export const GET: RequestHandler = async ({ locals }) => {
	const health = await checkHealth(locals.ctx);
	return json(health, { status: health.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
