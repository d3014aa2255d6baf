import { addDays } from '../domain/dates';
import { daysBetween } from '../domain/deadlines';
import { ageGroup, apportion } from '../domain/periods';
import { buildIsikukood } from '../domain/isikukood';
import { addMonths } from '../domain/surveys';
import type {
	ContactKind,
	EducationLevel,
	EmploymentStatus,
	HelpProfile,
	Language,
	LivingSituation
} from '../domain/vocabulary';
import { Ids, Random, hash32 } from './random';
import {
	CALL_TEXTS,
	CARE_HOME_TEXTS,
	CLIENT_NEEDS,
	DIARY_TEXTS,
	END_REASONS,
	GENERAL_ENTRIES,
	HIIU_TEXTS,
	NAMES,
	RUSSIAN_SHARE,
	TRANSPORT_COUNTIES,
	TRIP_PLACES,
	TRIP_PURPOSES,
	type Sex
} from './content';
import { countyWeight, type ProfileSpec } from './profiles';

/**
 * The pure plan of a generated data set (no I/O): people and pairings as rows, then the diary
 * entries and trips streamed pairing by pairing, so a national data set (2,000,000 entries)
 * never sits in memory at once. Deterministic: the same spec, seed and reference data give the
 * same rows, ids included.
 *
 * Exact totals: every volunteer gets at least one pairing, every pairing at least one contact,
 * the contacts are apportioned over the pairings (largest remainder) and, for the pilot, the
 * durations are scaled and then nudged in 5-minute steps so they add up to the reported hours.
 */

export interface CountyInput {
	id: string;
	name: string;
	/** In the county's own order; the first is the county centre. */
	municipalities: { id: string; name: string; kind: 'linn' | 'vald' }[];
}

export interface GVolunteer {
	id: string;
	countyId: string;
	countyName: string;
	municipalityId: string;
	municipalityName: string;
	status: 'candidate' | 'active' | 'ended';
	firstName: string;
	lastName: string;
	email: string;
	phone: string;
	isikukood: string | null;
	dateOfBirth: string;
	gender: Sex;
	languages: Language[];
	maxClients: number;
	profile: HelpProfile;
	profilesOffered: HelpProfile[];
	hasCar: boolean;
	employment: EmploymentStatus;
	education: EducationLevel;
	startedOn: string | null;
	endedOn: string | null;
	endReason: string | null;
	createdOn: string;
}

export interface GClient {
	id: string;
	countyId: string;
	countyName: string;
	municipalityId: string;
	municipalityName: string;
	status: 'mapped' | 'waiting' | 'paired' | 'ended' | 'anonymised';
	firstName: string | null;
	lastName: string | null;
	isikukood: string | null;
	dateOfBirth: string | null;
	gender: Sex;
	languages: Language[];
	phone: string | null;
	livingSituation: LivingSituation;
	profilesWanted: HelpProfile[];
	situation: string;
	mappedOn: string;
	waitingSince: string | null;
	consentGivenOn: string | null;
	endedOn: string | null;
	endReason: string | null;
	ageGroup: string | null;
	anonymisedOn: string | null;
	/** Natural length of the client's need, in days (planning only). */
	need: number;
}

export interface GPairing {
	id: string;
	index: number;
	client: GClient;
	volunteer: GVolunteer;
	startsOn: string;
	/** Exclusive; null while running. */
	endsOn: string | null;
	status: 'active' | 'ended';
	endReason: string | null;
	/** Contacts per week, roughly. */
	frequency: number;
	usesCar: boolean;
	/** Apportioned number of contacts. */
	contacts: number;
}

export interface GEntry {
	id: string;
	clientId: string;
	/** The client's county (diary_entry.county_id). */
	countyId: string;
	pairingId: string;
	volunteerId: string;
	contactDate: string;
	contactKind: ContactKind;
	helpProfiles: HelpProfile[];
	durationMinutes: number;
	description: string;
	fromPaper: boolean;
	createdAt: Date;
}

export interface GTrip {
	id: string;
	volunteerId: string;
	clientId: string;
	pairingId: string;
	municipalityId: string;
	tripDate: string;
	fromPlace: string;
	toPlace: string;
	purpose: string;
	kilometres: string;
	createdAt: Date;
}

