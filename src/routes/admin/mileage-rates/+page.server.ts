import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields, tagFailure } from '$lib/server/web/form-fields';
import { doneMessage } from '$lib/server/web/mileage-pages';
import {
	addMileageRate,
	deleteMileageRate,
	mileageRatesPage
} from '$lib/server/services/mileage/mileage-rates';

/** Euro-per-km rates and monthly caps per municipality, and the dated national default. */
const DONE = { added: 'mileage.rates.added', deleted: 'mileage.rates.deleted' } as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const page = await run(() => mileageRatesPage(locals.ctx));
	return { ...page, done: doneMessage(url, DONE) };
};

export const actions = {
	add: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure('add', parsed.failure);
		const result = await act(parsed.form, () => addMileageRate(locals.ctx, parsed.data));
		if (isActionFailure(result)) return tagFailure('add', result);
		redirect(303, '/admin/mileage-rates?done=added');
	},
	delete: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure('delete', parsed.failure);
		const result = await act(parsed.form, () =>
			deleteMileageRate(locals.ctx, parsed.data.id ?? '')
		);
		if (isActionFailure(result)) return tagFailure('delete', result);
		redirect(303, '/admin/mileage-rates?done=deleted');
	}
} satisfies Actions;
