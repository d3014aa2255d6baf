import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	POINTS,
	exclusionsFor,
	haversineKm,
	rankCandidates,
	rankingSnapshot,
	scoreCandidate,
	waitingDays,
	type MatchCandidate,
	type MatchClient
} from '$lib/server/domain/matching';

/** R-PAIR-1: the matching score, every reason and every hard exclusion. */

const TODAY = '2026-11-23';
const M1 = 'muni-1';
const M2 = 'muni-2';

const client = (over: Partial<MatchClient> = {}): MatchClient => ({
	municipalityId: M1,
	settlement: 'Kuressaare',
	latitude: null,
	longitude: null,
	languages: ['et'],
	preferredLanguage: 'et',
	helpProfilesWanted: [],
	preferredVolunteerGender: null,
	hasPets: false,
	smokesAtHome: false,
	...over
});

let n = 0;
const volunteer = (over: Partial<MatchCandidate> = {}): MatchCandidate => ({
	id: `v-${String(++n).padStart(4, '0')}`,
	municipalityId: M2,
	settlement: null,
	latitude: null,
	longitude: null,
	languages: [],
	helpProfilesOffered: [],
	maxClients: 1,
	currentClients: 0,
	gender: null,
	hasCar: false,
	petAllergy: false,
	avoidsSmoke: false,
	startedOn: null,
	lastPairingEndedOn: null,
	...over
});

const codes = (c: MatchClient, v: MatchCandidate) =>
	scoreCandidate(c, v, TODAY).reasons.map((r) => r.code);
const reason = (c: MatchClient, v: MatchCandidate, code: string) =>
	scoreCandidate(c, v, TODAY).reasons.find((r) => r.code === code);

describe('haversine distance', () => {
	it('is zero at the same point and about 176 km from Tallinn to Tartu', () => {
		const tallinn = { latitude: 59.437, longitude: 24.7536 };
		const tartu = { latitude: 58.378, longitude: 26.729 };
		expect(haversineKm(tallinn, tallinn)).toBe(0);
		expect(haversineKm(tallinn, tartu)).toBeGreaterThan(160);
		expect(haversineKm(tallinn, tartu)).toBeLessThan(190);
	});

	it('is symmetric and never negative', () => {
		const point = fc.record({
			latitude: fc.double({ min: 57, max: 60, noNaN: true }),
			longitude: fc.double({ min: 21, max: 28.5, noNaN: true })
		});
		fc.assert(
			fc.property(point, point, (a, b) => {
				const d = haversineKm(a, b);
				expect(d).toBeGreaterThanOrEqual(0);
				expect(Math.abs(d - haversineKm(b, a))).toBeLessThan(1e-9);
			})
		);
	});
});

