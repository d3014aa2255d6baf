import { isIsoDay } from '../domain/dates';
import {
	fail,
	isActionFailure,
	redirect,
	type ActionFailure,
	type RequestEvent
} from '@sveltejs/kit';
import { act, load as run, requireActor, setSessionCookie, type FormFailure } from './http';
import { withActor, type ServiceContext } from '../services/core/context';
import {
	addDiaryEntry,
	diaryForm,
	removeDiaryEntry,
	updateDiaryEntry
} from '../services/pairings/diary';
import { discardDiaryDraft, saveDiaryDraft } from '../services/pairings/diary-drafts';
import { resumeSession } from '../services/pairings/diary-session';
import { logger } from '../log';
import { isStorageFailure, noteWriteFailure } from '../infra/write-health';
import { newSubmissionKey } from './offline-pages';
import { localizeFailure } from '$lib/server/i18n';

/**
 * The diary form's route logic, shared by /clients/[id]/diary/new and /clients/[id]/diary/[entryId]
 * (like document-actions.ts): the load, and the actions save, draft, discardDraft and remove.
 *
 * A long entry is never lost (R-PAIR-3):
 * - a refused save (invalid, conflict) keeps the form as a server draft (services/pairings/diary-drafts.ts) and
 *   shows the form again with the text;
 * - "save as draft" keeps it on purpose;
 * - an expired session: hooks let a logged-out form post to these routes through
 *   (route-access.ts KEEPS_FORM_WHEN_LOGGED_OUT); the save action answers 401 with the same
 *   form, the text intact and an e-mail and password in it; posting again logs in (the login
 *   service) and saves in the same request. Nothing is stored for a logged-out request.
 * - With JavaScript the form is also kept in the browser's localStorage while typing
 *   (components/DiaryForm.svelte) and restored after a dropped connection.
 */

export const DIARY_FORM_NAME = 'diary';

const TEXT_FIELDS = [
	'contactDate',
	'contactKind',
	'durationMinutes',
	'description',
	'flagged',
	'flagNote',
	'pairingId',
	'version',
	'submissionKey'
] as const;

/** The posted form as the services take it: text fields, the help profiles as a list. */
export function diaryInput(form: FormData): Record<string, string | string[]> {
	const input: Record<string, string | string[]> = {};
	for (const key of TEXT_FIELDS) {
		const v = form.get(key);
		if (typeof v === 'string') input[key] = v.slice(0, 10_000);
	}
	input.helpProfiles = form
		.getAll('helpProfiles')
		.filter((v): v is string => typeof v === 'string')
		.slice(0, 10);
	return input;
}

/** `act`'s result narrowed: the form failure, or the service's value. */
function refused<T>(r: T | ActionFailure<FormFailure>): r is ActionFailure<FormFailure> {
	return isActionFailure(r);
}

export interface DiaryFailure extends FormFailure {
	form: string;
	profiles: string[];
	/** The session had ended: the page shows the login fields in the form. */
	expired?: boolean;
}

function failure(
	status: number,
	input: Record<string, string | string[]>,
	data: Partial<DiaryFailure>
) {
	const values: Record<string, string> = {};
	for (const [k, v] of Object.entries(input)) if (typeof v === 'string') values[k] = v;
	// A failure from act() is translated already: translate again from its keys, so that the
	// page still knows the key (a conflict shows the newer version by `messageKey`).
	const keys = data as { messageKey?: string; errorKeys?: Record<string, string> };
	return fail(
		status,
		localizeFailure({
			form: DIARY_FORM_NAME,
			message: keys.messageKey ?? data.message ?? 'error.form_invalid',
			errors: keys.errorKeys ?? data.errors ?? {},
			values,
			profiles: Array.isArray(input.helpProfiles) ? input.helpProfiles : [],
			params: data.params,
			expired: data.expired ?? false
		} satisfies DiaryFailure)
	);
}

/**
 * The context to save with: the logged-in actor, or — after an expired session — a login made
 * with the e-mail and password posted in the form. A failure is the form again.
 */
async function actingContext(
	event: RequestEvent,
	form: FormData,
	input: Record<string, string | string[]>
): Promise<ServiceContext | ActionFailure<DiaryFailure>> {
	const { locals, cookies, url, request } = event;
	if (locals.actor) return locals.ctx;
	const email = form.get('email');
	const password = form.get('password');
	if (typeof email !== 'string' || !email.trim() || typeof password !== 'string' || !password) {
		return failure(401, input, { message: 'diary.session_expired', expired: true });
	}
	const result = await act(form, () =>
		resumeSession(locals.ctx, {
			email: email.slice(0, 254),
			password: password.slice(0, 1000),
			userAgent: request.headers.get('user-agent')
		})
	);
	if (refused(result)) {
		return failure(401, input, {
			message: result.data.message,
			params: result.data.params,
			expired: true
		});
	}
	setSessionCookie(cookies, result.session, url);
	// The page's load runs after the action in this same request: it must see the new actor.
	locals.actor = result.actor;
	locals.sessionId = result.sessionId;
	locals.ctx = withActor(locals.ctx, result.actor);
	return locals.ctx;
}

