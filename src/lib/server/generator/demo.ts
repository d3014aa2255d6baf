import { createHash, randomUUID } from 'node:crypto';
import { asc } from 'drizzle-orm';
import {
	clients,
	counties,
	diaryEntries,
	documents,
	municipalities,
	pairings,
	roleGrants,
	users,
	volunteers
} from '../db/schema';
import {
	type ClientStatus,
	type PairingStatus,
	type Role,
	type VolunteerStatus
} from '../domain/statuses';
import { type ContactKind, type HelpProfile } from '../domain/vocabulary';
import type { Tx } from '../db/client';
import { addDays } from '../domain/dates';
import { buildIsikukood } from '../domain/isikukood';
import { newStorageKey, type FileStore } from '../infra/storage';
import { Random, hash32 } from './random';
import { writeProgrammeDemo } from '../services/programme/demo';
import { writeStoriesDemo } from '../services/stories/demo';
import { writePaperDemo } from '../services/pairings/paper-demo';
import { writeRetentionDemo } from '../services/retention/demo';
import { writeChannelsDemo } from '../services/volunteers/channels-demo';
import { writeIntakeDemo } from '../services/intake/demo';
import {
	CLIENT_NEEDS,
	DIARY_TEXTS,
	END_REASONS,
	GENERAL_ENTRIES,
	HIIU_TEXTS,
	NAMES,
	RUSSIAN_SHARE,
	TRANSPORT_COUNTIES,
	type Profile,
	type Sex
} from './content';

/**
 * The demo profile of the generator (`npm run demo`, `npm run generate -- --profile demo`):
 * 15 counties' worth of coordinators, volunteers, clients, pairings and diary entries around
 * `day`, with demo logins. services/admin/demo-data.ts loads it (refusal, idempotence, audit, logins).
 *
 * - Deterministic: a seeded PRNG (mulberry32, one stream per county) and the day of loading
 *   decide every name, date and text; record ids are random UUIDs unless `newId` is given.
 * - Each diary entry carries its kind of contact and help profile (from the text it was
 *   drawn from), so the analysis module has something to show.
 */

export const DEMO_DOMAIN = 'demo.seltsiline.ee';
export const DEMO_ADMIN_EMAIL = `admin@${DEMO_DOMAIN}`;
export const DEMO_EXPERT_EMAIL = `ekspert@${DEMO_DOMAIN}`;

/** The base seed; each county gets its own stream so counties do not shift one another. */
const SEED = 0x5e175111;
/** How far back the diary goes ("the last ~6 months"). */
const DIARY_DAYS = 182;

// ---------------------------------------------------------------------------------------------
// The plan: plain rows, computed without the database
// ---------------------------------------------------------------------------------------------

export interface DemoCountyInput {
	name: string;
	/** Names in the county's own order (sortOrder); the first is the county centre. */
	municipalities: string[];
}

interface PlanVolunteer {
	id: string;
	county: string;
	municipality: string;
	status: VolunteerStatus;
	firstName: string;
	lastName: string;
	email: string;
	phone: string;
	isikukood: string | null;
	dateOfBirth: string;
	maxClients: number;
	createdOn: string;
	profile: Profile;
	/**
	 * Vetting (R-VOL-5, 7, 8): an active, paused or ended volunteer has all three — activation
	 * needs them (domain/volunteers.ts) — and a candidate still in the pipeline lacks some.
	 */
	criminalRecordCheckedOn: string | null;
	contractSignedOn: string | null;
	baseTrainingCompletedOn: string | null;
	startedOn: string | null;
	endedOn: string | null;
	endReason: string | null;
}

interface PlanClient {
	id: string;
	county: string;
	municipality: string | null;
	status: ClientStatus;
	firstName: string | null;
	lastName: string | null;
	isikukood: string | null;
	dateOfBirth: string | null;
	phone: string | null;
	notes: string | null;
	createdOn: string;
	endedOn?: string;
	endReason?: string;
	/**
	 * The signed consent (R-PAIR-2): its date, and whether the scan is uploaded (a `consent`
	 * document). A client whose first meeting was recent still waits for it (due), a few are
	 * late — both show on the attention list.
	 */
	consentGivenOn?: string;
	consentDocument?: boolean;
}

