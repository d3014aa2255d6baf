import { recordingAllowed } from '../../domain/programme';
import { invalid } from '../../errors';
import { recordAudit } from '../core/audit';
import type { ServiceContext } from '../core/context';
import { uploadDocument, type DocumentSummary, type UploadInput } from '../documents/documents';
import type { DocumentOwner } from '../documents/owners';
import { MEETING_ENTITY, requireMeeting, type PartnerMeeting } from './meeting-access';
import { participantsOf } from './meeting-participants';

/**
 * A partner meeting's documents (agenda, minutes, recording, transcript) through the documents
 * service, as `document` rows with owner_ref `partner_meeting:<id>`.
 */

/** Kinds offered on a meeting's documents section. */
export const MEETING_DOCUMENT_KINDS = [
	'agenda',
	'minutes',
	'recording',
	'transcript',
	'other'
] as const;

export function meetingOwner(meeting: Pick<PartnerMeeting, 'id' | 'countyId'>): DocumentOwner {
	return { kind: 'ref', ownerRef: `partner_meeting:${meeting.id}`, countyId: meeting.countyId };
}

/**
 * A document of the meeting through the documents service. A recording is refused unless
 * everyone entered as present consented to it (R-PART-1).
 */
export async function uploadMeetingDocument(
	ctx: ServiceContext,
	meetingId: string,
	input: UploadInput
): Promise<DocumentSummary> {
	const meeting = await requireMeeting(ctx, meetingId, 'partner_meeting:manage', 'document.upload');
	if (input.kind === 'recording') {
		const participants = await participantsOf(ctx.db, meetingId);
		if (!recordingAllowed(participants)) {
			await recordAudit(ctx.db, ctx, {
				action: 'document.upload',
				entityType: MEETING_ENTITY,
				entityId: meetingId,
				countyId: meeting.countyId,
				outcome: 'failure',
				details: { kind: 'recording', reason: 'no_consent' }
			});
			throw invalid({ kind: 'programme.error.recording_consent' });
		}
	}
	return uploadDocument(ctx, meetingOwner(meeting), input);
}
