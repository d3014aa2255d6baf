import { canAnywhere } from '../../policy/policy';
import { getClient } from './clients';
import { getVolunteer } from '../volunteers/volunteers';
import { volunteerRecruitmentSummary } from '../volunteers/volunteer-profile';
import { diaryPage } from '../pairings/diary';
import { clientPairings, volunteerPairings } from '../pairings/pairings';
import { listMunicipalities } from '../core/reference';
import { today, type ServiceContext } from '../core/context';

/**
 * What one record page shows, in one call for a thin route: the record as the actor may see
 * it, plus only the parts their permissions open (latest diary entries, pairings, edit choices).
 * Each part is read through its own service, so each checks the policy and writes its audit
 * event (`client.view`, `diary.view` …).
 */
export async function clientRecord(ctx: ServiceContext, clientId: string) {
	const client = await getClient(ctx, clientId);
	const { permissions } = client;
	const [diary, pairingList, municipalities] = [
		// The latest entries and the flagged ones; the whole diary is /clients/[id]/diary.
		permissions.readDiary ? await diaryPage(ctx, clientId, { pageSize: 5 }) : null,
		await clientPairings(ctx, clientId, permissions.endPairing),
		permissions.update ? await listMunicipalities(ctx, client.countyId) : []
	];
	return {
		client,
		diary,
		/** The pairings newest first, with their life-cycle dates (pairings/pairings.ts clientPairings). */
		pairings: pairingList,
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
