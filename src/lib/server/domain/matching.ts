import type { Gender, HelpProfile, Language } from './vocabulary';
import type { MatchRankingSnapshot } from './statuses';
import { daysBetween } from './deadlines';

/**
 * Matching a client with a volunteer (R-PAIR-1): a pure scoring of the county's active
 * volunteers for one client. Each candidate gets a score and its reasons in words (i18n keys
 * with parameters); hard exclusions are shown, never scored. The coordinator decides: this only
 * orders the list.
 *
 * Points (a perfect fit is about 100):
 * - place: same settlement 30, same municipality 20, or by distance when both have
 *   coordinates (30 at the door, nothing beyond 30 km) — whichever is highest;
 * - language: the client's preferred language 20, another shared language 10;
 * - help profiles: 20 × the share of the client's wanted profiles the volunteer offers;
 * - free capacity: 4 per free place, at most 8;
 * - the client's preferred gender: 10 when met, −15 when not;
 * - a car where transport (P3) is wanted: 10 with a car, −10 without;
 * - waiting: a volunteer with no client now gets 1 point per 14 days of waiting, at most 10.
 *
 * Hard exclusions (not ranked, shown with their reason): the client has pets and the
 * volunteer is allergic; the client smokes at home and the volunteer avoids smoke; the client
 * asked not to be visited by this volunteer; the volunteer has no free place (they said how
 * many clients they can take; the coordinator changes that in the volunteer's record after
 * asking them, so the record stays true).
 */

export interface MatchClient {
	municipalityId: string | null;
	settlement: string | null;
	latitude: number | null;
	longitude: number | null;
	languages: readonly Language[];
	preferredLanguage: Language | null;
	helpProfilesWanted: readonly HelpProfile[];
	preferredVolunteerGender: Gender | null;
	hasPets: boolean;
	smokesAtHome: boolean;
}

export interface MatchCandidate {
	id: string;
	municipalityId: string | null;
	settlement: string | null;
	latitude: number | null;
	longitude: number | null;
	languages: readonly Language[];
	helpProfilesOffered: readonly HelpProfile[];
	maxClients: number;
	/** Open pairings now (proposed, introduced, active, paused). */
	currentClients: number;
	gender: Gender | null;
	hasCar: boolean;
	petAllergy: boolean;
	avoidsSmoke: boolean;
	/** yyyy-mm-dd: when the volunteer started, or null when not recorded. */
	startedOn: string | null;
	/** yyyy-mm-dd: the end of their latest ended pairing, or null. */
	lastPairingEndedOn: string | null;
}

export const EXCLUSIONS = ['pet_allergy', 'smoke', 'client_excluded', 'full'] as const;
export type Exclusion = (typeof EXCLUSIONS)[number];

/** One reason in words: an i18n key (`match.reason.*`), its parameters and its points. */
export interface MatchReason {
	code: string;
	points: number;
	params?: Record<string, string | number>;
}

export interface RankedCandidate {
	volunteerId: string;
	/** 1 = best; null for an excluded volunteer. */
	rank: number | null;
	score: number;
	reasons: MatchReason[];
	exclusions: Exclusion[];
	/** Kilometres, one decimal, when both have coordinates. */
	distanceKm: number | null;
	/** Days waited for a client (no client now), or null. */
	waitingDays: number | null;
}

