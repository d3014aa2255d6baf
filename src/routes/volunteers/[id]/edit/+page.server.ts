import { fail, isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import {
	act,
	echoValues,
	load as run,
	parseForm,
	requireActor,
	type FormFailure
} from '$lib/server/web/http';
import { formFields, tagFailure } from '$lib/server/web/form-fields';
import { documentActions, documentsOfPage } from '$lib/server/web/document-actions';
import {
	changeVolunteerStatus,
	recordBaseTraining,
	recordContract,
	recordCriminalRecordCheck,
	updateVolunteerProfile,
	volunteerProfile,
	type ProfileResult
} from '$lib/server/services/volunteers/volunteer-profile';
import { localizeFailure } from '$lib/server/i18n';

/**
 * A selected volunteer's details, vetting, contract, training and status (R-VOL-4, 5, 7, 8).
 * Every section is its own plain form; post/redirect/get after each save.
 */
const DONE = {
	selected: 'volunteer_profile.selected',
	profile: 'volunteer_profile.saved',
	vetting: 'volunteer_vetting.saved',
	status: 'volunteer_status.changed'
} as const;

/** The list fields of the profile form (checkbox groups), kept as lists to show them again. */
const LIST_FIELDS = ['languages', 'helpProfilesOffered'] as const;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const profile = await run(() => volunteerProfile(locals.ctx, params.id));
	const documents = await run(() =>
		documentsOfPage(locals, url, { kind: 'volunteer', volunteerId: params.id })
	);
	const done = url.searchParams.get('done');
	return {
		...profile,
		documents,
		done: done && done in DONE ? DONE[done as keyof typeof DONE] : null
	};
};

/** A section's form: parse, call the service, tag failures, redirect on success. */
function section(
	name: string,
	call: (ctx: App.Locals['ctx'], id: string, input: Record<string, string>) => Promise<unknown>,
	done: keyof typeof DONE
) {
	return async ({
		request,
		locals,
		url,
		params
	}: {
		request: Request;
		locals: App.Locals;
		url: URL;
		params: Record<string, string>;
	}) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure(name, parsed.failure);
		const result = await act(parsed.form, () => call(locals.ctx, params.id!, parsed.data));
		if (isActionFailure(result)) return tagFailure(name, result);
		redirect(303, `${url.pathname}?done=${done}#${name}`);
	};
}

export const actions = {
	...documentActions((p) => ({ kind: 'volunteer', volunteerId: p.id! })),
	profile: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const input: Record<string, unknown> = {};
		for (const key of new Set(form.keys())) {
			const all = form.getAll(key).filter((v): v is string => typeof v === 'string');
			input[key] = (LIST_FIELDS as readonly string[]).includes(key) ? all : all[0];
		}
		const lists = Object.fromEntries(
			LIST_FIELDS.map((k) => [k, form.getAll(k).filter((v) => typeof v === 'string')])
		);
		const result = await act(form, () => updateVolunteerProfile(locals.ctx, params.id, input));
		if (isActionFailure(result)) {
			return fail(
				result.status,
				localizeFailure({
					...(result.data as unknown as FormFailure),
					lists,
					form: 'profile'
				})
			);
		}
		const outcome = result as ProfileResult;
		if (!outcome.saved) {
			return fail(
				409,
				localizeFailure({
					message: 'volunteer_profile.duplicates.not_saved',
					errors: {} as Record<string, string>,
					values: echoValues(form),
					lists,
					duplicates: outcome.duplicates,
					form: 'profile'
				})
			);
		}
		redirect(303, `${url.pathname}?done=profile`);
	},
	criminal: section('criminal', recordCriminalRecordCheck, 'vetting'),
	contract: section('contract', recordContract, 'vetting'),
	training: section('training', recordBaseTraining, 'vetting'),
	status: section('status', changeVolunteerStatus, 'status')
} satisfies Actions;
