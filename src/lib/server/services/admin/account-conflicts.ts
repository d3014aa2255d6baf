import { AppError } from '../../errors';

/**
 * The conflicts an account change can meet: the e-mail address already has an account, or the
 * volunteer record is already linked to one — found first by a read, and by the unique index
 * when two requests race (either driver's error).
 */

/** Unique-constraint violations from either driver (drizzle wraps the driver's error). */
function violatedConstraint(e: unknown): string | null {
	for (let err = e as { code?: string; constraint?: string; cause?: unknown } | undefined; err;) {
		if (err.code === '23505') return err.constraint ?? '';
		err = err.cause as typeof err;
	}
	return null;
}

export function mapUniqueViolation(e: unknown): never {
	const constraint = violatedConstraint(e);
	if (constraint === 'app_user_email_uq') throw emailTaken();
	if (constraint === 'role_grant_volunteer_uq') throw volunteerTaken();
	throw e;
}

export const emailTaken = () =>
	new AppError('conflict', 'admin.users.email_taken', { email: 'admin.users.email_taken' });
export const volunteerTaken = () =>
	new AppError('conflict', 'admin.users.volunteer_has_account', {
		grants: 'admin.users.volunteer_has_account'
	});
