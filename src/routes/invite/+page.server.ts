import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { act, parseForm, setSessionCookie } from '$lib/server/web/http';
import { acceptInvite, inviteLinkInfo } from '$lib/server/services/auth/invitations';
import { logout } from '$lib/server/services/auth/login';

export const load: PageServerLoad = async ({ url, locals }) => {
	const token = url.searchParams.get('token') ?? '';
	const invitee = token ? await inviteLinkInfo(locals.ctx, token) : null;
	return { token, invitee, minLength: locals.ctx.config.PASSWORD_MIN_LENGTH };
};

const schema = z.object({
	token: z.string().min(1, 'auth.link_invalid').max(200, 'auth.link_invalid'),
	password: z.string().min(1, 'error.required').max(1000, 'password.too_long')
});

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const parsed = await parseForm(request, schema);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () =>
			acceptInvite(locals.ctx, { ...parsed.data, userAgent: request.headers.get('user-agent') })
		);
		if ('token' in result) {
			// Someone else logged in on this browser: end that session before starting the new one.
			if (locals.sessionId) await logout(locals.ctx, locals.sessionId);
			setSessionCookie(cookies, result, url);
			redirect(303, '/');
		}
		return result;
	}
};
