/**
 * The volunteer's pages kept on the phone by the service worker (issue 19): the home page (their
 * clients), the diary form of each client and the mileage log — only responses the server marked
 * with `x-seltsiline-offline: keep` (server/web/offline-pages.ts). One cache, emptied on logout, when
 * the session is found ended, and on every new version of the app.
 */
export const PAGE_CACHE = 'seltsiline-pages';
export const OFFLINE_HEADER = 'x-seltsiline-offline';

/** Paths the service worker keeps (and their `__data.json` for in-app navigation). */
export function isKeptPath(pathname: string): boolean {
	const path = pathname.replace(/\/__data\.json$/, '') || '/';
	return (
		path === '/' || path === '/mileage' || /^\/clients\/[0-9a-f-]{36}\/diary\/new$/i.test(path)
	);
}

/** Forgets every kept page (logout, an ended session). */
export async function forgetPages(): Promise<void> {
	if (typeof caches === 'undefined') return;
	await caches.delete(PAGE_CACHE);
}