export interface GSurvey {
	id: string;
	clientId: string;
	pairingId: string | null;
	conductedOn: string;
	answers: Record<string, number | string>;
	lonelinessScore: number;
	onPaper: boolean;
	paperDestroyDueOn: string | null;
	paperDestroyedOn: string | null;
	enteredAt: Date;
}

export interface GOutcome {
	id: string;
	countyId: string;
	decidedOn: string;
	outcome: 'selected' | 'not_selected';
}

export interface Plan {
	spec: ProfileSpec;
	seed: number;
	volunteers: GVolunteer[];
	clients: GClient[];
	pairings: GPairing[];
	surveys: GSurvey[];
	outcomes: GOutcome[];
	/** Probability that a contact of a pairing with a car has a trip in the mileage log. */
	tripShare: number;
}

const MIN = (a: string, b: string) => (a < b ? a : b);
const MAX = (a: string, b: string) => (a > b ? a : b);

/** Stamps: a Tallinn day at a given hour (UTC+2/+3: 06:00–18:00 UTC stays on the same day). */
export function stampOf(day: string, hourUtc: number, minute = 0): Date {
	return new Date(
		`${day}T${String(hourUtc).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`
	);
}

function asciiSlug(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '');
}

/** Fewer new pairings and visits in July and around Christmas. */
function season(month: number): number {
	return [1.05, 1.05, 1.05, 1.0, 1.0, 0.9, 0.7, 0.85, 1.05, 1.05, 1.05, 0.8][month - 1]!;
}

/** Share of phone calls: higher while visits were restricted (spring 2020, winter 2020/21). */
function callShare(day: string): number {
	if (day >= '2020-03-16' && day <= '2020-05-31') return 0.7;
	if (day >= '2020-11-20' && day <= '2021-02-28') return 0.35;
	return 0.08;
}

interface Person {
	firstName: string;
	lastName: string;
	languages: Language[];
}

function personMaker(rng: Random, countyName: string) {
	const russianShare = RUSSIAN_SHARE[countyName] ?? 0.05;
	return (generation: 'old' | 'adult', sex: Sex): Person => {
		const lang = rng.chance(russianShare) ? 'ru' : 'et';
		const firstName = rng.pick(NAMES[lang][generation][sex]);
		let lastName: string = rng.pick(NAMES[lang].last);
		if (lang === 'ru' && sex === 'female') lastName += 'a';
		const languages: Language[] =
			lang === 'ru' ? (rng.chance(0.4) ? ['ru', 'et'] : ['ru']) : ['et'];
		if (lang === 'et' && generation === 'old' && rng.chance(0.15)) languages.push('ru');
		return { firstName, lastName, languages };
	};
}