describe('reasons in words', () => {
	it('same settlement beats same municipality; settlement needs the same municipality', () => {
		const here = volunteer({ municipalityId: M1, settlement: ' kuressaare ' });
		expect(reason(client(), here, 'match.reason.same_settlement')?.points).toBe(
			POINTS.sameSettlement
		);
		const sameMuni = volunteer({ municipalityId: M1, settlement: 'Nasva' });
		expect(codes(client(), sameMuni)).toContain('match.reason.same_municipality');
		expect(reason(client(), sameMuni, 'match.reason.same_municipality')?.points).toBe(
			POINTS.sameMunicipality
		);
		// The same village name in another municipality is another place.
		const elsewhere = volunteer({ municipalityId: M2, settlement: 'Kuressaare' });
		expect(codes(client(), elsewhere)).not.toContain('match.reason.same_settlement');
		expect(codes(client(), elsewhere)).not.toContain('match.reason.same_municipality');
	});

	it('shows the distance where both have coordinates, counting only the best place reason', () => {
		const c = client({ latitude: 58.25, longitude: 22.48 });
		const near = volunteer({ municipalityId: M1, latitude: 58.26, longitude: 22.5 });
		const r = scoreCandidate(c, near, TODAY);
		const distance = r.reasons.find((x) => x.code === 'match.reason.distance')!;
		expect(distance.params!.km).toBeCloseTo(1.5, 0);
		expect(r.distanceKm).toBe(distance.params!.km);
		// Distance ~1.5 km gives ~28 points, more than "same municipality" (20): only it counts.
		const muni = r.reasons.find((x) => x.code === 'match.reason.same_municipality')!;
		expect(distance.points).toBeGreaterThan(POINTS.sameMunicipality);
		expect(muni.points).toBe(0);
		// Without the volunteer's coordinates there is no distance at all.
		expect(codes(c, volunteer({ municipalityId: M1 }))).not.toContain('match.reason.distance');
		// Far away: a distance of zero points.
		const far = volunteer({ latitude: 59.43, longitude: 24.75 });
		expect(reason(c, far, 'match.reason.distance')!.points).toBe(0);
	});

	it('prefers the client’s preferred language, then any shared one, and says when none', () => {
		const c = client({ languages: ['et', 'ru'], preferredLanguage: 'ru' });
		expect(reason(c, volunteer({ languages: ['ru'] }), 'match.reason.preferred_language')).toEqual({
			code: 'match.reason.preferred_language',
			points: POINTS.preferredLanguage,
			params: { language: 'ru' }
		});
		expect(reason(c, volunteer({ languages: ['et'] }), 'match.reason.shared_language')).toEqual({
			code: 'match.reason.shared_language',
			points: POINTS.sharedLanguage,
			params: { language: 'et' }
		});
		expect(codes(c, volunteer({ languages: ['other'] }))).toContain(
			'match.reason.no_shared_language'
		);
		// A client with no language recorded gets no language reason.
		expect(
			codes(client({ languages: [], preferredLanguage: null }), volunteer()).some((x) =>
				x.includes('language')
			)
		).toBe(false);
	});

	it('counts help profiles offered against those wanted', () => {
		const c = client({ helpProfilesWanted: ['P1', 'P2', 'P4', 'P1'] });
		const two = reason(
			c,
			volunteer({ helpProfilesOffered: ['P2', 'P1'] }),
			'match.reason.profiles'
		);
		expect(two).toEqual({
			code: 'match.reason.profiles',
			points: Math.round((POINTS.profiles * 2) / 3),
			params: { offered: 'P1, P2', wanted: 'P1, P2, P4' }
		});
		expect(
			reason(c, volunteer({ helpProfilesOffered: ['P3'] }), 'match.reason.no_profiles')?.points
		).toBe(0);
		expect(codes(client(), volunteer())).not.toContain('match.reason.profiles');
	});

	it('gives points for free places, up to a cap', () => {
		expect(
			reason(client(), volunteer({ maxClients: 3, currentClients: 2 }), 'match.reason.free_places')
		).toEqual({
			code: 'match.reason.free_places',
			points: POINTS.perFreePlace,
			params: { free: 1, max: 3 }
		});
		expect(
			reason(client(), volunteer({ maxClients: 10 }), 'match.reason.free_places')?.points
		).toBe(POINTS.freePlacesMax);
	});

	it('weighs the client’s preferred gender of the volunteer', () => {
		const c = client({ preferredVolunteerGender: 'female' });
		expect(reason(c, volunteer({ gender: 'female' }), 'match.reason.gender_met')?.points).toBe(
			POINTS.genderMet
		);
		expect(reason(c, volunteer({ gender: 'male' }), 'match.reason.gender_not_met')?.points).toBe(
			POINTS.genderNotMet
		);
		expect(codes(c, volunteer())).toContain('match.reason.gender_not_met');
		expect(codes(client(), volunteer({ gender: 'male' })).join()).not.toMatch(/gender/);
	});

	it('asks for a car only where transport (P3) is wanted', () => {
		const c = client({ helpProfilesWanted: ['P3'] });
		expect(reason(c, volunteer({ hasCar: true }), 'match.reason.car')?.points).toBe(POINTS.car);
		expect(reason(c, volunteer({ hasCar: false }), 'match.reason.no_car')?.points).toBe(
			POINTS.noCar
		);
		expect(codes(client(), volunteer({ hasCar: true })).join()).not.toMatch(/car/);
	});

	it('counts the waiting of a volunteer with no client since the later of start and last end', () => {
		const v = volunteer({ startedOn: '2026-01-01', lastPairingEndedOn: '2026-09-28' });
		expect(waitingDays(v, TODAY)).toBe(56);
		expect(reason(client(), v, 'match.reason.waiting')).toEqual({
			code: 'match.reason.waiting',
			points: 4,
			params: { days: 56 }
		});
		expect(
			reason(client(), volunteer({ startedOn: '2020-01-01' }), 'match.reason.waiting')?.points
		).toBe(POINTS.waitingMax);
		// With a client now, or with no dates, they are not waiting.
		expect(
			waitingDays(volunteer({ startedOn: '2026-01-01', maxClients: 2, currentClients: 1 }), TODAY)
		).toBeNull();
		expect(waitingDays(volunteer(), TODAY)).toBeNull();
	});

	it('adds the points of the reasons into the score', () => {
		const c = client({ helpProfilesWanted: ['P3'], preferredVolunteerGender: 'male' });
		const v = volunteer({
			municipalityId: M1,
			settlement: 'Kuressaare',
			languages: ['et'],
			helpProfilesOffered: ['P3'],
			maxClients: 2,
			gender: 'male',
			hasCar: true
		});
		const r = scoreCandidate(c, v, TODAY);
		expect(r.score).toBe(
			POINTS.sameSettlement +
				POINTS.preferredLanguage +
				POINTS.profiles +
				POINTS.freePlacesMax +
				POINTS.genderMet +
				POINTS.car
		);
	});
});

