import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNotNull, ne, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import {
	clients,
	counties,
	diaryEntries,
	consents,
	documents,
	municipalities,
	pairings,
	roleGrants,
	users,
	volunteers
} from '$lib/server/db/schema';
import { countyByName, seedClient } from '$lib/server/fixtures/factories';
import { actorFromGrants } from '$lib/server/policy/actor';
import { pairingGivesAccess } from '$lib/server/policy/policy';
import { checkPassword } from '$lib/server/domain/password-policy';
import { validateIsikukood } from '$lib/server/domain/isikukood';
import { tallinnDay } from '$lib/server/domain/dates';
import { login } from '$lib/server/services/auth/login';
import { listClients } from '$lib/server/services/clients/client-list';
import { attentionList } from '$lib/server/services/pairings/attention';
import { activationMissing } from '$lib/server/domain/volunteers';
import { consentDue } from '$lib/server/domain/pairing';
import {
	DEMO_ADMIN_EMAIL,
	DEMO_PASSWORD,
	loadDemoData,
	planDemoData,
	type DemoResult
} from '$lib/server/services/admin/demo-data';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/** Issue 2: `npm run demo` loads a realistic demo data set and prints the demo logins. */

let t: TestDatabase;
let first: DemoResult;
let printed = '';
const day = () => tallinnDay(new Date());

async function tableCounts() {
	const db = t.handle.db;
	const counted = await Promise.all(
		[users, roleGrants, volunteers, clients, pairings, diaryEntries].map(async (table) => {
			const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table);
			return row!.n;
		})
	);
	return counted;
}

beforeAll(async () => {
	t = await createTestDatabase();
	first = await loadDemoData(t.ctx(null), { print: (text) => (printed += text) });
});
afterAll(async () => {
	await t?.close();
});

