import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { clearSessionCookie } from '$lib/server/web/http';
import { logout } from '$lib/server/services/auth/login';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.sessionId) await logout(locals.ctx, locals.sessionId);
		clearSessionCookie(cookies);
		redirect(303, '/login?notice=logged_out');
	}
};
