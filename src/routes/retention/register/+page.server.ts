import type { PageServerLoad } from './$types';
import { load as run, requireActor } from '$lib/server/web/http';
import { listRegister, upcomingForCounties } from '$lib/server/services/retention/register';

/** The destruction register (issue 24): the administrator all, a coordinator their counties. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const page = Number(url.searchParams.get('page') ?? '1');
	const register = await run(() => listRegister(locals.ctx, { page }));
	const upcoming = await run(() => upcomingForCounties(locals.ctx));
	return { register, upcoming, ran: url.searchParams.get('done') === 'run' };
};