/** The form page's data; after an expired-session post, only what the form itself needs. */
export async function diaryFormLoad(event: RequestEvent, entryId: string | null) {
	const { locals, url, params, request } = event;
	const clientId = params.id ?? '';
	if (!locals.actor) {
		// The action answered with the posted form and a login; nothing of the record is read.
		if (request.method === 'POST') {
			return { expired: true as const, unavailable: false, clientId, entryId };
		}
		requireActor(locals, url);
	}
	if (locals.writeFailed) {
		// The save failed for lack of storage (full disk): reading the record would try to
		// write its audit event and fail too, so the page shows only the form with its text.
		return { expired: true as const, unavailable: true, clientId, entryId };
	}
	const data = await run(() => diaryForm(locals.ctx, clientId, entryId));
	const done = url.searchParams.get('done');
	// `?date=` from the mileage log's refusal ("add the missing visit first"): a day the form
	// would accept anyway (not in the future, not before the pairing) starts the form.
	const asked = url.searchParams.get('date');
	const suggestedDate =
		asked && isIsoDay(asked) && asked <= data.today && asked >= (data.window?.startsOn ?? asked)
			? asked
			: null;
	return {
		expired: false as const,
		unavailable: false,
		clientId,
		entryId,
		suggestedDate,
		submissionKey: newSubmissionKey(),
		...data,
		done:
			done === 'draft' ? 'diary.draft_saved' : done === 'discarded' ? 'diary.draft_discarded' : null
	};
}

/**
 * Runs a save; when the database cannot write (a full disk, a closed embedded database) the
 * form comes back with its text and a clear message (503) instead of an error page (issue 17,
 * item 7). Nothing was stored, not even a draft: the text lives only in the answered form.
 */
async function storageSafe<T>(
	event: RequestEvent,
	input: Record<string, string | string[]>,
	fn: () => Promise<T>
): Promise<T | ActionFailure<DiaryFailure>> {
	try {
		return await fn();
	} catch (e) {
		if (!isStorageFailure(e)) throw e;
		noteWriteFailure(e);
		logger.error({ err: e, requestId: event.locals.requestId }, 'diary save failed: storage');
		event.locals.writeFailed = true;
		return failure(503, input, { message: 'diary.storage_failed' });
	}
}

export function diaryFormActions(
	entryIdOf: (params: Partial<Record<string, string>>) => string | null
) {
	return {
		save: async (event: RequestEvent) => {
			const form = await event.request.formData();
			const input = diaryInput(form);
			const ctx = await actingContext(event, form, input);
			if (isActionFailure(ctx)) return ctx;
			const acting = ctx as ServiceContext;
			const clientId = event.params.id ?? '';
			const entryId = entryIdOf(event.params);
			const result = await storageSafe(event, input, () =>
				act<string | null>(form, async () => {
					if (!entryId) return addDiaryEntry(acting, clientId, input);
					await updateDiaryEntry(acting, clientId, entryId, input);
					return null;
				})
			);
			if (refused(result)) return failure(result.status, input, result.data);
			const id = entryId ?? result;
			redirect(
				303,
				`/clients/${clientId}/diary?done=${entryId ? 'updated' : 'added'}&entry=${id}#entry-${id}`
			);
		},
		draft: async (event: RequestEvent) => {
			requireActor(event.locals, event.url);
			const form = await event.request.formData();
			const input = diaryInput(form);
			const entryId = entryIdOf(event.params);
			const result = await storageSafe(event, input, () =>
				act(form, () => saveDiaryDraft(event.locals.ctx, event.params.id ?? '', entryId, input))
			);
			if (refused(result)) return failure(result.status, input, result.data);
			redirect(303, `${event.url.pathname}?done=draft`);
		},
		discardDraft: async (event: RequestEvent) => {
			requireActor(event.locals, event.url);
			const entryId = entryIdOf(event.params);
			await act(null, () => discardDiaryDraft(event.locals.ctx, event.params.id ?? '', entryId));
			redirect(303, `${event.url.pathname}?done=discarded`);
		},
		remove: async (event: RequestEvent) => {
			requireActor(event.locals, event.url);
			const form = await event.request.formData();
			const entryId = entryIdOf(event.params);
			const clientId = event.params.id ?? '';
			const version = form.get('version');
			const result = await act(form, () =>
				removeDiaryEntry(event.locals.ctx, clientId, entryId ?? '', { version })
			);
			if (refused(result)) {
				return fail(
					result.status,
					localizeFailure({ ...result.data, form: 'remove', profiles: [] })
				);
			}
			redirect(303, `/clients/${clientId}/diary?done=removed`);
		}
	};
}
