import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { clients, diaryDrafts, mailOutbox, pairings, volunteers } from '$lib/server/db/schema';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedDiaryEntry,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import type { ServiceContext } from '$lib/server/services/core/context';
import { getClient } from '$lib/server/services/clients/clients';
import {
	activatePairing,
	createPairing,
	endPairing,
	introducePairing,
	pausePairing,
	recordClosingInterview,
	resumePairing
} from '$lib/server/services/pairings/pairing-lifecycle';
import {
	addClientExclusion,
	matchSuggestions,
	removeClientExclusion
} from '$lib/server/services/pairings/matching';
import { getPairing } from '$lib/server/services/pairings/pairings';
import { addDiaryEntry, listDiary } from '$lib/server/services/pairings/diary';
import { listDocuments, uploadDocument } from '$lib/server/services/documents/documents';
import { samplePdf } from '../helpers/files';
import { volunteerHome } from '$lib/server/services/pairings/volunteer-home';
import { versionOf } from '../helpers/versions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * Issue 4, matching and the pairing's life (R-PAIR-1, R-PAIR-2, R-PAIR-7, R-ROLE-3, R-ROLE-6)
 * through the real services on PGlite and PostgreSQL: suggestions with reasons and exclusions,
 * the ranking a pairing keeps, the e-mail without personal data, every step audited, access
 * following the state, and the refusals.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';

let t: TestDatabase;
let saare: { id: string };
let tartu: { id: string };
let saareMuni: { id: string };
let coordinator: Actor;
let tartuCoordinator: Actor;
let expert: Actor;

const ctx = (actor: Actor | null, now = NOW) => t.ctx(actor, { now });
const db = () => t.handle.db;
const { events } = auditLog(db);

/** A volunteer with an account of their own. */
async function volunteerWithAccount(over: Partial<typeof volunteers.$inferInsert> = {}) {
	const volunteer = await seedVolunteer(db(), { countyId: saare.id, ...over });
	const { actor, user } = await seedUser(db(), {
		grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
	});
	return { volunteer, actor, user };
}

beforeAll(async () => {
	t = await createTestDatabase();
	saare = await countyByName(db(), 'Saare maakond');
	tartu = await countyByName(db(), 'Tartu maakond');
	saareMuni = await firstMunicipality(db(), saare.id);
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: saare.id }] }))
		.actor;
	tartuCoordinator = (
		await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu.id }] })
	).actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
});

afterAll(async () => {
	await t?.close();
});

