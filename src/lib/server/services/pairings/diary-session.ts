import { invalid } from '../../errors';
import { login } from '../auth/login';
import { validateSession } from '../auth/sessions';
import type { ServiceContext } from '../core/context';

/**
 * A login from inside the diary form (R-PAIR-3): when a session expired while a volunteer was
 * writing, the form comes back with the text intact and asks for the e-mail and password; this
 * logs in (the same login service: throttling, one message for every failure, audit) and
 * returns the new session with its actor, so the entry can be saved in the same request.
 */
export async function resumeSession(
	ctx: ServiceContext,
	input: { email: string; password: string; userAgent: string | null }
) {
	const session = await login(ctx, input);
	const valid = await validateSession(ctx.db, session.token, ctx.now(), {
		idleMinutes: ctx.config.SESSION_IDLE_MINUTES,
		absoluteHours: ctx.config.SESSION_ABSOLUTE_HOURS
	});
	if (!valid) throw invalid({}, 'auth.invalid_credentials');
	return { session, actor: valid.actor, sessionId: valid.sessionId };
}
