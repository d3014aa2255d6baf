import { deserialize } from '$app/forms';
import {
	announceQueueChange,
	putQueued,
	queuedItems,
	removeQueued,
	type QueuedItem
} from './store';

/**
 * Sending the phone's queue (issue 19): on every page load, on the `online` event and from the
 * "send now" button — never Background Sync (iPhones have none). Each item is posted as the
 * form it was, with its idempotency key, the way SvelteKit's `enhance` posts (`x-sveltekit-action`
 * answers with JSON), so the server's own answer says what happened:
 *
 * - a redirect to the saved record: sent, the item leaves the queue (a repeat of an item that
 *   had reached the server before its answer was lost gets the same redirect — saved once);
 * - a refusal (validation, pairing ended, not found, session expired): the item stays with the
 *   server's message until the volunteer fixes or discards it — nothing is dropped silently;
 * - no connection or a server error: the item waits for the next try.
 */

export const SESSION_EXPIRED = 'offline.session_expired';

export type SendResult = 'sent' | 'refused' | 'offline' | 'retry';

/** Items to send now: waiting ones, and those refused only because the login had expired. */
export const sendable = (item: QueuedItem) =>
	item.state === 'waiting' || item.message === SESSION_EXPIRED;

async function refuse(item: QueuedItem, message: string, errors: Record<string, string> = {}) {
	await putQueued({ ...item, state: 'refused', message, errors });
	return 'refused' as const;
}

export async function sendItem(item: QueuedItem): Promise<SendResult> {
	const body = new FormData();
	for (const [k, v] of item.fields) body.append(k, v);
	let response: Response;
	try {
		response = await fetch(item.action, {
			method: 'POST',
			body,
			headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
			cache: 'no-store',
			credentials: 'same-origin',
			// A redirect of the gate (not logged in) must not be followed to the login page.
			redirect: 'manual'
		});
	} catch {
		return 'offline';
	}
	if (response.type === 'opaqueredirect' || response.status === 401) {
		return refuse(item, SESSION_EXPIRED);
	}
	let result: ReturnType<typeof deserialize>;
	try {
		result = deserialize(await response.text());
	} catch {
		return response.status >= 500 || response.status === 0
			? 'retry'
			: refuse(item, 'offline.server_error');
	}
	switch (result.type) {
		case 'redirect':
			if (result.location.startsWith('/login')) return refuse(item, SESSION_EXPIRED);
			await removeQueued(item.key);
			return 'sent';
		case 'success':
			await removeQueued(item.key);
			return 'sent';
		case 'failure': {
			const data = (result.data ?? {}) as {
				message?: string;
				errors?: Record<string, string>;
				expired?: boolean;
			};
			if (data.expired || result.status === 401) return refuse(item, SESSION_EXPIRED);
			return refuse(item, data.message ?? 'error.form_invalid', data.errors ?? {});
		}
		case 'error': {
			// The status is the response's (SvelteKit's JSON does not repeat it).
			const status = response.status;
			if (status >= 500) return 'retry';
			return refuse(item, 'offline.not_found');
		}
	}
}

let running: Promise<{ sent: number; left: number; offline: boolean }> | null = null;

/** Sends the user's sendable items in order; one run at a time. */
export function sendQueue(
	userId: string
): Promise<{ sent: number; left: number; offline: boolean }> {
	running ??= (async () => {
		let sent = 0;
		let offline = false;
		try {
			for (const item of await queuedItems(userId)) {
				if (!sendable(item)) continue;
				const r = await sendItem(item);
				if (r === 'sent') sent++;
				if (r === 'offline') {
					offline = true;
					break;
				}
			}
		} finally {
			running = null;
			announceQueueChange();
		}
		const left = (await queuedItems(userId)).length;
		return { sent, left, offline };
	})();
	return running;
}
