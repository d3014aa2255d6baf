import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSettings, readMessages, inputsOf } from '../../scripts/i18n/compile.js';

/**
 * CI's guard for the three languages (issue 20): every message of the Estonian source exists in
 * Russian and English with the same inputs, and no language has a message the source lacks.
 * (A message used in code that does not exist is a type error: svelte-check in `npm run check`.)
 */
const settings = await readSettings();
const messages: Record<string, Record<string, unknown>> = await readMessages(settings);
const base: string = settings.baseLocale;
const source = messages[base]!;

describe('messages/*.json', () => {
	it('has Estonian, Russian and English with Estonian as the source', () => {
		expect(base).toBe('et');
		expect([...settings.locales].sort()).toEqual(['en', 'et', 'ru']);
	});

	for (const locale of settings.locales.filter((l: string) => l !== base)) {
		it(`${locale}: has every key of the source`, () => {
			const missing = Object.keys(source).filter((k) => !(k in messages[locale]!));
			expect(missing).toEqual([]);
		});

		it(`${locale}: has no key the source lacks`, () => {
			const extra = Object.keys(messages[locale]!).filter((k) => !(k in source));
			expect(extra).toEqual([]);
		});

		it(`${locale}: every message takes the inputs of the source`, () => {
			const differing = Object.keys(source)
				.filter((k) => k in messages[locale]!)
				.filter(
					(k) =>
						JSON.stringify(inputsOf(source[k])) !== JSON.stringify(inputsOf(messages[locale]![k]))
				);
			expect(differing).toEqual([]);
		});

		it(`${locale}: no message is empty`, () => {
			const empty = Object.entries(messages[locale]!)
				.filter(([, v]) => typeof v === 'string' && v.trim() === '')
				.map(([k]) => k);
			expect(empty).toEqual([]);
		});
	}

	it('every plural has a catch-all form', () => {
		const broken: string[] = [];
		for (const locale of settings.locales)
			for (const [key, value] of Object.entries(messages[locale]!))
				if (Array.isArray(value)) {
					const match = (value[0] as { match: Record<string, string> }).match;
					if (!Object.keys(match).some((k) => k.endsWith('=*'))) broken.push(`${locale}:${key}`);
				}
		expect(broken).toEqual([]);
	});
});

/**
 * A key written as a plain string in a page or component (not inside `m['…']`) is shown through
 * a keyset at run time (`msg(set, key)`): it must be in one, or the page shows the bare key
 * (a confirmation "auth.logged_out" after logging out was such a miss). Comparisons with a
 * failure's `messageKey`/`errorKeys` and server files (which translate) are not shown as such.
 */
describe('keys known only at run time in the browser', () => {
	const root = join(import.meta.dirname, '../..');
	const files = (dir: string): string[] =>
		readdirSync(join(root, dir), { withFileTypes: true }).flatMap((d) => {
			const rel = `${dir}/${d.name}`;
			if (d.isDirectory())
				return rel.endsWith('paraglide') || rel.endsWith('server') ? [] : files(rel);
			return /\.(svelte|ts)$/.test(d.name) && !/server\.ts$/.test(d.name) ? [rel] : [];
		});
	const inKeysets = new Set(
		readdirSync(join(root, 'src/lib/i18n/keysets')).flatMap((f) =>
			[
				...readFileSync(join(root, 'src/lib/i18n/keysets', f), 'utf8').matchAll(/^\s*'([^']+)':/gm)
			].map((hit) => hit[1]!)
		)
	);

	it('every message key written as a plain string in src/routes and src/lib is in a keyset', () => {
		const loose: string[] = [];
		for (const file of [...files('src/routes'), ...files('src/lib')]) {
			if (file.startsWith('src/lib/i18n/keysets/')) continue;
			const text = readFileSync(join(root, file), 'utf8');
			for (const hit of text.matchAll(
				/(?<!(\[|[!=]==)\s*)['"`]([a-z_0-9]+(?:\.[a-z_0-9]+)+)['"`](?!\s*\])/g
			)) {
				if (hit[1]! in source && !inKeysets.has(hit[1]!)) loose.push(`${file}: ${hit[1]}`);
			}
		}
		expect(loose).toEqual([]);
	});
});
