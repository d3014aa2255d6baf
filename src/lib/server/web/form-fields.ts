import { fail, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';
import type { FormFailure } from './http';
import { localizeFailure } from '$lib/server/i18n';

/**
 * Record forms pass their fields to a service as they came; the service's own zod schema is
 * the one validation (with i18n keys per field). This only insists on text fields of sane size.
 */
export const formFields = z.record(z.string(), z.string().max(10_000, 'error.too_long'));

/**
 * A page with several forms (edit, pair, end a pairing, add a visit) tags a failure with the
 * form it came from, so the page shows the errors at that form and nowhere else.
 */
export function tagFailure(formName: string, failure: ActionFailure<unknown>) {
	// Failures of parseForm and act always carry a FormFailure.
	return fail(
		failure.status,
		localizeFailure({ ...(failure.data as FormFailure), form: formName })
	);
}