/** Builds the people, pairings and surveys; entries and trips are streamed by `entriesOf`. */
export function buildPlan(
	spec: ProfileSpec,
	countyList: readonly CountyInput[],
	seed: number
): Plan {
	const chosen = [...countyList]
		.filter((c) => spec.counties === null || spec.counties.includes(c.name))
		.sort((a, b) => a.name.localeCompare(b.name, 'et'));
	if (chosen.length === 0) throw new Error('no county to generate data for');
	const weights = chosen.map((c) => countyWeight(c.name));
	const volunteersBy = apportion(spec.volunteers, weights, 1);
	const clientsBy = apportion(spec.clients, weights, 1).map((n, i) =>
		Math.max(n, volunteersBy[i]!)
	);
	// Keep the total exact after the floor above.
	let excess = clientsBy.reduce((s, n) => s + n, 0) - spec.clients;
	for (let i = clientsBy.length - 1; excess > 0 && i >= 0; i--) {
		const room = clientsBy[i]! - volunteersBy[i]!;
		const take = Math.min(room, excess);
		clientsBy[i]! -= take;
		excess -= take;
	}
	if (excess > 0) throw new Error('more volunteers than clients');
	const waitingBy = apportion(spec.waitingNeverPaired, weights);
	const mappedBy = apportion(spec.mappedOnly, weights);
	const candidatesBy = apportion(spec.candidates, weights);

	const plan: Plan = {
		spec,
		seed,
		volunteers: [],
		clients: [],
		pairings: [],
		surveys: [],
		outcomes: [],
		tripShare: 0
	};
	const ids = new Ids(seed, 'records');
	const usedCodes = new Set<string>();
	chosen.forEach((county, i) => {
		planCounty(plan, county, {
			volunteers: volunteersBy[i]!,
			clients: clientsBy[i]!,
			waiting: waitingBy[i]!,
			mapped: mappedBy[i]!,
			candidates: candidatesBy[i]!,
			rng: Random.derive(seed, county.name),
			ids,
			usedCodes
		});
	});
	plan.pairings.forEach((p, i) => (p.index = i));

	// Contacts over the pairings, in proportion to how long and how often they met.
	const end1 = addDays(spec.end, 1);
	const contactWeights = plan.pairings.map((p) => {
		const days = daysBetween(p.startsOn, MIN(p.endsOn ?? end1, end1));
		return Math.max(1, days) * p.frequency;
	});
	const contacts = apportion(spec.contacts, contactWeights, 1);
	plan.pairings.forEach((p, i) => (p.contacts = contacts[i]!));

	// Trips: a share of the contacts of pairings with a car, so the total comes near the target.
	const carContacts = plan.pairings.reduce((s, p) => s + (p.usesCar ? p.contacts : 0), 0);
	plan.tripShare =
		spec.trips === null ? 0.9 : Math.min(1, spec.trips / Math.max(1, carContacts * 0.92));

	planSurveys(plan, ids);
	return plan;
}

interface CountyCounts {
	volunteers: number;
	clients: number;
	waiting: number;
	mapped: number;
	candidates: number;
	rng: Random;
	ids: Ids;
	usedCodes: Set<string>;
}

