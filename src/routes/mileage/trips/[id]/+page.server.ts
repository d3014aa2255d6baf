import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields } from '$lib/server/web/form-fields';
import { deleteTrip, getTrip, updateTrip } from '$lib/server/services/mileage/trips';

/** Correct or remove one trip of a draft or returned claim (R-MILE-1). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	return run(() => getTrip(locals.ctx, params.id));
};

type Moved = { volunteerId: string; tripDate: string };

/** Back to the log the trip belongs to, at its month. */
function logPath(locals: App.Locals, to: Moved, done: string) {
	const base =
		locals.actor?.volunteerId === to.volunteerId
			? '/mileage'
			: `/mileage/volunteers/${to.volunteerId}`;
	return `${base}?month=${encodeURIComponent(to.tripDate.slice(0, 7))}&done=${done}#trips`;
}

export const actions = {
	update: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () => updateTrip(locals.ctx, params.id, parsed.data));
		if (isActionFailure(result)) return result;
		redirect(303, logPath(locals, result as Moved, 'updated'));
	},
	delete: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const result = await act(form, () => deleteTrip(locals.ctx, params.id));
		if (isActionFailure(result)) return result;
		redirect(303, logPath(locals, result as Moved, 'deleted'));
	}
} satisfies Actions;
