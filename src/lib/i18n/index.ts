/**
 * The interface languages and the formatting of numbers, money and dates
 * (docs/decisions/0002-i18n.md). Texts are paraglide messages: `import { m } from
 * '$lib/paraglide/messages'`, then `m['area.key'](params)`; on the server
 * `m['area.key'](params, { locale })` or `translate(locale, key)` from `$lib/server/i18n`.
 */
export * from './locale';
export * from './format';
