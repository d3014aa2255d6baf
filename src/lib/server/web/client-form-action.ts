import { fail, isActionFailure } from '@sveltejs/kit';
import { act, parseForm, requireActor, type FormFailure } from './http';
import {
	catchDuplicates,
	clientFormFields,
	clientFormValues,
	type DuplicateMatch
} from '../services/clients/client-fields';
import { localizeFailure } from '$lib/server/i18n';

/**
 * The form action of the client form (/clients/new and /clients/[id]/edit): parses the post
 * (checkbox groups as arrays), runs the create or update, and answers a failure with the
 * posted values — and, after a duplicate warning, with the possible duplicates to show.
 * Returns the service's result on success; the route redirects.
 */
export async function submitClientForm<T>(
	request: Request,
	locals: App.Locals,
	url: URL,
	call: (data: Record<string, string | string[]>) => Promise<T>
) {
	requireActor(locals, url);
	const parsed = await parseForm(request, clientFormFields);
	if (!parsed.ok) return { ok: false as const, failure: parsed.failure };
	const values = clientFormValues(parsed.form);
	const result = await act(parsed.form, () => catchDuplicates(() => call(parsed.data)));
	if (isActionFailure(result)) {
		const data = result.data as unknown as FormFailure;
		return {
			ok: false as const,
			failure: fail(result.status, localizeFailure({ ...data, values }))
		};
	}
	const outcome = result as Awaited<ReturnType<typeof catchDuplicates<T>>>;
	if (!outcome.ok) {
		return {
			ok: false as const,
			failure: fail(
				409,
				localizeFailure({
					message: 'mapping.duplicate.warning',
					errors: { duplicateConfirmed: 'mapping.duplicate.confirm_needed' } as Record<
						string,
						string
					>,
					values,
					duplicates: outcome.duplicates as DuplicateMatch[]
				})
			)
		};
	}
	return { ok: true as const, value: outcome.value };
}
