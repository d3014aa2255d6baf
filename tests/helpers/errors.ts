import { expect } from 'vitest';
import { AppError } from '$lib/server/errors';

/**
 * The `AppError` a promise is refused with. Any other error is thrown on; a promise that
 * succeeds fails the test ("expected an AppError").
 */
export async function appError(promise: Promise<unknown>): Promise<AppError> {
	try {
		await promise;
	} catch (e) {
		if (e instanceof AppError) return e;
		throw e;
	}
	throw new Error('expected an AppError');
}

/** The same as an assertion: expects the promise to be refused with an `AppError`. */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(AppError);
	return error as AppError;
}
