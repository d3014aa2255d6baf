/**
 * Hostile input refused at the door (issue 17, item 3), before any route or service runs, so
 * that no form or search can turn odd bytes into a server error:
 *
 * - control characters (NUL and the other C0 controls except tab, line feed and carriage
 *   return, and DEL) in any search parameter or text form field: PostgreSQL cannot store NUL
 *   and nothing typed by a person contains the others → 400;
 * - a form action name that is not a plain identifier or names an object's own machinery
 *   (`__proto__`, `constructor`, …) → 404, as an unknown action;
 * - a form body that cannot be read (truncated or garbage multipart, no or wrong boundary,
 *   an empty multipart body) → 400.
 *
 * The answer is a short page in the user's language (`error.bad_request_*`).
 */
export type RequestProblem = 'control_characters' | 'unreadable_form' | 'unknown_action';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const ACTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function hasControlCharacters(value: string): boolean {
	return CONTROL.test(value);
}

/** The named form action of `?/name` (SvelteKit), or null when there is none. */
export function actionName(url: URL): string | null {
	for (const key of url.searchParams.keys()) {
		if (key.startsWith('/')) return key.slice(1);
	}
	return null;
}

export function isPlainActionName(name: string): boolean {
	return ACTION_NAME.test(name) && !(name in Object.prototype);
}

function formType(request: Request): 'multipart' | 'urlencoded' | null {
	const type = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
	if (type === 'multipart/form-data') return 'multipart';
	if (type === 'application/x-www-form-urlencoded') return 'urlencoded';
	return null;
}

/** The problem with this request's address or form body, or null. Reads a clone of the body. */
export async function requestProblem(request: Request, url: URL): Promise<RequestProblem | null> {
	// A path segment is a record id or a name: `%00` in it is never one.
	let path: string;
	try {
		path = decodeURIComponent(url.pathname);
	} catch {
		return 'control_characters';
	}
	if (hasControlCharacters(path)) return 'control_characters';
	for (const [key, value] of url.searchParams) {
		if (hasControlCharacters(key) || hasControlCharacters(value)) return 'control_characters';
	}
	const method = request.method.toUpperCase();
	if (method === 'GET' || method === 'HEAD') return null;
	const action = actionName(url);
	if (action !== null && action !== '' && !isPlainActionName(action)) return 'unknown_action';
	const type = formType(request);
	if (!type) return null;
	let form: FormData;
	try {
		form = await request.clone().formData();
	} catch {
		return 'unreadable_form';
	}
	for (const [key, value] of form) {
		if (hasControlCharacters(key)) return 'control_characters';
		if (typeof value === 'string' && hasControlCharacters(value)) return 'control_characters';
	}
	return null;
}

export const PROBLEM_STATUS: Record<RequestProblem, number> = {
	control_characters: 400,
	unreadable_form: 400,
	unknown_action: 404
};
