import { randomUUID } from 'node:crypto';
import { stories, storyPeople } from '../../db/schema';
import type { Tx } from '../../db/client';

/**
 * The stories part of the demo data set (issue 22, R-STORY-1), written by the generator's demo
 * profile with the programme: in the first county a story published anonymously (the
 * coordinator confirmed the names were removed; a named story needs a signed consent document,
 * which the demo does not make), about one of its active volunteers, and a draft in Russian
 * waiting for consent — so `/lood` has something to show and `/stories` both states.
 */
export async function writeStoriesDemo(
	tx: Tx,
	input: {
		day: string;
		county: { id: string } | undefined;
		volunteerId: string | undefined;
		coordinatorId: string | null;
	}
) {
	if (!input.county) return { stories: 0 };
	const at = new Date(`${input.day}T09:00:00Z`);
	const published = randomUUID();
	await tx.insert(stories).values([
		{
			id: published,
			countyId: input.county.id,
			title: 'Teisipäevad on nüüd teistmoodi',
			body:
				'Kui ma esimest korda uksele koputasin, ei teadnud kumbki meist, millest rääkida. ' +
				'Nüüd ootab ta mind teisipäeviti teega ja jutt ei lõpe kunagi õigel ajal.\n\n' +
				'Kõige rohkem meeldivad talle lood tema noorusest kolhoosi raamatukogus. ' +
				'Mina olen õppinud, et kuulamine on ka abi.',
			language: 'et',
			author: 'Vabatahtlik',
			anonymous: true,
			publishedAt: at,
			publishedBy: input.coordinatorId,
			createdBy: input.coordinatorId,
			createdAt: at,
			updatedAt: at
		},
		{
			countyId: input.county.id,
			title: 'Разговоры по четвергам',
			body: 'Черновик: ждём письменного согласия, прежде чем публиковать.',
			language: 'ru',
			author: 'Волонтёр',
			createdBy: input.coordinatorId,
			createdAt: at,
			updatedAt: at
		}
	]);
	if (input.volunteerId) {
		await tx.insert(storyPeople).values({ storyId: published, volunteerId: input.volunteerId });
	}
	return { stories: 2 };
}
