#!/usr/bin/env node
// Runs a TypeScript module of the app outside the web server (generator, benchmarks):
// `node scripts/run.js src/lib/server/…/module.ts [args…]` loads it through Vite's SSR module
// loader with the project's own config — the same `$lib` aliases, `?raw` imports and
// TypeScript as the app — and calls its exported `main(args)`. No extra TS runner needed.
import { createServer } from 'vite';
import { resolve } from 'node:path';

const [file, ...args] = process.argv.slice(2);
if (!file) {
	console.error('usage: node scripts/run.js <module.ts> [args…]');
	process.exit(2);
}
const server = await createServer({
	configFile: resolve('vite.config.ts'),
	server: { middlewareMode: true, hmr: false, watch: null },
	appType: 'custom',
	logLevel: 'error',
	optimizeDeps: { noDiscovery: true, include: [] }
});
let code = 0;
try {
	const mod = await server.ssrLoadModule(resolve(file));
	if (typeof mod.main !== 'function') throw new Error(`${file} exports no main(args)`);
	const result = await mod.main(args);
	if (typeof result === 'number') code = result;
} catch (err) {
	console.error(err);
	code = 1;
} finally {
	await server.close();
}
process.exit(code);