describe('suggestions (R-PAIR-1)', () => {
	it('ranks the county’s active volunteers with reasons, shows exclusions, filters, audits', async () => {
		const client = await seedClient(db(), {
			countyId: saare.id,
			municipalityId: saareMuni.id,
			settlement: 'Kuressaare',
			languages: ['et'],
			preferredLanguage: 'et',
			helpProfilesWanted: ['P1', 'P3'],
			hasPets: true,
			smokesAtHome: true
		});
		const best = await seedVolunteer(db(), {
			countyId: saare.id,
			municipalityId: saareMuni.id,
			settlement: 'Kuressaare',
			languages: ['et'],
			helpProfilesOffered: ['P1', 'P3'],
			hasCar: true
		});
		const farNoCar = await seedVolunteer(db(), { countyId: saare.id, languages: ['ru'] });
		const allergic = await seedVolunteer(db(), { countyId: saare.id, petAllergy: true });
		const smokeAverse = await seedVolunteer(db(), { countyId: saare.id, avoidsSmoke: true });
		const full = await seedVolunteer(db(), { countyId: saare.id, maxClients: 1 });
		await seedPairing(db(), {
			clientId: (await seedClient(db(), { countyId: saare.id })).id,
			volunteerId: full.id,
			startsOn: '2026-01-01'
		});
		const unwanted = await seedVolunteer(db(), { countyId: saare.id });
		await addClientExclusion(ctx(coordinator), client.id, { volunteerId: unwanted.id });
		const candidate = await seedVolunteer(db(), { countyId: saare.id, status: 'candidate' });
		const elsewhere = await seedVolunteer(db(), { countyId: tartu.id });

		const s = await matchSuggestions(ctx(coordinator), client.id, { includeExcluded: true });
		const ids = s.suggestions.map((x) => x.volunteerId);
		expect(ids[0]).toBe(best.id);
		expect(s.topVolunteerId).toBe(best.id);
		expect(ids).not.toContain(candidate.id);
		expect(ids).not.toContain(elsewhere.id);
		const top = s.suggestions[0]!;
		expect(top.rank).toBe(1);
		expect(top.reasons.map((r) => r.code)).toEqual(
			expect.arrayContaining([
				'match.reason.same_settlement',
				'match.reason.preferred_language',
				'match.reason.profiles',
				'match.reason.free_places',
				'match.reason.car'
			])
		);
		const far = s.suggestions.find((x) => x.volunteerId === farNoCar.id)!;
		expect(far.reasons.map((r) => r.code)).toEqual(
			expect.arrayContaining(['match.reason.no_shared_language', 'match.reason.no_car'])
		);
		const excluded = Object.fromEntries(
			s.suggestions.filter((x) => x.rank === null).map((x) => [x.volunteerId, x.exclusions])
		);
		expect(excluded).toEqual({
			[allergic.id]: ['pet_allergy'],
			[smokeAverse.id]: ['smoke'],
			[full.id]: ['full'],
			[unwanted.id]: ['client_excluded']
		});
		expect(s.suggestions.find((x) => x.volunteerId === full.id)).toMatchObject({
			currentClients: 1,
			maxClients: 1
		});
		// Without "include excluded" only the ones who can be chosen; the ranks stay global.
		const plain = await matchSuggestions(ctx(coordinator), client.id);
		expect(plain.suggestions.every((x) => x.rank !== null)).toBe(true);
		const withCar = await matchSuggestions(ctx(coordinator), client.id, { hasCar: true });
		expect(withCar.suggestions.map((x) => x.volunteerId)).toEqual([best.id]);
		const russian = await matchSuggestions(ctx(coordinator), client.id, { language: 'ru' });
		expect(russian.suggestions.map((x) => [x.volunteerId, x.rank])).toEqual([
			[farNoCar.id, far.rank]
		]);
		const [event] = await events('pairing.suggest', client.id);
		expect(event).toMatchObject({ outcome: 'success', countyId: saare.id });
		expect(JSON.stringify(event!.details)).not.toMatch(/Kuressaare|Jaan|Kask/);
	});

	it('reads a county of 1,000 volunteers with the same few queries as a county of three', async () => {
		const county = await countyByName(db(), 'Hiiu maakond');
		const coord = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: county.id }] }))
			.actor;
		const client = await seedClient(db(), { countyId: county.id });
		const countSelects = async () => {
			const c = ctx(coord);
			let selects = 0;
			const counted = new Proxy(c.db, {
				get(target, prop, receiver) {
					const value = Reflect.get(target, prop, receiver);
					if (prop === 'select' && typeof value === 'function') {
						return (...args: unknown[]) => {
							selects++;
							return value.apply(target, args);
						};
					}
					return typeof value === 'function' ? value.bind(target) : value;
				}
			});
			const result = await matchSuggestions({ ...c, db: counted } as ServiceContext, client.id, {
				pageSize: 100
			});
			return { selects, result };
		};
		for (let i = 0; i < 3; i++) await seedVolunteer(db(), { countyId: county.id });
		const small = await countSelects();
		expect(small.result.allowedTotal).toBe(3);
		// 1,000 volunteers, one in three with a client already.
		const rows = Array.from({ length: 997 }, (_, i) => ({
			countyId: county.id,
			firstName: `Vaba${i}`,
			lastName: `Tahtlik${i}`,
			status: 'active' as const,
			maxClients: 1 + (i % 3)
		}));
		const ids: string[] = [];
		for (let i = 0; i < rows.length; i += 250) {
			const inserted = await db()
				.insert(volunteers)
				.values(rows.slice(i, i + 250))
				.returning({ id: volunteers.id });
			ids.push(...inserted.map((r) => r.id));
		}
		const other = await seedClient(db(), { countyId: county.id });
		const busy = ids.filter((_, i) => i % 3 === 0);
		for (let i = 0; i < busy.length; i += 250) {
			await db()
				.insert(pairings)
				.values(
					busy.slice(i, i + 250).map((volunteerId) => ({
						clientId: other.id,
						volunteerId,
						startsOn: '2026-06-01',
						status: 'active' as const
					}))
				);
		}
		const large = await countSelects();
		expect(large.selects).toBe(small.selects);
		expect(large.result.allowedTotal).toBe(667);
		// Volunteer 0 (max 1, one client) is full; volunteer 3 (max 1) too; 1 and 2 are free.
		const all = await matchSuggestions(ctx(coord), client.id, {
			includeExcluded: true,
			pageSize: 100,
			page: 10
		});
		expect(all.page).toBe(10);
		expect(all.hasMore).toBe(false);
		const excludedFull = (
			await matchSuggestions(ctx(coord), client.id, {
				includeExcluded: true,
				pageSize: 100,
				page: 9
			})
		).suggestions.filter((x) => x.rank === null);
		expect(excludedFull.every((x) => x.exclusions.includes('full'))).toBe(true);
	});

	it('refuses another county’s coordinator (404), a volunteer (404) and an expert (403)', async () => {
		const client = await seedClient(db(), { countyId: saare.id });
		const { actor: volunteer } = await volunteerWithAccount();
		expect((await appError(matchSuggestions(ctx(tartuCoordinator), client.id))).code).toBe(
			'not_found'
		);
		expect((await appError(matchSuggestions(ctx(volunteer), client.id))).code).toBe('not_found');
		expect((await appError(matchSuggestions(ctx(expert), client.id))).code).toBe('forbidden');
		const denied = await events('pairing.suggest', client.id);
		expect(denied.filter((e) => e.outcome === 'denied')).toHaveLength(3);
	});
});

