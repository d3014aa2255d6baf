import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { LOCALES } from '$lib/i18n/locale';
import type { Actions, PageServerLoad } from './$types';
import {
	act,
	clearSessionCookie,
	LANG_COOKIE,
	load as run,
	parseForm,
	requireActor,
	setSessionCookie
} from '$lib/server/web/http';
import {
	changePassword,
	getMyAccount,
	setPreferredLocale
} from '$lib/server/services/auth/account';
import { logoutEverywhere } from '$lib/server/services/auth/login';

const NOTICES: Record<string, string> = {
	password: 'auth.account.password_changed',
	locale: 'auth.account.locale_saved'
};

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const account = await run(() => getMyAccount(locals.ctx));
	return {
		account,
		notice: NOTICES[url.searchParams.get('notice') ?? ''] ?? null,
		minLength: locals.ctx.config.PASSWORD_MIN_LENGTH
	};
};

const passwordSchema = z.object({
	currentPassword: z.string().min(1, 'error.required').max(1000, 'password.too_long'),
	newPassword: z.string().min(1, 'error.required').max(1000, 'password.too_long')
});

const localeSchema = z.object({ locale: z.enum(LOCALES, { message: 'error.choice' }) });

export const actions: Actions = {
	password: async ({ request, locals, cookies, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, passwordSchema);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () =>
			changePassword(locals.ctx, {
				...parsed.data,
				userAgent: request.headers.get('user-agent')
			})
		);
		if ('token' in result) {
			setSessionCookie(cookies, result, url);
			redirect(303, '/account?notice=password');
		}
		return result;
	},
	locale: async ({ request, locals, cookies, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, localeSchema);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => setPreferredLocale(locals.ctx, parsed.data.locale));
		if (typeof result === 'string') {
			cookies.set(LANG_COOKIE, result, {
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				maxAge: 60 * 60 * 24 * 365
			});
			redirect(303, '/account?notice=locale');
		}
		return result;
	},
	logoutEverywhere: async ({ locals, cookies, url }) => {
		requireActor(locals, url);
		await act(null, () => logoutEverywhere(locals.ctx));
		clearSessionCookie(cookies);
		redirect(303, '/login?notice=logged_out');
	}
};
