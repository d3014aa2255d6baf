#!/usr/bin/env node
// The JavaScript a page loads at start, gzip-compressed, from a production build's client
// manifest: SvelteKit's entry (start + app), the root layout, the route's layouts and page, and
// every chunk they import statically (what the page preloads). Dynamic imports are not counted.
//
//   node scripts/i18n/page-js.js [--out .svelte-kit] [route …]
//   (default routes: the volunteer's home, diary form and mileage log)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const out = outIdx >= 0 ? args.splice(outIdx, 2)[1] : '.svelte-kit';
const routes = args.length ? args : ['/', '/clients/[id]/diary/new', '/mileage'];

const client = join(out, 'output/client');
const manifest = JSON.parse(readFileSync(join(client, '.vite/manifest.json'), 'utf8'));
const appSrc = readFileSync(join(out, 'generated/client-optimized/app.js'), 'utf8');

function entry(key) {
	const found = Object.entries(manifest).find(([k]) => k.endsWith(key));
	if (!found) throw new Error(`not in the manifest: ${key}`);
	return found[0];
}
function collect(key, files = new Set()) {
	const chunk = manifest[key];
	if (!chunk || files.has(chunk.file)) return files;
	files.add(chunk.file);
	for (const imp of chunk.imports ?? []) collect(imp, files);
	return files;
}
function nodesOf(route) {
	const re = new RegExp(
		`"${route.replace(/[[\]/]/g, '\\$&')}":\\s*\\[([^\\]]*(?:\\[[^\\]]*\\][^\\]]*)*)\\]`
	);
	const m = re.exec(appSrc);
	if (!m) throw new Error(`route not in app.js: ${route}`);
	const nums = [...m[1].matchAll(/~?(\d+)/g)].map((x) => Number(x[1]));
	return [0, ...nums];
}
function gz(file) {
	return gzipSync(readFileSync(join(client, file)), { level: 9 }).length;
}

const base = new Set();
for (const key of [entry('client-optimized/app.js'), entry('runtime/client/entry.js')])
	collect(key, base);

const rows = [];
for (const route of routes) {
	const files = new Set(base);
	for (const n of nodesOf(route)) collect(entry(`client-optimized/nodes/${n}.js`), files);
	const bytes = [...files].reduce((sum, f) => sum + gz(f), 0);
	const i18n = [...files]
		.filter((f) => /messages|paraglide|i18n|keysets|runtime/.test(f))
		.reduce((s, f) => s + gz(f), 0);
	rows.push({ route, files: files.size, gzipKiB: +(bytes / 1024).toFixed(1) });
	void i18n;
}
console.table(rows);