describe('creating a pairing', () => {
	it('proposes: keeps the ranking (ids, scores, codes), the note, mails the volunteer without client data', async () => {
		const client = await seedClient(db(), {
			countyId: saare.id,
			firstName: 'Helmi',
			lastName: 'Saarepuu',
			phone: '+372 5550 1234',
			street: 'Tallinna 5',
			settlement: 'Kuressaare'
		});
		const top = await seedVolunteer(db(), { countyId: saare.id, maxClients: 3 });
		const { volunteer, user } = await volunteerWithAccount({ maxClients: 1 });
		const id = await createPairing(ctx(coordinator), client.id, {
			volunteerId: volunteer.id,
			startsOn: '2026-12-01',
			stage: 'proposed',
			matchNote: 'Tunneb perekonda'
		});
		const [p] = await db().select().from(pairings).where(eq(pairings.id, id));
		expect(p).toMatchObject({
			status: 'proposed',
			startsOn: '2026-12-01',
			introducedOn: null,
			matchNote: 'Tunneb perekonda'
		});
		const snap = p!.matchRanking!;
		// `top` has more free places, so the chosen one is not the first suggestion.
		const chosen = snap.candidates.find((c) => c.volunteerId === volunteer.id)!;
		const topRow = snap.candidates.find((c) => c.volunteerId === top.id)!;
		expect(snap.chosenRank).toBeGreaterThan(1);
		expect(topRow.score).toBeGreaterThan(chosen.score);
		expect(snap.candidates[0]!.score).toBeGreaterThanOrEqual(chosen.score);
		const json = JSON.stringify(snap);
		expect(json).not.toMatch(/Jaan|Kask|Helmi|Saarepuu/);
		for (const c of snap.candidates) {
			expect(Object.keys(c).sort()).toEqual(['excluded', 'reasons', 'score', 'volunteerId']);
		}
		const [row] = await db().select().from(clients).where(eq(clients.id, client.id));
		expect(row!.status).toBe('paired');
		// The e-mail: to the account, about logging in, nothing about the client.
		const [mail] = await db()
			.select()
			.from(mailOutbox)
			.where(eq(mailOutbox.toAddress, user.email))
			.orderBy(desc(mailOutbox.id));
		expect(mail!.subject).toContain('Seltsiline');
		expect(mail!.body).toContain('http');
		expect(`${mail!.subject} ${mail!.body}`).not.toMatch(/Helmi|Saarepuu|5550|Tallinna|Kuressaare/);
		const [event] = await events('pairing.create', id);
		expect(event!.details).toMatchObject({
			clientId: client.id,
			volunteerId: volunteer.id,
			status: 'proposed',
			chosenRank: snap.chosenRank,
			note: true
		});
		expect(JSON.stringify(event)).not.toMatch(/Tunneb/);
	});

	it('refuses a hard-excluded volunteer and one without a free place', async () => {
		const client = await seedClient(db(), { countyId: saare.id, hasPets: true });
		const allergic = await seedVolunteer(db(), { countyId: saare.id, petAllergy: true });
		const e = await appError(
			createPairing(ctx(coordinator), client.id, { volunteerId: allergic.id, startsOn: TODAY })
		);
		expect(e.fields).toEqual({ volunteerId: 'pairing.excluded.pet_allergy' });
		const full = await seedVolunteer(db(), { countyId: saare.id, maxClients: 0 });
		const f = await appError(
			createPairing(ctx(coordinator), client.id, { volunteerId: full.id, startsOn: TODAY })
		);
		expect(f.fields).toEqual({ volunteerId: 'pairing.excluded.full' });
		const unwanted = await seedVolunteer(db(), { countyId: saare.id });
		await addClientExclusion(ctx(coordinator), client.id, { volunteerId: unwanted.id });
		const u = await appError(
			createPairing(ctx(coordinator), client.id, { volunteerId: unwanted.id, startsOn: TODAY })
		);
		expect(u.fields).toEqual({ volunteerId: 'pairing.excluded.client_excluded' });
		expect(await db().select().from(pairings).where(eq(pairings.clientId, client.id))).toEqual([]);
	});

	it('refuses a client whose service has ended, and a first meeting in the future', async () => {
		const ended = await seedClient(db(), {
			countyId: saare.id,
			status: 'ended',
			endedOn: '2026-10-01'
		});
		const v = await seedVolunteer(db(), { countyId: saare.id });
		expect(
			await appError(
				createPairing(ctx(coordinator), ended.id, { volunteerId: v.id, startsOn: TODAY })
			)
		).toMatchObject({ code: 'conflict', messageKey: 'pairing.client_not_available' });
		const client = await seedClient(db(), { countyId: saare.id });
		const e = await appError(
			createPairing(ctx(coordinator), client.id, {
				volunteerId: v.id,
				startsOn: '2026-11-24',
				stage: 'introduced'
			})
		);
		expect(e.fields).toEqual({ startsOn: 'pairing.introduce.date_in_future' });
	});
});

