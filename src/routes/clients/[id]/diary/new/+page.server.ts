import type { Actions, PageServerLoad } from './$types';
import { diaryFormActions, diaryFormLoad } from '$lib/server/web/diary-form';
import { keepOnPhone } from '$lib/server/web/offline-pages';

/** "Add a visit" (R-PAIR-3): the volunteer's one-tap form, or the coordinator's paper diary. */
export const load: PageServerLoad = (event) => {
	// The volunteer's phone keeps this form to open it without a connection (issue 19).
	keepOnPhone(event.locals, event.setHeaders);
	return diaryFormLoad(event, null);
};

const { save, draft, discardDraft } = diaryFormActions(() => null);

export const actions = { save, draft, discardDraft } satisfies Actions;