function planCounty(plan: Plan, county: CountyInput, n: CountyCounts): void {
	const { spec } = plan;
	const { rng, ids, usedCodes } = n;
	const person = personMaker(rng, county.name);
	const span = daysBetween(spec.start, spec.end);
	const end1 = addDays(spec.end, 1);
	const transport = TRANSPORT_COUNTIES.has(county.name);
	const municipality = () =>
		rng.chance(0.4) ? county.municipalities[0]! : rng.pick(county.municipalities);
	const birthDay = (fromYear: number, toYear: number) =>
		addDays(`${fromYear}-01-01`, rng.int(0, (toYear - fromYear) * 365));
	const code = (dateOfBirth: string, sex: Sex) => {
		for (let tries = 0; tries < 5; tries++) {
			const c = buildIsikukood(dateOfBirth, sex, rng.int(900, 999));
			if (usedCodes.has(c)) continue;
			usedCodes.add(c);
			return c;
		}
		return null;
	};
	const mobile = () => `+372 5${rng.int(100, 999)} ${rng.int(1000, 9999)}`;
	const mainProfile = (): HelpProfile =>
		transport && rng.chance(0.45)
			? 'P3'
			: rng.weighted([
					['P1', 30],
					['P2', 42],
					['P3', 18],
					['P4', 10]
				] as const);

	// --- Volunteers ---------------------------------------------------------------------------
	const slug = asciiSlug(county.name.replace(/ maakond$/, ''));
	const volunteers: GVolunteer[] = [];
	const newVolunteer = (status: GVolunteer['status'], startedOn: string | null): GVolunteer => {
		const sex: Sex = rng.chance(0.8) ? 'female' : 'male';
		const p = person('adult', sex);
		const dateOfBirth = birthDay(1948, 2004);
		const born = Number(dateOfBirth.slice(0, 4));
		const profile = mainProfile();
		const employment: EmploymentStatus =
			born < 1961
				? 'retired'
				: born > 1999 && rng.chance(0.5)
					? 'student'
					: rng.weighted([
							['employed', 60],
							['self_employed', 10],
							['unemployed', 10],
							['inactive', 20]
						] as const);
		const m = municipality();
		const id = ids.next();
		return {
			id,
			countyId: county.id,
			countyName: county.name,
			municipalityId: m.id,
			municipalityName: m.name,
			status,
			firstName: p.firstName,
			lastName: p.lastName,
			email: `${asciiSlug(p.firstName)}.${asciiSlug(p.lastName)}.${id.slice(0, 4)}@${slug}.seltsiline.invalid`,
			phone: mobile(),
			isikukood: rng.chance(0.35) ? code(dateOfBirth, sex) : null,
			dateOfBirth,
			gender: sex,
			languages: p.languages,
			maxClients: rng.weighted([
				[1, 55],
				[2, 35],
				[3, 10]
			] as const),
			profile,
			profilesOffered:
				profile === 'P2' || rng.chance(0.5) ? [profile] : ([profile, 'P2'] as HelpProfile[]).sort(),
			hasCar: profile === 'P3' || rng.chance(0.4),
			employment,
			education: rng.weighted([
				['isced_0_2', 12],
				['isced_3_4', 48],
				['isced_5_8', 40]
			] as const),
			startedOn,
			endedOn: null,
			endReason: null,
			createdOn: startedOn
				? addDays(startedOn, -rng.int(14, 45))
				: addDays(spec.end, -rng.int(2, 40))
		};
	};
	for (let i = 0; i < n.volunteers; i++) {
		// Recruitment is front-loaded: most volunteers start early in the period.
		const pos = Math.floor(Math.pow(rng.float(), 1.6) * Math.max(1, span - 45));
		const v = newVolunteer('active', addDays(spec.start, pos));
		if (rng.chance(0.22)) {
			const leaves = addDays(v.startedOn!, rng.int(90, 480));
			if (leaves < addDays(spec.end, -14)) {
				v.endedOn = leaves;
				v.status = 'ended';
				v.endReason = rng.pick(END_REASONS.volunteer);
			}
		}
		volunteers.push(v);
	}
	volunteers.sort((a, b) =>
		a.startedOn! < b.startedOn! ? -1 : a.startedOn! > b.startedOn! ? 1 : 0
	);
	for (let i = 0; i < n.candidates; i++) volunteers.push(newVolunteer('candidate', null));

	// --- Clients and their first pairing ------------------------------------------------------
	const clients: GClient[] = [];
	const newClient = (named = true): GClient => {
		const sex: Sex = rng.chance(0.72) ? 'female' : 'male';
		const p = person('old', sex);
		const dateOfBirth = birthDay(1922, 1960);
		const m = municipality();
		const living: LivingSituation = rng.weighted([
			['alone', 62],
			['with_family', 14],
			['care_home', 19],
			['other', 5]
		] as const);
		const wanted = mainProfile();
		return {
			id: ids.next(),
			countyId: county.id,
			countyName: county.name,
			municipalityId: m.id,
			municipalityName: m.name,
			status: 'mapped',
			firstName: named ? p.firstName : null,
			lastName: named ? p.lastName : null,
			isikukood: named && rng.chance(0.3) ? code(dateOfBirth, sex) : null,
			dateOfBirth: named ? dateOfBirth : null,
			gender: sex,
			languages: p.languages,
			phone: named && rng.chance(0.6) ? mobile() : null,
			livingSituation: living,
			profilesWanted: wanted === 'P2' ? ['P2'] : ([wanted, 'P2'] as HelpProfile[]).sort(),
			situation: named ? rng.pick(CLIENT_NEEDS) : rng.pick(GENERAL_ENTRIES),
			mappedOn: spec.start,
			waitingSince: null,
			consentGivenOn: null,
			endedOn: null,
			endReason: null,
			ageGroup: ageGroup(dateOfBirth, spec.end),
			anonymisedOn: null,
			need: rng.chance(0.6) ? rng.int(180, 900) : rng.int(30, 240)
		};
	};

	const active = volunteers.filter((v) => v.status !== 'candidate');
	const pairings: GPairing[] = [];
	const load = new Map<string, { from: string; to: string }[]>();
	const loadOn = (v: GVolunteer, day: string) =>
		(load.get(v.id) ?? []).filter((w) => w.from <= day && day < w.to).length;
	const canTake = (v: GVolunteer, day: string) =>
		v.startedOn! <= day &&
		(v.endedOn === null || v.endedOn > addDays(day, 30)) &&
		loadOn(v, day) < v.maxClients;
	const pickVolunteer = (
		day: string,
		wanted: HelpProfile[],
		not?: GVolunteer
	): GVolunteer | null => {
		let fallback: GVolunteer | null = null;
		for (let tries = 0; tries < 40; tries++) {
			const v = rng.pick(active);
			if (v === not || !canTake(v, day)) continue;
			if (wanted.includes(v.profile)) return v;
			fallback ??= v;
		}
		if (fallback) return fallback;
		// Everyone sampled was busy: the least loaded volunteer who has started and not left.
		let best: GVolunteer | null = null;
		for (const v of active) {
			if (v === not || v.startedOn! > day || (v.endedOn !== null && v.endedOn <= addDays(day, 7)))
				continue;
			if (!best || loadOn(v, day) < loadOn(best, day)) best = v;
		}
		return best;
	};

	const addPairing = (client: GClient, volunteer: GVolunteer, startsOn: string): GPairing => {
		// The pairing lasts as long as the client needs, unless the volunteer leaves first.
		const natural = addDays(startsOn, Math.max(14, client.need));
		const volunteerLeaves = volunteer.endedOn !== null && volunteer.endedOn < natural;
		let endsOn: string | null = volunteerLeaves ? volunteer.endedOn : natural;
		let endReason: string | null = volunteerLeaves
			? rng.pick(END_REASONS.volunteer)
			: rng.pick(END_REASONS.client);
		if (endsOn! <= startsOn) endsOn = addDays(startsOn, 7);
		if (endsOn! > spec.end) {
			if (spec.closeAtEnd) {
				endsOn = end1;
				endReason = 'Pilootprojekt lõppes.';
			} else {
				endsOn = null;
				endReason = null;
			}
		}
		const p: GPairing = {
			id: ids.next(),
			index: 0,
			client,
			volunteer,
			startsOn,
			endsOn,
			status: endsOn === null ? 'active' : 'ended',
			endReason,
			frequency: rng.weighted([
				[1.8, 10],
				[1.0, 35],
				[0.55, 40],
				[0.4, 15]
			] as const),
			usesCar:
				volunteer.hasCar &&
				(volunteer.profile === 'P3' ||
					volunteer.municipalityId !== client.municipalityId ||
					rng.chance(0.3)),
			contacts: 0
		};
		pairings.push(p);
		const spans = load.get(volunteer.id) ?? [];
		spans.push({ from: startsOn, to: endsOn ?? '9999-12-31' });
		load.set(volunteer.id, spans);
		return p;
	};

	// Every volunteer starts with a client who was waiting for them; the other clients' first
	// pairings fall through the period (fewer in July and December).
	const firstStarts: { client: GClient; day: string; volunteer: GVolunteer | null }[] = [];
	for (const v of active) {
		const day = MIN(addDays(v.startedOn!, rng.int(5, 30)), addDays(spec.end, -7));
		firstStarts.push({ client: newClient(), day, volunteer: v });
	}
	for (let i = active.length; i < n.clients; i++) {
		let day: string;
		for (;;) {
			day = addDays(spec.start, rng.int(14, Math.max(14, span - 7)));
			if (rng.float() < season(Number(day.slice(5, 7)))) break;
		}
		firstStarts.push({ client: newClient(), day, volunteer: null });
	}
	firstStarts.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
	for (const f of firstStarts) {
		const c = f.client;
		const v = f.volunteer ?? pickVolunteer(f.day, c.profilesWanted) ?? active[0]!;
		// Mapped some days to months before (the median wait is about a month).
		c.mappedOn = MAX(
			addDays(f.day, -Math.round(5 + Math.pow(rng.float(), 2) * 110)),
			addDays(spec.start, -60)
		);
		c.waitingSince = MIN(addDays(c.mappedOn, rng.int(0, 10)), f.day);
		c.consentGivenOn = f.day;
		const first = addPairing(c, v, f.day);
		clients.push(c);
		let last = first;
		// The volunteer stepped back while the client still needed company: a new volunteer
		// after a wait, if one can be found in time; otherwise the client waits.
		if (
			first.endsOn &&
			first.endReason &&
			END_REASONS.volunteer.includes(first.endReason as never)
		) {
			const restart = addDays(first.endsOn, rng.int(7, 60));
			const remaining = c.need - daysBetween(first.startsOn, first.endsOn);
			const next =
				restart <= addDays(spec.end, -7) ? pickVolunteer(restart, c.profilesWanted, v) : null;
			if (next && remaining > 14) {
				c.need = remaining;
				last = addPairing(c, next, restart);
			} else if (remaining > 14) {
				c.status = 'waiting';
				c.waitingSince = first.endsOn;
				continue;
			}
		}
		if (last.endsOn === null) c.status = 'paired';
		else if (spec.closeAtEnd && last.endsOn === end1) {
			c.status = 'ended';
			c.endedOn = end1;
			c.endReason = last.endReason;
		} else {
			c.status = 'ended';
			c.endedOn = last.endsOn;
			c.endReason = last.endReason;
			// A few clients who left asked for their data to be made anonymous (R-PAIR-5).
			const anonymisedOn = addDays(last.endsOn, rng.int(20, 200));
			if (rng.chance(0.04) && anonymisedOn <= spec.end) {
				c.status = 'anonymised';
				c.anonymisedOn = anonymisedOn;
				c.firstName = null;
				c.lastName = null;
				c.isikukood = null;
				c.dateOfBirth = null;
				c.phone = null;
				c.situation = '';
			}
		}
	}

	// --- Clients who never got a volunteer: waiting, or only mapped -------------------------
	for (let i = 0; i < n.waiting; i++) {
		const c = newClient();
		c.mappedOn = addDays(spec.end, -rng.int(10, 150));
		c.waitingSince = MIN(addDays(c.mappedOn, rng.int(0, 20)), spec.end);
		c.status = 'waiting';
		clients.push(c);
	}
	for (let i = 0; i < n.mapped; i++) {
		const c = newClient(rng.chance(0.7));
		c.mappedOn = addDays(spec.end, -rng.int(1, 60));
		clients.push(c);
	}

	// --- Recruitment outcomes (R-VOL-6): the selected, and about one in four not selected ----
	for (const v of active) {
		plan.outcomes.push({
			id: ids.next(),
			countyId: county.id,
			decidedOn: MAX(addDays(v.startedOn!, -rng.int(3, 20)), spec.start),
			outcome: 'selected'
		});
	}
	const notSelected = Math.round(active.length * 0.25);
	for (let i = 0; i < notSelected; i++) {
		plan.outcomes.push({
			id: ids.next(),
			countyId: county.id,
			decidedOn: addDays(spec.start, rng.int(0, span)),
			outcome: 'not_selected'
		});
	}

	plan.volunteers.push(...volunteers);
	plan.clients.push(...clients);
	plan.pairings.push(...pairings);
}

