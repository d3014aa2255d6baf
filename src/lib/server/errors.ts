/**
 * Typed errors of the service layer, mapped to HTTP in one place (routes/http.ts).
 * Messages are i18n keys, never text: the UI translates them.
 */
export type AppErrorCode =
	'not_found' | 'forbidden' | 'invalid' | 'conflict' | 'rate_limited' | 'unauthenticated';

export class AppError extends Error {
	constructor(
		readonly code: AppErrorCode,
		/** i18n key for the whole-form message */
		readonly messageKey: string,
		/** field name → i18n key */
		readonly fields: Record<string, string> = {}
	) {
		super(`${code}: ${messageKey}`);
		this.name = 'AppError';
	}
}

/** "Not allowed" and "not there" look the same to the caller (ids cannot be probed). */
export const notFound = () => new AppError('not_found', 'error.not_found');
/** A visible record the actor may not change; `messageKey` says why when it is not the role. */
export const forbidden = (messageKey = 'error.forbidden') => new AppError('forbidden', messageKey);
export const invalid = (fields: Record<string, string>, messageKey = 'error.form_invalid') =>
	new AppError('invalid', messageKey, fields);
export const conflict = (messageKey: string) => new AppError('conflict', messageKey);
