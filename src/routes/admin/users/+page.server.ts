import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { listUsers } from '$lib/server/services/admin/users';
import { ROLES, USER_STATUSES } from '$lib/server/domain/statuses';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const q = (url.searchParams.get('q') ?? '').slice(0, 200);
	const role = url.searchParams.get('role') ?? '';
	const status = url.searchParams.get('status') ?? '';
	const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1;
	const result = await run(() => listUsers(locals.ctx, { q, role, status, page }));
	return {
		...result,
		filter: { q, role, status },
		roles: [...ROLES],
		statuses: [...USER_STATUSES]
	};
};
