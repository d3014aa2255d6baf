import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { i18n } from './scripts/i18n/vite-plugin.js';

export default defineConfig({
	plugins: [i18n(), sveltekit()],
	server: { port: 5173 }
});
