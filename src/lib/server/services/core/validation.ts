import { z } from 'zod';
import { invalid } from '../../errors';
import { hasHiddenCharacters, normaliseName, parseWholeNumber } from '../../domain/text-input';

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

/**
 * A person's name field: NFC, trimmed (zero-width characters at the ends too), refused with
 * a message when an invisible or direction-changing character is left inside (issue 17).
 */
export const personName = (max: number) =>
	z.preprocess(
		(v) => (typeof v === 'string' ? normaliseName(v) : v),
		z
			.string()
			.max(max, 'error.too_long')
			.refine((v) => !hasHiddenCharacters(v), 'error.name_characters')
	);

/**
 * A whole number typed in a form: decimal digits only; anything else (`1e2`, `0x1E`,
 * `Infinity`, `-5`) stays text and fails with `message`. Numbers from code pass through.
 */
export const wholeNumber = (message: string) =>
	z.preprocess(
		(v) => (typeof v === 'string' ? (parseWholeNumber(v) ?? v) : v),
		z.number({ message }).int(message)
	);
