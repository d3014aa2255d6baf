import { randomUUID } from 'node:crypto';
import type { Actor } from '../policy/actor';

/**
 * The volunteer's phone in the field (issue 19): which pages the service worker may keep on the
 * phone to open them without a connection. The server decides, per response: the header
 * `x-seltsiline-offline: keep` is set only on the volunteer's own home, diary form and mileage
 * log, and only for an account that is a volunteer and nothing else — a coordinator's or an
 * administrator's pages (other people's data) are never kept, even on the same routes.
 */
export const OFFLINE_HEADER = 'x-seltsiline-offline';

/** A volunteer and nothing else: the only account whose pages the phone keeps. */
export function isFieldVolunteer(actor: Actor | null | undefined): boolean {
	return (
		!!actor?.volunteerId &&
		!actor.isAdmin &&
		!actor.isExpert &&
		actor.coordinatorCountyIds.length === 0
	);
}

/** Marks this page's response as one the phone may keep (a no-op for anyone else). */
export function keepOnPhone(
	locals: App.Locals,
	setHeaders: (headers: Record<string, string>) => void
): void {
	if (isFieldVolunteer(locals.actor)) setHeaders({ [OFFLINE_HEADER]: 'keep' });
}

/**
 * A form's idempotency key, made when the page is rendered (services/core/submissions.ts). Without
 * JavaScript this is the key; with it, the page makes its own on every opening (a page opened
 * from the phone's cache must not reuse the key of an earlier save).
 */
export const newSubmissionKey = (): string => randomUUID();