describe('demo data set', () => {
	it('loads and prints the URL, the password and the logins per role', () => {
		expect(first.status).toBe('loaded');
		expect(printed).toContain('http://localhost:');
		expect(printed).toContain(DEMO_PASSWORD);
		expect(printed).toMatch(/never load demo data into production/i);
		for (const l of first.logins) expect(printed).toContain(l.email);
		const roles = first.logins.map((l) => l.role);
		expect(roles.filter((r) => r === 'admin')).toHaveLength(1);
		expect(roles.filter((r) => r === 'expert')).toHaveLength(1);
		expect(roles.filter((r) => r === 'coordinator')).toHaveLength(15);
		expect(roles.filter((r) => r === 'volunteer').length).toBeGreaterThanOrEqual(2);
		expect(first.logins.map((l) => l.email)).toContain(DEMO_ADMIN_EMAIL);
		expect(first.logins.map((l) => l.email)).toContain('koordinaator.harju@demo.seltsiline.ee');
		expect(first.logins.map((l) => l.email)).toContain('vabatahtlik.harju1@demo.seltsiline.ee');
		expect(first.logins.map((l) => l.email)).toContain('ekspert@demo.seltsiline.ee');
	});

	it('uses a password that passes the password policy', () => {
		expect(
			checkPassword(DEMO_PASSWORD, {
				minLength: t.config.PASSWORD_MIN_LENGTH,
				context: ['seltsiline', DEMO_ADMIN_EMAIL]
			})
		).toBeNull();
	});

	it('has exactly one coordinator per county, 15 in all', async () => {
		const db = t.handle.db;
		const grants = await db.select().from(roleGrants).where(eq(roleGrants.role, 'coordinator'));
		const allCounties = await db.select().from(counties);
		expect(allCounties).toHaveLength(15);
		expect(grants).toHaveLength(15);
		expect(new Set(grants.map((g) => g.countyId))).toEqual(new Set(allCounties.map((c) => c.id)));
	});

	it('has 6–12 volunteers and 10–20 clients in every county, with every status', async () => {
		const db = t.handle.db;
		const vols = await db.select().from(volunteers);
		const cls = await db.select().from(clients);
		for (const c of await db.select().from(counties)) {
			const v = vols.filter((x) => x.countyId === c.id).length;
			const k = cls.filter((x) => x.countyId === c.id).length;
			expect(v, c.name).toBeGreaterThanOrEqual(6);
			expect(v, c.name).toBeLessThanOrEqual(12);
			expect(k, c.name).toBeGreaterThanOrEqual(10);
			expect(k, c.name).toBeLessThanOrEqual(20);
		}
		const vStatuses = new Set(vols.map((v) => v.status));
		for (const s of ['active', 'candidate', 'paused'] as const) expect(vStatuses).toContain(s);
		expect(vols.filter((v) => v.status === 'active').length).toBeGreaterThan(vols.length / 2);
		const cStatuses = new Set(cls.map((c) => c.status));
		for (const s of ['mapped', 'waiting', 'paired', 'ended'] as const)
			expect(cStatuses).toContain(s);
		// General mapping entries without names (R-MAP-2), all still "mapped".
		const general = cls.filter((c) => c.firstName === null);
		expect(general.length).toBeGreaterThan(0);
		expect(general.every((c) => c.status === 'mapped' && c.lastName === null)).toBe(true);
		// Municipalities always belong to the record's county (checked via the reference table).
		const [wrong] = await db
			.select({ n: sql<number>`count(*)::int` })
			.from(clients)
			.innerJoin(municipalities, eq(municipalities.id, clients.municipalityId))
			.where(ne(municipalities.countyId, clients.countyId));
		expect(wrong!.n).toBe(0);
	});

	it('has every isikukood valid and matching the date of birth', async () => {
		const db = t.handle.db;
		const rows = [
			...(await db
				.select({ code: clients.isikukood, dob: clients.dateOfBirth })
				.from(clients)
				.where(isNotNull(clients.isikukood))),
			...(await db
				.select({ code: volunteers.isikukood, dob: volunteers.dateOfBirth })
				.from(volunteers)
				.where(isNotNull(volunteers.isikukood)))
		];
		expect(rows.length).toBeGreaterThan(10);
		for (const r of rows) {
			const result = validateIsikukood(r.code!);
			expect(result, r.code!).toMatchObject({ ok: true, dateOfBirth: r.dob });
		}
	});

	it('has the pairing shapes: active, ended with a reason, two clients at once, two volunteers in turn', async () => {
		const db = t.handle.db;
		const all = await db.select().from(pairings);
		const today = day();
		const activeNow = all.filter((p) => pairingGivesAccess(p, today));
		expect(activeNow.length).toBeGreaterThan(30);
		const ended = all.filter((p) => p.status === 'ended');
		expect(ended.length).toBeGreaterThan(0);
		expect(ended.every((p) => p.endsOn !== null && (p.endReason ?? '').length > 5)).toBe(true);
		const perVolunteer = new Map<string, number>();
		for (const p of activeNow)
			perVolunteer.set(p.volunteerId, (perVolunteer.get(p.volunteerId) ?? 0) + 1);
		expect([...perVolunteer.values()].some((n) => n >= 2)).toBe(true);
		const byClient = new Map<string, typeof all>();
		for (const p of all) byClient.set(p.clientId, [...(byClient.get(p.clientId) ?? []), p]);
		const inTurn = [...byClient.values()].filter(
			(ps) =>
				ps.length >= 2 &&
				new Set(ps.map((p) => p.volunteerId)).size >= 2 &&
				ps.some((p) => p.status === 'ended') &&
				ps.some((p) => pairingGivesAccess(p, today))
		);
		expect(inTurn.length).toBeGreaterThan(0);
		for (const ps of inTurn) {
			const old = ps.find((p) => p.status === 'ended')!;
			const current = ps.find((p) => pairingGivesAccess(p, today))!;
			expect(current.startsOn >= old.endsOn!).toBe(true);
		}
		// Client status follows the pairings.
		const cls = await db.select().from(clients);
		for (const c of cls) {
			const reached = (byClient.get(c.id) ?? []).some((p) => pairingGivesAccess(p, today));
			expect(c.status === 'paired', c.id).toBe(reached);
		}
	});

	it('keeps every diary entry inside its pairing window, by its volunteer, never in the future', async () => {
		const db = t.handle.db;
		const rows = await db
			.select({
				contactDate: diaryEntries.contactDate,
				duration: diaryEntries.durationMinutes,
				description: diaryEntries.description,
				entryVolunteer: diaryEntries.volunteerId,
				entryClient: diaryEntries.clientId,
				pairingId: diaryEntries.pairingId,
				startsOn: pairings.startsOn,
				endsOn: pairings.endsOn,
				pairingVolunteer: pairings.volunteerId,
				pairingClient: pairings.clientId
			})
			.from(diaryEntries)
			.leftJoin(pairings, eq(pairings.id, diaryEntries.pairingId));
		expect(rows.length).toBeGreaterThan(500);
		const today = day();
		const sixMonthsAgo = tallinnDay(new Date(Date.now() - 190 * 86_400_000));
		for (const r of rows) {
			expect(r.pairingId).not.toBeNull();
			expect(r.contactDate >= r.startsOn!).toBe(true);
			if (r.endsOn) expect(r.contactDate < r.endsOn).toBe(true);
			expect(r.contactDate <= today).toBe(true);
			expect(r.contactDate >= sixMonthsAgo).toBe(true);
			expect(r.entryVolunteer).toBe(r.pairingVolunteer);
			expect(r.entryClient).toBe(r.pairingClient);
			expect(r.duration).toBeGreaterThanOrEqual(30);
			expect(r.duration).toBeLessThanOrEqual(180);
			expect(r.description.length).toBeGreaterThan(10);
		}
	});

	it('lets every demo login log in through login()', async () => {
		for (const l of first.logins) {
			const session = await login(t.ctx(null, { ip: '10.0.0.9' }), {
				email: l.email,
				password: DEMO_PASSWORD,
				userAgent: 'vitest'
			});
			expect(session.token, l.email).toBeTruthy();
		}
	});

	it('shows a volunteer account only the clients it is paired with today', async () => {
		const db = t.handle.db;
		const today = day();
		const volunteerLogins = first.logins.filter((l) => l.role === 'volunteer');
		expect(volunteerLogins.map((l) => l.county)).toEqual(
			expect.arrayContaining(['Harju maakond', 'Tartu maakond'])
		);
		let sawEnded = false;
		for (const l of volunteerLogins) {
			const [user] = await db.select().from(users).where(eq(users.email, l.email));
			const grants = await db.select().from(roleGrants).where(eq(roleGrants.userId, user!.id));
			const actor = actorFromGrants(user!, grants);
			expect(actor.volunteerId).not.toBeNull();
			const own = await db
				.select()
				.from(pairings)
				.where(eq(pairings.volunteerId, actor.volunteerId!));
			const expected = new Set(
				own.filter((p) => pairingGivesAccess(p, today)).map((p) => p.clientId)
			);
			expect(expected.size, l.email).toBeGreaterThan(0);
			expect(l.clients).toBe(expected.size);
			const { rows } = await listClients(t.ctx(actor), { pageSize: 100 });
			expect(new Set(rows.map((r) => r.id)), l.email).toEqual(expected);
			if (own.some((p) => p.status === 'ended' && !expected.has(p.clientId))) sawEnded = true;
		}
		// One demo volunteer once helped a client who left: that client is no longer listed.
		expect(sawEnded).toBe(true);
	});

	it('respects the activation gate: every serving volunteer is vetted, candidates are not yet', async () => {
		const db = t.handle.db;
		const today = day();
		const vols = await db.select().from(volunteers);
		for (const v of vols.filter((x) => x.status !== 'candidate')) {
			// What changeVolunteerStatus asks before "active" (R-VOL-5, 7, 8).
			expect(activationMissing(v, today), `${v.firstName} ${v.lastName}`).toEqual([]);
			expect(v.startedOn).not.toBeNull();
			expect(v.criminalRecordCheckedBy).not.toBeNull();
			if (v.status === 'ended') expect(v.endedOn! >= v.startedOn!).toBe(true);
		}
		const candidates = vols.filter((x) => x.status === 'candidate');
		expect(candidates.length).toBeGreaterThan(0);
		for (const v of candidates) expect(activationMissing(v, today).length).toBeGreaterThan(0);
		// Some are part of the way: a checked extract but something still missing.
		expect(candidates.some((v) => v.criminalRecordCheckedOn !== null)).toBe(true);
		expect(candidates.some((v) => v.contractSignedOn !== null)).toBe(true);
		// Nobody met a client before they were active.
		const early = await db
			.select({ n: sql<number>`count(*)::int` })
			.from(pairings)
			.innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
			.where(
				sql`${volunteers.startedOn} is null or ${pairings.startsOn} < ${volunteers.startedOn}`
			);
		expect(early[0]!.n).toBe(0);
	});

	it('has a volunteer’s consent for their consents page (issue 24)', async () => {
		const rows = await t.handle.db.select().from(consents).where(isNotNull(consents.volunteerId));
		expect(rows.map((r) => r.purpose)).toEqual(['story']);
	});

	it('has signed consents, and every client still without one is on the attention list', async () => {
		const db = t.handle.db;
		const today = day();
		const consentDocs = await db.select().from(documents).where(eq(documents.kind, 'consent'));
		expect(consentDocs.length).toBeGreaterThan(20);
		// The scans are really in the file store, byte for byte what the rows say.
		for (const d of consentDocs.slice(0, 3)) {
			const bytes = await t.files.get(d.storageKey);
			expect(createHash('sha256').update(bytes).digest('hex')).toBe(d.sha256);
		}
		const [admin] = await db.select().from(users).where(eq(users.email, DEMO_ADMIN_EMAIL));
		const grants = await db.select().from(roleGrants).where(eq(roleGrants.userId, admin!.id));
		const list = await attentionList(t.ctx(actorFromGrants(admin!, grants)));
		const onList = new Map(list.consents.rows.map((r) => [r.clientId, r]));
		expect(list.consents.total).toBe(list.consents.rows.length);
		const withDoc = new Set(consentDocs.map((d) => d.clientId));
		const allPairings = await db.select().from(pairings);
		const allClients = await db.select().from(clients);
		let due = 0;
		let late = 0;
		for (const c of allClients.filter((x) => x.status === 'paired')) {
			const own = allPairings.filter((p) => p.clientId === c.id);
			const state = consentDue(
				own.find((p) => p.status !== 'ended')!,
				c,
				withDoc.has(c.id) ? [{ kind: 'consent' }] : [],
				today
			);
			if (withDoc.has(c.id)) {
				expect(state).toBe('ok');
				expect(c.consentGivenOn, c.id).not.toBeNull();
				expect(onList.has(c.id)).toBe(false);
			} else {
				expect(onList.get(c.id), c.id).toBeDefined();
				expect(onList.get(c.id)!.late).toBe(state === 'late');
				if (state === 'late') late++;
				else due++;
			}
		}
		// The list shows the gate working: some consents are missing.
		expect(due + late).toBeGreaterThanOrEqual(15);
		expect(late).toBeGreaterThan(0);
	});

	it('has trainings with attendance, a support log and partner meetings (issue 22)', async () => {
		const db = t.handle.db;
		const [events] = await db
			.execute(
				sql`select
			(select count(*)::int from programme_event where county_id is null) as national,
			(select count(distinct county_id)::int from programme_event where kind = 'base_training') as base_counties,
			(select count(*)::int from programme_event where held_on > current_date) as coming,
			(select count(*)::int from programme_event_participant where attended) as attended,
			(select count(*)::int from programme_event_participant where response is not null) as answered,
			(select count(*)::int from volunteer_support_entry) as support,
			(select count(distinct county_id)::int from partner_meeting) as meeting_counties,
			(select count(*)::int from partner_meeting_follow_up) as follow_ups,
			(select count(*)::int from volunteer where status = 'active'
				and base_training_completed_on is null) as active_untrained`
			)
			.then((r) => (r as unknown as { rows: Record<string, number>[] }).rows);
		expect(events).toMatchObject({ national: 1, base_counties: 15, meeting_counties: 15 });
		expect(events!.coming).toBeGreaterThanOrEqual(16);
		expect(events!.attended).toBeGreaterThan(0);
		expect(events!.answered).toBeGreaterThan(0);
		expect(events!.support).toBeGreaterThan(0);
		expect(events!.follow_ups).toBeGreaterThan(0);
		// Every active demo volunteer is trained, by attendance: the activation check agrees.
		expect(events!.active_untrained).toBe(0);
	});

	it('has good-will agreements, a paper diary and a few items of each on the attention list (issue 22)', async () => {
		const db = t.handle.db;
		const [papers] = await db
			.execute(
				sql`select
			(select count(*)::int from document where kind = 'goodwill_agreement') as goodwill,
			(select count(*)::int from paper_diary_month) as months,
			(select count(*)::int from paper_diary_month where destroyed_on is not null) as destroyed`
			)
			.then((r) => (r as unknown as { rows: Record<string, number>[] }).rows);
		expect(papers!.goodwill).toBeGreaterThan(0);
		expect(papers!.months).toBeGreaterThan(0);
		expect(papers!.destroyed).toBeGreaterThan(0);
		const admin = first.logins.find((l) => l.role === 'admin')!;
		const [user] = await db.select().from(users).where(eq(users.email, admin.email));
		const l = await attentionList(
			t.ctx(actorFromGrants(user!, [{ role: 'admin', countyId: null, volunteerId: null }]))
		);
		expect(l.paperItems.paperDiaries.total).toBeGreaterThan(0);
		// Most pairings have their agreement: the list is a short one, not every pairing.
		expect(l.paperItems.goodwill.total).toBeLessThan(papers!.goodwill!);
	});

	it('has recruitment channels with an application through one, and intake notes (issue 22)', async () => {
		const db = t.handle.db;
		const [row] = await db
			.execute(
				sql`select
			(select count(*)::int from recruitment_channel) as channels,
			(select count(*)::int from recruitment_channel where archived_at is not null) as archived,
			(select count(*)::int from volunteer_application where recruitment_channel_id is not null) as via_link,
			(select count(*)::int from intake_item) as intake,
			(select count(*)::int from intake_item where received_on <= current_date - interval '3 months') as due`
			)
			.then((r) => (r as unknown as { rows: Record<string, number>[] }).rows);
		expect(row).toMatchObject({ channels: 3, archived: 1, via_link: 1, intake: 2, due: 1 });
	});

	it('loading again changes nothing and prints the logins again', async () => {
		const before = await tableCounts();
		let again = '';
		const second = await loadDemoData(t.ctx(null), { print: (text) => (again += text) });
		expect(second.status).toBe('already_loaded');
		expect(second.logins).toEqual(first.logins);
		expect(again).toContain(DEMO_ADMIN_EMAIL);
		// The first start had no administrator (a setup link was printed); this one has.
		expect(printed).toMatch(/setup link printed above is not needed/);
		expect(again).not.toMatch(/setup link/);
		expect(await tableCounts()).toEqual(before);
	});

	it('is deterministic: the same day gives the same data set', () => {
		const input = [
			{ name: 'Harju maakond', municipalities: ['Tallinn', 'Keila linn', 'Saue vald'] },
			{ name: 'Hiiu maakond', municipalities: ['Hiiumaa vald'] }
		];
		const ids = () => {
			let n = 0;
			return () => `id-${++n}`;
		};
		const a = planDemoData('2026-03-15', input, ids());
		const b = planDemoData('2026-03-15', [...input].reverse(), ids());
		expect(b).toEqual(a);
		expect(a.clients.length).toBeGreaterThanOrEqual(20);
	});
});

describe('demo data refuses a database with real records', () => {
	let real: TestDatabase;
	beforeAll(async () => {
		real = await createTestDatabase();
	});
	afterAll(async () => {
		await real?.close();
	});

	it('does not load, says why, and leaves the database as it was', async () => {
		const county = await countyByName(real.handle.db, 'Harju maakond');
		await seedClient(real.handle.db, { countyId: county.id });
		let out = '';
		const result = await loadDemoData(real.ctx(null), { print: (text) => (out += text) });
		expect(result.status).toBe('refused');
		expect(out).toMatch(/not loaded/i);
		const demoUsers = await real.handle.db
			.select()
			.from(users)
			.where(and(eq(users.email, DEMO_ADMIN_EMAIL)));
		expect(demoUsers).toHaveLength(0);
		const [row] = await real.handle.db.select({ n: sql<number>`count(*)::int` }).from(clients);
		expect(row!.n).toBe(1);
	});
});
