import type { SubmitFunction } from '@sveltejs/kit';
import {
	announceQueueChange,
	newSubmissionKey,
	putQueued,
	removeQueued,
	type QueuedItem,
	type QueuedKind
} from './store';

/**
 * The save buttons of the diary form and the trip form with JavaScript (issue 19), as
 * SvelteKit's `enhance` submit function:
 *
 * - while a save is under way the button shows it (`busy`) and a second tap is refused — the
 *   server's idempotency key makes a repeat harmless anyway, this only spares the wait;
 * - with no connection (`navigator.onLine` false, or the request fails on its way, or the
 *   server or a proxy answers 5xx) the form goes to the phone's queue instead (`onQueued`), at
 *   once;
 * - an answer that is not SvelteKit's (the login gate after an expired session) makes the form
 *   post again without script, so the server's own page for it is shown;
 * - otherwise the answer is applied as usual (the redirect, or the form with its errors).
 *
 * Other buttons of the form (e.g. "save as draft", which names its own `formaction`) post as
 * they always did. Without JavaScript none of this runs and the forms post normally.
 */
export interface FieldSubmitOptions {
	kind: QueuedKind;
	/** The logged-in field volunteer; null: no queue (others post as usual). */
	userId: string | null;
	/** The short label kept with a queued item (first name, date, client). */
	label: (form: FormData) => QueuedItem['label'];
	busy: (busy: boolean) => void;
	onQueued: (item: QueuedItem) => void;
	/** The form was saved (its queued copy, if it was one being fixed, is gone). */
	onSaved?: () => void;
}

/** No connection: the post never reached a server (fetch rejects with a TypeError). */
function unreachable(result: { type: string; error?: unknown }): boolean {
	return result.type === 'error' && result.error instanceof TypeError;
}

/** A server or proxy error (5xx): try later. */
function serverFailed(result: { type: string; status?: number }): boolean {
	return result.type === 'error' && (result.status ?? 0) >= 500;
}

/**
 * An answer that is not SvelteKit's (e.g. the login gate's 401 to a logged-out post): the form
 * is posted again the plain way, so the page the server makes for it is shown (the diary form
 * with the login fields after an expired session, docs/architecture.md).
 */
function notUnderstood(result: { type: string; status?: number }): boolean {
	return result.type === 'error' && result.status === undefined;
}

export function fieldSubmit(opts: FieldSubmitOptions): SubmitFunction {
	let busy = false;
	return ({ formData, formElement, action, cancel, submitter }) => {
		if (submitter?.hasAttribute('formaction')) return;
		if (busy) {
			cancel();
			return;
		}
		const key = String(formData.get('submissionKey') ?? '');
		const queue = async () => {
			const item: QueuedItem = {
				key: key || newSubmissionKey(),
				userId: opts.userId!,
				kind: opts.kind,
				action: action.pathname + action.search,
				page: location.pathname,
				fields: [...formData].filter(
					(e): e is [string, string] =>
						typeof e[1] === 'string' && e[0] !== 'email' && e[0] !== 'password'
				),
				label: opts.label(formData),
				queuedAt: Date.now(),
				state: 'waiting'
			};
			item.fields = item.fields.filter(([k]) => k !== 'submissionKey');
			item.fields.push(['submissionKey', item.key]);
			await putQueued(item);
			announceQueueChange();
			opts.onQueued(item);
			// The next visit typed into this page is another record: another key.
			const input = formElement.querySelector<HTMLInputElement>('input[name="submissionKey"]');
			if (input) input.value = newSubmissionKey();
		};
		if (opts.userId && navigator.onLine === false) {
			cancel();
			void queue();
			return;
		}
		busy = true;
		opts.busy(true);
		return async ({ result, update }) => {
			busy = false;
			opts.busy(false);
			if (opts.userId && (unreachable(result) || serverFailed(result))) {
				await queue();
				return;
			}
			if (notUnderstood(result)) {
				HTMLFormElement.prototype.submit.call(formElement);
				return;
			}
			if (result.type === 'redirect' && key) {
				await removeQueued(key);
				announceQueueChange();
				opts.onSaved?.();
			}
			await update();
		};
	};
}

/** Puts a queued item's fields back into a form (to fix it). */
export function fillForm(form: HTMLFormElement, fields: [string, string][]): void {
	const values = new Map<string, string[]>();
	for (const [k, v] of fields) values.set(k, [...(values.get(k) ?? []), v]);
	for (const el of Array.from(form.elements)) {
		const input = el as HTMLInputElement;
		if (!input.name || !values.has(input.name) || input.type === 'submit') continue;
		const v = values.get(input.name)!;
		if (input.type === 'checkbox' || input.type === 'radio')
			input.checked = v.includes(input.value);
		else input.value = v[0] ?? '';
	}
}
