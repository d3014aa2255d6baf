import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Issue 20: every message exists in Estonian, Russian and English, with the same placeholders.
 * Each area file in src/lib/i18n/messages exports `et`, `ru` and `en`.
 */
const dir = resolve('src/lib/i18n/messages');
const areas = readdirSync(dir)
	.filter((f) => f.endsWith('.ts'))
	.map((f) => f.replace(/\.ts$/, ''));

function placeholders(text: string): string[] {
	return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('messages in three languages', () => {
	it.each(areas)('%s has the same keys and placeholders in et, ru and en', async (area) => {
		const mod = (await import(`../../src/lib/i18n/messages/${area}.ts`)) as Record<
			string,
			Record<string, string>
		>;
		const source = mod.et ?? {};
		expect(mod.et, `${area}: et`).toBeTypeOf('object');
		for (const locale of ['ru', 'en']) {
			const dict = mod[locale] ?? {};
			expect(mod[locale], `${area}: ${locale} is missing`).toBeTypeOf('object');
			expect(Object.keys(dict).sort(), `${area}: keys of ${locale}`).toEqual(
				Object.keys(source).sort()
			);
			for (const [key, text] of Object.entries(source)) {
				const translated = dict[key] ?? '';
				expect(placeholders(translated), `${area}: ${locale} ${key}`).toEqual(placeholders(text));
				expect(translated.trim(), `${area}: ${locale} ${key} is empty`).not.toBe('');
			}
		}
	});
});
