import { describe, expect, it } from 'vitest';
import { isPlainActionName, requestProblem } from '../../src/lib/server/web/request-guard';

const post = (url: string, body: BodyInit | null, type?: string) =>
	new Request(url, { method: 'POST', body, headers: type ? { 'content-type': type } : {} });

describe('request guard (issue 17, item 3)', () => {
	it('refuses control characters in search parameters and text fields', async () => {
		const get = (q: string) => requestProblem(new Request(q), new URL(q));
		expect(await get('http://x/clients?q=Mari%00')).toBe('control_characters');
		expect(await get('http://x/clients?q=a%1Bb')).toBe('control_characters');
		expect(await get('http://x/clients?q=Mari%20Tamm%09')).toBeNull();
		const form = (body: string) =>
			requestProblem(
				post('http://x/clients/new', body, 'application/x-www-form-urlencoded'),
				new URL('http://x/clients/new')
			);
		expect(await form('firstName=Ju%00ri')).toBe('control_characters');
		expect(await form('notes=rida%0D%0Ateine')).toBeNull();
	});

	it('refuses action names that are not plain identifiers', () => {
		for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a b', '']) {
			expect(isPlainActionName(name), name).toBe(false);
		}
		expect(isPlainActionName('save')).toBe(true);
		expect(isPlainActionName('uploadDocument')).toBe(true);
	});

	it('answers unknown_action for ?/__proto__', async () => {
		const url = new URL('http://x/clients/new?/__proto__');
		expect(
			await requestProblem(post(url.href, 'a=1', 'application/x-www-form-urlencoded'), url)
		).toBe('unknown_action');
	});

	it('refuses multipart bodies that cannot be read', async () => {
		const url = new URL('http://x/clients/1?/uploadDocument');
		const cases: [BodyInit | null, string][] = [
			[
				'--x\r\ncontent-disposition: form-data; name="a"\r\n\r\nabc',
				'multipart/form-data; boundary=x'
			],
			[
				'--x\r\ncontent-disposition: form-data; name="a"\r\n\r\nabc\r\n--x--',
				'multipart/form-data'
			],
			[
				'--y\r\ncontent-disposition: form-data; name="a"\r\n\r\nabc\r\n--y--',
				'multipart/form-data; boundary=x'
			],
			['garbage garbage', 'multipart/form-data; boundary=x'],
			['', 'multipart/form-data; boundary=x']
		];
		for (const [body, type] of cases) {
			expect(await requestProblem(post(url.href, body, type), url), type).toBe('unreadable_form');
		}
		const good = '--x\r\ncontent-disposition: form-data; name="a"\r\n\r\nabc\r\n--x--\r\n';
		expect(
			await requestProblem(post(url.href, good, 'multipart/form-data; boundary=x'), url)
		).toBeNull();
	});
});
