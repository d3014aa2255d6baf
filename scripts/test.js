#!/usr/bin/env node
// `npm test`: every test, in order — unit; database tests on PGlite; the same on the PostgreSQL
// server when one answers (TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres);
// then a production build and the end-to-end tests in Chromium.
// Options: --no-e2e (unit + db only, used for the Node 24 run in CI), --only=unit|db|bench|e2e;
// other arguments are file filters passed to Vitest (e.g. `--only=e2e tests/e2e/mileage`).
// Reports go to TEST_RESULTS_DIR (default test-results/).
// Prints one closing line "tests: N passed, N failed" summed over all runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
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

function vitest(name, project, env = {}, extra = []) {
	const out = `${resultsDir}/${name}.json`;
	rmSync(out, { force: true });
	console.log(`\n=== ${name} ===`);
	const res = spawnSync(
		`${bin}vitest`,
		[
			'run',
			'--project',
			project,
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${out}`,
			...extra,
			...filters
		],
		{ stdio: 'inherit', env: { ...process.env, ...env } }
	);
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
	if (res.status !== 0 && failed === 0) failed = 1;
	totals.passed += passed;
	totals.failed += failed;
	runs.push(`${name}: ${passed} passed, ${failed} failed`);
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
	vitest('db-pglite', 'db', { TEST_DB: 'pglite' }, ['--exclude', 'tests/db/schema-parity.test.ts']);
	if (postgresUp) {
		vitest('db-postgres', 'db', { TEST_DB: 'postgres', TEST_PG_URL: pgUrl });
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