describe('hard exclusions (shown, never ranked)', () => {
	it.each([
		['pet_allergy', client({ hasPets: true }), volunteer({ petAllergy: true })],
		['smoke', client({ smokesAtHome: true }), volunteer({ avoidsSmoke: true })],
		['full', client(), volunteer({ maxClients: 2, currentClients: 2 })],
		['full', client(), volunteer({ maxClients: 0 })]
	] as const)('%s', (code, c, v) => {
		expect(exclusionsFor(c, v, new Set())).toEqual([code]);
		const [ranked] = rankCandidates(c, [v], { today: TODAY });
		expect(ranked).toMatchObject({ volunteerId: v.id, rank: null, exclusions: [code] });
	});

	it('the client asked not to be visited by this volunteer', () => {
		const v = volunteer();
		const [ranked] = rankCandidates(client(), [v], { today: TODAY, excludedByClient: [v.id] });
		expect(ranked).toMatchObject({ rank: null, exclusions: ['client_excluded'] });
	});

	it('a pet or smoke alone excludes no one who is not allergic or avoiding it', () => {
		const c = client({ hasPets: true, smokesAtHome: true });
		expect(exclusionsFor(c, volunteer(), new Set())).toEqual([]);
		expect(
			exclusionsFor(client(), volunteer({ petAllergy: true, avoidsSmoke: true }), new Set())
		).toEqual([]);
	});

	it('lists every exclusion that applies', () => {
		const c = client({ hasPets: true, smokesAtHome: true });
		const v = volunteer({ petAllergy: true, avoidsSmoke: true, maxClients: 0 });
		expect(exclusionsFor(c, v, new Set([v.id]))).toEqual([
			'pet_allergy',
			'smoke',
			'client_excluded',
			'full'
		]);
	});
});

const arbCandidate = fc.record({
	id: fc.uuid(),
	municipalityId: fc.constantFrom(M1, M2, null),
	settlement: fc.constantFrom('Kuressaare', 'Nasva', null),
	latitude: fc.option(fc.double({ min: 57.5, max: 59.7, noNaN: true }), { nil: null }),
	longitude: fc.option(fc.double({ min: 21.7, max: 28.2, noNaN: true }), { nil: null }),
	languages: fc.subarray(['et', 'ru', 'other'] as const),
	helpProfilesOffered: fc.subarray(['P1', 'P2', 'P3', 'P4'] as const),
	maxClients: fc.integer({ min: 0, max: 5 }),
	currentClients: fc.integer({ min: 0, max: 5 }),
	gender: fc.constantFrom('female', 'male', null),
	hasCar: fc.boolean(),
	petAllergy: fc.boolean(),
	avoidsSmoke: fc.boolean(),
	startedOn: fc.constantFrom('2024-05-01', '2026-10-01', null),
	lastPairingEndedOn: fc.constantFrom('2026-06-30', null)
}) as fc.Arbitrary<MatchCandidate>;

const arbClient = fc.record({
	municipalityId: fc.constantFrom(M1, M2, null),
	settlement: fc.constantFrom('Kuressaare', null),
	latitude: fc.option(fc.double({ min: 57.5, max: 59.7, noNaN: true }), { nil: null }),
	longitude: fc.option(fc.double({ min: 21.7, max: 28.2, noNaN: true }), { nil: null }),
	languages: fc.subarray(['et', 'ru', 'other'] as const),
	preferredLanguage: fc.constantFrom('et', 'ru', null),
	helpProfilesWanted: fc.subarray(['P1', 'P2', 'P3', 'P4'] as const),
	preferredVolunteerGender: fc.constantFrom('female', 'male', null),
	hasPets: fc.boolean(),
	smokesAtHome: fc.boolean()
}) as fc.Arbitrary<MatchClient>;

