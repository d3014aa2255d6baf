import { describe, expect, it } from 'vitest';
import { KEEPS_FORM_WHEN_LOGGED_OUT, loginGate } from '$lib/server/web/route-access';
import { diaryFormState, diaryStorageKey } from '$lib/diary-values';

/**
 * R-PAIR-3, "an expired session sends the volunteer back to the same form with the text
 * intact": the login gate lets a logged-out browser form post to the diary forms through (the
 * route answers with the form and a login), and only there; and the form shows the posted text.
 */
const url = (path: string) => new URL(`http://localhost:3000${path}`);
const post = (path: string, accept = 'text/html,application/xhtml+xml') =>
	new Request(url(path), { method: 'POST', headers: { accept } });
const CLIENT = '3f1c5d2e-0000-4000-8000-000000000001';

describe('the login gate and the diary forms', () => {
	it('lets a logged-out form post to a diary form reach the route', () => {
		expect(KEEPS_FORM_WHEN_LOGGED_OUT).toEqual([
			'/clients/[id]/diary/new',
			'/clients/[id]/diary/[entryId]'
		]);
		const path = `/clients/${CLIENT}/diary/new?/save`;
		expect(loginGate(post(path), url(path), '/clients/[id]/diary/new', false)).toBeNull();
		const edit = `/clients/${CLIENT}/diary/${CLIENT}?/save`;
		expect(loginGate(post(edit), url(edit), '/clients/[id]/diary/[entryId]', false)).toBeNull();
	});

	it('still answers 401 to other posts, to scripts, and sends a page visit to the login page', () => {
		const other = `/clients/${CLIENT}/match?/pair`;
		expect(loginGate(post(other), url(other), '/clients/[id]/match', false)!.status).toBe(401);
		const script = `/clients/${CLIENT}/diary/new?/save`;
		expect(
			loginGate(post(script, 'application/json'), url(script), '/clients/[id]/diary/new', false)!
				.status
		).toBe(401);
		const get = new Request(url(`/clients/${CLIENT}/diary/new`), {
			headers: { accept: 'text/html' }
		});
		const res = loginGate(
			get,
			url(`/clients/${CLIENT}/diary/new`),
			'/clients/[id]/diary/new',
			false
		)!;
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(
			`/login?next=${encodeURIComponent(`/clients/${CLIENT}/diary/new`)}`
		);
	});
});

describe('what the diary form shows first', () => {
	const entry = {
		contactDate: '2026-11-20',
		contactKind: 'call',
		helpProfiles: ['P2'],
		durationMinutes: 30,
		description: 'Salvestatud tekst',
		flagged: false,
		flagNote: null,
		version: 4
	};

	it('the posted text of a failed save (or an expired session), never the stored one', () => {
		const failure = {
			form: 'diary',
			message: 'diary.session_expired',
			values: { description: 'Pooleli tekst', version: '3' },
			profiles: ['P1'],
			errors: {}
		};
		expect(diaryFormState(failure, null, entry, '2026-11-23')).toEqual({
			values: { description: 'Pooleli tekst', version: '3' },
			profiles: ['P1'],
			errors: {},
			restoreLocal: false
		});
		// After a conflict the form is based on the newer version shown above it.
		const conflict = { ...failure, message: 'diary.conflict' };
		expect(diaryFormState(conflict, null, entry, '2026-11-23').values.version).toBe('4');
	});

	it('then the server draft, then the entry, then a fresh visit of today', () => {
		const draft = { fields: { description: 'Mustand', helpProfiles: ['P3'], version: '2' } };
		expect(diaryFormState(null, draft, entry, null)).toMatchObject({
			values: { description: 'Mustand', version: '2' },
			profiles: ['P3'],
			restoreLocal: false
		});
		expect(diaryFormState(null, null, entry, null)).toMatchObject({
			values: { description: 'Salvestatud tekst', version: '4', durationMinutes: '30' },
			profiles: ['P2'],
			restoreLocal: true
		});
		expect(diaryFormState(null, null, null, '2026-11-23')).toMatchObject({
			values: { contactDate: '2026-11-23', contactKind: 'home_visit' },
			restoreLocal: true
		});
	});

	it('keeps one browser copy per client and entry', () => {
		expect(diaryStorageKey(CLIENT, null)).toBe(`seltsiline.diary.${CLIENT}.new`);
		expect(diaryStorageKey(CLIENT, 'e1')).toBe(`seltsiline.diary.${CLIENT}.e1`);
	});
});
