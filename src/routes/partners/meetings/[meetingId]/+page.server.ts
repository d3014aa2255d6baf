import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields, tagFailure } from '$lib/server/web/form-fields';
import { documentsOfPage } from '$lib/server/web/document-actions';
import { deleteDocument } from '$lib/server/services/documents/documents';
import type { DocumentKind } from '$lib/server/services/documents/documents';
import { addFollowUp, markFollowUpDone } from '$lib/server/services/programme/meeting-follow-ups';
import {
	addMeetingParticipant,
	removeMeetingParticipant,
	setParticipantConsent
} from '$lib/server/services/programme/meeting-participants';
import {
	getPartnerMeeting,
	updatePartnerMeeting
} from '$lib/server/services/programme/partner-meetings';
import {
	meetingOwner,
	uploadMeetingDocument
} from '$lib/server/services/programme/meeting-documents';

const DONE = {
	saved: { message: 'programme.meeting.saved', section: 'facts' },
	people: { message: 'programme.meeting.saved', section: 'people' },
	follow_ups: { message: 'programme.meeting.saved', section: 'follow-ups' }
} as const;

/** One partner meeting: details, participants and consent, follow-ups, documents (R-PART-1). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const view = await run(() => getPartnerMeeting(locals.ctx, params.meetingId));
	const docs = await documentsOfPage(locals, url, meetingOwner(view.meeting));
	const done = url.searchParams.get('done');
	return {
		...view,
		documents: docs ? { ...docs, kinds: view.documentKinds } : null,
		done: done && done in DONE ? DONE[done as keyof typeof DONE] : null
	};
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
	update: (e) =>
		submit('update', e, (d) => updatePartnerMeeting(e.locals.ctx, e.params.meetingId, d), 'saved'),
	addPerson: (e) =>
		submit(
			'addPerson',
			e,
			(d) => addMeetingParticipant(e.locals.ctx, e.params.meetingId, d),
			'people'
		),
	consent: (e) =>
		submit(
			'consent',
			e,
			(d) =>
				setParticipantConsent(
					e.locals.ctx,
					e.params.meetingId,
					d.participantId ?? '',
					d.consent === 'yes'
				),
			'people'
		),
	removePerson: (e) =>
		submit(
			'removePerson',
			e,
			(d) => removeMeetingParticipant(e.locals.ctx, e.params.meetingId, d.participantId ?? ''),
			'people'
		),
	addFollowUp: (e) =>
		submit('addFollowUp', e, (d) => addFollowUp(e.locals.ctx, e.params.meetingId, d), 'follow_ups'),
	followUpDone: (e) =>
		submit(
			'followUpDone',
			e,
			(d) => markFollowUpDone(e.locals.ctx, e.params.meetingId, d.followUpId ?? ''),
			'follow_ups'
		),
	uploadDocument: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const file = form.get('file');
		const kind = form.get('kind');
		const description = form.get('description');
		const result = await act(form, () =>
			uploadMeetingDocument(locals.ctx, params.meetingId, {
				kind: (typeof kind === 'string' ? kind : '') as DocumentKind,
				file: file instanceof File ? file : (null as unknown as File),
				description: typeof description === 'string' ? description : undefined
			})
		);
		if (isActionFailure(result)) return tagFailure('uploadDocument', result);
		redirect(303, `${url.pathname}?document=uploaded#documents`);
	},
	deleteDocument: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const id = form.get('documentId');
		const result = await act(form, () =>
			deleteDocument(locals.ctx, typeof id === 'string' ? id : '')
		);
		if (isActionFailure(result)) return tagFailure('deleteDocument', result);
		redirect(303, `${url.pathname}?document=deleted#documents`);
	}
};
