import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { act, parseForm } from '$lib/server/web/http';
import { resetLinkIsValid, resetPassword } from '$lib/server/services/auth/password-reset';

export const load: PageServerLoad = async ({ url, locals }) => {
	const token = url.searchParams.get('token') ?? '';
	return {
		token,
		valid: token !== '' && (await resetLinkIsValid(locals.ctx, token)),
		minLength: locals.ctx.config.PASSWORD_MIN_LENGTH
	};
};

const schema = z.object({
	token: z.string().min(1, 'auth.link_invalid').max(200, 'auth.link_invalid'),
	password: z.string().min(1, 'error.required').max(1000, 'password.too_long')
});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const parsed = await parseForm(request, schema);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => resetPassword(locals.ctx, parsed.data));
		if (result === undefined) redirect(303, '/login?notice=reset');
		return result;
	}
};