/** Six-month surveys (R-PAIR-6): at six and twelve months in the service, most of them done. */
function planSurveys(plan: Plan, ids: Ids): void {
	const { spec } = plan;
	const rng = Random.derive(plan.seed, 'surveys');
	const byClient = new Map<string, GPairing[]>();
	for (const p of plan.pairings) {
		const list = byClient.get(p.client.id) ?? [];
		list.push(p);
		byClient.set(p.client.id, list);
	}
	for (const [, ps] of byClient) {
		const client = ps[0]!.client;
		const start = ps[0]!.startsOn;
		const last = ps[ps.length - 1]!;
		const until = MIN(last.endsOn ? addDays(last.endsOn, -1) : spec.end, spec.end);
		let score = rng.int(6, 9) - rng.int(0, 2);
		for (const months of [6, 12]) {
			const day = addDays(addMonths(start, months), rng.int(-5, 20));
			if (day > until || !rng.chance(0.85)) continue;
			if (months === 12) {
				score += rng.weighted([
					[-2, 15],
					[-1, 35],
					[0, 35],
					[1, 15]
				] as const);
			}
			score = Math.min(9, Math.max(3, score));
			const items = splitScore(score, rng);
			const pairing = ps.find((p) => p.startsOn <= day && (p.endsOn === null || p.endsOn > day));
			const enteredOn = MIN(addDays(day, rng.int(0, 7)), spec.end);
			const onPaper = rng.chance(0.4);
			const dueOn = onPaper ? addMonths(enteredOn, 3) : null;
			plan.surveys.push({
				id: ids.next(),
				clientId: client.id,
				pairingId: pairing?.id ?? null,
				conductedOn: day,
				answers: {
					satisfaction: rng.weighted([
						[5, 55],
						[4, 35],
						[3, 10]
					] as const),
					change: rng.weighted([
						[1, 35],
						[2, 45],
						[3, 20]
					] as const),
					ucla_companionship: items[0]!,
					ucla_left_out: items[1]!,
					ucla_isolated: items[2]!
				},
				lonelinessScore: score,
				onPaper,
				paperDestroyDueOn: dueOn,
				paperDestroyedOn: dueOn && dueOn <= spec.end ? dueOn : null,
				enteredAt: stampOf(enteredOn, 10, rng.int(0, 59))
			});
		}
	}
}

