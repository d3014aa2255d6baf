import { error, isActionFailure, redirect } from '@sveltejs/kit';
import { act, load as run, parseForm, requireActor } from './http';
import { formFields } from './form-fields';
import { canAnywhere } from '../policy/policy';
import { addTrip } from '../services/mileage/trips';
import { mileageLog } from '../services/mileage/mileage-log';
import { newSubmissionKey } from './offline-pages';

/**
 * The two pages of a mileage log share their load and their add-trip action: `/mileage` (the
 * volunteer's own log) and `/mileage/volunteers/[id]` (a coordinator or the administrator
 * looking at a volunteer's log). Thin: one service call each.
 */

/** Confirmations after a redirect (post/redirect/get). */
export const LOG_DONE = {
	added: 'mileage.done.added',
	added_return: 'mileage.done.added_return',
	updated: 'mileage.done.updated',
	deleted: 'mileage.done.deleted'
} as const;

export function doneMessage<T extends Record<string, string>>(
	url: URL,
	messages: T
): T[keyof T] | null {
	const done = url.searchParams.get('done');
	return done && Object.hasOwn(messages, done) ? messages[done as keyof T] : null;
}

/** The volunteer record of the logged-in user; others are sent on (reviewers) or refused. */
export function ownVolunteerId(locals: App.Locals, url: URL): string {
	const actor = requireActor(locals, url);
	if (actor.volunteerId) return actor.volunteerId;
	if (canAnywhere(actor, 'mileage:review')) redirect(303, '/mileage/claims');
	error(404, 'error.not_found');
}

export async function loadLog(locals: App.Locals, url: URL, volunteerId: string) {
	requireActor(locals, url);
	const log = await run(() =>
		mileageLog(locals.ctx, volunteerId, { month: url.searchParams.get('month') })
	);
	return { log, done: doneMessage(url, LOG_DONE), submissionKey: newSubmissionKey() };
}

export async function addTripAction(
	request: Request,
	locals: App.Locals,
	url: URL,
	volunteerId: string
) {
	requireActor(locals, url);
	const parsed = await parseForm(request, formFields);
	if (!parsed.ok) return parsed.failure;
	const result = await act(parsed.form, () => addTrip(locals.ctx, volunteerId, parsed.data));
	if (isActionFailure(result)) return result;
	const month = (parsed.data.tripDate ?? '').slice(0, 7);
	const done = parsed.data.returnTrip ? 'added_return' : 'added';
	redirect(303, `${url.pathname}?month=${encodeURIComponent(month)}&done=${done}#trips`);
}