interface PlanPairing {
	id: string;
	clientId: string;
	volunteerId: string;
	status: PairingStatus;
	startsOn: string;
	endsOn: string | null;
	endReason: string | null;
}

interface PlanDiaryEntry {
	id: string;
	clientId: string;
	pairingId: string;
	volunteerId: string;
	contactDate: string;
	contactKind: ContactKind;
	helpProfiles: HelpProfile[];
	durationMinutes: number;
	description: string;
}

interface PlanUser {
	id: string;
	email: string;
	name: string;
	role: Role;
	county: string | null;
	volunteerId: string | null;
}

export interface DemoPlan {
	users: PlanUser[];
	volunteers: PlanVolunteer[];
	clients: PlanClient[];
	pairings: PlanPairing[];
	diaryEntries: PlanDiaryEntry[];
}

/** `Harju maakond` → `harju`, `Lääne-Viru maakond` → `laane-viru` (for e-mail addresses). */
export function countySlug(countyName: string): string {
	return countyName
		.replace(/\s+maakond$/i, '')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-');
}

function asciiSlug(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '');
}

/** Volunteer demo accounts: county → which active volunteers (by index) get a login. */
const VOLUNTEER_ACCOUNTS: Record<string, number[]> = {
	'Harju maakond': [0, 1],
	'Tartu maakond': [2, 0]
};

const MIN_DAY = (a: string, b: string) => (a < b ? a : b);
const MAX_DAY = (a: string, b: string) => (a > b ? a : b);

/**
 * The whole demo data set for `day` (yyyy-mm-dd, Europe/Tallinn). Pure and deterministic:
 * the same day and counties always give the same rows (ids come from `newId`).
 */
export function planDemoData(
	day: string,
	countyList: readonly DemoCountyInput[],
	newId: () => string = randomUUID
): DemoPlan {
	const plan: DemoPlan = { users: [], volunteers: [], clients: [], pairings: [], diaryEntries: [] };
	const usedCodes = new Set<string>();
	const top = new Random(SEED);
	plan.users.push(
		{
			id: newId(),
			email: DEMO_ADMIN_EMAIL,
			name: 'Mari Maasikas',
			role: 'admin',
			county: null,
			volunteerId: null
		},
		{
			id: newId(),
			email: DEMO_EXPERT_EMAIL,
			name: `${top.pick(NAMES.et.adult.male)} ${top.pick(NAMES.et.last)}`,
			role: 'expert',
			county: null,
			volunteerId: null
		}
	);

	for (const county of [...countyList].sort((a, b) => a.name.localeCompare(b.name, 'et'))) {
		planCounty(plan, county, day, new Random(SEED ^ hash32(county.name)), usedCodes, newId);
	}
	return plan;
}

