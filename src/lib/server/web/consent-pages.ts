import { isActionFailure, redirect, type RequestEvent } from '@sveltejs/kit';
import { act, load as run, parseForm, requireActor } from './http';
import { formFields } from './form-fields';
import {
	clientConsents,
	recordClientConsent,
	recordVolunteerConsent,
	volunteerConsents,
	withdrawClientConsent,
	withdrawVolunteerConsent
} from '../services/retention/consents';

/**
 * The consents page of a client or a volunteer (issue 24): its load and its two actions
 * (record, withdraw), the same for both; the services check access and audit.
 */
const PEOPLE = {
	client: {
		base: '/clients',
		list: clientConsents,
		record: recordClientConsent,
		withdraw: withdrawClientConsent
	},
	volunteer: {
		base: '/volunteers',
		list: volunteerConsents,
		record: recordVolunteerConsent,
		withdraw: withdrawVolunteerConsent
	}
} as const;

type Event = Pick<RequestEvent<{ id: string }>, 'locals' | 'url' | 'params' | 'request'>;

export function consentPage(person: keyof typeof PEOPLE) {
	const p = PEOPLE[person];
	const done = (id: string, what: string) => `${p.base}/${id}/consents?done=${what}`;
	return {
		load: async ({ locals, url, params }: Omit<Event, 'request'>) => {
			const actor = requireActor(locals, url);
			const page = await run(() => p.list(locals.ctx, params.id));
			return {
				...page,
				canManage: actor.isAdmin || actor.coordinatorCountyIds.length > 0,
				done: url.searchParams.get('done')
			};
		},
		actions: {
			record: async ({ request, locals, url, params }: Event) => {
				requireActor(locals, url);
				const parsed = await parseForm(request, formFields);
				if (!parsed.ok) return parsed.failure;
				const result = await act(parsed.form, () => p.record(locals.ctx, params.id, parsed.data));
				if (isActionFailure(result)) return result;
				redirect(303, done(params.id, 'consent_recorded'));
			},
			withdraw: async ({ request, locals, url, params }: Event) => {
				requireActor(locals, url);
				const parsed = await parseForm(request, formFields);
				if (!parsed.ok) return parsed.failure;
				const result = await act(parsed.form, () =>
					p.withdraw(locals.ctx, params.id, parsed.data.consentId ?? '', parsed.data)
				);
				if (isActionFailure(result)) return result;
				redirect(303, done(params.id, 'consent_withdrawn'));
			}
		}
	};
}
