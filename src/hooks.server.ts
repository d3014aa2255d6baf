import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { getRuntime, closeRuntime } from '$lib/server/runtime';
import { SESSION_COOKIE, validateSession } from '$lib/server/services/auth/sessions';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, type Locale } from '$lib/i18n/locale';
import { overwriteServerAsyncLocalStorage } from '$lib/paraglide/runtime';
import { logger, logUnhandledError } from '$lib/server/log';
import { LANG_COOKIE } from '$lib/server/web/http';
import { loginGate } from '$lib/server/web/route-access';
import { auditUnrecordedRefusal, refusalNeedsAudit } from '$lib/server/web/route-refusals';
import { noteWriteFailure } from '$lib/server/infra/write-health';
import { PROBLEM_STATUS, requestProblem } from '$lib/server/web/request-guard';
import {
	crossSiteRefusal,
	originSettingsFromEnv,
	servedOverPlainHttp
} from '$lib/server/web/origin-check';

import {
	beginShutdown,
	requestStarted,
	requestsFinished,
	shuttingDown
} from '$lib/server/infra/shutdown';
import { m } from '$lib/paraglide/messages';
import { translate } from '$lib/server/i18n';

const originSettings = originSettingsFromEnv();

/**
 * The request's language for paraglide's message functions (getLocale() on the server reads
 * it from here; docs/decisions/0002-i18n.md).
 */
const localeStore = new AsyncLocalStorage<{
	locale?: Locale;
	origin?: string;
	messageCalls?: Set<string>;
}>();
overwriteServerAsyncLocalStorage(localeStore);

/**
 * Hooks only identify: who is asking, in which language, under which request id. Every
 * load, action and endpoint checks access itself through the services (docs/security.md).
 */
export const init: ServerInit = async () => {
	const runtime = await getRuntime();
	// A clean, quick stop (shutdown.ts): adapter-node drains the connections within
	// SHUTDOWN_TIMEOUT; then the database is closed once the requests under way are answered.
	const bound = runtime.config.SHUTDOWN_TIMEOUT_SECONDS * 1000;
	const onSignal = () => {
		if (shuttingDown()) return;
		beginShutdown();
		logger.info({ boundSeconds: bound / 1000 }, 'stopping: finishing the requests under way');
		// Should anything hang, the process still ends (the supervisor would kill it anyway).
		setTimeout(() => {
			logger.error('stop took longer than the bound: exiting without a clean close');
			process.exit(1);
		}, bound + 5_000).unref();
	};
	process.once('SIGTERM', onSignal);
	process.once('SIGINT', onSignal);
	process.once('sveltekit:shutdown', async () => {
		await requestsFinished(2_000);
		await closeRuntime();
		logger.info('database closed');
		process.exit(0);
	});
};

export const handle: Handle = async ({ event, resolve }) => {
	if (shuttingDown()) {
		const locale = isLocale(event.cookies.get(LANG_COOKIE))
			? (event.cookies.get(LANG_COOKIE) as Locale)
			: DEFAULT_LOCALE;
		return new Response(m['operations.shutting_down']({}, { locale: locale }), {
			status: 503,
			headers: {
				'Content-Type': 'text/plain; charset=utf-8',
				'Retry-After': '10',
				Connection: 'close',
				'Cache-Control': 'no-store'
			}
		});
	}
	const finished = requestStarted();
	try {
		const response = await handleRequest({ event, resolve });
		if (shuttingDown()) response.headers.set('Connection', 'close');
		return response;
	} finally {
		finished();
	}
};

