import { randomUUID } from 'node:crypto';
import { recruitmentChannels, volunteerApplications } from '../../db/schema';
import type { Tx } from '../../db/client';
import { tallinnDayStart } from '../../domain/dates';

/**
 * The recruitment channels of the demo data set (issue 22, R-VOL-1): in the first county a
 * ferry poster and a parish newsletter with their messages, one archived radio spot, and one
 * application that came through the newsletter's link — so `/applications/channels` shows
 * links and counts on the first start.
 */
export async function writeChannelsDemo(
	tx: Tx,
	input: {
		day: string;
		county: { id: string } | undefined;
		municipalityId: string | null;
		coordinatorId: string | null;
	}
) {
	if (!input.county) return { channels: 0 };
	const at = tallinnDayStart(input.day);
	const newsletter = randomUUID();
	await tx.insert(recruitmentChannels).values([
		{
			countyId: input.county.id,
			code: 'praam7',
			name: 'Praamiplakat',
			kind: 'poster',
			message:
				'Kas Sul on paar tundi nädalas? Tule vabatahtlikuks seltsiliseks — üksi elav eakas ootab juttu ja jalutuskäiku.',
			createdBy: input.coordinatorId,
			createdAt: at,
			updatedAt: at
		},
		{
			id: newsletter,
			countyId: input.county.id,
			code: 'vh24nb',
			name: 'Vallaleht, november',
			kind: 'newsletter',
			message: 'Vallalehe kuulutus: otsime vabatahtlikke seltsilisi. Kandideeri lingi kaudu.',
			createdBy: input.coordinatorId,
			createdAt: at,
			updatedAt: at
		},
		{
			countyId: input.county.id,
			code: 'rdx3kp',
			name: 'Kohalik raadio, kevad',
			kind: 'radio_tv',
			archivedAt: at,
			createdBy: input.coordinatorId,
			createdAt: at,
			updatedAt: at
		}
	]);
	await tx.insert(volunteerApplications).values({
		countyId: input.county.id,
		municipalityId: input.municipalityId,
		recruitmentChannelId: newsletter,
		firstName: 'Liisa',
		lastName: 'Lehelugeja',
		email: 'liisa.lehelugeja@example.invalid',
		settlement: 'Demo küla',
		motivation: 'Lugesin vallalehest ja tahan aidata.',
		answers: { heard_from: 'newspaper_radio_tv' },
		refereeName: 'Demo Soovitaja',
		refereeContact: '+372 5000 0000',
		consentGivenAt: at,
		submittedAt: at,
		updatedAt: at
	});
	return { channels: 3 };
}
