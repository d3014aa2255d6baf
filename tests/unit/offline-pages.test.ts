import { describe, expect, it } from 'vitest';
import { isFieldVolunteer } from '$lib/server/web/offline-pages';
import { isKeptPath } from '$lib/offline/pages';
import type { Actor } from '$lib/server/policy/actor';

/**
 * Issue 19: which pages the volunteer's phone may keep. The server marks a response only for an
 * account that is a volunteer and nothing else; the service worker keeps only these paths.
 */
const actor = (over: Partial<Actor> = {}): Actor =>
	({
		userId: '00000000-0000-4000-8000-000000000001',
		name: 'Vello',
		isAdmin: false,
		isExpert: false,
		coordinatorCountyIds: [],
		volunteerId: '00000000-0000-4000-8000-000000000002',
		...over
	}) as Actor;

describe('the field volunteer', () => {
	it('is a volunteer and nothing else', () => {
		expect(isFieldVolunteer(actor())).toBe(true);
		expect(isFieldVolunteer(actor({ volunteerId: null }))).toBe(false);
		expect(isFieldVolunteer(actor({ coordinatorCountyIds: ['c'] }))).toBe(false);
		expect(isFieldVolunteer(actor({ isAdmin: true }))).toBe(false);
		expect(isFieldVolunteer(actor({ isExpert: true }))).toBe(false);
		expect(isFieldVolunteer(null)).toBe(false);
	});
});

describe('the pages the phone keeps', () => {
	const id = '3f2b8c4e-1d2a-4b5c-9e8f-0a1b2c3d4e5f';
	it('the home page, the diary form of a client and the mileage log, with their data', () => {
		for (const path of [
			'/',
			'/__data.json',
			'/mileage',
			'/mileage/__data.json',
			`/clients/${id}/diary/new`,
			`/clients/${id}/diary/new/__data.json`
		]) {
			expect(isKeptPath(path), path).toBe(true);
		}
	});
	it('nothing else: not the client, the diary, an entry, claims or other people’s logs', () => {
		for (const path of [
			`/clients/${id}`,
			`/clients/${id}/diary`,
			`/clients/${id}/diary/${id}`,
			'/clients',
			'/mileage/claims',
			`/mileage/volunteers/${id}`,
			`/mileage/trips/${id}`,
			'/account',
			'/login',
			'/clients/x/diary/new'
		]) {
			expect(isKeptPath(path), path).toBe(false);
		}
	});
});
