#!/usr/bin/env node
// Starts the built app (build/) on the embedded database unless DATABASE_URL is set.
// `--demo` loads the demo data set on start and prints the demo logins.
// Migrations are applied by the app itself at start-up (src/hooks.server.ts → runtime).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

if (process.argv.includes('--demo')) process.env.SELTSILINE_DEMO = '1';
process.env.PORT ??= '3000';
process.env.HOST ??= '0.0.0.0';
// Uploads need more than adapter-node's 512 KB default (documents up to 20 MB).
process.env.BODY_SIZE_LIMIT ??= '25M';

// Optional .env file in the project folder (KEY=value lines); real environment wins.
if (existsSync('.env')) {
	for (const line of readFileSync('.env', 'utf8').split(/\r?\n/)) {
		const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
		if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
	}
}

// A clean, quick stop (src/lib/server/infra/shutdown.ts): adapter-node cuts connections still busy
// this many seconds after SIGTERM (its own default is 30 s, longer than a supervisor waits).
process.env.SHUTDOWN_TIMEOUT ??= process.env.SHUTDOWN_TIMEOUT_SECONDS || '10';

// BUILD_OUT: where `vite build` wrote the app (default build/); tests use their own folder.
const entry = resolve(process.env.BUILD_OUT ?? 'build', 'index.js');
if (!existsSync(entry)) {
	console.error(`${entry} is missing: run \`npm run build\` first (npm start does it for you).`);
	process.exit(1);
}
await import(pathToFileURL(entry).href);
