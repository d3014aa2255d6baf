import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { auditFilterFromUrl } from '$lib/server/web/audit-filter';
import { auditFilterOptions, listAuditEvents } from '$lib/server/services/admin/audit-log';

/**
 * The audit log (issue 2): the administrator sees every event, a coordinator the events of
 * their counties' records; anyone else gets "not found" (audit:read, checked and audited by
 * the service).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const { form, filter, errors } = auditFilterFromUrl(url);
	return run(async () => {
		const options = await auditFilterOptions(locals.ctx);
		const list = await listAuditEvents(locals.ctx, filter);
		return { options, list, form, errors };
	});
};
