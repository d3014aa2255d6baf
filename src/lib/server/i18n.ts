import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/i18n/locale';
import { currentLocale } from '$lib/i18n/format';
import type { MessageFn } from '$lib/i18n/keyset';

/**
 * Server-side translation (docs/decisions/0002-i18n.md). Code that knows its key writes
 * `m['area.key'](params, { locale })`; keys that arrive at run time (a service's error key, an
 * audit action, a status) are looked up here. The server may hold every message at no cost to
 * the browser. An unknown key comes back as it is, so a missing text is visible, not blank.
 */
export type Params = Record<string, string | number>;
export type MessageKey = keyof typeof m;

const messages = m as unknown as Record<string, MessageFn>;

export function hasMessage(key: string): key is MessageKey {
	return Object.hasOwn(messages, key);
}

export function translate(locale: Locale, key: MessageKey | string, params?: Params): string {
	const fn = Object.hasOwn(messages, key) ? messages[key] : undefined;
	return fn ? fn(params ?? {}, { locale }) : key;
}

/** A message key (`area.some_key`) as services and zod schemas return them. */
const KEY = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;

function localizeText(value: unknown, locale: Locale, params?: Params): unknown {
	return typeof value === 'string' && KEY.test(value) && hasMessage(value)
		? translate(locale, value, params)
		: value;
}

/**
 * The payload of a form action's `fail()` with its texts in the request's language: `message`
 * (with `params`) and every `errors` value become text; the keys stay in `messageKey` and
 * `errorKeys` for pages that decide by them. Idempotent: text is left as it is.
 */
export function localizeFailure<T extends object>(
	data: T,
	locale: Locale = currentLocale()
): T & { messageKey?: string; errorKeys?: Record<string, string> } {
	const d = data as Record<string, unknown>;
	const out: Record<string, unknown> = { ...d };
	if (typeof d.message === 'string') {
		out.messageKey = typeof d.messageKey === 'string' ? d.messageKey : d.message;
		out.message = localizeText(d.message, locale, d.params as Params | undefined);
	}
	if (d.errors && typeof d.errors === 'object' && !Array.isArray(d.errors)) {
		const errors = d.errors as Record<string, unknown>;
		out.errorKeys = d.errorKeys && typeof d.errorKeys === 'object' ? d.errorKeys : errors;
		out.errors = Object.fromEntries(
			Object.entries(errors).map(([field, v]) => [field, localizeText(v, locale)])
		);
	}
	return out as T & { messageKey?: string; errorKeys?: Record<string, string> };
}