function planCounty(
	plan: DemoPlan,
	county: DemoCountyInput,
	day: string,
	rng: Random,
	usedCodes: Set<string>,
	newId: () => string
): void {
	const slug = countySlug(county.name);
	const russianShare = RUSSIAN_SHARE[county.name] ?? 0.05;
	const usedNames = new Set<string>();

	const person = (generation: 'old' | 'adult', sex: Sex) => {
		for (;;) {
			const lang = rng.chance(russianShare) ? 'ru' : 'et';
			const firstName = rng.pick(NAMES[lang][generation][sex]);
			let lastName: string = rng.pick(NAMES[lang].last);
			if (lang === 'ru' && sex === 'female') lastName += 'a';
			const key = `${firstName} ${lastName}`;
			if (usedNames.has(key)) continue;
			usedNames.add(key);
			return { firstName, lastName };
		}
	};
	const municipality = () =>
		rng.chance(0.4) ? county.municipalities[0]! : rng.pick(county.municipalities);
	const birthDay = (fromYear: number, toYear: number) =>
		addDays(`${fromYear}-01-01`, rng.int(0, (toYear - fromYear) * 365));
	// Sequence numbers 900–999: a range that is seldom issued, so the demo codes are unlikely
	// to be anybody's real code.
	const code = (dateOfBirth: string, sex: Sex) => {
		for (;;) {
			const c = buildIsikukood(dateOfBirth, sex, rng.int(900, 999));
			if (usedCodes.has(c)) continue;
			usedCodes.add(c);
			return c;
		}
	};
	const mobile = () => `+372 5${rng.int(100, 999)} ${rng.int(1000, 9999)}`;
	const profile = (): Profile => {
		if (TRANSPORT_COUNTIES.has(county.name) && rng.chance(0.5)) return 'P3';
		return rng.pick(['P1', 'P1', 'P2', 'P2', 'P2', 'P3', 'P4'] as const);
	};

	// --- The coordinator -----------------------------------------------------------------------
	const coordinatorSex: Sex = rng.chance(0.8) ? 'female' : 'male';
	const coordinator = person('adult', coordinatorSex);
	plan.users.push({
		id: newId(),
		email: `koordinaator.${slug}@${DEMO_DOMAIN}`,
		name: `${coordinator.firstName} ${coordinator.lastName}`,
		role: 'coordinator',
		county: county.name,
		volunteerId: null
	});

	// --- Volunteers: active first, then paused, ended and candidates ---------------------------
	const volunteerCount = rng.int(6, 12);
	const candidates = rng.int(1, 2);
	const paused = volunteerCount >= 8 ? rng.int(0, 1) : 0;
	const ended = volunteerCount >= 9 ? 1 : 0;
	const activeCount = volunteerCount - candidates - paused - ended;
	const statuses: VolunteerStatus[] = [
		...Array<VolunteerStatus>(activeCount).fill('active'),
		...Array<VolunteerStatus>(paused).fill('paused'),
		...Array<VolunteerStatus>(ended).fill('ended'),
		...Array<VolunteerStatus>(candidates).fill('candidate')
	];
	const vols: PlanVolunteer[] = statuses.map((status) => {
		const sex: Sex = rng.chance(0.75) ? 'female' : 'male';
		const name = person('adult', sex);
		const dateOfBirth = birthDay(1950, 2004);
		return {
			id: newId(),
			county: county.name,
			municipality: municipality(),
			status,
			...name,
			email: `${asciiSlug(name.firstName)}.${asciiSlug(name.lastName)}@${DEMO_DOMAIN}`,
			phone: mobile(),
			isikukood: rng.chance(0.35) ? code(dateOfBirth, sex) : null,
			dateOfBirth,
			maxClients: rng.int(1, 2),
			createdOn:
				status === 'candidate' ? addDays(day, -rng.int(3, 40)) : addDays(day, -rng.int(420, 560)),
			profile: profile(),
			criminalRecordCheckedOn: null,
			contractSignedOn: null,
			baseTrainingCompletedOn: null,
			startedOn: null,
			endedOn: null,
			endReason: null
		};
	});
	const active = vols.filter((v) => v.status === 'active');
	const pausedVolunteer = vols.find((v) => v.status === 'paused');
	const endedVolunteer = vols.find((v) => v.status === 'ended');

	// --- Clients ---------------------------------------------------------------------------------
	const clientCount = rng.int(10, 20);
	const newClient = (status: ClientStatus, named = true): PlanClient => {
		const sex: Sex = rng.chance(0.7) ? 'female' : 'male';
		if (!named) {
			return {
				id: newId(),
				county: county.name,
				municipality: municipality(),
				status,
				firstName: null,
				lastName: null,
				isikukood: null,
				dateOfBirth: null,
				phone: null,
				notes: rng.pick(GENERAL_ENTRIES),
				createdOn: addDays(day, -rng.int(2, 90))
			};
		}
		const name = person('old', sex);
		const dateOfBirth = birthDay(1926, 1958);
		return {
			id: newId(),
			county: county.name,
			municipality: municipality(),
			status,
			...name,
			isikukood: rng.chance(0.3) ? code(dateOfBirth, sex) : null,
			dateOfBirth,
			phone: rng.chance(0.6) ? mobile() : null,
			notes: rng.pick(CLIENT_NEEDS),
			createdOn: addDays(day, -rng.int(5, 150))
		};
	};
	const countyClients: PlanClient[] = [];
	const countyPairings: PlanPairing[] = [];
	const pair = (
		client: PlanClient,
		volunteer: PlanVolunteer,
		startsOn: string,
		end?: { on: string; reason: string }
	) => {
		const p: PlanPairing = {
			id: newId(),
			clientId: client.id,
			volunteerId: volunteer.id,
			status: end ? 'ended' : 'active',
			startsOn,
			endsOn: end?.on ?? null,
			endReason: end?.reason ?? null
		};
		countyPairings.push(p);
		// Mapped some weeks before the first match.
		const mappedOn = addDays(startsOn, -rng.int(7, 60));
		if (mappedOn < client.createdOn) client.createdOn = mappedOn;
		return p;
	};

	// One volunteer with two clients at once (active[0]).
	active[0]!.maxClients = 2;
	for (let i = 0; i < 2; i++) {
		const c = newClient('paired');
		countyClients.push(c);
		pair(c, active[0]!, addDays(day, -rng.int(30, 300)));
	}

	// A client who had two volunteers in sequence: the first stepped back, active[1] took over
	// and sees the earlier history (R-ROLE-6).
	{
		const c = newClient('paired');
		countyClients.push(c);
		const stepped = pausedVolunteer ?? endedVolunteer;
		const first = stepped ?? active[active.length - 1]!;
		const startsOn = addDays(day, -rng.int(260, 400));
		const endsOn = addDays(day, -rng.int(70, 150));
		const reason = stepped
			? rng.pick(END_REASONS.volunteer)
			: 'Kliendi ja vabatahtliku ajad ei sobinud kokku; koordinaator leidis uue vabatahtliku.';
		pair(c, first, startsOn, { on: endsOn, reason });
		pair(c, active[1]!, addDays(endsOn, rng.int(5, 25)));
	}

	// A client who left the service; their volunteer (active[2]) now helps someone else.
	{
		const c = newClient('ended');
		countyClients.push(c);
		const startsOn = addDays(day, -rng.int(300, 420));
		const endsOn = addDays(day, -rng.int(40, 120));
		const reason = rng.pick(END_REASONS.client);
		pair(c, active[2]!, startsOn, { on: endsOn, reason });
		c.endedOn = endsOn;
		c.endReason = reason;
	}

	// The other active volunteers have one client each; the last one waits for a match.
	const reserve = 4; // at least this many clients stay waiting or mapped
	for (const v of active.slice(2, active.length > 4 ? -1 : undefined)) {
		if (countyClients.length >= clientCount - reserve) break;
		const c = newClient('paired');
		countyClients.push(c);
		const start =
			v === active[2]
				? addDays(day, -rng.int(10, 35)) // started after the previous client left
				: addDays(day, -rng.int(20, 400));
		pair(c, v, start);
	}

	// The paused volunteer's client waits for a new volunteer.
	if (pausedVolunteer && countyPairings.every((p) => p.volunteerId !== pausedVolunteer.id)) {
		const c = newClient('waiting');
		countyClients.push(c);
		const startsOn = addDays(day, -rng.int(150, 300));
		pair(c, pausedVolunteer, startsOn, {
			on: addDays(day, -rng.int(20, 60)),
			reason: 'Vabatahtlik võttis tervislikel põhjustel pausi.'
		});
	}

	// The rest: waiting for a volunteer, or still being mapped (some without a name yet).
	let general = 0;
	while (countyClients.length < clientCount) {
		const left = clientCount - countyClients.length;
		if (general < 2 && (left <= 2 || rng.chance(0.3))) {
			countyClients.push(newClient('mapped', false));
			general++;
		} else {
			countyClients.push(newClient(rng.chance(0.55) ? 'waiting' : 'mapped'));
		}
	}

	// Volunteers were recruited before their first pairing.
	for (const p of countyPairings) {
		const v = vols.find((x) => x.id === p.volunteerId)!;
		const recruited = addDays(p.startsOn, -rng.int(14, 60));
		if (recruited < v.createdOn) v.createdOn = recruited;
	}

	// Vetting as the rules ask (domain/volunteers.ts activationMissing): no random draws here,
	// so the rest of the data set is the same as before these fields existed.
	let candidateNo = 0;
	for (const v of vols) {
		const on = (days: number) => MIN_DAY(addDays(v.createdOn, days), day);
		if (v.status === 'candidate') {
			// In the pipeline: the first has the extract and the contract but no training yet,
			// the next only the extract.
			const n = candidateNo++;
			v.criminalRecordCheckedOn = on(2);
			v.contractSignedOn = n % 2 === 0 ? on(3) : null;
			continue;
		}
		v.criminalRecordCheckedOn = on(3);
		v.contractSignedOn = on(7);
		v.baseTrainingCompletedOn = on(10);
		v.startedOn = on(12);
		if (v.status === 'ended') {
			const own = countyPairings.filter((p) => p.volunteerId === v.id);
			const last = own.reduce<string>((m, p) => MAX_DAY(m, p.endsOn ?? day), v.startedOn);
			v.endedOn = MIN_DAY(last, day);
			v.endReason = 'Kolis teise maakonda.';
		}
	}

	// Consents: every client with a pairing that really began has signed one, uploaded after the
	// first meeting — except the newest client of the county (still due, or late when the 3rd
	// has passed) and, in about every other county, one more (late).
	const begun = countyPairings.filter((p) => p.status !== 'ended');
	const newest = [...begun].sort((a, b) => b.startsOn.localeCompare(a.startsOn))[0];
	const oldest = [...begun].sort((a, b) => a.startsOn.localeCompare(b.startsOn))[0];
	const withoutConsent = new Set([
		newest?.clientId,
		...(hash32(county.name) % 2 === 1 && oldest && oldest.clientId !== newest?.clientId
			? [oldest.clientId]
			: [])
	]);
	for (const c of countyClients) {
		const first = countyPairings
			.filter((p) => p.clientId === c.id)
			.reduce<string | null>((m, p) => (m === null || p.startsOn < m ? p.startsOn : m), null);
		if (first === null || withoutConsent.has(c.id)) continue;
		c.consentGivenOn = first;
		c.consentDocument = true;
	}

	// --- Diary entries: only inside each pairing's window, never today or later ---------------
	const lastDay = addDays(day, -1);
	const windowStart = addDays(day, -DIARY_DAYS);
	for (const p of countyPairings) {
		const v = vols.find((x) => x.id === p.volunteerId)!;
		const from = MAX_DAY(p.startsOn, windowStart);
		const until = p.endsOn ? MIN_DAY(addDays(p.endsOn, -1), lastDay) : lastDay;
		const [gapMin, gapMax] = rng.pick([
			[3, 5],
			[5, 9],
			[6, 10],
			[9, 16]
		] as const);
		for (
			let d = addDays(from, rng.int(0, 4));
			d <= until;
			d = addDays(d, rng.int(gapMin, gapMax))
		) {
			// The same draws as before kinds and profiles were recorded: the ferry trips on
			// Hiiumaa, otherwise mostly the volunteer's own profile.
			const ferry = county.name === 'Hiiu maakond' && rng.chance(0.2);
			const profile: Profile = ferry ? 'P3' : rng.chance(0.7) ? v.profile : 'P2';
			const texts = ferry ? HIIU_TEXTS : DIARY_TEXTS[profile];
			const t = rng.pick(texts);
			const minutes = Math.round(rng.int(t.minutes[0], t.minutes[1]) / 15) * 15;
			plan.diaryEntries.push({
				id: newId(),
				clientId: p.clientId,
				pairingId: p.id,
				volunteerId: p.volunteerId,
				contactDate: d,
				contactKind: profile === 'P3' ? 'outing' : 'home_visit',
				helpProfiles: [profile],
				durationMinutes: Math.min(180, Math.max(30, minutes)),
				description: t.text
			});
		}
	}

	// --- Volunteer accounts (Harju, Tartu) -------------------------------------------------------
	(VOLUNTEER_ACCOUNTS[county.name] ?? []).forEach((index, n) => {
		const v = active[index]!;
		v.email = `vabatahtlik.${slug}${n + 1}@${DEMO_DOMAIN}`;
		plan.users.push({
			id: newId(),
			email: v.email,
			name: `${v.firstName} ${v.lastName}`,
			role: 'volunteer',
			county: null,
			volunteerId: v.id
		});
	});

	plan.volunteers.push(...vols);
	plan.clients.push(...countyClients);
	plan.pairings.push(...countyPairings);
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/** Late morning of `day` (09:00 UTC), shifted by `minutes`, for created-at stamps. */
function stamp(day: string, minutes = 0): Date {
	return new Date(Date.parse(`${day}T09:00:00Z`) + minutes * 60_000);
}

async function insertInChunks<T>(
	rows: readonly T[],
	insert: (chunk: T[]) => Promise<unknown>,
	size = 500
): Promise<void> {
	for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export interface DemoCounts {
	users: number;
	volunteers: number;
	clients: number;
	pairings: number;
	diaryEntries: number;
}

/**
 * Plans the demo data for `day` from the database's counties and writes it in `tx`; every demo
 * account gets `passwordHash`. Writes below the policy layer (seeding is not a user's action).
 */
export async function writeDemoData(
	tx: Tx,
	day: string,
	passwordHash: string,
	/** Where the consent scans go (the app's file store); none without it. */
	files?: FileStore
): Promise<DemoCounts> {
	const countyRows = await tx.select().from(counties).orderBy(asc(counties.name));
	const muniRows = await tx
		.select()
		.from(municipalities)
		.orderBy(asc(municipalities.sortOrder), asc(municipalities.name));
	const countyId = new Map(countyRows.map((c) => [c.name, c.id]));
	const muniId = new Map(muniRows.map((m) => [`${m.countyId}/${m.name}`, m.id]));
	const plan = planDemoData(
		day,
		countyRows.map((c) => ({
			name: c.name,
			municipalities: muniRows.filter((m) => m.countyId === c.id).map((m) => m.name)
		}))
	);
	const cid = (name: string) => countyId.get(name)!;
	const mid = (county: string, name: string | null) =>
		name === null ? null : (muniId.get(`${cid(county)}/${name}`) ?? null);

	const admin = plan.users.find((u) => u.role === 'admin')!;
	const coordinatorOf = new Map(
		plan.users.filter((u) => u.role === 'coordinator').map((u) => [u.county!, u.id])
	);
	const accountOf = new Map(
		plan.users.filter((u) => u.volunteerId).map((u) => [u.volunteerId!, u.id])
	);
	const createdStamp = stamp(addDays(day, -600));

	await tx.insert(users).values(
		plan.users.map((u) => ({
			id: u.id,
			email: u.email,
			name: u.name,
			passwordHash,
			status: 'active' as const,
			createdAt: createdStamp,
			updatedAt: createdStamp
		}))
	);
	await insertInChunks(plan.volunteers, (chunk) =>
		tx.insert(volunteers).values(
			chunk.map((v) => ({
				id: v.id,
				countyId: cid(v.county),
				municipalityId: mid(v.county, v.municipality),
				status: v.status,
				firstName: v.firstName,
				lastName: v.lastName,
				email: v.email,
				phone: v.phone,
				isikukood: v.isikukood,
				dateOfBirth: v.dateOfBirth,
				maxClients: v.maxClients,
				criminalRecordCheckedOn: v.criminalRecordCheckedOn,
				criminalRecordCheckedBy: v.criminalRecordCheckedOn
					? (coordinatorOf.get(v.county) ?? null)
					: null,
				contractSignedOn: v.contractSignedOn,
				// The hand-signed original reached the office a few days after signing.
				contractHasPaperOriginal: v.contractSignedOn !== null,
				contractOriginalReceivedOn: v.contractSignedOn
					? MIN_DAY(addDays(v.contractSignedOn, 4), day)
					: null,
				baseTrainingCompletedOn: v.baseTrainingCompletedOn,
				startedOn: v.startedOn,
				endedOn: v.endedOn,
				endReason: v.endReason,
				createdBy: coordinatorOf.get(v.county) ?? null,
				createdAt: stamp(v.createdOn, 30),
				updatedAt: stamp(v.createdOn, 30)
			}))
		)
	);
	// Grants after the volunteers (volunteer grants reference them).
	await tx.insert(roleGrants).values(
		plan.users.map((u) => ({
			userId: u.id,
			role: u.role,
			countyId: u.county ? cid(u.county) : null,
			volunteerId: u.volunteerId,
			grantedBy: u.id === admin.id ? null : admin.id,
			createdAt: createdStamp
		}))
	);
	await insertInChunks(plan.clients, (chunk) =>
		tx.insert(clients).values(
			chunk.map((c) => ({
				id: c.id,
				countyId: cid(c.county),
				municipalityId: mid(c.county, c.municipality),
				status: c.status,
				firstName: c.firstName,
				lastName: c.lastName,
				isikukood: c.isikukood,
				dateOfBirth: c.dateOfBirth,
				phone: c.phone,
				notes: c.notes,
				consentGivenOn: c.consentGivenOn ?? null,
				mappedOn: c.createdOn,
				waitingSince: c.status === 'waiting' ? c.createdOn : null,
				endedOn: c.endedOn ?? null,
				endReason: c.endReason ?? null,
				createdBy: coordinatorOf.get(c.county) ?? null,
				createdAt: stamp(c.createdOn, 60),
				updatedAt: stamp(c.createdOn, 60)
			}))
		)
	);
	const countyOfClient = new Map(plan.clients.map((c) => [c.id, c.county]));
	await insertInChunks(plan.pairings, (chunk) =>
		tx.insert(pairings).values(
			chunk.map((p) => ({
				id: p.id,
				clientId: p.clientId,
				volunteerId: p.volunteerId,
				status: p.status,
				startsOn: p.startsOn,
				endsOn: p.endsOn,
				endReason: p.endReason,
				createdBy: coordinatorOf.get(countyOfClient.get(p.clientId)!) ?? null,
				createdAt: stamp(p.startsOn, -60),
				updatedAt: stamp(p.endsOn ?? p.startsOn, -60)
			}))
		)
	);
	await insertInChunks(plan.diaryEntries, (chunk) =>
		tx.insert(diaryEntries).values(
			chunk.map((e) => {
				// Volunteers with an account write their own entries; the others keep a paper
				// diary that the coordinator enters (R-PAIR-8), a few days later.
				const author = accountOf.get(e.volunteerId);
				const createdAt = author
					? stamp(e.contactDate, 600)
					: stamp(MIN_DAY(addDays(e.contactDate, 3), day), 0);
				return {
					id: e.id,
					clientId: e.clientId,
					countyId: cid(countyOfClient.get(e.clientId)!),
					pairingId: e.pairingId,
					volunteerId: e.volunteerId,
					contactDate: e.contactDate,
					contactKind: e.contactKind,
					helpProfiles: e.helpProfiles,
					durationMinutes: e.durationMinutes,
					description: e.description,
					createdBy: author ?? coordinatorOf.get(countyOfClient.get(e.clientId)!) ?? null,
					createdAt,
					updatedAt: createdAt
				};
			})
		)
	);
	// The signed consents' scans: one small PDF, stored once per document (its own key), rows
	// as the documents service writes them. Without a file store (a plan written for
	// measurements) there are none, and those clients show as due or late.
	const consenting = files ? plan.clients.filter((c) => c.consentDocument) : [];
	if (files && consenting.length > 0) {
		const bytes = consentPdf();
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		const rows = [];
		for (const c of consenting) {
			const storageKey = newStorageKey('documents', stamp(day));
			await files.put(storageKey, bytes, 'application/pdf');
			const uploadedOn = MIN_DAY(addDays(c.consentGivenOn!, 2), day);
			rows.push({
				countyId: cid(c.county),
				kind: 'consent' as const,
				clientId: c.id,
				fileName: 'nousolek.pdf',
				mediaType: 'application/pdf',
				sizeBytes: bytes.byteLength,
				sha256,
				storageKey,
				uploadedBy: coordinatorOf.get(c.county) ?? null,
				uploadedAt: stamp(uploadedOn, 120)
			});
		}
		await insertInChunks(rows, (chunk) => tx.insert(documents).values(chunk));
	}
	// Trainings, support log and partner meetings (issue 22, services/programme/demo.ts).
	await writeProgrammeDemo(tx, {
		day,
		counties: countyRows.map((c) => ({ name: c.name, id: c.id })),
		volunteers: plan.volunteers.map((v) => ({
			id: v.id,
			county: v.county,
			status: v.status,
			hasAccount: accountOf.has(v.id)
		})),
		coordinatorOf,
		adminId: admin.id
	});
	// Experience stories: one published on /lood, one draft (services/stories/demo.ts).
	const storyCounty = countyRows[0];
	await writeStoriesDemo(tx, {
		day,
		county: storyCounty,
		volunteerId: plan.volunteers.find(
			(v) => v.county === storyCounty?.name && v.status === 'active'
		)?.id,
		coordinatorId: (storyCounty && coordinatorOf.get(storyCounty.name)) ?? null
	});
	// Good-will agreements and a paper diary's months (services/pairings/paper-demo.ts).
	const consentedClients = new Set(plan.clients.filter((c) => c.consentDocument).map((c) => c.id));
	await writePaperDemo(tx, {
		day,
		files,
		pdf: consentPdf(),
		pairings: plan.pairings.map((p) => ({
			id: p.id,
			clientId: p.clientId,
			countyId: cid(countyOfClient.get(p.clientId)!),
			status: p.status,
			startsOn: p.startsOn,
			paperDiary:
				countyOfClient.get(p.clientId) === countyRows[0]?.name && !accountOf.has(p.volunteerId),
			consented: consentedClients.has(p.clientId)
		})),
		coordinatorOf: (countyId) =>
			coordinatorOf.get(countyRows.find((c) => c.id === countyId)?.name ?? '') ?? null
	});
	// Retention: consents of a client and a volunteer, and a legal hold (services/retention/demo.ts).
	await writeRetentionDemo(tx, {
		day,
		countyId: storyCounty?.id,
		clientIds: plan.clients
			.filter((c) => c.county === storyCounty?.name && c.status !== 'anonymised' && c.firstName)
			.slice(0, 2)
			.map((c) => c.id),
		volunteerIds: plan.volunteers
			.filter((v) => v.county === storyCounty?.name && v.status === 'active')
			.slice(0, 1)
			.map((v) => v.id),
		coordinatorId: (storyCounty && coordinatorOf.get(storyCounty.name)) ?? null,
		adminId: admin.id
	});
	// Recruitment channels and the intake inbox (issue 22, R-VOL-1, R-MAP-3).
	const storyCoordinator = (storyCounty && coordinatorOf.get(storyCounty.name)) ?? null;
	await writeChannelsDemo(tx, {
		day,
		county: storyCounty,
		municipalityId: null,
		coordinatorId: storyCoordinator
	});
	await writeIntakeDemo(tx, { day, county: storyCounty, coordinatorId: storyCoordinator });
	const result = {
		users: plan.users.length,
		volunteers: plan.volunteers.length,
		clients: plan.clients.length,
		pairings: plan.pairings.length,
		diaryEntries: plan.diaryEntries.length
	};
	return result;
}

/** A one-page PDF saying it stands for a signed consent (the demo has no real scans). */
function consentPdf(): Uint8Array {
	const content = 'BT /F1 14 Tf 30 120 Td (Demo: allkirjastatud nousolek / signed consent) Tj ET';
	const body = [
		'%PDF-1.4',
		'1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj',
		'2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj',
		'3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 420 200]/Contents 4 0 R>> endobj',
		`4 0 obj <</Length ${content.length}>> stream`,
		content,
		'endstream endobj',
		'trailer <</Root 1 0 R>>',
		'%%EOF',
		''
	].join('\n');
	return new TextEncoder().encode(body);
}
