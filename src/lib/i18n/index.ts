import * as common from './messages/common';
import * as auth from './messages/auth';
import * as admin from './messages/admin';
import * as records from './messages/records';
import * as audit from './messages/audit';
import * as isikukood from './messages/isikukood';
import * as documents from './messages/documents';
import * as care from './messages/care';
import * as analysis from './messages/analysis';
import * as mapping from './messages/mapping';
import * as partners from './messages/partners';
import * as recruitment from './messages/recruitment';
import * as apply from './messages/apply';
import * as pairing from './messages/pairing';
import * as mileage from './messages/mileage';
import * as offline from './messages/offline';
import * as auditChain from './messages/audit-chain';
import * as operations from './messages/operations';
import * as programme from './messages/programme';

/**
 * UI text, Estonian first and English second (docs/decisions/0002-i18n.md). Each area keeps
 * its messages in `messages/<area>.ts`; the English record must have exactly the Estonian keys
 * (the type system checks it), so no string is missing in either language.
 */
import { LOCALES, DEFAULT_LOCALE, isLocale, type Locale } from './locale';
export { LOCALES, DEFAULT_LOCALE, isLocale, type Locale };
export { LOCALE_NAMES, intlLocale, localeFromAcceptLanguage } from './locale';
export { formatNumber, formatMoney } from './format';

const areas = [
	common,
	auth,
	admin,
	records,
	audit,
	isikukood,
	documents,
	analysis,
	care,
	mapping,
	partners,
	recruitment,
	apply,
	pairing,
	mileage,
	offline,
	auditChain,
	operations,
	programme
];

const dictionaries = {
	et: Object.assign({}, ...areas.map((a) => a.et)) as typeof common.et &
		typeof auth.et &
		typeof admin.et &
		typeof records.et &
		typeof audit.et &
		typeof isikukood.et &
		typeof documents.et &
		typeof care.et &
		typeof analysis.et &
		typeof mapping.et &
		typeof partners.et &
		typeof recruitment.et &
		typeof apply.et &
		typeof pairing.et &
		typeof mileage.et &
		typeof offline.et &
		typeof auditChain.et &
		typeof operations.et &
		typeof programme.et,
	en: Object.assign({}, ...areas.map((a) => a.en)) as Record<string, string>
};

export type MessageKey = keyof typeof dictionaries.et;
export type Params = Record<string, string | number>;

export function hasMessage(key: string): key is MessageKey {
	return key in dictionaries.et;
}

/**
 * Translates a key. Keys coming from the server (form errors) are plain strings; an unknown key
 * falls back to Estonian, then to the key itself, so a missing text is visible, not blank.
 */
export function translate(locale: Locale, key: MessageKey | string, params?: Params): string {
	const dict = ((dictionaries as Record<string, unknown>)[locale] ?? {}) as Record<string, string>;
	const text = dict[key] ?? (dictionaries.et as Record<string, string>)[key] ?? key;
	if (!params) return text;
	return text.replace(/\{(\w+)\}/g, (_, name: string) =>
		params[name] === undefined ? `{${name}}` : String(params[name])
	);
}

const dayFormat = new Intl.DateTimeFormat('et-EE', {
	timeZone: 'Europe/Tallinn',
	day: '2-digit',
	month: '2-digit',
	year: 'numeric'
});
const timeFormat = new Intl.DateTimeFormat('et-EE', {
	timeZone: 'Europe/Tallinn',
	day: '2-digit',
	month: '2-digit',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});

/** dd.mm.yyyy for a `yyyy-mm-dd` day or an instant (Europe/Tallinn), in every language. */
export function formatDate(value: string | Date | null | undefined): string {
	if (!value) return '—';
	if (typeof value === 'string') {
		const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
		return m ? `${m[3]}.${m[2]}.${m[1]}` : value;
	}
	return dayFormat.format(value);
}

/** dd.mm.yyyy hh:mm in Europe/Tallinn. */
export function formatDateTime(value: Date | string | null | undefined): string {
	if (!value) return '—';
	return timeFormat.format(typeof value === 'string' ? new Date(value) : value);
}