describe('the life cycle: access follows the state, every step audited', () => {
	it('proposed → introduced → active → paused → active → ended', async () => {
		const client = await seedClient(db(), { countyId: saare.id });
		const { volunteer, actor } = await volunteerWithAccount();
		const id = await createPairing(ctx(coordinator), client.id, {
			volunteerId: volunteer.id,
			startsOn: '2026-11-20',
			stage: 'proposed'
		});
		// Proposed: the volunteer does not reach the client yet, and the refusal is audited.
		expect((await appError(getClient(ctx(actor), client.id))).code).toBe('not_found');
		expect((await events('client.view', client.id))[0]!.outcome).toBe('denied');
		expect((await volunteerHome(ctx(actor)))!).toMatchObject({ clients: [], proposed: 1 });
		// A step that does not follow.
		expect(
			await appError(
				activatePairing(ctx(coordinator), id, {
					version: await versionOf(t.handle.db, 'pairing', id)
				})
			)
		).toMatchObject({
			code: 'conflict',
			messageKey: 'pairing.step_not_allowed'
		});
		expect(
			(
				await appError(
					introducePairing(ctx(coordinator), id, {
						version: await versionOf(t.handle.db, 'pairing', id),
						introducedOn: '2026-11-24'
					})
				)
			).fields
		).toEqual({ introducedOn: 'pairing.introduce.date_in_future' });

		await introducePairing(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'pairing', id),
			introducedOn: '2026-11-21'
		});
		let [p] = await db().select().from(pairings).where(eq(pairings.id, id));
		expect(p).toMatchObject({
			status: 'introduced',
			introducedOn: '2026-11-21',
			startsOn: '2026-11-21'
		});
		expect((await getClient(ctx(actor), client.id)).id).toBe(client.id);
		const home = (await volunteerHome(ctx(actor)))!;
		expect(home.clients.map((c) => c.clientId)).toEqual([client.id]);
		expect(home.proposed).toBe(0);

		await activatePairing(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'pairing', id)
		});
		expect(
			(
				await appError(
					pausePairing(ctx(coordinator), id, {
						version: await versionOf(t.handle.db, 'pairing', id),
						pausedReason: ' '
					})
				)
			).fields
		).toEqual({ pausedReason: 'error.required' });
		expect(
			(
				await appError(
					pausePairing(ctx(coordinator), id, {
						version: await versionOf(t.handle.db, 'pairing', id),
						pausedReason: 'Haiglas',
						pausedUntil: '2026-11-01'
					})
				)
			).fields
		).toEqual({ pausedUntil: 'pairing.pause.until_in_past' });
		await pausePairing(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'pairing', id),
			pausedReason: 'Haiglas',
			pausedUntil: '2026-12-15'
		});
		[p] = await db().select().from(pairings).where(eq(pairings.id, id));
		expect(p).toMatchObject({
			status: 'paused',
			pausedReason: 'Haiglas',
			pausedUntil: '2026-12-15'
		});
		// Paused: access stays.
		expect((await getClient(ctx(actor), client.id)).id).toBe(client.id);
		await resumePairing(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'pairing', id)
		});
		[p] = await db().select().from(pairings).where(eq(pairings.id, id));
		expect(p).toMatchObject({ status: 'active', pausedReason: null, pausedUntil: null });

		await addDiaryEntry(ctx(actor), client.id, {
			contactDate: '2026-11-22',
			durationMinutes: '60',
			description: 'Käisime jalutamas.'
		});
		expect(
			(
				await appError(
					endPairing(ctx(coordinator), id, {
						version: await versionOf(t.handle.db, 'pairing', id),
						endsOn: '2026-11-22',
						reason: 'Kolib ära'
					})
				)
			).fields
		).toEqual({ endsOn: 'pairing.end_before_entries' });
		await endPairing(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'pairing', id),
			endsOn: TODAY,
			reason: 'Kolib ära',
			closingInterview: 'Koostöö sujus hästi.'
		});
		[p] = await db().select().from(pairings).where(eq(pairings.id, id));
		expect(p).toMatchObject({
			status: 'ended',
			endsOn: TODAY,
			endReason: 'Kolib ära',
			closingInterview: 'Koostöö sujus hästi.'
		});
		// Ended: no access at once, the refusal audited; the client waits again.
		expect((await appError(getClient(ctx(actor), client.id))).code).toBe('not_found');
		expect((await events('client.view', client.id))[0]!.outcome).toBe('denied');
		const [row] = await db().select().from(clients).where(eq(clients.id, client.id));
		expect(row).toMatchObject({ status: 'waiting', waitingSince: TODAY });

		for (const [action, from, to] of [
			['pairing.introduce', 'proposed', 'introduced'],
			['pairing.activate', 'introduced', 'active'],
			['pairing.pause', 'active', 'paused'],
			['pairing.resume', 'paused', 'active'],
			['pairing.end', 'active', 'ended']
		] as const) {
			const ok = (await events(action, id)).filter((e) => e.outcome === 'success');
			expect(ok, action).toHaveLength(1);
			expect(ok[0]!.details).toEqual({ clientId: client.id, from, to });
		}
		expect(JSON.stringify(await events('pairing.pause', id))).not.toMatch(/Haiglas/);

		await recordClosingInterview(ctx(coordinator), id, {
			version: await versionOf(t.handle.db, 'pairing', id),
			closingInterview: 'Lisatud hiljem: soovib uut vabatahtlikku.'
		});
		[p] = await db().select().from(pairings).where(eq(pairings.id, id));
		expect(p!.closingInterview).toMatch(/Lisatud hiljem/);
		expect(
			await appError(
				endPairing(ctx(coordinator), id, {
					version: await versionOf(t.handle.db, 'pairing', id),
					endsOn: TODAY,
					reason: 'x'
				})
			)
		).toMatchObject({ code: 'conflict', messageKey: 'pairing.already_ended' });
	});

	it('the first meeting’s papers belong to the pairing; the consent is due, then ok (R-PAIR-2)', async () => {
		const client = await seedClient(db(), { countyId: saare.id });
		const { volunteer } = await volunteerWithAccount();
		const id = await createPairing(ctx(coordinator), client.id, {
			volunteerId: volunteer.id,
			startsOn: '2026-10-20',
			stage: 'introduced'
		});
		const owner = { kind: 'client' as const, clientId: client.id, pairingId: id };
		await uploadDocument(ctx(coordinator), owner, {
			kind: 'goodwill_agreement',
			file: { name: 'kokkulepe.pdf', bytes: await samplePdf('Heasoovlikkuse kokkulepe') }
		});
		let view = await getPairing(ctx(coordinator), id);
		expect(view).toMatchObject({ consentDueOn: '2026-11-03', consentState: 'late' });
		// On the 3rd itself it was only due.
		const onTime = await getPairing(ctx(coordinator, new Date('2026-11-03T10:00:00Z')), id);
		expect(onTime.consentState).toBe('due');
		await uploadDocument(ctx(coordinator), owner, {
			kind: 'consent',
			file: { name: 'nousolek.pdf', bytes: await samplePdf() }
		});
		view = await getPairing(ctx(coordinator), id);
		expect(view.consentState).toBe('ok');
		const docs = await listDocuments(ctx(coordinator), owner);
		expect(docs.map((d) => d.kind).sort()).toEqual(['consent', 'goodwill_agreement']);
	});

	it('ends the client’s service with the last pairing when asked, and drops the volunteer’s drafts', async () => {
		const client = await seedClient(db(), { countyId: saare.id, status: 'paired' });
		const { volunteer, user } = await volunteerWithAccount();
		const pairing = await seedPairing(db(), {
			clientId: client.id,
			volunteerId: volunteer.id,
			startsOn: '2026-10-01'
		});
		await db()
			.insert(diaryDrafts)
			.values({ userId: user.id, clientId: client.id, fields: { description: 'pooleli' } });
		await endPairing(ctx(coordinator), pairing.id, {
			version: await versionOf(t.handle.db, 'pairing', pairing.id),
			endsOn: '2026-11-20',
			reason: 'Läks hooldekodusse',
			endService: 'on'
		});
		const [row] = await db().select().from(clients).where(eq(clients.id, client.id));
		expect(row).toMatchObject({ status: 'ended', endedOn: '2026-11-20' });
		expect(
			await db().select().from(diaryDrafts).where(eq(diaryDrafts.clientId, client.id))
		).toEqual([]);
	});

	it('a pairing of another client (the address) answers "not found"', async () => {
		const a = await seedClient(db(), { countyId: saare.id });
		const b = await seedClient(db(), { countyId: saare.id });
		const v = await seedVolunteer(db(), { countyId: saare.id });
		const p = await seedPairing(db(), { clientId: a.id, volunteerId: v.id, startsOn: TODAY });
		expect((await appError(getPairing(ctx(coordinator), p.id, { clientId: b.id }))).code).toBe(
			'not_found'
		);
		expect(
			(
				await appError(
					pausePairing(
						ctx(coordinator),
						p.id,
						{ version: await versionOf(t.handle.db, 'pairing', p.id), pausedReason: 'x' },
						{ clientId: b.id }
					)
				)
			).code
		).toBe('not_found');
		expect((await getPairing(ctx(coordinator), p.id, { clientId: a.id })).id).toBe(p.id);
	});

	it('refuses the volunteer, another county’s coordinator and an expert; shows volunteers only the dates', async () => {
		const client = await seedClient(db(), { countyId: saare.id });
		const { volunteer, actor } = await volunteerWithAccount();
		const id = await createPairing(ctx(coordinator), client.id, {
			volunteerId: volunteer.id,
			startsOn: TODAY,
			stage: 'introduced',
			matchNote: 'Ainult koordinaatorile'
		});
		// The volunteer reaches the client but may not change the pairing: 403.
		expect(
			(
				await appError(
					pausePairing(ctx(actor), id, {
						version: await versionOf(t.handle.db, 'pairing', id),
						pausedReason: 'x'
					})
				)
			).code
		).toBe('forbidden');
		expect(
			(
				await appError(
					endPairing(ctx(actor), id, {
						version: await versionOf(t.handle.db, 'pairing', id),
						endsOn: TODAY,
						reason: 'x'
					})
				)
			).code
		).toBe('forbidden');
		const seen = await getPairing(ctx(actor), id);
		expect(seen).toMatchObject({ status: 'introduced', matchNote: null, ranking: [], events: [] });
		// Another county: not found, audited.
		expect((await appError(getPairing(ctx(tartuCoordinator), id))).code).toBe('not_found');
		expect(
			(
				await appError(
					activatePairing(ctx(tartuCoordinator), id, {
						version: await versionOf(t.handle.db, 'pairing', id)
					})
				)
			).code
		).toBe('not_found');
		// An expert reads everything and changes nothing.
		const expertView = await getPairing(ctx(expert), id);
		expect(expertView.matchNote).toBe('Ainult koordinaatorile');
		expect(expertView.events).toEqual([]);
		expect(
			(
				await appError(
					activatePairing(ctx(expert), id, { version: await versionOf(t.handle.db, 'pairing', id) })
				)
			).code
		).toBe('forbidden');
		expect(
			(
				await appError(
					createPairing(ctx(expert), client.id, { volunteerId: volunteer.id, startsOn: TODAY })
				)
			).code
		).toBe('forbidden');
		const denied = (await events('pairing.activate', id)).filter((e) => e.outcome === 'denied');
		expect(denied).toHaveLength(2);
		expect(denied[0]!.details).toMatchObject({ clientId: client.id });
		const [p] = await db().select().from(pairings).where(eq(pairings.id, id));
		expect(p!.status).toBe('introduced');
	});
});