/** Three UCLA items (1–3 each) that add up to `score` (3–9). */
function splitScore(score: number, rng: Random): number[] {
	const items = [1, 1, 1];
	let left = score - 3;
	while (left > 0) {
		const i = rng.int(0, 2);
		if (items[i]! < 3) {
			items[i]!++;
			left--;
		}
	}
	return items;
}

/** Days of a pairing's window with a weight each: fewer visits in July, at Christmas, on Sundays. */
function dayWeights(
	from: string,
	untilExclusive: string
): { days: string[]; cumulative: number[] } {
	const days: string[] = [];
	const cumulative: number[] = [];
	let total = 0;
	for (let d = from; d < untilExclusive; d = addDays(d, 1)) {
		const weekday = new Date(`${d}T12:00:00Z`).getUTCDay();
		total += season(Number(d.slice(5, 7))) * (weekday === 0 ? 0.45 : weekday === 6 ? 0.75 : 1);
		days.push(d);
		cumulative.push(total);
	}
	return { days, cumulative };
}

function pickDay(w: { days: string[]; cumulative: number[] }, q: number): string {
	const target = q * w.cumulative[w.cumulative.length - 1]!;
	let lo = 0;
	let hi = w.cumulative.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (w.cumulative[mid]! < target) lo = mid + 1;
		else hi = mid;
	}
	return w.days[lo]!;
}

