import { and, asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
	documents,
	partnerMeetingParticipants,
	partnerMeetings,
	socialPartnerContacts,
	socialPartners
} from '../../db/schema';
import type { Tx } from '../../db/client';
import { conflict, invalid } from '../../errors';
import { recordAudit } from '../core/audit';
import type { ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { MEETING_ENTITY, requireMeeting } from './meeting-access';
import { flag, optionalText, uuidOk } from './shared';

/**
 * The people of a partner meeting (R-PART-1): who took part — a partner's contact person or
 * someone else by name — and whether each agreed to the meeting being recorded. While a
 * recording is kept nobody can be added without consent nor have their consent taken back
 * (the meeting row is locked for these changes).
 */

export async function hasRecording(tx: Tx, meetingId: string): Promise<boolean> {
	const [row] = await tx
		.select({ n: count() })
		.from(documents)
		.where(
			and(eq(documents.ownerRef, `partner_meeting:${meetingId}`), eq(documents.kind, 'recording'))
		);
	return (row?.n ?? 0) > 0;
}

export async function participantsOf(tx: Tx, meetingId: string) {
	return tx
		.select({
			id: partnerMeetingParticipants.id,
			name: partnerMeetingParticipants.name,
			organisation: partnerMeetingParticipants.organisation,
			partnerId: partnerMeetingParticipants.partnerId,
			partnerName: socialPartners.name,
			contactId: partnerMeetingParticipants.contactId,
			recordingConsent: partnerMeetingParticipants.recordingConsent
		})
		.from(partnerMeetingParticipants)
		.leftJoin(socialPartners, eq(socialPartners.id, partnerMeetingParticipants.partnerId))
		.where(eq(partnerMeetingParticipants.meetingId, meetingId))
		.orderBy(asc(partnerMeetingParticipants.name), asc(partnerMeetingParticipants.id));
}

const participantSchema = z.object({
	contactId: z.preprocess(
		(v) => (v === '' ? null : v),
		z.string().uuid('error.choice').nullable().optional()
	),
	name: optionalText(200),
	organisation: optionalText(200),
	recordingConsent: flag
});

/**
 * Adds someone who took part: a contact person of one of the county's partners (name and
 * partner copied from the contact) or another person by name. Refused without consent while a
 * recording is kept.
 */
export async function addMeetingParticipant(
	ctx: ServiceContext,
	meetingId: string,
	input: unknown
) {
	const meeting = await requireMeeting(
		ctx,
		meetingId,
		'partner_meeting:manage',
		'partner_meeting.participant_add'
	);
	const data = validate(participantSchema, input);
	return ctx.db.transaction(async (tx) => {
		await lockMeeting(tx, meetingId);
		let values: {
			name: string;
			organisation: string | null;
			partnerId: string | null;
			contactId: string | null;
		};
		if (data.contactId) {
			const [c] = await tx
				.select({
					id: socialPartnerContacts.id,
					name: socialPartnerContacts.name,
					partnerId: socialPartners.id,
					partnerName: socialPartners.name
				})
				.from(socialPartnerContacts)
				.innerJoin(socialPartners, eq(socialPartners.id, socialPartnerContacts.partnerId))
				.where(
					and(
						eq(socialPartnerContacts.id, data.contactId),
						eq(socialPartners.countyId, meeting.countyId)
					)
				);
			if (!c) throw invalid({ contactId: 'error.choice' });
			const [dup] = await tx
				.select({ id: partnerMeetingParticipants.id })
				.from(partnerMeetingParticipants)
				.where(
					and(
						eq(partnerMeetingParticipants.meetingId, meetingId),
						eq(partnerMeetingParticipants.contactId, c.id)
					)
				);
			if (dup) throw invalid({ contactId: 'programme.error.already_there' });
			values = {
				name: c.name,
				organisation: c.partnerName,
				partnerId: c.partnerId,
				contactId: c.id
			};
		} else {
			if (!data.name) throw invalid({ name: 'programme.error.contact_or_name' });
			values = {
				name: data.name,
				organisation: data.organisation ?? null,
				partnerId: null,
				contactId: null
			};
		}
		if (!data.recordingConsent && (await hasRecording(tx, meetingId))) {
			throw conflict('programme.error.recording_kept');
		}
		const [row] = await tx
			.insert(partnerMeetingParticipants)
			.values({
				meetingId,
				...values,
				recordingConsent: data.recordingConsent,
				createdAt: ctx.now()
			})
			.returning({ id: partnerMeetingParticipants.id });
		await recordAudit(tx, ctx, {
			action: 'partner_meeting.participant_add',
			entityType: MEETING_ENTITY,
			entityId: meetingId,
			countyId: meeting.countyId,
			details: {
				participantId: row!.id,
				contactId: values.contactId,
				recordingConsent: data.recordingConsent
			}
		});
		return row!.id;
	});
}

/** Serialises changes of one meeting's people and recording (row lock on the meeting). */
async function lockMeeting(tx: Tx, meetingId: string) {
	await tx
		.select({ id: partnerMeetings.id })
		.from(partnerMeetings)
		.where(eq(partnerMeetings.id, meetingId))
		.for('update');
}

/** Records that a participant agreed (or did not) to the recording. */
export async function setParticipantConsent(
	ctx: ServiceContext,
	meetingId: string,
	participantId: string,
	consent: boolean
) {
	const meeting = await requireMeeting(
		ctx,
		meetingId,
		'partner_meeting:manage',
		'partner_meeting.consent'
	);
	await ctx.db.transaction(async (tx) => {
		await lockMeeting(tx, meetingId);
		if (!consent && (await hasRecording(tx, meetingId)))
			throw conflict('programme.error.recording_kept');
		const changed = uuidOk(participantId)
			? await tx
					.update(partnerMeetingParticipants)
					.set({ recordingConsent: consent })
					.where(
						and(
							eq(partnerMeetingParticipants.id, participantId),
							eq(partnerMeetingParticipants.meetingId, meetingId)
						)
					)
					.returning({ id: partnerMeetingParticipants.id })
			: [];
		if (changed.length === 0) throw invalid({ participantId: 'error.choice' });
		await recordAudit(tx, ctx, {
			action: 'partner_meeting.consent',
			entityType: MEETING_ENTITY,
			entityId: meetingId,
			countyId: meeting.countyId,
			details: { participantId, recordingConsent: consent }
		});
	});
}

/** Removes a participant entered by mistake. */
export async function removeMeetingParticipant(
	ctx: ServiceContext,
	meetingId: string,
	participantId: string
) {
	const meeting = await requireMeeting(
		ctx,
		meetingId,
		'partner_meeting:manage',
		'partner_meeting.participant_remove'
	);
	await ctx.db.transaction(async (tx) => {
		const removed = uuidOk(participantId)
			? await tx
					.delete(partnerMeetingParticipants)
					.where(
						and(
							eq(partnerMeetingParticipants.id, participantId),
							eq(partnerMeetingParticipants.meetingId, meetingId)
						)
					)
					.returning({ id: partnerMeetingParticipants.id })
			: [];
		if (removed.length === 0) throw invalid({ participantId: 'error.choice' });
		await recordAudit(tx, ctx, {
			action: 'partner_meeting.participant_remove',
			entityType: MEETING_ENTITY,
			entityId: meetingId,
			countyId: meeting.countyId,
			details: { participantId }
		});
	});
}