describe('client exclusions', () => {
	it('the coordinator adds and removes them, audited; other counties and experts are refused', async () => {
		const client = await seedClient(db(), { countyId: saare.id });
		const v = await seedVolunteer(db(), { countyId: saare.id });
		const id = await addClientExclusion(ctx(coordinator), client.id, {
			volunteerId: v.id,
			reason: 'Naaber, tülis'
		});
		expect(
			await appError(addClientExclusion(ctx(coordinator), client.id, { volunteerId: v.id }))
		).toMatchObject({ code: 'conflict', messageKey: 'exclusion.exists' });
		const s = await matchSuggestions(ctx(coordinator), client.id);
		expect(s.exclusions.map((e) => e.volunteerId)).toEqual([v.id]);
		expect(s.suggestions.map((x) => x.volunteerId)).not.toContain(v.id);
		const tartuVolunteer = await seedVolunteer(db(), { countyId: tartu.id });
		expect(
			(
				await appError(
					addClientExclusion(ctx(coordinator), client.id, { volunteerId: tartuVolunteer.id })
				)
			).fields
		).toEqual({ volunteerId: 'error.choice' });
		expect(
			(await appError(addClientExclusion(ctx(tartuCoordinator), client.id, { volunteerId: v.id })))
				.code
		).toBe('not_found');
		expect((await appError(removeClientExclusion(ctx(expert), client.id, id))).code).toBe(
			'forbidden'
		);
		await removeClientExclusion(ctx(coordinator), client.id, id);
		expect((await matchSuggestions(ctx(coordinator), client.id)).exclusions).toEqual([]);
		const success = async (action: string) =>
			(await events(action, client.id)).filter((e) => e.outcome === 'success');
		const [added] = await success('client.exclusion_add');
		const [removed] = await success('client.exclusion_remove');
		expect((await events('client.exclusion_add', client.id)).map((e) => e.outcome)).toContain(
			'denied'
		);
		expect(added).toMatchObject({ outcome: 'success' });
		expect(removed).toMatchObject({ outcome: 'success' });
		expect(JSON.stringify([added, removed])).not.toMatch(/Naaber/);
	});
});

