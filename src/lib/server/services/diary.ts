import { and, desc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import { z } from 'zod';
import { diaryEntries, pairings, volunteers, PAIRING_ACCESS_STATUSES } from '../db/schema';
import { invalid } from '../errors';
import { isIsoDay } from '../domain/dates';
import { recordAudit } from './audit';
import { requireClient } from './clients';
import { today, type ServiceContext } from './context';
import { emptyToNull, validate } from './validation';

/**
 * The client diary (R-PAIR-3): what was done at each meeting. A new volunteer of the same
 * client sees the whole history (R-ROLE-6). Issue 4 adds kinds, profiles, flags and versions.
 */
export async function listDiary(ctx: ServiceContext, clientId: string) {
	const { row } = await requireClient(ctx, clientId, 'diary:read', 'diary.view');
	const entries = await ctx.db
		.select({
			id: diaryEntries.id,
			contactDate: diaryEntries.contactDate,
			durationMinutes: diaryEntries.durationMinutes,
			description: diaryEntries.description,
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName
		})
		.from(diaryEntries)
		.leftJoin(volunteers, eq(volunteers.id, diaryEntries.volunteerId))
		.where(eq(diaryEntries.clientId, clientId))
		.orderBy(desc(diaryEntries.contactDate), desc(diaryEntries.createdAt));
	await recordAudit(ctx.db, ctx, {
		action: 'diary.view',
		entityType: 'client',
		entityId: clientId,
		countyId: row.countyId,
		details: { count: entries.length }
	});
	return entries;
}

const entrySchema = z.object({
	contactDate: z.string().refine(isIsoDay, 'error.date'),
	durationMinutes: z.coerce
		.number({ message: 'diary.duration_invalid' })
		.int('diary.duration_invalid')
		.min(1, 'diary.duration_invalid')
		.max(1440, 'diary.duration_invalid'),
	description: z.string().trim().min(1, 'error.required').max(4000, 'error.too_long'),
	/**
	 * Optional, for a coordinator entering a paper diary (R-PAIR-8): the pairing whose volunteer
	 * met the client. Ignored when the paired volunteer writes their own entry.
	 */
	pairingId: z.preprocess(emptyToNull, z.string().uuid('error.choice').nullish())
});

/**
 * Adds a diary entry: the paired volunteer for their meeting, or the coordinator (from a paper
 * diary, naming the pairing the meeting belonged to). The date may not be in the future nor
 * before the pairing started (nor on or after the day it ended).
 */
export async function addDiaryEntry(ctx: ServiceContext, clientId: string, input: unknown) {
	const { row } = await requireClient(ctx, clientId, 'diary:create', 'diary.create');
	const { pairingId: chosenPairingId, ...data } = validate(entrySchema, input);
	const day = today(ctx);
	if (data.contactDate > day) throw invalid({ contactDate: 'diary.date_in_future' });
	const actor = ctx.actor!;
	let pairing: typeof pairings.$inferSelect | undefined;
	if (actor.volunteerId) {
		[pairing] = await ctx.db
			.select()
			.from(pairings)
			.where(
				and(
					eq(pairings.clientId, clientId),
					eq(pairings.volunteerId, actor.volunteerId),
					inArray(pairings.status, [...PAIRING_ACCESS_STATUSES]),
					lte(pairings.startsOn, day),
					or(isNull(pairings.endsOn), gt(pairings.endsOn, day))
				)
			);
	}
	if (!pairing && chosenPairingId) {
		[pairing] = await ctx.db
			.select()
			.from(pairings)
			.where(and(eq(pairings.id, chosenPairingId), eq(pairings.clientId, clientId)));
		if (!pairing) throw invalid({ pairingId: 'error.choice' });
	}
	if (pairing) {
		if (data.contactDate < pairing.startsOn)
			throw invalid({ contactDate: 'diary.date_before_pairing' });
		if (pairing.endsOn !== null && data.contactDate >= pairing.endsOn)
			throw invalid({ contactDate: 'diary.date_after_pairing' });
	}
	return ctx.db.transaction(async (tx) => {
		const [entry] = await tx
			.insert(diaryEntries)
			.values({
				clientId,
				pairingId: pairing?.id ?? null,
				volunteerId: pairing?.volunteerId ?? null,
				...data,
				createdBy: actor.userId
			})
			.returning({ id: diaryEntries.id });
		await recordAudit(tx, ctx, {
			action: 'diary.create',
			entityType: 'client',
			entityId: clientId,
			countyId: row.countyId,
			details: { diaryEntryId: entry!.id }
		});
		return entry!.id;
	});
}
