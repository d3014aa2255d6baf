import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layers are lint rules (eslint.config.js, decision 0006): a wrong-way import fails
 * `npm run check`. Each case lints a small source as if it were a file at that path, with the
 * project's own configuration.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, source: string): Promise<string[]> {
	const [result] = await eslint.lintText(source, { filePath });
	return (result?.messages ?? [])
		.filter((m) => m.ruleId === 'no-restricted-imports')
		.map((m) => m.message);
}

const use = (spec: string) => `import { x } from '${spec}';\nexport const y = x;\n`;

describe('the layer rules', () => {
	// Loading the configuration (plugins, parsers) is the slow part: once, before the cases.
	beforeAll(() => restricted('src/lib/server/domain/example.ts', use('./dates')), 180_000);

	it.each([
		['src/lib/server/domain/example.ts', '../db/schema', 'domain/'],
		['src/lib/server/domain/example.ts', '$lib/server/db/client', 'domain/'],
		['src/lib/server/domain/example.ts', 'drizzle-orm', 'domain/'],
		['src/lib/server/domain/example.ts', '../services/core/access', 'domain/'],
		['src/lib/server/policy/policy.ts', '../db/schema', 'policy/'],
		['src/lib/server/services/clients/example.ts', '@sveltejs/kit', 'Services know no HTTP'],
		['src/lib/server/services/clients/example.ts', '../../web/http', 'Services know no HTTP'],
		['src/lib/server/services/core/example.ts', '../clients/clients', 'never a wing'],
		[
			'src/lib/server/services/core/example.ts',
			'$lib/server/services/pairings/diary',
			'never a wing'
		],
		['src/lib/server/services/core/example.ts', '@sveltejs/kit', 'Services know no HTTP']
	])(
		'refuses %s importing %s',
		async (file, spec, message) => {
			const messages = await restricted(file, use(spec));
			expect(messages).toHaveLength(1);
			expect(messages[0]).toContain(message);
		},
		60_000
	);

	it.each([
		['src/lib/server/domain/example.ts', './dates'],
		['src/lib/server/domain/example.ts', './vocabulary'],
		['src/lib/server/policy/policy.ts', '../domain/statuses'],
		['src/lib/server/policy/scope.ts', '../db/schema'],
		['src/lib/server/services/clients/example.ts', '../core/access'],
		['src/lib/server/services/clients/example.ts', '../../db/schema'],
		['src/lib/server/services/core/example.ts', './audit'],
		['src/lib/server/services/core/example.ts', '../../db/schema'],
		['src/lib/server/services/core/example.ts', '../../policy/policy'],
		['src/lib/server/services/core/example.ts', '$lib/server/services/core/context']
	])(
		'lets %s import %s',
		async (file, spec) => {
			expect(await restricted(file, use(spec))).toEqual([]);
		},
		60_000
	);
});