describe('finding a volunteer to exclude by name', () => {
	it('lists the county’s volunteers whose name has every word asked, at most twenty', async () => {
		const client = await seedClient(db(), { countyId: saare.id });
		const mari = await seedVolunteer(db(), {
			countyId: saare.id,
			firstName: 'Mari',
			lastName: 'Välistatav'
		});
		const ended = await seedVolunteer(db(), {
			countyId: saare.id,
			firstName: 'Mart',
			lastName: 'Välistatav',
			status: 'ended'
		});
		await seedVolunteer(db(), { countyId: tartu.id, firstName: 'Mari', lastName: 'Välistatav' });
		const find = async (excludeQuery: string) =>
			(await matchSuggestions(ctx(coordinator), client.id, { excludeQuery })).excludeSearch;

		// Only from two letters on; nothing is read before.
		expect(await find('')).toBeNull();
		expect(await find(' v ')).toBeNull();
		// Case and spaces do not matter; another county's and an ended volunteer are not listed.
		expect(await find('  VÄLISTA  ')).toEqual({
			query: 'VÄLISTA',
			results: [{ id: mari.id, firstName: 'Mari', lastName: 'Välistatav', municipalityName: null }],
			more: false
		});
		expect((await find('mari välist'))!.results.map((v) => v.id)).toEqual([mari.id]);
		expect((await find('mart välist'))!.results).toEqual([]);
		expect(ended.status).toBe('ended');
		// Wildcards are letters like any other.
		expect((await find('%%'))!.results).toEqual([]);
		expect((await find('M_ri'))!.results).toEqual([]);

		// Someone excluded already is not offered again.
		const id = await addClientExclusion(ctx(coordinator), client.id, { volunteerId: mari.id });
		expect((await find('Välistatav'))!.results).toEqual([]);
		await removeClientExclusion(ctx(coordinator), client.id, id);

		// Twenty at most, by name, with word that there are more.
		for (let i = 0; i < 21; i++) {
			await seedVolunteer(db(), {
				countyId: saare.id,
				firstName: `Eesnimi${String(i).padStart(2, '0')}`,
				lastName: 'Paljuke'
			});
		}
		const many = (await find('paljuke'))!;
		expect(many.results).toHaveLength(20);
		expect(many.more).toBe(true);
		expect(many.results[0]!.firstName).toBe('Eesnimi00');
		// The search is read only by those who may pair the client.
		await expect(
			matchSuggestions(ctx(tartuCoordinator), client.id, { excludeQuery: 'Välistatav' })
		).rejects.toMatchObject({ code: 'not_found' });
		await expect(
			matchSuggestions(ctx(expert), client.id, { excludeQuery: 'Välistatav' })
		).rejects.toMatchObject({ code: 'forbidden' });
	});
});

