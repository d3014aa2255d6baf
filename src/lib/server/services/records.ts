import { canAnywhere } from '../policy/policy';
import { getClient } from './clients';
import { getVolunteer } from './volunteers';
import { volunteerRecruitmentSummary } from './volunteer-profile';
import { listDiary } from './diary';
import { pairingCandidates, volunteerPairings } from './pairings';
import { listMunicipalities } from './reference';
import { today, type ServiceContext } from './context';

/**
 * What one record page shows, in one call for a thin route: the record as the actor may see
 * it, plus only the parts their permissions open (diary, pairing candidates, edit choices).
 * Each part is read through its own service, so each checks the policy and writes its audit
 * event (`client.view`, `diary.view` …).
 */
export async function clientRecord(ctx: ServiceContext, clientId: string) {
	const client = await getClient(ctx, clientId);
	const { permissions } = client;
	const [diary, candidates, municipalities] = [
		permissions.readDiary ? await listDiary(ctx, clientId) : [],
		permissions.pair ? await pairingCandidates(ctx, clientId) : [],
		permissions.update ? await listMunicipalities(ctx, client.countyId) : []
	];
	return {
		client,
		diary,
		candidates,
		municipalities: municipalities.map((m) => ({ id: m.id, name: m.name })),
		/** Volunteer names link to their records for those who work with volunteer records. */
		linkVolunteers: canAnywhere(ctx.actor, 'volunteer:list'),
		/**
		 * Whether the diary form asks which pairing a visit belonged to: for a coordinator typing
		 * in a paper diary (R-PAIR-8); the paired volunteer's own entries are theirs already.
		 */
		diaryPairingChoice:
			permissions.addDiary &&
			!client.pairings.some((p) => p.volunteerId === ctx.actor?.volunteerId),
		today: today(ctx)
	};
}

export type ClientRecord = Awaited<ReturnType<typeof clientRecord>>;

export async function volunteerRecord(ctx: ServiceContext, volunteerId: string) {
	const volunteer = await getVolunteer(ctx, volunteerId);
	const [pairings, municipalities] = [
		await volunteerPairings(ctx, volunteerId),
		volunteer.permissions.update ? await listMunicipalities(ctx, volunteer.countyId) : []
	];
	return {
		volunteer,
		pairings,
		/** Vetting, contract and training (R-VOL-5, 7, 8): for coordinators and the administrator. */
		recruitment: await volunteerRecruitmentSummary(ctx, volunteerId),
		municipalities: municipalities.map((m) => ({ id: m.id, name: m.name })),
		today: today(ctx)
	};
}

export type VolunteerRecord = Awaited<ReturnType<typeof volunteerRecord>>;
