import { randomUUID } from 'node:crypto';
import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, requireActor } from '$lib/server/web/http';
import { tagFailure } from '$lib/server/web/form-fields';
import { createIntakeItem, listIntake } from '$lib/server/services/intake/intake';

const DONE = { destroyed: 'intake.destroyed', attached: 'intake.attached' } as const;

/** The intake inbox (R-MAP-3): first information before a client record exists. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	const countyId = (url.searchParams.get('county') ?? '').slice(0, 36);
	const list = await run(() => listIntake(locals.ctx, { countyId }));
	const done = url.searchParams.get('done');
	return {
		list,
		// A resubmitted form (a second click, a reload) gives the item made the first time.
		submissionKey: randomUUID(),
		done: done && done in DONE ? DONE[done as keyof typeof DONE] : null
	};
};

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const fields: Record<string, string> = {};
		for (const [k, v] of form.entries()) if (typeof v === 'string') fields[k] = v.slice(0, 10_000);
		const file = form.get('file');
		const result = await act(form, () =>
			createIntakeItem(locals.ctx, fields, file instanceof File ? file : null)
		);
		if (isActionFailure(result)) return tagFailure('create', result);
		redirect(303, `/documents/intake/${result}?done=created`);
	}
};