describe('R-ROLE-6: the next volunteer sees the whole history', () => {
	it('after the first pairing ends, the second volunteer reads the first one’s entries', async () => {
		const client = await seedClient(db(), { countyId: saare.id });
		const first = await volunteerWithAccount();
		const p1 = await createPairing(ctx(coordinator, new Date('2026-09-01T10:00:00Z')), client.id, {
			volunteerId: first.volunteer.id,
			startsOn: '2026-09-01',
			stage: 'introduced'
		});
		await addDiaryEntry(ctx(first.actor, new Date('2026-09-10T10:00:00Z')), client.id, {
			contactDate: '2026-09-10',
			durationMinutes: '90',
			description: 'Esimese vabatahtliku külastus'
		});
		await endPairing(ctx(coordinator), p1, {
			version: await versionOf(t.handle.db, 'pairing', p1),
			endsOn: '2026-11-01',
			reason: 'Kolis'
		});
		expect((await appError(listDiary(ctx(first.actor), client.id))).code).toBe('not_found');
		const second = await volunteerWithAccount();
		await createPairing(ctx(coordinator), client.id, {
			volunteerId: second.volunteer.id,
			startsOn: TODAY,
			stage: 'introduced'
		});
		const entries = await listDiary(ctx(second.actor), client.id);
		expect(entries.map((e) => e.description)).toContain('Esimese vabatahtliku külastus');
		expect(entries[0]).toMatchObject({ canEdit: false });
		// Seeded history of a volunteer without an account is there too.
		await seedDiaryEntry(db(), { clientId: client.id, contactDate: '2026-08-01' });
		expect((await listDiary(ctx(second.actor), client.id)).length).toBe(2);
	});
});
