import { describe, expect, it } from 'vitest';
import { crossSiteRefusal, expectedOrigins } from '../../src/lib/server/web/origin-check';

const post = (url: string, headers: Record<string, string>) =>
	new Request(url, { method: 'POST', headers, body: 'a=1' });
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('cross-site form check (origin-check.ts)', () => {
	it('without ORIGIN accepts the Host the browser addressed, over http or https', () => {
		for (const host of ['localhost:3000', '127.0.0.1:3000']) {
			const url = new URL(`http://${host}/login`);
			for (const origin of [`http://${host}`, `https://${host}`]) {
				expect(crossSiteRefusal(post(url.href, { ...form, origin }), url, {})).toBeNull();
			}
		}
	});

	it('without ORIGIN refuses another host, another port, no Origin and `null`', () => {
		const url = new URL('http://localhost:3000/login');
		for (const origin of ['https://evil.example', 'http://localhost:3001', 'null', undefined]) {
			const headers: Record<string, string> = { ...form, ...(origin ? { origin } : {}) };
			expect(crossSiteRefusal(post(url.href, headers), url, {})?.status, origin).toBe(403);
		}
	});

	it('with ORIGIN accepts only that origin', () => {
		const url = new URL('https://seltsiline.example.ee/login');
		const settings = { origin: 'https://seltsiline.example.ee' };
		expect(expectedOrigins(url, settings)).toEqual(['https://seltsiline.example.ee']);
		expect(
			crossSiteRefusal(
				post(url.href, { ...form, origin: 'https://seltsiline.example.ee' }),
				url,
				settings
			)
		).toBeNull();
		expect(
			crossSiteRefusal(
				post(url.href, { ...form, origin: 'http://seltsiline.example.ee' }),
				url,
				settings
			)?.status
		).toBe(403);
	});

	it('checks multipart, text/plain and missing content types; not JSON or GET', () => {
		const url = new URL('http://localhost:3000/x');
		const evil = { origin: 'https://evil.example' };
		for (const type of ['multipart/form-data; boundary=x', 'text/plain', 'TEXT/PLAIN']) {
			expect(
				crossSiteRefusal(post(url.href, { ...evil, 'content-type': type }), url, {})?.status
			).toBe(403);
		}
		const bare = new Request(url.href, { method: 'POST', headers: evil });
		expect(crossSiteRefusal(bare, url, {})?.status).toBe(403);
		expect(
			crossSiteRefusal(post(url.href, { ...evil, 'content-type': 'application/json' }), url, {})
		).toBeNull();
		expect(crossSiteRefusal(new Request(url.href, { headers: evil }), url, {})).toBeNull();
	});
});
