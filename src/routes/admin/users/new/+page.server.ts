import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { LOCALES } from '$lib/i18n/locale';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { grantFormFields, grantsFromForm } from '$lib/server/services/admin/grants';
import { inviteUser } from '$lib/server/services/admin/user-invitations';
import { userFormOptions } from '$lib/server/services/admin/users';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	return { options: await run(() => userFormOptions(locals.ctx)) };
};

const schema = z.object({
	email: z.string().trim().min(1, 'error.required').max(254, 'error.too_long'),
	name: z.string().trim().min(1, 'error.required').max(200, 'error.too_long'),
	locale: z.enum(LOCALES, { message: 'error.choice' }).default('et'),
	...grantFormFields
});

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const ticked = (await request.clone().formData()).getAll('countyIds').map(String);
		const parsed = await parseForm(request, schema);
		if (!parsed.ok) return withCounties(parsed.failure, ticked);
		const { email, name, locale } = parsed.data;
		const result = await act(parsed.form, () =>
			inviteUser(locals.ctx, { email, name, locale, grants: grantsFromForm(parsed.data) })
		);
		if (typeof result === 'string') redirect(303, `/admin/users/${result}?notice=invited`);
		return withCounties(result, ticked);
	}
};

/** Echo every ticked county back (form values keep only one value per name). */
function withCounties<F extends { data: { values: Record<string, string> } }>(
	failure: F,
	countyIds: string[]
): F {
	failure.data.values.countyIds = countyIds.join(',');
	return failure;
}
