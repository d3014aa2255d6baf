import type { Actions, PageServerLoad } from './$types';
import { diaryFormActions, diaryFormLoad } from '$lib/server/web/diary-form';

/** One diary entry: change it (with a version check), see its earlier versions, remove it. */
export const load: PageServerLoad = (event) => diaryFormLoad(event, event.params.entryId);

const { save, draft, discardDraft, remove } = diaryFormActions((p) => p.entryId ?? null);

export const actions = { save, draft, discardDraft, remove } satisfies Actions;
