import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields, tagFailure } from '$lib/server/web/form-fields';
import {
	getStory,
	publishStory,
	unpublishStory,
	updateStory
} from '$lib/server/services/stories/stories';
import {
	addStoryPerson,
	recordStoryConsent,
	removeStoryPerson,
	withdrawStoryConsent
} from '$lib/server/services/stories/people';
import { removeStoryPhoto, setStoryPhoto } from '$lib/server/services/stories/photo';

const DONE = {
	saved: { message: 'stories.saved', section: 'text' },
	people: { message: 'stories.people_saved', section: 'people' },
	published: { message: 'stories.published', section: 'publish' },
	unpublished: { message: 'stories.unpublished', section: 'publish' },
	withdrawn: { message: 'stories.withdrawn', section: 'people' },
	photo: { message: 'stories.photo.saved', section: 'photo' },
	photo_removed: { message: 'stories.photo.removed', section: 'photo' }
} as const;

/** One story: its text, the people it is about and their consent, publishing (R-STORY-1). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const view = await run(() => getStory(locals.ctx, params.id));
	const done = url.searchParams.get('done');
	return { ...view, done: done && done in DONE ? DONE[done as keyof typeof DONE] : null };
};

async function submit(
	formName: string,
	event: { request: Request; locals: App.Locals; url: URL },
	call: (data: Record<string, string>) => Promise<unknown>,
	done: keyof typeof DONE
) {
	requireActor(event.locals, event.url);
	const parsed = await parseForm(event.request, formFields);
	if (!parsed.ok) return tagFailure(formName, parsed.failure);
	const result = await act(parsed.form, () => call(parsed.data));
	if (isActionFailure(result)) return tagFailure(formName, result);
	redirect(303, `${event.url.pathname}?done=${done}#${DONE[done].section}`);
}

export const actions: Actions = {
	update: (e) => submit('update', e, (d) => updateStory(e.locals.ctx, e.params.id, d), 'saved'),
	addPerson: (e) =>
		submit('addPerson', e, (d) => addStoryPerson(e.locals.ctx, e.params.id, d), 'people'),
	removePerson: (e) =>
		submit(
			'removePerson',
			e,
			(d) => removeStoryPerson(e.locals.ctx, e.params.id, d.personId ?? ''),
			'people'
		),
	withdraw: (e) =>
		submit(
			'withdraw',
			e,
			(d) => withdrawStoryConsent(e.locals.ctx, e.params.id, d.personId ?? ''),
			'withdrawn'
		),
	publish: (e) =>
		submit('publish', e, (d) => publishStory(e.locals.ctx, e.params.id, d), 'published'),
	unpublish: (e) =>
		submit('unpublish', e, (d) => unpublishStory(e.locals.ctx, e.params.id, d), 'unpublished'),
	removePhoto: (e) =>
		submit(
			'removePhoto',
			e,
			(d) => removeStoryPhoto(e.locals.ctx, e.params.id, d),
			'photo_removed'
		),
	/** The story's photo (issue 22): a multipart form with the file and its alt text. */
	photo: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const file = form.get('file');
		const result = await act(form, () =>
			setStoryPhoto(locals.ctx, params.id, {
				version: form.get('version'),
				photoAlt: form.get('photoAlt'),
				file: file instanceof File ? file : null
			})
		);
		if (isActionFailure(result)) return tagFailure('photo', result);
		redirect(303, `${url.pathname}?done=photo#photo`);
	},
	consent: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const file = form.get('file');
		const personId = form.get('personId');
		const result = await act(form, () =>
			recordStoryConsent(locals.ctx, params.id, typeof personId === 'string' ? personId : '', {
				consentOn: form.get('consentOn'),
				file: file instanceof File ? file : (null as unknown as File)
			})
		);
		if (isActionFailure(result)) return tagFailure('consent', result);
		redirect(303, `${url.pathname}?done=people#people`);
	}
};