export const POINTS = {
	sameSettlement: 30,
	sameMunicipality: 20,
	distanceMax: 30,
	distanceZeroKm: 30,
	preferredLanguage: 20,
	sharedLanguage: 10,
	profiles: 20,
	perFreePlace: 4,
	freePlacesMax: 8,
	genderMet: 10,
	genderNotMet: -15,
	car: 10,
	noCar: -10,
	waitingPer14Days: 1,
	waitingMax: 10
} as const;

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres (haversine). */
export function haversineKm(
	a: { latitude: number; longitude: number },
	b: { latitude: number; longitude: number }
): number {
	const rad = (d: number) => (d * Math.PI) / 180;
	const dLat = rad(b.latitude - a.latitude);
	const dLon = rad(b.longitude - a.longitude);
	const h =
		Math.sin(dLat / 2) ** 2 +
		Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function hasCoordinates(p: {
	latitude: number | null;
	longitude: number | null;
}): p is { latitude: number; longitude: number } {
	return (
		p.latitude !== null &&
		p.longitude !== null &&
		Number.isFinite(p.latitude) &&
		Number.isFinite(p.longitude)
	);
}

const sameText = (a: string | null, b: string | null) =>
	!!a && !!b && a.trim().toLocaleLowerCase('et') === b.trim().toLocaleLowerCase('et');

/** The hard exclusions of one volunteer for this client (empty: may be chosen). */
export function exclusionsFor(
	client: MatchClient,
	candidate: MatchCandidate,
	excludedByClient: ReadonlySet<string>
): Exclusion[] {
	const out: Exclusion[] = [];
	if (client.hasPets && candidate.petAllergy) out.push('pet_allergy');
	if (client.smokesAtHome && candidate.avoidsSmoke) out.push('smoke');
	if (excludedByClient.has(candidate.id)) out.push('client_excluded');
	if (candidate.currentClients >= candidate.maxClients) out.push('full');
	return out;
}

/** Days the volunteer has waited for a client: only while they have none. */
export function waitingDays(candidate: MatchCandidate, today: string): number | null {
	if (candidate.currentClients > 0) return null;
	const since = [candidate.startedOn, candidate.lastPairingEndedOn]
		.filter((d): d is string => !!d)
		.sort()
		.at(-1);
	if (!since) return null;
	return Math.max(0, daysBetween(since, today));
}

/** The score and reasons of one volunteer, exclusions aside. */
export function scoreCandidate(
	client: MatchClient,
	candidate: MatchCandidate,
	today: string
): {
	score: number;
	reasons: MatchReason[];
	distanceKm: number | null;
	waitingDays: number | null;
} {
	const reasons: MatchReason[] = [];

	// Place: the best of settlement, municipality and distance.
	const distanceKm =
		hasCoordinates(client) && hasCoordinates(candidate)
			? Math.round(haversineKm(client, candidate) * 10) / 10
			: null;
	const sameMunicipality =
		client.municipalityId !== null && client.municipalityId === candidate.municipalityId;
	const place: MatchReason[] = [];
	if (sameMunicipality && sameText(client.settlement, candidate.settlement)) {
		place.push({ code: 'match.reason.same_settlement', points: POINTS.sameSettlement });
	} else if (sameMunicipality) {
		place.push({ code: 'match.reason.same_municipality', points: POINTS.sameMunicipality });
	}
	if (distanceKm !== null) {
		const points = Math.round(
			POINTS.distanceMax * Math.max(0, 1 - distanceKm / POINTS.distanceZeroKm)
		);
		place.push({ code: 'match.reason.distance', points, params: { km: distanceKm } });
	}
	if (place.length > 0) {
		// Show every place reason, but count only the best one.
		const best = Math.max(...place.map((p) => p.points));
		let counted = false;
		for (const p of place) {
			const counts = !counted && p.points === best;
			if (counts) counted = true;
			reasons.push({ ...p, points: counts ? p.points : 0 });
		}
	}

	// Language.
	const shared = client.languages.filter((l) => candidate.languages.includes(l));
	if (client.preferredLanguage && candidate.languages.includes(client.preferredLanguage)) {
		reasons.push({
			code: 'match.reason.preferred_language',
			points: POINTS.preferredLanguage,
			params: { language: client.preferredLanguage }
		});
	} else if (shared.length > 0) {
		reasons.push({
			code: 'match.reason.shared_language',
			points: POINTS.sharedLanguage,
			params: { language: shared[0]! }
		});
	} else if (client.languages.length > 0 || client.preferredLanguage) {
		reasons.push({ code: 'match.reason.no_shared_language', points: 0 });
	}

	// Help profiles.
	const wanted = [...new Set(client.helpProfilesWanted)].sort();
	if (wanted.length > 0) {
		const offered = wanted.filter((p) => candidate.helpProfilesOffered.includes(p));
		reasons.push({
			code: offered.length > 0 ? 'match.reason.profiles' : 'match.reason.no_profiles',
			points: Math.round((POINTS.profiles * offered.length) / wanted.length),
			params: { offered: offered.join(', ') || '—', wanted: wanted.join(', ') }
		});
	}

	// Free capacity.
	const free = Math.max(0, candidate.maxClients - candidate.currentClients);
	if (free > 0) {
		reasons.push({
			code: 'match.reason.free_places',
			points: Math.min(POINTS.freePlacesMax, free * POINTS.perFreePlace),
			params: { free, max: candidate.maxClients }
		});
	}

	// The client's preference of the volunteer's gender.
	if (client.preferredVolunteerGender) {
		if (candidate.gender === client.preferredVolunteerGender) {
			reasons.push({ code: 'match.reason.gender_met', points: POINTS.genderMet });
		} else {
			reasons.push({ code: 'match.reason.gender_not_met', points: POINTS.genderNotMet });
		}
	}

	// Transport and escort (P3) needs a car.
	if (client.helpProfilesWanted.includes('P3')) {
		reasons.push(
			candidate.hasCar
				? { code: 'match.reason.car', points: POINTS.car }
				: { code: 'match.reason.no_car', points: POINTS.noCar }
		);
	}

	// How long the volunteer has waited for a client.
	const waited = waitingDays(candidate, today);
	if (waited !== null) {
		reasons.push({
			code: 'match.reason.waiting',
			points: Math.min(POINTS.waitingMax, Math.floor(waited / 14) * POINTS.waitingPer14Days),
			params: { days: waited }
		});
	}

	const score = reasons.reduce((sum, r) => sum + r.points, 0);
	return { score, reasons, distanceKm, waitingDays: waited };
}

/**
 * Ranks the volunteers for a client: the allowed ones by score (ties: nearer, then waited
 * longer, then id, so the order never depends on the input order), then the excluded ones with
 * their exclusions and no rank.
 */
export function rankCandidates(
	client: MatchClient,
	candidates: readonly MatchCandidate[],
	opts: { today: string; excludedByClient?: Iterable<string> }
): RankedCandidate[] {
	const excludedByClient = new Set(opts.excludedByClient ?? []);
	const scored = candidates.map((c) => {
		const s = scoreCandidate(client, c, opts.today);
		return {
			volunteerId: c.id,
			rank: null as number | null,
			score: s.score,
			reasons: s.reasons,
			exclusions: exclusionsFor(client, c, excludedByClient),
			distanceKm: s.distanceKm,
			waitingDays: s.waitingDays
		};
	});
	const order = (a: RankedCandidate, b: RankedCandidate) =>
		b.score - a.score ||
		(a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) ||
		(b.waitingDays ?? -1) - (a.waitingDays ?? -1) ||
		(a.volunteerId < b.volunteerId ? -1 : a.volunteerId > b.volunteerId ? 1 : 0);
	const allowed = scored.filter((c) => c.exclusions.length === 0).sort(order);
	allowed.forEach((c, i) => (c.rank = i + 1));
	const excluded = scored.filter((c) => c.exclusions.length > 0).sort(order);
	return [...allowed, ...excluded];
}

/**
 * What a pairing keeps of the ranking it was chosen from (pairing.match_ranking): ids, scores
 * and reason codes, no names. It keeps the best `limit` allowed volunteers, and the chosen one
 * wherever it was.
 */
export type RankingSnapshot = MatchRankingSnapshot;

/** The snapshot keeps the best `limit` allowed volunteers, and the chosen one wherever it was. */
export function rankingSnapshot(
	ranking: readonly RankedCandidate[],
	chosenId: string,
	computedAt: Date,
	limit = 50
): RankingSnapshot {
	const chosen = ranking.find((c) => c.volunteerId === chosenId);
	const kept = ranking.filter((c) => c.rank !== null && c.rank <= limit);
	if (chosen && !kept.includes(chosen)) kept.push(chosen);
	return {
		computedAt: computedAt.toISOString(),
		chosenRank: chosen?.rank ?? null,
		candidates: kept.map((c) => ({
			volunteerId: c.volunteerId,
			score: c.score,
			reasons: c.reasons.map((r) => r.code),
			excluded: [...c.exclusions]
		}))
	};
}
