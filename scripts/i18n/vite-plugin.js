// Vite plugin: compiles the messages (scripts/i18n/compile.js) before a build, a dev server or
// a test run starts, and again when a message file changes in development. In a Vitest run the
// messages module is served from the one-file bundle (compile.js `bundleOf`): the same
// functions, without 2,000 module loads in every test file.
import { compileMessages, OUTDIR, PROJECT } from './compile.js';
import { join, resolve } from 'node:path';

/** @returns {import('vite').Plugin} */
export function i18n() {
	const messagesDir = resolve(PROJECT, '..', 'messages');
	const messagesModule = join(OUTDIR, 'messages.js');
	return {
		name: 'seltsiline-i18n',
		enforce: 'pre',
		load(id) {
			if (process.env.VITEST && id === messagesModule)
				return "export * from './messages-bundle.js';\nexport * as m from './messages-bundle.js';\n";
		},
		async buildStart() {
			try {
				await compileMessages({ quiet: true });
			} catch (e) {
				// reported, not thrown: scripts/i18n/convert.ts must still run to repair the files;
				// a build then fails on the missing messages.
				console.error(`i18n: messages not compiled: ${e instanceof Error ? e.message : e}`);
			}
		},
		configureServer(server) {
			if (server.config.server.watch === null) return; // scripts/run.js, tests
			server.watcher.add(messagesDir);
			server.watcher.on('change', async (file) => {
				if (file.startsWith(messagesDir) || file.startsWith(PROJECT)) {
					try {
						await compileMessages({ quiet: true });
					} catch (e) {
						server.config.logger.error(`i18n: ${e instanceof Error ? e.message : e}`);
					}
				}
			});
		}
	};
}
