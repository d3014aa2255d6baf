import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, requireActor } from '$lib/server/web/http';
import { diaryPage, markFlagSeen } from '$lib/server/services/pairings/diary';

/** Confirmations after a redirect from the diary forms (post/redirect/get). */
const DONE = {
	added: 'diary.added',
	updated: 'diary.updated',
	removed: 'diary.removed',
	seen: 'diary.flag_seen.done'
} as const;

/** The whole diary of a client, newest first, 25 a page; flagged entries first for the coordinator. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const page = Number(url.searchParams.get('page') ?? '1');
	const diary = await run(() => diaryPage(locals.ctx, params.id, { page }));
	const done = url.searchParams.get('done');
	return {
		...diary,
		done: done && done in DONE ? DONE[done as keyof typeof DONE] : null,
		doneKind: done,
		doneEntry: url.searchParams.get('entry')
	};
};

export const actions = {
	flagSeen: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const entryId = form.get('entryId');
		const result = await act(form, () =>
			markFlagSeen(locals.ctx, params.id, typeof entryId === 'string' ? entryId : '')
		);
		if (isActionFailure(result)) return result;
		redirect(303, `${url.pathname}?done=seen`);
	}
} satisfies Actions;
