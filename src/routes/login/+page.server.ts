import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { act, parseForm, safeNext, setSessionCookie } from '$lib/server/web/http';
import { login } from '$lib/server/services/auth/login';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next')), notice: url.searchParams.get('notice') };
};

const schema = z.object({
	email: z.string().trim().min(1, 'error.required').max(254, 'error.too_long'),
	password: z.string().min(1, 'error.required').max(1000, 'error.too_long'),
	next: z.string().optional()
});

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const parsed = await parseForm(request, schema);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () =>
			login(locals.ctx, {
				email: parsed.data.email,
				password: parsed.data.password,
				userAgent: request.headers.get('user-agent')
			})
		);
		if ('token' in result) {
			setSessionCookie(cookies, result, url);
			redirect(303, safeNext(parsed.data.next));
		}
		return result;
	}
};
