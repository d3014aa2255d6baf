import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	appSettings,
	clients,
	mileageClaims,
	pairings,
	socialPartners,
	volunteers
} from '$lib/server/db/schema';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { updateClient } from '$lib/server/services/clients/clients';
import { clientEditForm } from '$lib/server/services/clients/client-edit-form';
import { createPartner, getPartner, updatePartner } from '$lib/server/services/partners/partners';
import { getVolunteer, updateVolunteer } from '$lib/server/services/volunteers/volunteers';
import {
	changeVolunteerStatus,
	recordContract,
	updateVolunteerProfile,
	volunteerProfile
} from '$lib/server/services/volunteers/volunteer-profile';
import { getPairing } from '$lib/server/services/pairings/pairings';
import {
	pausePairing,
	recordClosingInterview,
	resumePairing
} from '$lib/server/services/pairings/pairing-lifecycle';
import { reviewClaim } from '$lib/server/services/mileage/claims';
import { readSettings, settingsPage, updateSettings } from '$lib/server/services/admin/settings';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * Issue 17, item 2: no lost updates on shared records. For each kind of record two editors read
 * the same version; the first one saves; the second one's save is refused with a conflict,
 * writes nothing (the database holds the first one's values), and is audited as a failure with
 * the reason `stale_version`. Saving again from the newer version is a conscious overwrite and
 * goes through. Two saves sent at the same moment: exactly one is written.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';

let t: TestDatabase;
let harju: { id: string };
let municipalityId: string;
let admin: Actor;
let coordinator: Actor;

const ctx = (actor: Actor) => t.ctx(actor, { now: NOW });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);

/** The second editor's save was refused as stale and audited so. */
async function expectStale(promise: Promise<unknown>, action: string, entityId: string) {
	const e = await appError(promise);
	expect(e).toMatchObject({ code: 'conflict', messageKey: 'records.conflict' });
	expect(await lastEvent(action, entityId)).toMatchObject({
		outcome: 'failure',
		details: { reason: 'stale_version' }
	});
}

beforeAll(async () => {
	t = await createTestDatabase();
	harju = await countyByName(db(), 'Harju maakond');
	municipalityId = (await firstMunicipality(db(), harju.id)).id;
	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju.id }] }))
		.actor;
});

afterAll(async () => {
	await t?.close();
});

describe('a client (the issue’s case: coordinator and administrator change the phone)', () => {
	it('the later save is refused, nothing is overwritten, and a conscious retry goes through', async () => {
		const c = await seedClient(db(), { countyId: harju.id, phone: '5550001' });
		const first = await clientEditForm(ctx(coordinator), c.id);
		const second = await clientEditForm(ctx(admin), c.id);
		expect(first.version).toBe(second.version);

		await updateClient(ctx(coordinator), c.id, {
			...first.values,
			phone: '5551111',
			version: first.version
		});
		await expectStale(
			updateClient(ctx(admin), c.id, {
				...second.values,
				phone: '5552222',
				version: second.version
			}),
			'client.update',
			c.id
		);
		const [row] = await db().select().from(clients).where(eq(clients.id, c.id));
		expect(row).toMatchObject({ phone: '5551111', version: first.version + 1 });

		// The page read again shows the newer version and who saved it; saving from it is allowed.
		const again = await clientEditForm(ctx(admin), c.id);
		expect(again.values.phone).toBe('5551111');
		expect(again.changedBy?.name).toBeTruthy();
		await updateClient(ctx(admin), c.id, {
			...again.values,
			phone: '5552222',
			version: again.version
		});
		const [after] = await db().select().from(clients).where(eq(clients.id, c.id));
		expect(after).toMatchObject({ phone: '5552222', version: first.version + 2 });
	});

	it('a save without a version is refused and changes nothing', async () => {
		const c = await seedClient(db(), { countyId: harju.id, phone: '5550002' });
		for (const version of [undefined, '', 'abc', '0', '-1', '1.5', '1e3']) {
			const e = await appError(updateClient(ctx(coordinator), c.id, { phone: '5553333', version }));
			expect(e).toMatchObject({ code: 'invalid', fields: { version: 'records.version_missing' } });
		}
		const [row] = await db().select().from(clients).where(eq(clients.id, c.id));
		expect(row).toMatchObject({ phone: '5550002', version: 1 });
	});

	it('two saves at the same moment from the same version: exactly one is written', async () => {
		const c = await seedClient(db(), { countyId: harju.id, phone: '5550003' });
		const results = await Promise.allSettled([
			updateClient(ctx(coordinator), c.id, { phone: '5554444', version: 1 }),
			updateClient(ctx(admin), c.id, { phone: '5555555', version: 1 })
		]);
		const ok = results.filter((r) => r.status === 'fulfilled');
		const refused = results.filter((r) => r.status === 'rejected');
		expect(ok).toHaveLength(1);
		expect(refused).toHaveLength(1);
		expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
			code: 'conflict',
			messageKey: 'records.conflict'
		});
		const [row] = await db().select().from(clients).where(eq(clients.id, c.id));
		expect(row!.version).toBe(2);
		expect(['5554444', '5555555']).toContain(row!.phone);
	});
});

