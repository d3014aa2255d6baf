import { error, fail, redirect, type ActionFailure, type Cookies } from '@sveltejs/kit';
import type { z } from 'zod';
import { AppError } from '../errors';
import { SESSION_COOKIE, type NewSession } from '../services/auth/sessions';
import type { Actor } from '../policy/actor';
import { localizeFailure, translate } from '$lib/server/i18n';
import { currentLocale } from '$lib/i18n/format';

/**
 * The thin-route toolkit: parse a form with zod, call one service, map typed errors to HTTP in
 * one place. Form errors travel as i18n keys; the page translates them.
 */
export const LANG_COOKIE = 'seltsiline_lang';

export type FieldErrors = Record<string, string>;
export interface FormFailure {
	/** Text in the request's language (localizeFailure); the key stays in `messageKey`. */
	message: string;
	/** Field name → text; the keys stay in `errorKeys`. */
	errors: FieldErrors;
	messageKey?: string;
	errorKeys?: FieldErrors;
	values: Record<string, string>;
	params?: Record<string, string>;
}

/**
 * An error page (4xx) whose message is the text of `key` in the request's language: the page
 * shows `page.error.message` as it is, so it must never be a bare key.
 */
export function refuse(status: 400 | 403 | 409 | 413 | 415, key: string): never {
	error(status, translate(currentLocale(), key));
}

/** Form values to echo back (never passwords or tokens). */
export function echoValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [k, v] of form.entries()) {
		if (typeof v === 'string' && !/password|token/i.test(k)) values[k] = v;
	}
	return values;
}

export function zodFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of issues) {
		const field = String(issue.path[0] ?? '_');
		// Our schemas carry i18n keys as messages; zod's own English falls back to a generic key.
		errors[field] ??= /^[a-z_]+\.[a-z_.]+$/.test(issue.message)
			? issue.message
			: 'error.form_invalid';
	}
	return errors;
}

export type Parsed<T> =
	{ ok: true; data: T; form: FormData } | { ok: false; failure: ActionFailure<FormFailure> };

export async function parseForm<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<Parsed<z.infer<S>>> {
	const form = await request.formData();
	const raw: Record<string, unknown> = {};
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key).filter((v) => typeof v === 'string');
		raw[key] = all.length > 1 || key.endsWith('[]') ? all : all[0];
	}
	const parsed = schema.safeParse(raw);
	if (!parsed.success) {
		return {
			ok: false,
			failure: fail(
				400,
				localizeFailure({
					message: 'error.form_invalid',
					errors: zodFieldErrors(parsed.error.issues),
					values: echoValues(form)
				})
			)
		};
	}
	return { ok: true, data: parsed.data, form };
}

/**
 * Runs a service call for a form action and maps its typed errors: invalid input and conflicts
 * become a 400/409 with the message, "not found" (and "not allowed to see") a 404 page.
 */
export async function act<T>(
	form: FormData | null,
	fn: () => Promise<T>
): Promise<T | ActionFailure<FormFailure>> {
	try {
		return await fn();
	} catch (e) {
		if (!(e instanceof AppError)) throw e;
		const values = form ? echoValues(form) : {};
		switch (e.code) {
			case 'not_found':
				error(404, 'error.not_found');
			// falls through (error throws)
			case 'forbidden':
				refuse(403, e.messageKey);
			// falls through
			case 'unauthenticated':
				redirect(303, '/login');
			// falls through
			case 'rate_limited':
				return fail(
					429,
					localizeFailure({ message: e.messageKey, errors: {}, values, params: e.fields })
				);
			case 'conflict':
				return fail(409, localizeFailure({ message: e.messageKey, errors: e.fields, values }));
			case 'invalid':
				return fail(400, localizeFailure({ message: e.messageKey, errors: e.fields, values }));
		}
	}
}

/** For loads: run a service call; "not found"/"forbidden" become the error page. */
export async function load<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof AppError) {
			if (e.code === 'not_found') error(404, 'error.not_found');
			if (e.code === 'forbidden') refuse(403, e.messageKey);
			if (e.code === 'unauthenticated') redirect(303, '/login');
		}
		throw e;
	}
}

/** Pages behind login send the visitor to log in and back to the same address afterwards. */
export function requireActor(locals: App.Locals, url: URL): Actor {
	if (!locals.actor) {
		const next = url.pathname + url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	return locals.actor;
}

/** Only same-site paths may be used as a post-login destination (no open redirect). */
export function safeNext(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
	return next;
}

export function setSessionCookie(cookies: Cookies, session: NewSession, url: URL): void {
	cookies.set(SESSION_COOKIE, session.token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		// Secure whenever served over HTTPS (production behind TLS); plain http only in development.
		secure: url.protocol === 'https:',
		expires: session.expiresAt
	});
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
