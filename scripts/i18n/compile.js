#!/usr/bin/env node
// Compiles the inlang project (project.inlang/settings.json + messages/{locale}.json) into
// typed, tree-shakeable message functions with @inlang/paraglide-js 2 (src/lib/paraglide/,
// generated, not committed). The messages are read here rather than through the inlang
// message-format plugin, which the SDK would fetch from a CDN at build time
// (docs/decisions/0002-i18n.md): the files keep that plugin's format, so inlang's editors
// (Fink, Sherlock) still open them.
//
//   node scripts/i18n/compile.js          compile once (npm run i18n, prepare, check, build)
//
// Message format (inlang message format v4):
//   "area.key": "Text with {name}"
//   "area.count": [{ "declarations": ["input count", "local countPlural = count: plural"],
//                    "selectors": ["countPlural"],
//                    "match": { "countPlural=one": "{count} kanne", "countPlural=*": "{count} kannet" } }]
import { readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PROJECT = join(root, 'project.inlang');
export const OUTDIR = join(root, 'src/lib/paraglide');

export async function readSettings() {
	return JSON.parse(await readFile(join(PROJECT, 'settings.json'), 'utf8'));
}

export function messagesPath(settings, locale) {
	const pattern =
		settings['plugin.inlang.messageFormat']?.pathPattern ?? './messages/{locale}.json';
	return resolve(PROJECT, '..', pattern.replace('{locale}', locale));
}

/** Reads every locale's file: { locale: { key: string | variant-array } } (no `$schema`). */
export async function readMessages(settings) {
	const out = {};
	for (const locale of settings.locales) {
		const file = messagesPath(settings, locale);
		const json = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : {};
		delete json.$schema;
		out[locale] = json;
	}
	return out;
}

/** `Hello {name}` → inlang pattern. `\{` and `\}` are literal braces. */
export function parsePattern(text) {
	const pattern = [];
	let buf = '';
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '\\' && (text[i + 1] === '{' || text[i + 1] === '}')) {
			buf += text[++i];
		} else if (c === '{') {
			const end = text.indexOf('}', i);
			if (end < 0) throw new Error(`unclosed { in "${text}"`);
			const name = text.slice(i + 1, end).trim();
			if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
				throw new Error(`bad placeholder {${name}} in "${text}"`);
			if (buf) pattern.push({ type: 'text', value: buf });
			buf = '';
			pattern.push({ type: 'expression', arg: { type: 'variable-reference', name } });
			i = end;
		} else buf += c;
	}
	if (buf) pattern.push({ type: 'text', value: buf });
	return pattern;
}

export function placeholders(text) {
	return [...text.matchAll(/(?<!\\)\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g)].map((m) => m[1]);
}

function parseDeclaration(d) {
	let m = /^input\s+(\w+)$/.exec(d);
	if (m) return { type: 'input-variable', name: m[1] };
	m = /^local\s+(\w+)\s*=\s*(\w+)\s*:\s*(\w+)(.*)$/.exec(d);
	if (m) {
		const options = [...m[4].matchAll(/(\w+)\s*=\s*(\w+)/g)].map((o) => ({
			name: o[1],
			value: { type: 'literal', value: o[2] }
		}));
		return {
			type: 'local-variable',
			name: m[1],
			value: {
				type: 'expression',
				arg: { type: 'variable-reference', name: m[2] },
				annotation: { type: 'function-reference', name: m[3], options }
			}
		};
	}
	throw new Error(`unsupported declaration "${d}"`);
}

/** One key's value in one locale → { declarations, selectors, variants }. */
export function toMessage(value) {
	if (typeof value === 'string') {
		return {
			declarations: placeholders(value).map((name) => ({ type: 'input-variable', name })),
			selectors: [],
			variants: [{ matches: [], pattern: parsePattern(value) }]
		};
	}
	if (!Array.isArray(value) || value.length !== 1)
		throw new Error('expected a string or [variants]');
	const v = value[0];
	const declarations = (v.declarations ?? []).map(parseDeclaration);
	const selectors = (v.selectors ?? []).map((name) => ({ type: 'variable-reference', name }));
	const variants = Object.entries(v.match ?? {}).map(([match, text]) => ({
		matches: match.split(',').map((part) => {
			const [key, val] = part.split('=').map((s) => s.trim());
			return val === '*'
				? { type: 'catchall-match', key }
				: { type: 'literal-match', key, value: val };
		}),
		pattern: parsePattern(text)
	}));
	return { declarations, selectors, variants };
}

/** Input names of a message (for the completeness test: all locales take the same inputs). */
export function inputsOf(value) {
	const m = toMessage(value);
	const names = new Set(
		m.declarations.filter((d) => d.type === 'input-variable').map((d) => d.name)
	);
	for (const variant of m.variants)
		for (const p of variant.pattern)
			if (p.type === 'expression' && p.arg.type === 'variable-reference') names.add(p.arg.name);
	for (const d of m.declarations) if (d.type === 'local-variable') names.delete(d.name);
	return [...names].sort();
}

