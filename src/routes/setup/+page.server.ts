import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { act, parseForm, setSessionCookie } from '$lib/server/web/http';
import { completeSetup, setupLinkIsValid } from '$lib/server/services/auth/setup';

export const load: PageServerLoad = async ({ url, locals }) => {
	const token = url.searchParams.get('token') ?? '';
	return {
		token,
		valid: token !== '' && (await setupLinkIsValid(locals.ctx, token)),
		minLength: locals.ctx.config.PASSWORD_MIN_LENGTH
	};
};

const schema = z.object({
	token: z.string().min(1, 'auth.link_invalid'),
	name: z.string().trim().min(2, 'error.required').max(200, 'error.too_long'),
	email: z.string().trim().email('error.email').max(254, 'error.too_long'),
	password: z.string().min(1, 'error.required')
});

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const parsed = await parseForm(request, schema);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () =>
			completeSetup(locals.ctx, { ...parsed.data, userAgent: request.headers.get('user-agent') })
		);
		if ('token' in result) {
			setSessionCookie(cookies, result, url);
			redirect(303, '/admin/users');
		}
		return result;
	}
};
