import type { z } from 'zod';
import { invalid } from '../../errors';

/** Validates service input with zod; failures become an `invalid` AppError with i18n keys. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
	const parsed = schema.safeParse(input);
	if (parsed.success) return parsed.data;
	const fields: Record<string, string> = {};
	for (const issue of parsed.error.issues) {
		const key = String(issue.path[0] ?? '_');
		fields[key] ??= /^[a-z_]+\.[a-z_.]+$/.test(issue.message)
			? issue.message
			: 'error.form_invalid';
	}
	throw invalid(fields);
}

/** Empty form strings mean "not given". */
export const emptyToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
/** Names of the fields whose given value differs from the stored one (for the audit log). */
export function changedFields(row: object, data: object): string[] {
	const before = row as Record<string, unknown>;
	return Object.entries(data)
		.filter(([k, v]) => v !== undefined && before[k] !== v)
		.map(([k]) => k);
}
