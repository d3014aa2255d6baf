import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { clientAccessLog } from '$lib/server/services/admin/audit-log';

/**
 * "Who looked at my data" (issue 2): the audit events about one client, for those who may read
 * the client's access log (client:read_access_log — checked and audited by the service).
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const rawPage = Number.parseInt(url.searchParams.get('page') ?? '1', 10);
	const page = Number.isFinite(rawPage) && rawPage > 0 && rawPage <= 100_000 ? rawPage : 1;
	return run(() => clientAccessLog(locals.ctx, params.id, { page }));
};