describe('a volunteer', () => {
	const profile = (v: { firstName: string; lastName: string }, phone: string) => ({
		firstName: v.firstName,
		lastName: v.lastName,
		phone,
		maxClients: '2'
	});

	it('the profile: the later save is refused and the first one’s values stay', async () => {
		const v = await seedVolunteer(db(), { countyId: harju.id, phone: '5010000' });
		const first = await volunteerProfile(ctx(coordinator), v.id);
		const second = await volunteerProfile(ctx(admin), v.id);
		await updateVolunteerProfile(ctx(coordinator), v.id, {
			...profile(v, '5011111'),
			version: first.volunteer.version
		});
		await expectStale(
			updateVolunteerProfile(ctx(admin), v.id, {
				...profile(v, '5012222'),
				version: second.volunteer.version
			}),
			'volunteer.update',
			v.id
		);
		const [row] = await db().select().from(volunteers).where(eq(volunteers.id, v.id));
		expect(row).toMatchObject({ phone: '5011111', version: 2 });
	});

	it('the vetting, the status and the record page’s form check the version too', async () => {
		const v = await seedVolunteer(db(), { countyId: harju.id, status: 'candidate' });
		const read = (await getVolunteer(ctx(admin), v.id)).version;
		await recordContract(ctx(coordinator), v.id, { signedOn: '2026-11-20', version: read });
		await expectStale(
			recordContract(ctx(admin), v.id, { signedOn: '2026-11-21', version: read }),
			'volunteer.update',
			v.id
		);
		await expectStale(
			updateVolunteer(ctx(admin), v.id, {
				firstName: v.firstName,
				lastName: v.lastName,
				municipalityId,
				version: read
			}),
			'volunteer.update',
			v.id
		);
		await expectStale(
			changeVolunteerStatus(ctx(admin), v.id, { status: 'ended', version: read }),
			'volunteer.status_change',
			v.id
		);
		const [row] = await db().select().from(volunteers).where(eq(volunteers.id, v.id));
		expect(row).toMatchObject({
			contractSignedOn: '2026-11-20',
			municipalityId: null,
			status: 'candidate',
			version: read + 1
		});
	});
});

describe('a social partner', () => {
	it('the later save is refused and the first one’s name stays', async () => {
		const id = await createPartner(ctx(coordinator), {
			countyId: harju.id,
			name: 'Kiili vald',
			kind: 'municipality_social_work'
		});
		const first = (await getPartner(ctx(coordinator), id)).partner;
		const second = (await getPartner(ctx(admin), id)).partner;
		await updatePartner(ctx(coordinator), id, {
			name: 'Kiili valla sotsiaalosakond',
			kind: first.kind,
			version: first.version
		});
		await expectStale(
			updatePartner(ctx(admin), id, {
				name: 'Kiili VV',
				kind: second.kind,
				version: second.version
			}),
			'partner.update',
			id
		);
		const [row] = await db().select().from(socialPartners).where(eq(socialPartners.id, id));
		expect(row).toMatchObject({ name: 'Kiili valla sotsiaalosakond', version: 2 });
	});
});