const handleRequest: Handle = async ({ event, resolve }) => {
	// Without ORIGIN, adapter-node names the scheme https; it serves plain HTTP itself.
	if (servedOverPlainHttp(originSettings) && event.url.protocol === 'https:') {
		event.url.protocol = 'http:';
	}
	// The cross-site form check, before anything else happens (origin-check.ts).
	const refused = crossSiteRefusal(event.request, event.url, originSettings);
	if (refused) return refused;
	const runtime = await getRuntime();
	const startedAt = new Date();
	const requestId = event.request.headers.get('x-request-id')?.slice(0, 64) || crypto.randomUUID();
	let ip: string | null = null;
	try {
		ip = event.getClientAddress();
	} catch {
		ip = null;
	}
	const base = runtime.systemContext();
	event.locals.requestId = requestId;
	event.locals.actor = null;
	event.locals.sessionId = null;

	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const session = await validateSession(base.db, token, new Date(), {
			idleMinutes: runtime.config.SESSION_IDLE_MINUTES,
			absoluteHours: runtime.config.SESSION_ABSOLUTE_HOURS
		});
		if (session) {
			event.locals.actor = session.actor;
			event.locals.sessionId = session.sessionId;
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	// The language: the one chosen on this browser (cookie), else the account's, else the
	// browser's Accept-Language on a first visit, else Estonian.
	// The public application form names its language in the address (`/apply?lang=ru`).
	const asked = event.url.pathname.startsWith('/apply') ? event.url.searchParams.get('lang') : null;
	const cookieLang = event.cookies.get(LANG_COOKIE);
	event.locals.locale = isLocale(asked)
		? asked
		: isLocale(cookieLang)
			? cookieLang
			: (event.locals.actor?.locale ??
				localeFromAcceptLanguage(event.request.headers.get('accept-language')) ??
				DEFAULT_LOCALE);
	event.locals.ctx = { ...base, actor: event.locals.actor, requestId, ip };

	// Hostile input (control characters, odd action names, broken form bodies) is refused here
	// with a clear 4xx, before any route could turn it into a server error (request-guard.ts).
	const problem = await requestProblem(event.request, event.url);
	if (problem) {
		return new Response(translate(event.locals.locale, `error.bad_request.${problem}`), {
			status: PROBLEM_STATUS[problem],
			headers: {
				'content-type': 'text/plain; charset=utf-8',
				'cache-control': 'no-store',
				'x-content-type-options': 'nosniff',
				'x-request-id': requestId
			}
		});
	}

	// Second line of defence (route-access.ts): logged out, only public routes answer.
	const gate = loginGate(
		event.request,
		event.url,
		event.route.id,
		event.locals.actor !== null,
		event.isDataRequest
	);
	const locale = event.locals.locale;
	const response =
		gate ??
		(await localeStore.run({ locale, origin: event.url.origin }, () =>
			resolve(event, {
				transformPageChunk: ({ html }) => html.replace('%lang%', locale)
			})
		));
	// Every refusal is audited: one no service recorded gets a `route.denied` event.
	if (refusalNeedsAudit(event.route.id, response.status, event.locals.actor !== null)) {
		await auditUnrecordedRefusal(event.locals.ctx, {
			routeId: event.route.id!,
			status: response.status,
			method: event.request.method,
			since: new Date(startedAt.getTime() - 1000),
			entityId: event.params.id
		});
	}
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	// same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on form posts,
	// which the CSRF check refuses. Tokens in URLs still never leave the site.
	h.set('Referrer-Policy', 'same-origin');
	h.set('X-Frame-Options', 'DENY');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	h.set('Cross-Origin-Resource-Policy', 'same-origin');
	h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
	h.set('X-Request-Id', requestId);
	if (event.url.protocol === 'https:') {
		h.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	}
	if (!h.has('Cache-Control') && (event.locals.actor || event.request.method !== 'GET')) {
		// Personal data must not sit in shared or browser caches.
		h.set('Cache-Control', 'no-store');
	}
	return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	const requestId = event.locals.requestId;
	// A full disk or closed database: /readyz reports it (write-health.ts).
	noteWriteFailure(error);
	if (status !== 404) {
		// Never the error's message: a failed query's carries every submitted value (log.ts).
		logUnhandledError(logger, error, { requestId, route: event.route.id, status });
	}
	return { message: status === 404 ? 'error.not_found' : 'error.unexpected', requestId };
};
