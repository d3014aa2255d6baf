import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { i18n } from './scripts/i18n/vite-plugin.js';

/**
 * Three levels of tests (docs/architecture.md, "Tests"): pure rules (unit), services on a fresh migrated
 * database (db: PGlite or the PostgreSQL server, chosen by TEST_DB), and Chromium end to end.
 * `npm test` (scripts/test.js) runs them all, the db project once per driver, the benchmark
 * smoke run (bench) once.
 */
export default defineConfig({
	plugins: [i18n(), sveltekit()],
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'db',
					include: ['tests/db/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/helpers/pglite-template.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000,
					// 2 cores: two files at a time, each with its own database.
					pool: 'forks',
					maxWorkers: 2
				}
			},
			{
				// The benchmark harness's smoke run (~50 s): run once, on one driver (scripts/test.js).
				extends: true,
				test: {
					name: 'bench',
					include: ['tests/bench/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/helpers/pglite-template.ts'],
					testTimeout: 180_000,
					hookTimeout: 60_000,
					pool: 'forks',
					maxWorkers: 1
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					environment: 'node',
					// The servers' databases start from one migrated template (harness.ts).
					globalSetup: ['tests/helpers/pglite-template.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// Two files at a time on 2 cores (each its own server, database and Chromium): the
					// browser and the server of one file wait on each other more than they compute.
					// E2E_WORKERS=1 runs them one by one.
					pool: 'forks',
					maxWorkers: Number(process.env.E2E_WORKERS ?? 2),
					fileParallelism: process.env.E2E_WORKERS !== '1'
				}
			}
		]
	}
});
