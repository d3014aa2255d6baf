import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main';
import { PG_ADMIN_URL, TEST_DRIVER } from '../helpers/db';

/**
 * The benchmark harness (issue 7) still runs: a smoke run on the demo data set — the in-process
 * figures (the quarterly package on PostgreSQL, diary writes with their floors) — writes its
 * report and JSON. Benchmarks are not tests: nothing here looks at a timing.
 */
describe('the benchmark harness, smoke run', () => {
	const out = mkdtempSync(join(tmpdir(), 'seltsiline-bench-smoke-'));
	afterAll(() => rmSync(out, { recursive: true, force: true }));

	it('measures, and writes BENCHMARKS.smoke.md and bench-results/latest.json', async () => {
		const scale = TEST_DRIVER === 'postgres' ? 'national' : 'county';
		const args = ['--smoke', '--skip-http', '--runs', '2', '--out', out];
		args.push(scale === 'national' ? '--skip-county' : '--skip-national');
		if (scale === 'national') args.push('--database-url', PG_ADMIN_URL);
		expect(await main(args)).toBe(0);

		const json = JSON.parse(readFileSync(join(out, 'bench-results', 'latest.json'), 'utf8')) as {
			smoke: boolean;
			sizes: Record<string, { diaryEntries: number }>;
			figures: { name: string; scale: string; timing: { runs: number }; floor?: object }[];
		};
		expect(json.smoke).toBe(true);
		expect(json.sizes[scale]!.diaryEntries).toBeGreaterThan(0);
		const names = json.figures.map((f) => f.name);
		expect(names).toContain('diary entry writes per second, one writer after another (latency)');
		const atOnce = json.figures.find((f) => /volunteers at once/.test(f.name));
		expect(atOnce?.name).toMatch(/^diary entry writes per second, [1-8] volunteers at once/);
		expect(atOnce?.floor).toBeDefined();
		if (scale === 'national') {
			const report = json.figures.find((f) => f.name.startsWith('quarterly report package'));
			expect(report?.timing.runs).toBe(3);
			expect(report?.floor).toBeDefined();
		}
		const markdown = readFileSync(join(out, 'BENCHMARKS.smoke.md'), 'utf8');
		expect(markdown).toContain('## Figures');
		expect(markdown).toContain('## How to reproduce');
	}, 180_000);
});
