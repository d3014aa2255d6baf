/**
 * Converts the hand-written TypeScript dictionaries (`src/lib/i18n/messages/<area>.ts`: `et`,
 * `en`, and `ru` where written) into the inlang project's message files `messages/{locale}.json`
 * (docs/decisions/0002-i18n.md). Re-runnable: the output depends only on the dictionaries and the
 * plural table below, keys sorted.
 *
 *   node scripts/run.js scripts/i18n/convert.ts            write messages/*.json, print a report
 *   node scripts/run.js scripts/i18n/convert.ts --check    fail if a key is missing in a locale
 *
 * Keys stay as they are (`area.some_key`): paraglide 2 exports a message with a key that is not
 * an identifier under its key as an arbitrary module export name (`m['area.some_key']`). Two keys
 * that map to the same module file (`toSafeModuleId`: lower case, non-alphanumerics to `_`) are
 * refused: `renames.json` gives one of them a new name (the codemod renames it in the code).
 */
import { writeFile, readFile, mkdir } from 'node:fs/promises';
import RENAMES from './renames.json';
import { format, resolveConfig } from 'prettier';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readSettings, messagesPath, placeholders } from './compile.js';

type Value = string | PluralMessage;
type PluralMessage = [
	{ declarations: string[]; selectors: string[]; match: Record<string, string> }
];
type Dict = Record<string, string>;

/**
 * Messages that become real plurals (CLDR categories: Estonian and English one/other, Russian
 * one/few/many/other). `{n}` stands for the counted input. The dictionaries' texts for these keys
 * are replaced by these forms.
 */
export const PLURALS: Record<string, { input: string; et: Dict; ru: Dict; en: Dict }> = {
	'mapping.waiting_days': {
		input: 'days',
		et: { one: '{days} päev', '*': '{days} päeva' },
		ru: { one: '{days} день', few: '{days} дня', many: '{days} дней', '*': '{days} дня' },
		en: { one: '{days} day', '*': '{days} days' }
	},
	'mapping.list.waiting_over': {
		input: 'days',
		et: { one: 'vähemalt {days} päev', '*': 'vähemalt {days} päeva' },
		ru: {
			one: 'не менее {days} дня',
			few: 'не менее {days} дней',
			many: 'не менее {days} дней',
			'*': 'не менее {days} дня'
		},
		en: { one: 'at least {days} day', '*': 'at least {days} days' }
	},
	'attention.waiting.since': {
		input: 'days',
		et: { one: 'ootab {days} päev (alates {date})', '*': 'ootab {days} päeva (alates {date})' },
		ru: {
			one: 'ждёт {days} день (с {date})',
			few: 'ждёт {days} дня (с {date})',
			many: 'ждёт {days} дней (с {date})',
			'*': 'ждёт {days} дня (с {date})'
		},
		en: { one: 'waiting {days} day (since {date})', '*': 'waiting {days} days (since {date})' }
	},
	'attention.no_contact.last': {
		input: 'days',
		et: {
			one: '{volunteer}: viimane kontakt {date} ({days} päev tagasi)',
			'*': '{volunteer}: viimane kontakt {date} ({days} päeva tagasi)'
		},
		ru: {
			one: '{volunteer}: последний контакт {date} ({days} день назад)',
			few: '{volunteer}: последний контакт {date} ({days} дня назад)',
			many: '{volunteer}: последний контакт {date} ({days} дней назад)',
			'*': '{volunteer}: последний контакт {date} ({days} дня назад)'
		},
		en: {
			one: '{volunteer}: last contact {date} ({days} day ago)',
			'*': '{volunteer}: last contact {date} ({days} days ago)'
		}
	},
	'attention.no_contact.never': {
		input: 'days',
		et: {
			one: '{volunteer}: kontakti ei ole olnud, algus {date} ({days} päev)',
			'*': '{volunteer}: kontakti ei ole olnud, algus {date} ({days} päeva)'
		},
		ru: {
			one: '{volunteer}: контакта не было, начало {date} ({days} день)',
			few: '{volunteer}: контакта не было, начало {date} ({days} дня)',
			many: '{volunteer}: контакта не было, начало {date} ({days} дней)',
			'*': '{volunteer}: контакта не было, начало {date} ({days} дня)'
		},
		en: {
			one: '{volunteer}: no contact yet, started {date} ({days} day)',
			'*': '{volunteer}: no contact yet, started {date} ({days} days)'
		}
	},
	'match.reason.waiting': {
		input: 'days',
		et: { one: 'Ootab abivajajat {days} päev', '*': 'Ootab abivajajat {days} päeva' },
		ru: {
			one: 'Ждёт получателя помощи {days} день',
			few: 'Ждёт получателя помощи {days} дня',
			many: 'Ждёт получателя помощи {days} дней',
			'*': 'Ждёт получателя помощи {days} дня'
		},
		en: {
			one: 'Has waited for a client for {days} day',
			'*': 'Has waited for a client for {days} days'
		}
	}
};

