import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { pairings } from '$lib/server/db/schema';
import {
	countyByName,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { pairingGivesAccess } from '$lib/server/policy/policy';
import { getClient } from '$lib/server/services/clients/clients';
import { listClients } from '$lib/server/services/clients/client-list';
import { addDiaryEntry, diaryPage } from '$lib/server/services/pairings/diary';
import { endPairing } from '$lib/server/services/pairings/pairing-lifecycle';
import { getPairing } from '$lib/server/services/pairings/pairings';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { m } from '$lib/paraglide/messages';
import { appError } from '../helpers/errors';

/**
 * Issue 17, item 9: the end-pairing form says the volunteer loses access at once. When the
 * volunteer wrote an entry today, the end date can only be tomorrow (the end is exclusive and
 * may not fall on or before an entry) — and still the access ends when the end is saved: the
 * state decides, the date is the record for the history and the reports.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';
const TOMORROW = '2026-11-24';

let t: TestDatabase;
let coordinator: Actor;
let volunteer: Actor;
let clientId: string;
let pairingId: string;

const ctx = (actor: Actor) => t.ctx(actor, { now: NOW });
const db = () => t.handle.db;

beforeAll(async () => {
	t = await createTestDatabase();
	const harju = await countyByName(db(), 'Harju maakond');
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju.id }] }))
		.actor;
	const v = await seedVolunteer(db(), { countyId: harju.id });
	volunteer = (await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: v.id }] })).actor;
	clientId = (await seedClient(db(), { countyId: harju.id, status: 'paired' })).id;
	pairingId = (await seedPairing(db(), { clientId, volunteerId: v.id, startsOn: '2026-10-01' })).id;
});

afterAll(async () => {
	await t?.close();
});

describe('ending a pairing when the volunteer has an entry today', () => {
	it('the earliest end date is tomorrow, and the form suggests it', async () => {
		await addDiaryEntry(ctx(volunteer), clientId, {
			contactDate: TODAY,
			durationMinutes: '45',
			description: 'Käisime poes.'
		});
		const page = await getPairing(ctx(coordinator), pairingId);
		expect(page.suggestedEndsOn).toBe(TOMORROW);
		const e = await appError(
			endPairing(ctx(coordinator), pairingId, {
				endsOn: TODAY,
				reason: 'Kolib',
				version: page.version
			})
		);
		expect(e.fields).toEqual({ endsOn: 'pairing.end_before_entries' });
	});

	it('saved with tomorrow’s date, the access ends at once — as the form says', async () => {
		const page = await getPairing(ctx(coordinator), pairingId);
		// Before: the volunteer reaches the client.
		expect((await getClient(ctx(volunteer), clientId)).id).toBe(clientId);
		await endPairing(ctx(coordinator), pairingId, {
			endsOn: TOMORROW,
			reason: 'Kolib',
			version: page.version
		});
		const [row] = await db().select().from(pairings).where(eq(pairings.id, pairingId));
		// The date that counts for the history and the reports is tomorrow …
		expect(row).toMatchObject({ status: 'ended', endsOn: TOMORROW });
		// … yet today, still inside [startsOn, endsOn), nothing is reachable any more.
		expect(pairingGivesAccess(row!, TODAY)).toBe(false);
		expect((await appError(getClient(ctx(volunteer), clientId))).code).toBe('not_found');
		expect((await appError(diaryPage(ctx(volunteer), clientId))).code).toBe('not_found');
		expect(
			(
				await appError(
					addDiaryEntry(ctx(volunteer), clientId, {
						contactDate: TODAY,
						durationMinutes: '30',
						description: 'Veel üks'
					})
				)
			).code
		).toBe('not_found');
		expect((await listClients(ctx(volunteer))).rows.map((r) => r.id)).not.toContain(clientId);
	});

	it('the form’s words say exactly that, in both languages', () => {
		expect(m['pairing.end.access_note']({}, { locale: 'et' })).toMatch(
			/kohe.*ka siis, kui lõppkuupäev on hiljem/
		);
		expect(m['pairing.end.access_note']({}, { locale: 'en' })).toMatch(
			/as soon as you save.*also when the end date is later/
		);
	});
});
