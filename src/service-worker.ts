/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';
import { OFFLINE_HEADER, PAGE_CACHE, forgetPages, isKeptPath } from '$lib/offline/pages';
import { clearQueue } from '$lib/offline/store';

/**
 * The volunteer's phone in the field (issue 19). Registered only for a field volunteer
 * (components/OfflineStatus.svelte).
 *
 * - The app shell (this version's scripts, styles, icons, manifest) is cached at install and
 *   served from the cache.
 * - The volunteer's own pages — home, the diary form of a client, the mileage log — are fetched
 *   from the network first; a copy is kept only when the server marked the response
 *   (`x-seltsiline-offline: keep`: a volunteer's own page, never a coordinator's), and served
 *   when there is no connection. Nothing else is cached: every other page and every other
 *   person's data always come from the server.
 * - Logging out (a POST to /logout), a kept page answered by a redirect (the session ended, or
 *   "log out everywhere") and a new version forget the kept pages; logging out also empties the
 *   queue.
 * - Posts are never touched here: the page's own script queues a form when the post fails.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `seltsiline-shell-${version}`;
const SHELL_FILES = new Set([...build, ...files]);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(SHELL)
			.then((cache) => cache.addAll([...SHELL_FILES]))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				// Pages of an older version name scripts this version no longer has.
				if (key !== SHELL) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

/** Pages are kept under their path alone: one copy per page, whatever the query. */
const pageKey = (url: URL) => `${url.origin}${url.pathname}`;

async function networkFirst(request: Request, url: URL): Promise<Response> {
	try {
		const response = await fetch(request);
		if (response.type === 'opaqueredirect' || response.redirected) {
			// A kept page now redirects (to the login): the session is over, forget the pages.
			await forgetPages();
		} else if (response.ok && response.headers.get(OFFLINE_HEADER) === 'keep') {
			const cache = await caches.open(PAGE_CACHE);
			await cache.put(pageKey(url), response.clone());
		}
		return response;
	} catch (e) {
		const cache = await caches.open(PAGE_CACHE);
		const kept = await cache.match(pageKey(url));
		if (kept) return kept;
		if (request.mode === 'navigate') {
			const home = await cache.match(`${url.origin}/`);
			if (home) return home;
		}
		throw e;
	}
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (request.method === 'POST' && url.pathname === '/logout') {
		event.waitUntil(Promise.allSettled([forgetPages(), clearQueue()]));
		return;
	}
	if (request.method !== 'GET') return;
	if (SHELL_FILES.has(url.pathname)) {
		event.respondWith(
			caches
				.open(SHELL)
				.then((cache) => cache.match(url.pathname))
				.then((hit) => hit ?? fetch(request))
		);
		return;
	}
	if (isKeptPath(url.pathname)) event.respondWith(networkFirst(request, url));
});
