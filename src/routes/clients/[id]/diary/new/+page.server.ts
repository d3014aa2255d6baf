import type { Actions, PageServerLoad } from './$types';
import { diaryFormActions, diaryFormLoad } from '$lib/server/web/diary-form';

/** "Add a visit" (R-PAIR-3): the volunteer's one-tap form, or the coordinator's paper diary. */
export const load: PageServerLoad = (event) => diaryFormLoad(event, null);

const { save, draft, discardDraft } = diaryFormActions(() => null);

export const actions = { save, draft, discardDraft } satisfies Actions;
