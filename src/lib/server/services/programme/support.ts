import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { users, volunteerSupportEntries, SUPPORT_KINDS } from '../../db/schema';
import { can } from '../../policy/policy';
import { invalid } from '../../errors';
import { recordAudit } from '../core/audit';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { requireVolunteer } from '../core/access';
import { eventsAttendedBy } from './base-training';
import { isoDay, optionalText } from './shared';

/**
 * The support of volunteers (R-VOL-9): a short log per volunteer of support conversations,
 * supervision and recognition — day, kind and a note only the coordinators (and the
 * administrator) see; plus the events the volunteer attended. `support:read` /
 * `support:write` on the volunteer record: the volunteer themself and experts are refused
 * ("forbidden", they may read the record itself), another county "not found"; all audited.
 */

/** The volunteer's support log and attended events (names of nobody else). Audited. */
export async function volunteerSupport(ctx: ServiceContext, volunteerId: string) {
	const { row, resource } = await requireVolunteer(
		ctx,
		volunteerId,
		'support:read',
		'support.view'
	);
	const entries = await ctx.db
		.select({
			id: volunteerSupportEntries.id,
			happenedOn: volunteerSupportEntries.happenedOn,
			kind: volunteerSupportEntries.kind,
			note: volunteerSupportEntries.note,
			createdByName: users.name
		})
		.from(volunteerSupportEntries)
		.leftJoin(users, eq(users.id, volunteerSupportEntries.createdBy))
		.where(eq(volunteerSupportEntries.volunteerId, volunteerId))
		.orderBy(desc(volunteerSupportEntries.happenedOn), desc(volunteerSupportEntries.createdAt));
	const events = await eventsAttendedBy(ctx.db, volunteerId);
	await recordAudit(ctx.db, ctx, {
		action: 'support.view',
		entityType: 'volunteer',
		entityId: volunteerId,
		countyId: row.countyId,
		details: { entries: entries.length }
	});
	return {
		volunteer: {
			id: row.id,
			firstName: row.firstName,
			lastName: row.lastName,
			status: row.status,
			baseTrainingCompletedOn: row.baseTrainingCompletedOn
		},
		entries,
		events,
		kinds: SUPPORT_KINDS,
		canWrite: can(ctx.actor, 'support:write', resource, today(ctx)),
		today: today(ctx)
	};
}

export type VolunteerSupport = Awaited<ReturnType<typeof volunteerSupport>>;

const supportSchema = z.object({
	happenedOn: isoDay,
	kind: z.enum(SUPPORT_KINDS, { message: 'error.choice' }),
	note: optionalText(2000)
});

/** Adds a support conversation, supervision or recognition (not in the future). Audited. */
export async function addSupportEntry(ctx: ServiceContext, volunteerId: string, input: unknown) {
	const { row } = await requireVolunteer(ctx, volunteerId, 'support:write', 'support.add');
	const data = validate(supportSchema, input);
	if (data.happenedOn > today(ctx)) throw invalid({ happenedOn: 'programme.error.future' });
	return ctx.db.transaction(async (tx) => {
		const [entry] = await tx
			.insert(volunteerSupportEntries)
			.values({
				volunteerId,
				happenedOn: data.happenedOn,
				kind: data.kind,
				note: data.note ?? null,
				createdBy: ctx.actor!.userId,
				createdAt: ctx.now()
			})
			.returning({ id: volunteerSupportEntries.id });
		await recordAudit(tx, ctx, {
			action: 'support.add',
			entityType: 'volunteer',
			entityId: volunteerId,
			countyId: row.countyId,
			details: { entryId: entry!.id, kind: data.kind }
		});
		return entry!.id;
	});
}