function minutesFrom(range: readonly [number, number], rng: Random, step: number): number {
	return Math.max(step, Math.round(rng.int(range[0], range[1]) / step) * step);
}

/**
 * The diary entries and trips of one pairing, from its own random stream (so pairings can be
 * generated one at a time, in any order, with the same result).
 */
export function pairingActivity(plan: Plan, p: GPairing): { entries: GEntry[]; trips: GTrip[] } {
	const rng = Random.derive(plan.seed, `activity:${p.index}`);
	const ids = new Ids(plan.seed, `activity:${p.index}`);
	const end1 = addDays(plan.spec.end, 1);
	const until = MIN(p.endsOn ?? end1, end1);
	const paperDiary = rng.chance(0.25); // R-PAIR-8: some volunteers keep a paper diary
	// Some pairings go quiet for weeks before they end (or before today): the attention list
	// and the analysis's "no contact for over 30 days" have something to find.
	const quiet = daysBetween(p.startsOn, until) > 150 && rng.chance(0.08) ? rng.int(35, 100) : 0;
	const lastDay = MAX(addDays(p.startsOn, 1), addDays(until, -quiet));
	const window = dayWeights(p.startsOn, lastDay);
	const careHome = p.client.livingSituation === 'care_home';
	const hiiu = p.client.countyName === 'Hiiu maakond';
	const entries: GEntry[] = [];
	const trips: GTrip[] = [];
	for (let j = 0; j < p.contacts; j++) {
		const day = pickDay(window, (j + rng.float()) / p.contacts);
		let kind: ContactKind;
		if (rng.chance(callShare(day))) kind = 'call';
		else if (careHome) kind = rng.chance(0.85) ? 'care_home_visit' : 'outing';
		else {
			const outing = { P1: 0.15, P2: 0.08, P3: 0.75, P4: 0.3 }[p.volunteer.profile];
			kind = rng.chance(outing) ? 'outing' : 'home_visit';
		}
		const main = rng.chance(0.8) ? p.volunteer.profile : rng.pick(p.client.profilesWanted);
		const profiles = new Set<HelpProfile>([main]);
		if (kind === 'outing' && main !== 'P4') profiles.add('P3');
		if (main !== 'P2' && rng.chance(0.2)) profiles.add('P2');
		let text: { text: string; minutes: readonly [number, number] };
		if (kind === 'call') text = rng.pick(CALL_TEXTS);
		else if (kind === 'care_home_visit') text = rng.pick(CARE_HOME_TEXTS);
		else if (kind === 'outing' && hiiu && rng.chance(0.3)) text = rng.pick(HIIU_TEXTS);
		else if (kind === 'outing') text = rng.pick(DIARY_TEXTS.P3);
		else text = rng.pick(DIARY_TEXTS[main === 'P3' ? 'P1' : main]);
		const minutes = minutesFrom(text.minutes, rng, kind === 'call' ? 5 : 15);
		const createdAt = paperDiary
			? stampOf(
					MIN(addDays(addMonths(`${day.slice(0, 7)}-01`, 1), rng.int(1, 4)), plan.spec.end),
					8,
					rng.int(0, 59)
				)
			: stampOf(day, 16, rng.int(0, 59));
		const entry: GEntry = {
			id: ids.next(),
			clientId: p.client.id,
			countyId: p.client.countyId,
			pairingId: p.id,
			volunteerId: p.volunteer.id,
			contactDate: day,
			contactKind: kind,
			helpProfiles: [...profiles].sort(),
			durationMinutes: minutes,
			description: text.text,
			fromPaper: paperDiary,
			createdAt
		};
		entries.push(entry);
		if (p.usesCar && kind !== 'call' && rng.chance(plan.tripShare)) {
			const sameMunicipality = p.volunteer.municipalityId === p.client.municipalityId;
			const km = sameMunicipality ? rng.int(300, 2500) : rng.int(1500, 7000);
			const elsewhere = kind === 'outing';
			trips.push({
				id: ids.next(),
				volunteerId: p.volunteer.id,
				clientId: p.client.id,
				pairingId: p.id,
				municipalityId: p.client.municipalityId,
				tripDate: day,
				fromPlace: p.volunteer.municipalityName,
				toPlace: elsewhere
					? `${p.client.municipalityName}, ${rng.pick(TRIP_PLACES)}`
					: p.client.municipalityName,
				purpose: elsewhere ? rng.pick(TRIP_PURPOSES.slice(1)) : TRIP_PURPOSES[0]!,
				kilometres: (km / 100).toFixed(2),
				createdAt: stampOf(MIN(addDays(day, rng.int(0, 3)), plan.spec.end), 17, rng.int(0, 59))
			});
		}
	}
	return { entries, trips };
}