describe('ranking properties', () => {
	const distinct = fc.uniqueArray(arbCandidate, { selector: (c) => c.id, maxLength: 25 });

	it('ranks exactly the allowed volunteers 1…n by score, excluded ones last without a rank', () => {
		fc.assert(
			fc.property(arbClient, distinct, (c, vs) => {
				const ranked = rankCandidates(c, vs, { today: TODAY });
				expect(ranked).toHaveLength(vs.length);
				const allowed = ranked.filter((r) => r.rank !== null);
				expect(allowed.map((r) => r.rank)).toEqual(allowed.map((_, i) => i + 1));
				expect(allowed.every((r) => r.exclusions.length === 0)).toBe(true);
				for (let i = 1; i < allowed.length; i++)
					expect(allowed[i - 1]!.score).toBeGreaterThanOrEqual(allowed[i]!.score);
				const firstExcluded = ranked.findIndex((r) => r.rank === null);
				if (firstExcluded >= 0)
					expect(ranked.slice(firstExcluded).every((r) => r.rank === null)).toBe(true);
				for (const r of ranked) expect(r.score).toBe(r.reasons.reduce((s, x) => s + x.points, 0));
			})
		);
	});

	it('does not depend on the order the volunteers come in', () => {
		fc.assert(
			fc.property(arbClient, distinct, (c, vs) => {
				const a = rankCandidates(c, vs, { today: TODAY });
				const b = rankCandidates(c, [...vs].reverse(), { today: TODAY });
				expect(b.map((r) => r.volunteerId)).toEqual(a.map((r) => r.volunteerId));
			})
		);
	});

	it('a volunteer who also speaks the client’s preferred language never scores lower', () => {
		fc.assert(
			fc.property(arbClient, arbCandidate, (c, v) => {
				if (!c.preferredLanguage) return;
				const more = { ...v, languages: [...new Set([...v.languages, c.preferredLanguage])] };
				expect(scoreCandidate(c, more, TODAY).score).toBeGreaterThanOrEqual(
					scoreCandidate(c, v, TODAY).score
				);
			})
		);
	});

	it('a hard exclusion always removes the volunteer from the ranking', () => {
		fc.assert(
			fc.property(arbClient, arbCandidate, (c, v) => {
				const [r] = rankCandidates({ ...c, hasPets: true }, [{ ...v, petAllergy: true }], {
					today: TODAY
				});
				expect(r!.rank).toBeNull();
				expect(r!.exclusions).toContain('pet_allergy');
			})
		);
	});
});

describe('the ranking snapshot a pairing keeps', () => {
	it('keeps ids, scores and reason codes only, the top ones and the chosen one', () => {
		const c = client();
		const vs = Array.from({ length: 8 }, (_, i) =>
			volunteer({ maxClients: 1 + (i % 3), languages: i % 2 ? ['et'] : [] })
		);
		const excluded = volunteer({ maxClients: 0 });
		const ranking = rankCandidates(c, [...vs, excluded], { today: TODAY });
		const last = ranking.filter((r) => r.rank !== null).at(-1)!;
		const snap = rankingSnapshot(ranking, last.volunteerId, new Date('2026-11-23T09:00:00Z'), 3);
		expect(snap.chosenRank).toBe(8);
		expect(snap.computedAt).toBe('2026-11-23T09:00:00.000Z');
		expect(snap.candidates.map((x) => x.volunteerId)).toEqual([
			...ranking.slice(0, 3).map((r) => r.volunteerId),
			last.volunteerId
		]);
		for (const x of snap.candidates) {
			expect(Object.keys(x).sort()).toEqual(['excluded', 'reasons', 'score', 'volunteerId']);
			expect(x.reasons.every((code) => /^match\.reason\.[a-z_]+$/.test(code))).toBe(true);
		}
		// The top choice is rank 1.
		expect(rankingSnapshot(ranking, ranking[0]!.volunteerId, new Date()).chosenRank).toBe(1);
	});
});