describe('a pairing', () => {
	it('a step taken from an older page is refused, not applied over the newer state', async () => {
		const c = await seedClient(db(), { countyId: harju.id, status: 'paired' });
		const v = await seedVolunteer(db(), { countyId: harju.id });
		const p = await seedPairing(db(), {
			clientId: c.id,
			volunteerId: v.id,
			startsOn: '2026-10-01'
		});
		const seen = (await getPairing(ctx(admin), p.id)).version;
		await pausePairing(ctx(coordinator), p.id, { pausedReason: 'Haiglas', version: seen });
		await resumePairing(ctx(coordinator), p.id, { version: seen + 1 });
		// The administrator's page still shows "active" at the first version: pausing from it
		// would look allowed by the state, but it is stale.
		await expectStale(
			pausePairing(ctx(admin), p.id, { pausedReason: 'Reisil', version: seen }),
			'pairing.pause',
			p.id
		);
		const [row] = await db().select().from(pairings).where(eq(pairings.id, p.id));
		expect(row).toMatchObject({ status: 'active', pausedReason: null, version: seen + 2 });
	});

	it('the closing interview: the later save is refused', async () => {
		const c = await seedClient(db(), { countyId: harju.id });
		const v = await seedVolunteer(db(), { countyId: harju.id });
		const p = await seedPairing(db(), {
			clientId: c.id,
			volunteerId: v.id,
			startsOn: '2026-09-01',
			endsOn: '2026-11-01'
		});
		await recordClosingInterview(ctx(coordinator), p.id, {
			closingInterview: 'Koostöö sujus.',
			version: 1
		});
		await expectStale(
			recordClosingInterview(ctx(admin), p.id, { closingInterview: 'Teine tekst.', version: 1 }),
			'pairing.closing_interview',
			p.id
		);
		const [row] = await db().select().from(pairings).where(eq(pairings.id, p.id));
		expect(row).toMatchObject({ closingInterview: 'Koostöö sujus.', version: 2 });
	});
});

describe('a mileage claim', () => {
	it('a review made from an older version is refused and audited', async () => {
		const v = await seedVolunteer(db(), { countyId: harju.id });
		const [claim] = await db()
			.insert(mileageClaims)
			.values({
				volunteerId: v.id,
				municipalityId,
				countyId: harju.id,
				month: '2026-10-01',
				status: 'submitted',
				submittedAt: NOW
			})
			.returning();
		await reviewClaim(ctx(coordinator), claim!.id, 'approve', { version: claim!.version });
		const e = await appError(
			reviewClaim(ctx(admin), claim!.id, 'return', { version: claim!.version, reason: 'Vale' })
		);
		expect(e).toMatchObject({ code: 'conflict', messageKey: 'mileage.claim_changed' });
		expect(await lastEvent('mileage.claim_return', claim!.id)).toMatchObject({
			outcome: 'failure',
			details: { reason: 'stale_version' }
		});
		const [row] = await db().select().from(mileageClaims).where(eq(mileageClaims.id, claim!.id));
		expect(row).toMatchObject({ status: 'approved', returnReason: null });
	});
});

describe('the settings', () => {
	it('the later save is refused and the first one’s value stays', async () => {
		const form = async () =>
			Object.fromEntries(
				Object.entries((await settingsPage(ctx(admin))).versions).map(([k, v]) => [
					`version:${k}`,
					v
				])
			);
		const first = await form();
		const second = await form();
		await updateSettings(ctx(admin), { ...first, 'attention.no_contact_days': '21' });
		await expectStale(
			updateSettings(ctx(admin), { ...second, 'attention.no_contact_days': '45' }),
			'settings.update',
			'settings'
		);
		expect((await readSettings(db()))['attention.no_contact_days']).toBe(21);

		// From the newer page: saved; a form without versions is refused.
		await updateSettings(ctx(admin), { ...(await form()), 'attention.no_contact_days': '45' });
		expect((await readSettings(db()))['attention.no_contact_days']).toBe(45);
		const e = await appError(updateSettings(ctx(admin), { 'attention.no_contact_days': '7' }));
		expect(e.code).toBe('invalid');
		const [row] = await db()
			.select()
			.from(appSettings)
			.where(eq(appSettings.key, 'attention.no_contact_days'));
		expect(row).toMatchObject({ value: 45, version: 2 });
	});
});

describe('the version increments on every change, whoever makes it', () => {
	it('a pairing’s end moves the client’s version: a client form opened before it conflicts', async () => {
		const c = await seedClient(db(), { countyId: harju.id, status: 'paired', phone: '5556666' });
		const v = await seedVolunteer(db(), { countyId: harju.id });
		const p = await seedPairing(db(), {
			clientId: c.id,
			volunteerId: v.id,
			startsOn: '2026-10-01'
		});
		const form = await clientEditForm(ctx(coordinator), c.id);
		const { endPairing } = await import('$lib/server/services/pairings/pairing-lifecycle');
		await endPairing(ctx(admin), p.id, { endsOn: TODAY, reason: 'Kolis', version: p.version });
		await expectStale(
			updateClient(ctx(coordinator), c.id, { phone: '5557777', version: form.version }),
			'client.update',
			c.id
		);
		const [row] = await db().select().from(clients).where(eq(clients.id, c.id));
		expect(row).toMatchObject({ status: 'waiting', version: form.version + 1 });
	});
});