/**
 * Makes durations add up to `target` minutes exactly: scale every duration, then nudge random
 * entries by 5 minutes (within 5–480) until the sum is right. Deterministic.
 */
export function fitMinutes(entries: GEntry[], target: number, seed: number): void {
	if (target % 5 !== 0) throw new Error('the minutes target must be a multiple of 5');
	const sum = entries.reduce((s, e) => s + e.durationMinutes, 0);
	if (entries.length === 0 || sum === target) return;
	const factor = target / sum;
	for (const e of entries) {
		e.durationMinutes = Math.min(
			480,
			Math.max(5, Math.round((e.durationMinutes * factor) / 5) * 5)
		);
	}
	let diff = target - entries.reduce((s, e) => s + e.durationMinutes, 0);
	const rng = Random.derive(seed, 'fit-minutes');
	let guard = 0;
	while (diff !== 0) {
		if (++guard > 10_000_000) throw new Error('cannot fit the minutes target');
		const e = entries[rng.int(0, entries.length - 1)]!;
		const step = diff > 0 ? 5 : -5;
		const next = e.durationMinutes + step;
		if (next < 5 || next > 480) continue;
		e.durationMinutes = next;
		diff -= step;
	}
}

/** The seed of a profile: fixed per profile unless one is given. */
export function defaultSeed(profile: string): number {
	return hash32(`seltsiline:${profile}`);
}
