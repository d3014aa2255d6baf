import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { act, parseForm } from '$lib/server/web/http';
import { requestPasswordReset } from '$lib/server/services/auth/password-reset';

export const load: PageServerLoad = () => ({});

const schema = z.object({
	email: z.string().trim().min(1, 'error.required').email('error.email').max(254, 'error.too_long')
});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const parsed = await parseForm(request, schema);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () =>
			requestPasswordReset(locals.ctx, parsed.data.email)
		);
		// The same answer whether or not the address has an account.
		return result ?? { sent: true };
	}
};
