import { enhance } from '$app/forms';
import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhanceIf={submit}`: SvelteKit's `enhance` with this submit function, or nothing at all
 * when it is null (the form then posts as a plain HTML form, as it does without JavaScript).
 */
export function enhanceIf(form: HTMLFormElement, submit: SubmitFunction | null) {
	if (!submit) return {};
	return enhance(form, submit);
}
