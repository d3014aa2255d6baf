import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { countiesForAdmin, saveCounty } from '$lib/server/services/admin/counties';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const counties = await run(() => countiesForAdmin(locals.ctx));
	const editId = url.searchParams.get('edit');
	return {
		counties,
		editing: counties.find((c) => c.id === editId) ?? null,
		saved: url.searchParams.get('notice') === 'saved'
	};
};

const schema = z.object({
	id: z.string().min(1, 'error.required').max(64),
	code: z
		.string()
		.trim()
		.regex(/^\d{4}$/, 'reference.code_invalid'),
	name: z.string().trim().min(2, 'error.required').max(100, 'error.too_long')
});

export const actions: Actions = {
	update: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, schema);
		if (!parsed.ok) return parsed.failure;
		const { id, code, name } = parsed.data;
		const result = await act(parsed.form, () => saveCounty(locals.ctx, id, { code, name }));
		if (result === undefined) redirect(303, '/admin/counties?notice=saved');
		return result;
	}
};
