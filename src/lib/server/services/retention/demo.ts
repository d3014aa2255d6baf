import { consents, legalHolds } from '../../db/schema';
import type { Tx } from '../../db/client';
import { CURRENT_CONSENT_TEXT_VERSION } from '../../domain/retention';

/**
 * The retention part of the demo data set (issue 24): in the first county one client has also
 * agreed to survey research (a consent of its own beside the processing consent the client form
 * wrote), and another client's records are on a legal hold after a complaint — so the consents
 * page and `/admin/retention/holds` have something to show. An active volunteer there has agreed
 * to their story being published (the volunteer's consents page). The rules are seeded by the
 * migration.
 */
export async function writeRetentionDemo(
	tx: Tx,
	input: {
		day: string;
		countyId: string | undefined;
		clientIds: string[];
		volunteerIds?: string[];
		coordinatorId: string | null;
		adminId: string | null;
	}
) {
	const [consenting, held] = input.clientIds;
	if (!input.countyId || !consenting) return { consents: 0, holds: 0 };
	const [volunteer] = input.volunteerIds ?? [];
	let made = 1;
	if (volunteer) {
		await tx.insert(consents).values({
			countyId: input.countyId,
			volunteerId: volunteer,
			purpose: 'story',
			textVersion: CURRENT_CONSENT_TEXT_VERSION,
			method: 'paper_scan',
			givenOn: input.day,
			recordedBy: input.coordinatorId
		});
		made += 1;
	}
	await tx.insert(consents).values({
		countyId: input.countyId,
		clientId: consenting,
		purpose: 'survey_research',
		textVersion: CURRENT_CONSENT_TEXT_VERSION,
		method: 'first_meeting',
		givenOn: input.day,
		recordedBy: input.coordinatorId
	});
	if (!held) return { consents: made, holds: 0 };
	await tx.insert(legalHolds).values({
		countyId: input.countyId,
		clientId: held,
		reason: 'complaint',
		placedOn: input.day,
		placedBy: input.adminId
	});
	return { consents: made, holds: 1 };
}
