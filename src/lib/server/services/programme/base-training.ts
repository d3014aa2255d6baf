import { and, asc, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { programmeEventParticipants, programmeEvents } from '../../db/schema';
import type { Tx } from '../../db/client';
import { recordAudit } from '../core/audit';
import type { ServiceContext } from '../core/context';
import { EVENT_ENTITY } from './event-access';

/**
 * A volunteer's trainings as their own page shows them: the day of their base training (R-VOL-8)
 * and the events they attended.
 */

/**
 * The volunteer page's "base training completed on" (R-VOL-8), now attendance: the day's base
 * training of the volunteer's county is found (or made, origin 'volunteer_page') and the
 * volunteer marked present; an empty day takes back their attendance at every base training.
 * The caller has authorised `volunteer:update` and checks the day; runs in the caller's
 * transaction. The database trigger then sets `base_training_completed_on`.
 */
export async function recordBaseTrainingAttendance(
	tx: Tx,
	ctx: ServiceContext,
	volunteer: { id: string; countyId: string },
	completedOn: string | null
): Promise<void> {
	const p = programmeEventParticipants;
	if (!completedOn) {
		const base = tx
			.select({ id: programmeEvents.id })
			.from(programmeEvents)
			.where(eq(programmeEvents.kind, 'base_training'));
		await tx
			.update(p)
			.set({
				attended: false,
				attendanceRecordedBy: ctx.actor!.userId,
				attendanceRecordedAt: ctx.now()
			})
			.where(and(eq(p.volunteerId, volunteer.id), eq(p.attended, true), inArray(p.eventId, base)));
		return;
	}
	const [found] = await tx
		.select({ id: programmeEvents.id })
		.from(programmeEvents)
		.where(
			and(
				eq(programmeEvents.countyId, volunteer.countyId),
				eq(programmeEvents.kind, 'base_training'),
				eq(programmeEvents.heldOn, completedOn),
				isNull(programmeEvents.cancelledAt)
			)
		)
		.orderBy(asc(programmeEvents.createdAt))
		.limit(1);
	const eventId =
		found?.id ??
		(
			await tx
				.insert(programmeEvents)
				.values({
					countyId: volunteer.countyId,
					kind: 'base_training',
					title: 'Stardipakett',
					heldOn: completedOn,
					origin: 'volunteer_page',
					createdBy: ctx.actor!.userId,
					createdAt: ctx.now(),
					updatedAt: ctx.now()
				})
				.returning({ id: programmeEvents.id })
		)[0]!.id;
	// A later day replaces earlier attendance entered on the volunteer page: the page's one date
	// is the fact being corrected. Attendance recorded on a planned event stays.
	await tx
		.update(p)
		.set({
			attended: false,
			attendanceRecordedBy: ctx.actor!.userId,
			attendanceRecordedAt: ctx.now()
		})
		.where(
			and(
				eq(p.volunteerId, volunteer.id),
				eq(p.attended, true),
				ne(p.eventId, eventId),
				inArray(
					p.eventId,
					tx
						.select({ id: programmeEvents.id })
						.from(programmeEvents)
						.where(
							and(
								eq(programmeEvents.kind, 'base_training'),
								inArray(programmeEvents.origin, ['volunteer_page', 'migrated'])
							)
						)
				)
			)
		);
	await tx
		.insert(p)
		.values({
			eventId,
			volunteerId: volunteer.id,
			attended: true,
			attendanceRecordedBy: ctx.actor!.userId,
			attendanceRecordedAt: ctx.now()
		})
		.onConflictDoUpdate({
			target: [p.eventId, p.volunteerId],
			set: {
				attended: true,
				attendanceRecordedBy: ctx.actor!.userId,
				attendanceRecordedAt: ctx.now()
			}
		});
	await recordAudit(tx, ctx, {
		action: 'event.attendance',
		entityType: EVENT_ENTITY,
		entityId: eventId,
		countyId: volunteer.countyId,
		details: { attended: 1, absent: 0, kind: 'base_training', volunteerId: volunteer.id }
	});
}

/** The events a volunteer attended, for their page (the caller authorised reading it). */
export async function eventsAttendedBy(tx: Tx, volunteerId: string) {
	return tx
		.select({
			id: programmeEvents.id,
			kind: programmeEvents.kind,
			title: programmeEvents.title,
			heldOn: programmeEvents.heldOn,
			origin: programmeEvents.origin
		})
		.from(programmeEventParticipants)
		.innerJoin(programmeEvents, eq(programmeEvents.id, programmeEventParticipants.eventId))
		.where(
			and(
				eq(programmeEventParticipants.volunteerId, volunteerId),
				eq(programmeEventParticipants.attended, true),
				isNull(programmeEvents.cancelledAt)
			)
		)
		.orderBy(desc(programmeEvents.heldOn));
}
