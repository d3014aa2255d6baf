import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// BUILD_OUT / SVELTEKIT_OUT let several builds of one checkout run side by side (tests).
		adapter: adapter({ envPrefix: '', out: process.env.BUILD_OUT ?? 'build' }),
		outDir: process.env.SVELTEKIT_OUT ?? '.svelte-kit',
		// CSRF: the origin check is done in hooks.server.ts (src/lib/server/origin-check.ts), which
		// also works at http://localhost when ORIGIN is unset (adapter-node then assumes https).
		csrf: { trustedOrigins: ['*'] },
		// Content-Security-Policy without unsafe-inline scripts: SvelteKit adds hashes/nonces
		// for the few inline scripts it writes itself.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				// Svelte's client runtime and SvelteKit's route announcer set style attributes;
				// attribute styles cannot run code. Scripts stay strictly 'self' + hashes.
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		},
		version: { pollInterval: 0 },
		// src/service-worker.ts is registered by the page only for a field volunteer (issue 19).
		serviceWorker: { register: false }
	}
};

export default config;
