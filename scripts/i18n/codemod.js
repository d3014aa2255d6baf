#!/usr/bin/env node
// Rewrites the code from the hand-written dictionaries to paraglide's compiled messages
// (docs/decisions/0002-i18n.md). Re-runnable on a tree that still has the dictionaries: run
// `node scripts/run.js scripts/i18n/convert.ts` first (messages/*.json), then this.
//
//   node scripts/i18n/codemod.js            rewrite, delete the dictionaries, print what is left
//   node scripts/i18n/codemod.js --dry      only report
//
// Components (`t(…)` from $lib/i18n/t):
//   t('key', p)                   → m['key'](p)
//   t(c ? 'a' : 'b', p)           → (c ? m['a'](p) : m['b'](p))
//   t(`status.${s}`, p)           → msg(status_x, `status.${s}`, p)   keyset: the keys matching
//   t(form.message) / t(errors.x) → form.message / errors.x          translated on the server
//   other run-time keys           → msg(<keyset of RUNTIME_KEYSETS>, expr, p), else reported
// Server code (`translate(locale, …)`, `applyText(locale, …)`):
//   translate(l, 'key', p)        → m['key'](p, { locale: l })
//   translate(l, expr, p)         → translate(l, expr, p) from $lib/server/i18n (all messages)
//   fail(status, data)            → fail(status, localizeFailure(data))   texts, keys kept
import { readFile, writeFile, rm, readdir, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dry = process.argv.includes('--dry');
const RENAMES = JSON.parse(readFileSync(join(root, 'scripts/i18n/renames.json'), 'utf8'));
const KEYS = Object.keys(JSON.parse(readFileSync(join(root, 'messages/et.json'), 'utf8'))).filter(
	(k) => k !== '$schema'
);
const KEYSET = new Set(KEYS);

/**
 * Component expressions whose keys come from the server but are rendered in the browser:
 * [file (relative, or '*'), expression pattern, keyset name, key pattern].
 */
const RUNTIME_KEYSETS = [
	[
		'src/lib/components/AttentionSummary.svelte',
		/^item\.label$/,
		'attention_titles',
		/^attention\.[a-z_]+\.title$/
	],
	['*', /^item\.label$/, 'nav_labels', /^nav\./],
	['src/lib/components/AuditTable.svelte', /^k$/, 'role_labels', /^role\./],
	[
		'src/lib/components/DocumentUpload.svelte',
		/^fileError$/,
		'document_errors',
		/^document\.error\./,
		'f?.errorKeys?.file'
	],
	['*', /^(success|done|data\.notice|data\.done|section\.done)$/, 'notices', 'ROUTE_KEYS'],
	['*', /^auditEntityKey\(/, 'audit_entity', /^audit\.entity\./],
	['*', /^auditOutcomeKey\(/, 'audit_outcome', /^audit\.outcome\./],
	['*', /^auditActionKey\(/, 'audit_action', /^audit\.action\./],
	['*', /^r\.code$/, 'match_reasons', /^match\.(reason|code)\./],
	['*', /^r\.replace\(/, 'match_reasons', /^match\.(reason|code)\./],
	['*', /^title$/, 'page_titles', /^(client|clients|records|mapping)\.(list\.)?title/],
	['*', /^key$/, 'analysis_defs', /^analysis\./],
	['*', /^key\(value\)$/, 'audit_labels', /^(audit\.(action|entity|outcome)\.|role\.)/]
];
/** Expressions holding text the server already translated (localizeFailure). */
const SERVER_TRANSLATED =
	/(^|[.?])(errors?|fileError|message)(\??\.[A-Za-z_]+)?$|^f\??\.errors\??\.[A-Za-z]+$|^form\??\.message$/;

const report = {
	unresolved: [],
	unknownKeys: [],
	files: 0,
	keysets: new Map(),
	plain: [],
	patches: []
};
const changed = [];

/**
 * Keys that route loads and their helpers hand to pages as confirmations (`?done=` maps,
 * notices): every key written as a literal in a `+page.server.ts`/`+layout.server.ts` or in the
 * route helpers of src/lib/server (top level, web/), error keys left out.
 */
let routeKeyCache = null;
function routeKeys() {
	if (routeKeyCache) return routeKeyCache;
	routeKeyCache = new Set();
	const files = [];
	const visit = (dir, deep, test) => {
		if (!existsSync(dir)) return;
		for (const e of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, e.name);
			if (e.isDirectory()) {
				if (deep) visit(path, deep, test);
			} else if (test(e.name)) files.push(path);
		}
	};
	visit(join(root, 'src/routes'), true, (n) => /^\+(page|layout)\.server\.ts$/.test(n));
	visit(join(root, 'src/lib/server'), false, (n) => n.endsWith('.ts'));
	visit(join(root, 'src/lib/server/web'), true, (n) => n.endsWith('.ts'));
	for (const f of files)
		for (const mt of readFileSync(f, 'utf8').matchAll(/['"]([a-z0-9_]+\.[a-z0-9_.]+)['"]/g))
			// error keys reach the page as text (localizeFailure), not as confirmations
			if (
				KEYSET.has(RENAMES[mt[1]] ?? mt[1]) &&
				!/(^|\.)errors?\.|_(invalid|required)$/.test(mt[1])
			)
				routeKeyCache.add(RENAMES[mt[1]] ?? mt[1]);
	return routeKeyCache;
}

/** Index just past the matching `)` of the `(` at `open`; JS strings, templates, comments. */
function matchParen(src, open) {
	let depth = 0;
	for (let i = open; i < src.length; i++) {
		const c = src[i];
		if (c === '(' || c === '[' || c === '{') depth++;
		else if (c === ')' || c === ']' || c === '}') {
			depth--;
			if (depth === 0) return i + 1;
		} else if (c === "'" || c === '"') i = skipString(src, i);
		else if (c === '`') i = skipTemplate(src, i);
		else if (c === '/' && src[i + 1] === '/') i = src.indexOf('\n', i);
		else if (c === '/' && src[i + 1] === '*') i = src.indexOf('*/', i) + 1;
	}
	return -1;
}
function skipString(src, i) {
	const q = src[i];
	for (i++; i < src.length; i++) {
		if (src[i] === '\\') i++;
		else if (src[i] === q) return i;
	}
	return i;
}
function skipTemplate(src, i) {
	for (i++; i < src.length; i++) {
		if (src[i] === '\\') i++;
		else if (src[i] === '`') return i;
		else if (src[i] === '$' && src[i + 1] === '{') i = matchParen(src, i + 1) - 1;
	}
	return i;
}
/** Top-level comma split of the text between the parentheses. */
function splitArgs(inner) {
	const args = [];
	let depth = 0;
	let start = 0;
	for (let i = 0; i < inner.length; i++) {
		const c = inner[i];
		if (c === '(' || c === '[' || c === '{') depth++;
		else if (c === ')' || c === ']' || c === '}') depth--;
		else if (c === "'" || c === '"') i = skipString(inner, i);
		else if (c === '`') i = skipTemplate(inner, i);
		else if (c === ',' && depth === 0) {
			args.push(inner.slice(start, i));
			start = i + 1;
		}
	}
	const last = inner.slice(start);
	if (last.trim()) args.push(last);
	return args.map((a) => a.trim());
}

/** Calls `name(` not preceded by an identifier character or a dot. */
function rewriteCalls(src, name, fn) {
	let out = '';
	let i = 0;
	const re = new RegExp(`(?<![\\w$.])${name}\\(`, 'g');
	let mt;
	while ((mt = re.exec(src))) {
		const open = mt.index + name.length;
		if (mt.index < i) continue;
		const end = matchParen(src, open);
		if (end < 0) continue;
		const args = splitArgs(src.slice(open + 1, end - 1));
		const replacement = fn(args, src.slice(mt.index, end));
		if (replacement === null) continue;
		out += src.slice(i, mt.index) + replacement;
		i = end;
		re.lastIndex = end;
	}
	return out + src.slice(i);
}

function literalKey(arg) {
	const mt = /^'([^'\\]*)'$|^"([^"\\]*)"$/.exec(arg);
	if (!mt) return null;
	const key = mt[1] ?? mt[2];
	return RENAMES[key] ?? key;
}
function ref(mName, key) {
	if (!KEYSET.has(key)) report.unknownKeys.push(key);
	return `${mName}['${key}']`;
}
function keysetFor(name, pattern) {
	if (!report.keysets.has(name)) {
		const keys =
			pattern === 'ROUTE_KEYS'
				? KEYS.filter((k) => routeKeys().has(k))
				: KEYS.filter((k) => pattern.test(k));
		report.keysets.set(name, keys);
	}
	return name;
}
function templateKeyset(arg) {
	// `a.b.${x}.c` → /^a\.b\.(.+)\.c$/
	const parts = [];
	let name = '';
	for (let i = 1; i < arg.length - 1; i++) {
		if (arg[i] === '$' && arg[i + 1] === '{') {
			const end = matchParen(arg, i + 1);
			parts.push('(.+)');
			name += 'x';
			i = end - 1;
		} else {
			parts.push(arg[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
			name += /[a-z0-9]/.test(arg[i]) ? arg[i] : '_';
		}
	}
	const pattern = new RegExp(`^${parts.join('')}$`);
	name = name.replace(/_+/g, '_').replace(/^_|_$/g, '') || 'keys';
	if (/^\d/.test(name)) name = `k_${name}`;
	return keysetFor(name, pattern);
}

function rewriteComponent(src, file) {
	if (!/(?<![\w$.])t\(/.test(src)) return src;
	const shadowed = /(?<![\w$.'"])m(?=\s*(=>|[,)=]))|\bas m\b|\b(const|let|var) m\b/.test(src);
	const M = shadowed ? 'msgs' : 'm';
	const used = { m: false, msg: false, keysets: new Set() };
	const rewriteOnce = (input) =>
		rewriteCalls(input, 't', (args, text) => {
			const [keyArg, ...rest] = args;
			const params = rest.length ? rest.join(', ') : '';
			const key = literalKey(keyArg);
			if (key) {
				used.m = true;
				return `${ref(M, key)}(${params})`;
			}
			const cond = /^([\s\S]+?)\s*\?\s*('[^']*')\s*:\s*('[^']*')$/.exec(keyArg);
			if (cond && literalKey(cond[2]) && literalKey(cond[3])) {
				used.m = true;
				return `(${cond[1]} ? ${ref(M, literalKey(cond[2]))}(${params}) : ${ref(M, literalKey(cond[3]))}(${params}))`;
			}
			if (keyArg.startsWith('`')) {
				const name = templateKeyset(keyArg);
				used.msg = true;
				used.keysets.add(name);
				return `msg(${name}, ${keyArg}${params ? `, ${params}` : ''})`;
			}
			const rel = relative(root, file);
			for (const [f, expr, name, pattern, replacement] of RUNTIME_KEYSETS) {
				if ((f === '*' || f === rel) && expr.test(keyArg)) {
					keysetFor(name, pattern);
					used.msg = true;
					used.keysets.add(name);
					return `msg(${name}, ${replacement ?? keyArg}${params ? `, ${params}` : ''})`;
				}
			}
			if (SERVER_TRANSLATED.test(keyArg)) {
				report.plain.push(`${rel}: ${text.replace(/\s+/g, ' ')}`);
				return keyArg;
			}
			report.unresolved.push(`${rel}: ${text.replace(/\s+/g, ' ')}`);
			return null;
		});
	// t() inside the arguments of another t(): rewrite until nothing changes
	let out = src;
	for (let pass = 0; pass < 4; pass++) {
		const next = rewriteOnce(out);
		if (next === out) break;
		out = next;
	}
	let code = out;
	const imports = [];
	if (used.m)
		imports.push(`import { m${M === 'm' ? '' : ' as msgs'} } from '$lib/paraglide/messages';`);
	if (used.msg) imports.push(`import { msg } from '$lib/i18n/keyset';`);
	for (const name of [...used.keysets].sort())
		imports.push(`import { ${name} } from '$lib/i18n/keysets/${name}';`);
	// `import { t, currentLocale } from '$lib/i18n/t';` → the rest from $lib/i18n
	code = code.replace(/import \{([^}]*)\} from '\$lib\/i18n\/t';\n?/, (_all, names) => {
		const rest = names
			.split(',')
			.map((n) => n.trim())
			.filter((n) => n && n !== 't');
		const still = /(?<![\w$.])t\(/.test(code);
		if (still) rest.unshift('t');
		return (
			[
				...(rest.length ? [`import { ${rest.join(', ')} } from '$lib/i18n';`] : []),
				...imports
			].join('\n') + '\n'
		);
	});
	return code;
}

/**
 * The public application form had its own dictionary helper, `L(key)` over `applyText(lang, …)`
 * and `E(key)` for server error keys: L becomes t (then messages), E goes (the server sends
 * text now), and the page's language is the request's (hooks.server.ts reads `?lang=`).
 */
function prepareApplyHelpers(src, file) {
	if (!file.endsWith('.svelte')) return src;
	if (!/from '\$lib\/i18n\/messages\/apply'/.test(src)) return src;
	let code = src
		.replace(
			/import \{[^}]*\} from '\$lib\/i18n\/messages\/apply';/,
			"import { t } from '$lib/i18n/t';\n\timport type { Locale } from '$lib/i18n';"
		)
		.replace(/\bApplyLocale\b/g, 'Locale')
		.replace(/\n\tconst L = \([^\n]*applyText\([^\n]*\n/, '\n')
		.replace(/applyText\(l, (`apply\.lang\.\$\{l\}`)\)/g, 't($1)')
		.replace(/\n\t\/\*\*[^\n]*\*\/\n\tfunction E\([\s\S]*?\n\t\}\n/, '\n');
	code = code.replace(/(?<![\w$.])L\(/g, 't(');
	code = rewriteCalls(code, 'E', (args) => (args.length === 1 ? args[0] : null));
	return code;
}

function rewriteServer(src, file) {
	let code = src;
	let usesM = false;
	let usesTranslate = false;
	const rel = relative(root, file);
	for (const fn of ['translate', 'applyText']) {
		code = rewriteCalls(code, fn, (args) => {
			const [locale, keyArg, ...rest] = args;
			if (!keyArg) return null;
			const key = literalKey(keyArg);
			const params = rest.length ? rest.join(', ') : '{}';
			if (key) {
				usesM = true;
				return `${ref('m', key)}(${params}, { locale: ${locale} })`;
			}
			usesTranslate = true;
			return `translate(${locale}, ${keyArg}${rest.length ? `, ${rest.join(', ')}` : ''})`;
		});
	}
	// fail(status, data) → fail(status, localizeFailure(data))
	let usesLocalize = false;
	if (/(^|\/)(\+page\.server|\+layout\.server)\.ts$|^src\/lib\/server\//.test(rel)) {
		code = rewriteCalls(code, 'fail', (args) => {
			if (args.length !== 2 || args[1].startsWith('localizeFailure(')) return null;
			usesLocalize = true;
			return `fail(${args[0]}, localizeFailure(${args[1]}))`;
		});
	}
	// imports from the old modules
	const serverNames = new Set([
		'translate',
		'hasMessage',
		'MessageKey',
		'Params',
		'type MessageKey',
		'type Params'
	]);
	code = code.replace(
		/import \{([^}]*)\} from '(\$lib\/i18n|(?:\.\.\/)+i18n|\.\.\/\.\.\/src\/lib\/i18n)';\n?/g,
		(all, names, from) => {
			const list = names
				.split(',')
				.map((n) => n.trim())
				.filter(Boolean);
			const keep = list.filter((n) => !serverNames.has(n));
			const server = list.filter((n) => serverNames.has(n) && !/translate/.test(n));
			const lines = [];
			if (keep.length) lines.push(`import { ${keep.join(', ')} } from '${from}';`);
			if (server.length) lines.push(`import { ${server.join(', ')} } from '$lib/server/i18n';`);
			return lines.join('\n') + (lines.length ? '\n' : '');
		}
	);
	code = code.replace(
		/import \{[^}]*\} from '(\$lib|(\.\.\/)+src\/lib)\/i18n\/messages\/apply';\n?/,
		''
	);
	const add = [];
	if (usesM && !/import \{ m \} from '\$lib\/paraglide\/messages'/.test(code))
		add.push(`import { m } from '$lib/paraglide/messages';`);
	const serverImports = [];
	if (usesTranslate && !/\btranslate\b[^\n]*from '\$lib\/server\/i18n'/.test(code))
		serverImports.push('translate');
	if (usesLocalize && !/\blocalizeFailure\b[^\n]*from '\$lib\/server\/i18n'/.test(code))
		serverImports.push('localizeFailure');
	if (serverImports.length)
		add.push(`import { ${serverImports.join(', ')} } from '$lib/server/i18n';`);
	if (add.length) {
		const lastImport = [...code.matchAll(/^import [\s\S]*?;\n/gm)].pop();
		const at = lastImport ? lastImport.index + lastImport[0].length : 0;
		code = code.slice(0, at) + add.join('\n') + '\n' + code.slice(at);
	}
	return code;
}

function renameLiterals(src) {
	let code = src;
	for (const [from, to] of Object.entries(RENAMES)) {
		code = code.split(`'${from}'`).join(`'${to}'`);
	}
	return code;
}

async function walk(dir, out = []) {
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) {
			if (['node_modules', 'paraglide', '.svelte-kit'].includes(entry.name)) continue;
			await walk(path, out);
		} else if (/\.(svelte|ts)$/.test(entry.name)) out.push(path);
	}
	return out;
}

/** One module per set, so a page's bundle holds only the sets (and messages) it uses. */
function keysetModule(name, keys) {
	const lines = [
		'// Generated by scripts/i18n/codemod.js: the message functions of a set of keys that a',
		'// component knows only at run time (a status, a kind).',
		"import { m } from '$lib/paraglide/messages';",
		"import type { Keyset } from '../keyset';",
		'',
		`export const ${name}: Keyset = {`
	];
	for (const k of keys) lines.push(`\t'${k}': m['${k}'],`);
	lines.push('};', '');
	return lines.join('\n');
}

/**
 * What the rules above cannot know, as exact replacements on the rewritten (prettier-formatted)
 * files: pages that decide by a key the server now sends as text read `messageKey`/`errorKeys`,
 * and tests that read the dictionaries read the message files. A patch that no longer applies is
 * reported (the file changed upstream: do it by hand).
 */
const POST_PATCHES = [
	[
		'src/lib/server/services/recruitment.ts',
		"const CONFIRMATION_SUBJECTS = [applyEt, applyRu, applyEn].map((d) => d['apply.mail.subject']);",
		"const CONFIRMATION_SUBJECTS = LOCALES.map((locale) => m['apply.mail.subject']({}, { locale }));"
	],
	[
		'src/lib/server/services/recruitment.ts',
		"import { formatDate, type Locale } from '$lib/i18n';",
		"import { formatDate, LOCALES, type Locale } from '$lib/i18n';"
	],
	[
		'src/lib/server/services/auth/emails.ts',
		"m['mail.reset.body']({ name: to.name, link }",
		"m['mail.reset.body']({ link }"
	],
	[
		'src/lib/components/MileageLog.svelte',
		'\t\t\t\t\terrors?: Record<string, string>;\n\t\t\t\t\tvalues?: Record<string, string>;',
		'\t\t\t\t\terrors?: Record<string, string>;\n\t\t\t\t\terrorKeys?: Record<string, string>;\n\t\t\t\t\tvalues?: Record<string, string>;'
	],
	[
		'src/lib/components/MileageLog.svelte',
		"errors.tripDate === 'mileage.no_diary_entry' && values.clientId",
		"form?.errorKeys?.tripDate === 'mileage.no_diary_entry' && values.clientId"
	],
	[
		'src/lib/components/DocumentUpload.svelte',
		'\t\t\terrors?: Record<string, string>;\n\t\t\tvalues?: Record<string, string>;\n\t\t\tform?: string;',
		'\t\t\terrors?: Record<string, string>;\n\t\t\terrorKeys?: Record<string, string>;\n\t\t\tvalues?: Record<string, string>;\n\t\t\tform?: string;'
	],
	[
		'src/lib/diary-values.ts',
		'\terrors?: Record<string, string>;\n\tmessage?: string;\n}',
		'\terrors?: Record<string, string>;\n\tmessage?: string;\n\t/** The key of `message` (the server translated it: localizeFailure). */\n\tmessageKey?: string;\n}'
	],
	[
		'src/lib/diary-values.ts',
		"if (failure.message === 'diary.conflict' && entry)",
		"if ((failure.messageKey ?? failure.message) === 'diary.conflict' && entry)"
	],
	[
		'src/routes/clients/[id]/diary/[entryId]/+page.svelte',
		"form?.message === 'diary.conflict'",
		"form?.messageKey === 'diary.conflict'"
	],
	[
		'tests/unit/audit-labels.test.ts',
		"import { et, en } from '$lib/i18n/messages/audit';",
		"import et from '../../messages/et.json';\nimport en from '../../messages/en.json';"
	],
	[
		'tests/unit/audit-labels.test.ts',
		'(et as Record<string, string>)[key]',
		'(et as Record<string, unknown>)[key]'
	],
	[
		'tests/unit/audit-labels.test.ts',
		'(en as Record<string, string>)[key]',
		'(en as Record<string, unknown>)[key]'
	],
	[
		'tests/unit/audit-labels.test.ts',
		"'add these to AUDIT_ACTIONS and messages/audit.ts'",
		"'add these to AUDIT_ACTIONS and messages/*.json'"
	],
	[
		'tests/unit/recruitment.test.ts',
		"import { hasMessage } from '$lib/server/i18n';\nimport { m } from '$lib/paraglide/messages';",
		"import { hasMessage } from '$lib/server/i18n';\nimport { m } from '$lib/paraglide/messages';\nimport etMessages from '../../messages/et.json';\nimport ruMessages from '../../messages/ru.json';\nimport enMessages from '../../messages/en.json';\n\nconst APPLY_KEYS = Object.keys(etMessages).filter((k) => k.startsWith('apply.'));\nconst et = etMessages as Record<string, unknown>;\nconst ru = ruMessages as Record<string, unknown>;\nconst en = enMessages as Record<string, unknown>;"
	],
	[
		'tests/unit/recruitment.test.ts',
		'(dict as Record<string, string>)',
		'(dict as Record<string, unknown>)',
		'all'
	]
];
/** Test files that read the deleted dictionaries and are replaced by tests/unit/i18n-messages.test.ts. */
const REPLACED_TESTS = ['tests/unit/i18n-ru.test.ts'];

async function applyPatches() {
	const touched = new Set();
	const everywhere = await walk(join(root, 'src'));
	for (const [rel, from, to, all] of POST_PATCHES) {
		let file = join(root, rel);
		if (!existsSync(file)) {
			// moved (e.g. services into folders): the one file of that name that holds the text
			const name = rel.split('/').pop();
			const moved = everywhere.filter(
				(f) => f.endsWith(`/${name}`) && readFileSync(f, 'utf8').includes(from)
			);
			if (moved.length !== 1) {
				report.patches.push(`${rel}: missing`);
				continue;
			}
			file = moved[0];
		}
		const src = await readFile(file, 'utf8');
		if (!src.includes(from)) {
			if (!src.includes(to)) report.patches.push(`${rel}: not applied: ${from.slice(0, 70)}`);
			continue;
		}
		await writeFile(file, all ? src.split(from).join(to) : src.replace(from, to));
		touched.add(file);
	}
	for (const rel of REPLACED_TESTS) await rm(join(root, rel), { force: true });
	return [...touched];
}

const I18N_INDEX = `/**
 * The interface languages and the formatting of numbers, money and dates
 * (docs/decisions/0002-i18n.md). Texts are paraglide messages: \`import { m } from
 * '$lib/paraglide/messages'\`, then \`m['area.key'](params)\`; on the server
 * \`m['area.key'](params, { locale })\` or \`translate(locale, key)\` from \`$lib/server/i18n\`.
 */
export * from './locale';
export * from './format';
`;

async function main() {
	const files = [...(await walk(join(root, 'src'))), ...(await walk(join(root, 'tests')))].filter(
		(f) => !f.includes('/src/lib/i18n/messages/')
	);
	for (const file of files) {
		const rel = relative(root, file);
		if (['src/lib/i18n/index.ts', 'src/lib/i18n/t.ts', 'src/lib/server/i18n.ts'].includes(rel))
			continue;
		const src = await readFile(file, 'utf8');
		let code = renameLiterals(src);
		if (rel === 'src/lib/i18n/audit-labels.ts') {
			keysetFor('audit_labels', /^(audit\.(action|entity|outcome)\.|role\.)/);
			code = code.replace(
				"import { hasMessage } from './index';",
				"import { audit_labels } from './keysets/audit_labels';\n\nconst hasMessage = (key: string) => Object.hasOwn(audit_labels, key);"
			);
		}
		code = prepareApplyHelpers(code, file);
		const isComponentSide = file.endsWith('.svelte') || /from '\$lib\/i18n\/t'/.test(code);
		if (isComponentSide) code = rewriteComponent(code, file);
		else if (!rel.startsWith('scripts/')) code = rewriteServer(code, file);
		if (code !== src) {
			report.files++;
			changed.push(file);
			if (!dry) await writeFile(file, code);
		}
	}
	if (!dry) {
		await rm(join(root, 'src/lib/i18n/keysets'), { recursive: true, force: true });
		await mkdir(join(root, 'src/lib/i18n/keysets'), { recursive: true });
		for (const [name, keys] of report.keysets)
			await writeFile(join(root, `src/lib/i18n/keysets/${name}.ts`), keysetModule(name, keys));
		await writeFile(join(root, 'src/lib/i18n/index.ts'), I18N_INDEX);
		await rm(join(root, 'src/lib/i18n/t.ts'), { force: true });
		await rm(join(root, 'src/lib/i18n/messages'), { recursive: true, force: true });
		execFileSync(
			join(root, 'node_modules/.bin/prettier'),
			['--write', '--log-level', 'warn', ...changed, join(root, 'src/lib/i18n')],
			{ stdio: 'inherit' }
		);
		const patched = await applyPatches();
		if (patched.length)
			execFileSync(
				join(root, 'node_modules/.bin/prettier'),
				['--write', '--log-level', 'warn', ...patched],
				{
					stdio: 'inherit'
				}
			);
	}
	console.log(`codemod: ${report.files} files rewritten, ${report.keysets.size} keysets`);
	for (const [name, keys] of report.keysets)
		if (keys.length === 0) console.log(`  empty keyset ${name}`);
	if (report.unknownKeys.length)
		console.log(`unknown keys:\n  ${[...new Set(report.unknownKeys)].join('\n  ')}`);
	if (process.argv.includes('--verbose')) {
		console.log(`server-translated:\n  ${report.plain.join('\n  ')}`);
		for (const [name, keys] of report.keysets) console.log(`  ${name}: ${keys.length}`);
	}
	if (report.patches.length)
		console.log(`patches to do by hand:\n  ${report.patches.join('\n  ')}`);
	if (report.unresolved.length)
		console.log(`left for a hand (t() with a run-time key):\n  ${report.unresolved.join('\n  ')}`);
}

if (!existsSync(join(root, 'messages/et.json'))) {
	console.error('codemod: run scripts/i18n/convert.ts first');
	process.exit(1);
}
await main();
