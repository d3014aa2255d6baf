import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields, tagFailure } from '$lib/server/web/form-fields';
import {
	addClientExclusion,
	matchSuggestions,
	removeClientExclusion
} from '$lib/server/services/pairings/matching';
import { createPairing } from '$lib/server/services/pairings/pairing-lifecycle';

const DONE = { excluded: 'exclusion.added', included: 'exclusion.removed' } as const;

/**
 * The matching page (R-PAIR-1): suggestions ranked by fit with reasons, filters in the address
 * (a plain GET form), and the pairing form for the volunteer picked (`?pick=<id>`).
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const q = url.searchParams;
	const suggestions = await run(() =>
		matchSuggestions(locals.ctx, params.id, {
			municipalityId: q.get('municipalityId') ?? undefined,
			language: q.get('language') ?? undefined,
			profile: q.get('profile') ?? undefined,
			hasCar: q.get('hasCar') === '1',
			includeExcluded: q.get('includeExcluded') === '1',
			page: Number(q.get('page') ?? '1'),
			excludeQuery: q.get('excludeQuery') ?? undefined
		})
	);
	const pickId = q.get('pick');
	const picked =
		suggestions.suggestions.find((s) => s.volunteerId === pickId && s.rank !== null) ?? null;
	const done = q.get('done');
	return {
		...suggestions,
		picked,
		done: done && done in DONE ? DONE[done as keyof typeof DONE] : null
	};
};

export const actions = {
	pair: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure('pair', parsed.failure);
		const result = await act(parsed.form, () => createPairing(locals.ctx, params.id, parsed.data));
		if (isActionFailure(result)) return tagFailure('pair', result);
		redirect(303, `/clients/${params.id}/pairings/${result}?done=created`);
	},
	exclude: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure('exclude', parsed.failure);
		const result = await act(parsed.form, () =>
			addClientExclusion(locals.ctx, params.id, parsed.data)
		);
		if (isActionFailure(result)) return tagFailure('exclude', result);
		redirect(303, `${url.pathname}?done=excluded#exclusions`);
	},
	include: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure('include', parsed.failure);
		const result = await act(parsed.form, () =>
			removeClientExclusion(locals.ctx, params.id, parsed.data.exclusionId ?? '')
		);
		if (isActionFailure(result)) return tagFailure('include', result);
		redirect(303, `${url.pathname}?done=included#exclusions`);
	}
} satisfies Actions;
