import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Layer rules (no-restricted-imports patterns); exported for tests/unit/layers.test.ts. */
export const DOMAIN_RULE = {
	group: [
		'**/db/**',
		'$lib/server/db/**',
		'**/services/**',
		'$lib/server/services/**',
		'drizzle-orm',
		'drizzle-orm/*'
	],
	message: 'domain/ holds pure rules: no database, no services, no drizzle.'
};
export const POLICY_RULE = {
	group: ['**/db/**', '$lib/server/db/**'],
	message: 'policy/ decides on data it is given: no database (scope.ts is the exception).'
};
export const SERVICES_RULE = {
	group: ['**/web/**', '$lib/server/web/**', '@sveltejs/kit', '@sveltejs/kit/*'],
	message: 'Services know no HTTP: web/ helpers and @sveltejs/kit belong to routes.'
};
export const CORE_RULE = {
	regex: '^(\\.\\./(?!\\.\\./|core/)[^/]+/|\\$lib/server/services/(?!core/))',
	message: 'services/core/ imports only policy, domain, db and errors, never a wing.'
};

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// Routes are thin: they never reach the database, only services (docs/architecture.md).
		files: ['src/routes/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['**/server/db/**', '$lib/server/db/**', 'drizzle-orm', 'drizzle-orm/*'],
							message: 'Routes call services; services reach the database.'
						}
					]
				}
			]
		}
	},
	// The layers (docs/architecture.md, docs/decisions/0006-service-wings.md). Each block lists
	// every pattern its files must obey: a later block replaces an earlier one's options.
	{
		files: ['src/lib/server/domain/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: [DOMAIN_RULE] }] }
	},
	{
		// The SQL scopes (scope.ts) are built from the schema's tables: the one policy file that
		// reaches db/ (decision 0006).
		files: ['src/lib/server/policy/**'],
		ignores: ['src/lib/server/policy/scope.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: [POLICY_RULE] }] }
	},
	{
		files: ['src/lib/server/services/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: [SERVICES_RULE] }] }
	},
	{
		files: ['src/lib/server/services/core/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: [SERVICES_RULE, CORE_RULE] }] }
	},
	{
		// build-*/, .svelte-kit-*/: side-by-side builds (BUILD_OUT, SVELTEKIT_OUT).
		ignores: [
			'build/',
			'src/lib/paraglide/',
			'build-*/',
			'.svelte-kit/',
			'.svelte-kit-*/',
			'test-results*/',
			'dist/',
			'.scratch/',
			'data/',
			'node_modules/',
			'drizzle/'
		]
	}
);