function plural(input: string, forms: Dict): PluralMessage {
	const selector = `${input}Plural`;
	const extra = new Set(Object.values(forms).flatMap((t) => placeholders(t) as string[]));
	extra.delete(input);
	return [
		{
			declarations: [
				`input ${input}`,
				...[...extra].sort().map((n) => `input ${n}`),
				`local ${selector} = ${input}: plural`
			],
			selectors: [selector],
			match: Object.fromEntries(Object.entries(forms).map(([k, v]) => [`${selector}=${k}`, v]))
		}
	];
}

export function safeModuleId(id: string): string {
	return id.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

type Area = { et: Dict; en?: Dict; ru?: Dict };

export function convert(areas: Record<string, Area>, locales: string[]) {
	const out: Record<string, Record<string, Value>> = Object.fromEntries(
		locales.map((l) => [l, {}])
	);
	const origin = new Map<string, string>();
	const problems: string[] = [];
	for (const [file, area] of Object.entries(areas).sort(([a], [b]) => (a < b ? -1 : 1))) {
		for (const locale of locales) {
			const dict = (area as Record<string, Dict | undefined>)[locale];
			if (!dict) continue;
			for (const [key, text] of Object.entries(dict)) {
				if (locale === locales[0]) {
					const other = origin.get(key);
					if (other) problems.push(`${key}: defined in ${other} and ${file}`);
					origin.set(key, file);
				}
				out[locale]![(RENAMES as Record<string, string>)[key] ?? key] = text;
			}
		}
	}
	const seen = new Map<string, string>();
	for (const key of Object.keys(out[locales[0]!]!)) {
		const id = safeModuleId(key);
		const other = seen.get(id);
		if (other) problems.push(`${key} and ${other} compile to the same module (${id})`);
		seen.set(id, key);
	}
	for (const [key, p] of Object.entries(PLURALS)) {
		if (!(key in out[locales[0]!]!)) continue; // renamed or removed upstream
		// The plural's catch-all form must be the dictionary's text: a text changed upstream is
		// not silently replaced.
		for (const locale of ['et', 'en'] as const) {
			const current = out[locale]?.[key];
			if (typeof current === 'string' && current !== p[locale]['*']) {
				problems.push(`${key} (${locale}) changed upstream: update PLURALS to "${current}"`);
			}
		}
		for (const locale of locales) {
			out[locale]![key] = plural(p.input, p[locale as 'et' | 'ru' | 'en']);
		}
	}
	const missing: Record<string, string[]> = {};
	for (const locale of locales.slice(1)) {
		missing[locale] = Object.keys(out[locales[0]!]!).filter((k) => !(k in out[locale]!));
	}
	const sorted = Object.fromEntries(
		locales.map((l) => [
			l,
			Object.fromEntries(Object.entries(out[l]!).sort(([a], [b]) => (a < b ? -1 : 1)))
		])
	);
	return { messages: sorted, problems, missing };
}

export async function main(args: string[]) {
	const modules = import.meta.glob<Area>('/src/lib/i18n/messages/*.ts', { eager: true });
	const areas = Object.fromEntries(
		Object.entries(modules).map(([path, mod]) => [path.replace(/.*\//, ''), mod])
	);
	if (Object.keys(areas).length === 0) {
		console.error('convert: no dictionaries in src/lib/i18n/messages/ (already migrated?)');
		return 1;
	}
	const settings = await readSettings();
	const locales: string[] = settings.locales;
	const { messages, problems, missing } = convert(areas, locales);
	if (problems.length) {
		console.error(problems.join('\n'));
		return 1;
	}
	for (const locale of locales) {
		const file = messagesPath(settings, locale);
		const json = JSON.stringify({
			$schema: 'https://inlang.com/schema/inlang-message-format',
			...messages[locale]
		});
		const text = await format(json, { ...(await resolveConfig(file)), filepath: file });
		const before = existsSync(file) ? await readFile(file, 'utf8') : '';
		if (before !== text) {
			await mkdir(dirname(file), { recursive: true });
			await writeFile(file, text);
		}
		console.log(
			`${resolve(file).replace(process.cwd() + '/', '')}: ${Object.keys(messages[locale]!).length} messages`
		);
	}
	for (const [locale, keys] of Object.entries(missing)) {
		if (keys.length)
			console.log(`missing in ${locale}: ${keys.length} (e.g. ${keys.slice(0, 3).join(', ')})`);
	}
	if (args.includes('--check') && Object.values(missing).some((k) => k.length)) return 1;
	return 0;
}