function bundlesOf(settings, messages) {
	const keys = Object.keys(messages[settings.baseLocale]).sort();
	return keys.map((key) => {
		const perLocale = settings.locales
			.filter((locale) => messages[locale][key] !== undefined)
			.map((locale) => ({ locale, ...toMessage(messages[locale][key]) }));
		const inputs = new Set();
		for (const m of perLocale)
			for (const d of m.declarations) if (d.type === 'input-variable') inputs.add(d.name);
		return {
			id: key,
			declarations: [...inputs].sort().map((name) => ({ type: 'input-variable', name })),
			messages: perLocale.map((m) => ({
				id: `${key}@${m.locale}`,
				bundleId: key,
				locale: m.locale,
				// local (plural) declarations live on the message; the bundle keeps the inputs
				selectors: m.selectors,
				variants: m.variants.map((v, i) => ({
					id: `${key}@${m.locale}#${i}`,
					messageId: `${key}@${m.locale}`,
					matches: v.matches,
					pattern: v.pattern
				})),
				localDeclarations: m.declarations.filter((d) => d.type === 'local-variable')
			}))
		};
	});
}

export async function compileMessages({ quiet = false } = {}) {
	const settings = await readSettings();
	const messages = await readMessages(settings);
	const hash = createHash('sha256')
		.update(JSON.stringify([settings, messages, COMPILER_VERSION]))
		.digest('hex');
	const stamp = join(OUTDIR, '.hash');
	if (existsSync(stamp) && (await readFile(stamp, 'utf8')) === hash) return false;

	const { compileProject } = await import('@inlang/paraglide-js');
	const bundles = bundlesOf(settings, messages).map((b) => ({
		...b,
		declarations: [
			...b.declarations,
			// paraglide reads local declarations from the bundle
			...uniqueBy(
				b.messages.flatMap((m) => m.localDeclarations),
				(d) => d.name
			)
		],
		messages: b.messages.map(({ localDeclarations: _l, ...m }) => m)
	}));
	// compileProject needs only the settings and a query for the nested bundles; feeding it
	// directly avoids the SDK's database (and its plugins) altogether.
	const project = {
		settings: { get: async () => settings },
		db: fakeDb(bundles)
	};
	const output = await compileProject({
		project,
		compilerOptions: {
			strategy: ['globalVariable', 'baseLocale'],
			emitReadme: false,
			emitGitIgnore: true,
			emitPrettierIgnore: false,
			includeEslintDisableComment: true,
			isServer: "typeof window === 'undefined'"
		}
	});
	await rm(OUTDIR, { recursive: true, force: true });
	for (const [file, content] of Object.entries(output)) {
		const path = join(OUTDIR, file);
		await mkdir(dirname(path), { recursive: true });
		await writeFile(path, content);
	}
	await writeFile(join(OUTDIR, 'messages-bundle.js'), bundleOf(output));
	await writeFile(stamp, hash);
	if (!quiet) console.log(`i18n: compiled ${bundles.length} messages → src/lib/paraglide`);
	return true;
}

const COMPILER_VERSION = 3;

/**
 * Every message module in one file (`messages-bundle.js`), the same functions under the same
 * names. The browser build keeps the per-message modules (tree-shaking, issue 19); Node-side
 * test runs load this one file instead of 2,000 modules (scripts/i18n/vite-plugin.js), which
 * took most of each db test file's start-up (issue 18).
 */
function bundleOf(output) {
	const parts = [
		'// @ts-nocheck (the per-message modules carry the types; this file repeats their typedefs)',
		'/* eslint-disable */',
		"import { getLocale, experimentalStaticLocale } from './runtime.js';",
		"import * as registry from './registry.js';"
	];
	for (const [file, content] of Object.entries(output)) {
		if (!/^messages\/[^/]+\.js$/.test(file) || file === 'messages/_index.js') continue;
		parts.push(
			content
				.split('\n')
				.filter((line) => !line.startsWith('import ') && !line.startsWith('/* eslint-disable'))
				.join('\n')
		);
	}
	return parts.join('\n');
}

function uniqueBy(items, key) {
	const seen = new Set();
	return items.filter((i) => (seen.has(key(i)) ? false : (seen.add(key(i)), true)));
}

/**
 * The one query compileProject runs (selectBundleNested: bundle ⟕ message ⟕ variant, flat
 * rows), answered from memory.
 */
function fakeDb(bundles) {
	const rows = [];
	for (const b of bundles)
		for (const m of b.messages)
			for (const v of m.variants)
				rows.push({
					bundleId: b.id,
					bundleDeclarations: b.declarations,
					messageId: m.id,
					messageLocale: m.locale,
					messageSelectors: m.selectors,
					variantId: v.id,
					variantMatches: v.matches,
					variantPattern: v.pattern
				});
	const chain = new Proxy(
		{},
		{ get: (_t, prop) => (prop === 'execute' ? async () => rows : () => chain) }
	);
	return chain;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	await compileMessages();
}
