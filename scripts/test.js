#!/usr/bin/env node
// `npm test`: every test, in order — unit; database tests on PGlite and, side by side with them,
// the same on the PostgreSQL server when one answers (TEST_PG_URL, default
// postgres://postgres@127.0.0.1:5432/postgres); the benchmark smoke run; then a production build
// and the end-to-end tests in Chromium.
// Options: --no-e2e (unit + db only, used for the Node 24 run in CI), --only=unit|db|bench|e2e;
// other arguments are file filters passed to Vitest (e.g. `--only=e2e tests/e2e/mileage`).
// Reports go to TEST_RESULTS_DIR (default test-results/).
// Prints one closing line "tests: N passed, N failed" summed over all runs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync, openSync, closeSync } from 'node:fs';
import pg from 'pg';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
const withE2e = !args.includes('--no-e2e');
const pgUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const filters = args.filter((a) => !a.startsWith('--'));
const bin = 'node_modules/.bin/';
const resultsDir = process.env.TEST_RESULTS_DIR ?? 'test-results';

mkdirSync(resultsDir, { recursive: true });
const totals = { passed: 0, failed: 0, files: 0 };
const runs = [];

function vitestArgs(out, extra) {
	return [
		'run',
		'--project',
		null,
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${out}`,
		...extra,
		...filters
	];
}

/** Adds a finished run's figures (its JSON report) to the totals. */
function tally(name, out, status) {
	let passed = 0;
	let failed = 0;
	if (existsSync(out)) {
		const report = JSON.parse(readFileSync(out, 'utf8'));
		passed = report.numPassedTests;
		failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
		totals.files += report.testResults.length;
		if (report.numTotalTests === 0) failed += 1; // a run that ran nothing is a failure
	} else {
		failed = 1;
	}
	if (status !== 0 && failed === 0) failed = 1;
	totals.passed += passed;
	totals.failed += failed;
	runs.push(`${name}: ${passed} passed, ${failed} failed`);
}

function vitest(name, project, env = {}, extra = []) {
	const out = `${resultsDir}/${name}.json`;
	rmSync(out, { force: true });
	console.log(`\n=== ${name} ===`);
	const args = vitestArgs(out, extra);
	args[2] = project;
	const res = spawnSync(`${bin}vitest`, args, {
		stdio: 'inherit',
		env: { ...process.env, ...env }
	});
	tally(name, out, res.status);
}

/**
 * A run in the background, its output kept in `<name>.log` and printed when it ends: the
 * PostgreSQL run waits on the server more than it computes, so it shares the 2 cores with the
 * PGlite run (which computes) at little cost to either.
 */
function vitestInBackground(name, project, env = {}, extra = []) {
	const out = `${resultsDir}/${name}.json`;
	const logFile = `${resultsDir}/${name}.log`;
	rmSync(out, { force: true });
	const log = openSync(logFile, 'w');
	const args = vitestArgs(out, extra);
	args[2] = project;
	const child = spawn(`${bin}vitest`, args, {
		stdio: ['ignore', log, log],
		env: { ...process.env, ...env }
	});
	return new Promise((resolve) => {
		child.on('exit', (code) => {
			closeSync(log);
			console.log(`\n=== ${name} (ran beside the one above) ===`);
			process.stdout.write(readFileSync(logFile, 'utf8'));
			tally(name, out, code ?? 1);
			resolve();
		});
	});
}

async function postgresAnswers() {
	const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		await client.query('select 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

if (!only || only === 'unit') vitest('unit', 'unit');
const postgresUp = (!only || only === 'db' || only === 'bench') && (await postgresAnswers());
if (!only || only === 'db') {
	const onServer = postgresUp
		? vitestInBackground('db-postgres', 'db', { TEST_DB: 'postgres', TEST_PG_URL: pgUrl })
		: null;
	vitest('db-pglite', 'db', { TEST_DB: 'pglite' }, ['--exclude', 'tests/db/schema-parity.test.ts']);
	if (onServer) {
		await onServer;
	} else {
		console.log(`\n!!! PostgreSQL at ${pgUrl} did not answer: the PostgreSQL run was NOT done.`);
		runs.push('db-postgres: not run (no server)');
		if (process.env.CI) totals.failed += 1; // CI machines have a server: its absence is a failure
	}
}
// The benchmark smoke run once, not per driver: on the server when there is one (national scale).
if (((!only || only === 'db') && filters.length === 0) || only === 'bench') {
	vitest(
		'bench-smoke',
		'bench',
		postgresUp ? { TEST_DB: 'postgres', TEST_PG_URL: pgUrl } : { TEST_DB: 'pglite' }
	);
}
if (withE2e && (!only || only === 'e2e')) {
	console.log('\n=== build (for e2e) ===');
	const build = spawnSync(`${bin}vite`, ['build'], { stdio: 'inherit' });
	if (build.status !== 0) {
		totals.failed += 1;
		runs.push('build: failed');
	} else {
		vitest('e2e', 'e2e');
	}
}

console.log('\n=== summary ===');
for (const r of runs) console.log(r);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
