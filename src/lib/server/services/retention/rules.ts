import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import {
	clients,
	legalHolds,
	retentionClocks,
	retentionRuleChanges,
	retentionRules,
	volunteers
} from '../../db/schema';
import { isIsoDay } from '../../domain/dates';
import {
	HOLD_REASONS,
	RETENTION_ACTIONS,
	RETENTION_CLOCKS,
	RETENTION_NOTICE_DAYS
} from '../../domain/retention';
import { conflict, invalid } from '../../errors';
import { authorize } from '../core/access';
import { recordAudit } from '../core/audit';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { changedRow, formVersion, nextVersion, refuseStale } from '../core/versions';
import { ENGINE_RULES, upcomingItems } from './engine';

/**
 * The administrator's retention pages (issue 24, item 2): the rules (viewed; changed only with
 * a reason, kept in `retention_rule_change` and audited by id), the clocks of project end,
 * contract end and hand-over, legal holds, and the preview of the next 14 days.
 */

const SYSTEM = { kind: 'system' } as const;

const day = z
	.string({ message: 'error.required' })
	.trim()
	.refine((v) => isIsoDay(v), 'error.date');

/** Everything on the administrator's retention page. */
export async function retentionOverview(ctx: ServiceContext) {
	await authorize(ctx, 'retention:manage', SYSTEM, { action: 'retention.view' });
	const rules = await ctx.db.select().from(retentionRules).orderBy(asc(retentionRules.key));
	const changes = await ctx.db
		.select()
		.from(retentionRuleChanges)
		.orderBy(desc(retentionRuleChanges.changedAt))
		.limit(20);
	const clocks = await ctx.db.select().from(retentionClocks);
	const upcoming = await upcomingItems(ctx.db, today(ctx));
	await recordAudit(ctx.db, ctx, {
		action: 'retention.view',
		entityType: 'system',
		details: { count: upcoming.length, days: RETENTION_NOTICE_DAYS }
	});
	return {
		rules: rules.map((r) => ({
			...r,
			engine: (ENGINE_RULES as readonly string[]).includes(r.key)
		})),
		changes,
		clocks: RETENTION_CLOCKS.map((c) => ({
			clock: c,
			onDay: clocks.find((x) => x.clock === c)?.onDay ?? null
		})),
		upcoming,
		noticeDays: RETENTION_NOTICE_DAYS
	};
}

const ruleSchema = z.object({
	key: z.string().trim().min(1, 'error.choice').max(60, 'error.choice'),
	periodMonths: z.preprocess(
		(v) => (typeof v === 'string' && /^\d{1,4}$/.test(v.trim()) ? Number(v.trim()) : v),
		z
			.number({ message: 'retention.error.period' })
			.int()
			.min(0, 'retention.error.period')
			.max(1200, 'retention.error.period')
	),
	action: z.enum(RETENTION_ACTIONS, { message: 'error.choice' }),
	reason: z
		.string({ message: 'retention.error.reason' })
		.trim()
		.min(10, 'retention.error.reason')
		.max(1000, 'error.too_long')
});

/** Changes a rule's period or action; the reason is required and kept with the change. */
export async function updateRetentionRule(ctx: ServiceContext, input: unknown) {
	await authorize(ctx, 'retention:manage', SYSTEM, { action: 'retention.rule_update' });
	const version = formVersion(input);
	const data = validate(ruleSchema, input);
	const [rule] = await ctx.db.select().from(retentionRules).where(eq(retentionRules.key, data.key));
	if (!rule) throw invalid({ key: 'error.choice' });
	const fields = [
		...(rule.periodMonths !== data.periodMonths ? ['periodMonths'] : []),
		...(rule.action !== data.action ? ['action'] : [])
	];
	if (fields.length === 0) throw invalid({ periodMonths: 'retention.error.unchanged' });
	return refuseStale(
		ctx,
		{
			action: 'retention.rule_update',
			entityType: 'retention_rule',
			entityId: data.key,
			countyId: null,
			version
		},
		() =>
			ctx.db.transaction(async (tx) => {
				changedRow(
					await tx
						.update(retentionRules)
						.set({
							periodMonths: data.periodMonths,
							action: data.action,
							version: nextVersion(retentionRules.version),
							updatedBy: ctx.actor!.userId,
							updatedAt: ctx.now()
						})
						.where(and(eq(retentionRules.key, data.key), eq(retentionRules.version, version)))
						.returning({ key: retentionRules.key })
				);
				const [change] = await tx
					.insert(retentionRuleChanges)
					.values({
						ruleKey: data.key,
						fromPeriodMonths: rule.periodMonths,
						toPeriodMonths: data.periodMonths,
						fromAction: rule.action,
						toAction: data.action,
						reason: data.reason,
						changedBy: ctx.actor!.userId,
						changedAt: ctx.now()
					})
					.returning({ id: retentionRuleChanges.id });
				await recordAudit(tx, ctx, {
					action: 'retention.rule_update',
					entityType: 'retention_rule',
					entityId: data.key,
					details: { ruleKey: data.key, changeId: change!.id, fields }
				});
				return { changeId: change!.id };
			})
	);
}

const clockSchema = z.object({
	clock: z.enum(RETENTION_CLOCKS, { message: 'error.choice' }),
	onDay: day,
	confirm: z.literal('on', { message: 'retention.error.confirm' })
});

/**
 * Starts a clock (R-MAP-5 project end, R-CTRL-2 contract end and hand-over): the day, with a
 * confirmation tick after the preview. Setting it again moves the day (a correction).
 */
export async function setRetentionClock(ctx: ServiceContext, input: unknown) {
	await authorize(ctx, 'retention:manage', SYSTEM, { action: 'retention.clock_set' });
	const data = validate(clockSchema, input);
	await ctx.db.transaction(async (tx) => {
		await tx
			.insert(retentionClocks)
			.values({ clock: data.clock, onDay: data.onDay, setBy: ctx.actor!.userId, setAt: ctx.now() })
			.onConflictDoUpdate({
				target: retentionClocks.clock,
				set: { onDay: data.onDay, setBy: ctx.actor!.userId, setAt: ctx.now() }
			});
		await recordAudit(tx, ctx, {
			action: 'retention.clock_set',
			entityType: 'system',
			details: { clock: data.clock, day: data.onDay }
		});
	});
}

// --- Legal holds ---------------------------------------------------------------------------

export async function listLegalHolds(ctx: ServiceContext) {
	await authorize(ctx, 'retention:manage', SYSTEM, { action: 'retention.view' });
	return ctx.db
		.select({
			id: legalHolds.id,
			clientId: legalHolds.clientId,
			volunteerId: legalHolds.volunteerId,
			reason: legalHolds.reason,
			placedOn: legalHolds.placedOn,
			liftedOn: legalHolds.liftedOn,
			version: legalHolds.version
		})
		.from(legalHolds)
		.orderBy(desc(legalHolds.placedOn), asc(legalHolds.id));
}

const holdSchema = z.object({
	personId: z.string().trim().uuid('retention.error.person'),
	reason: z.enum(HOLD_REASONS, { message: 'error.choice' })
});

/**
 * Puts a person's records on hold (a complaint, a court request): the id of a client or a
 * volunteer record (copied from its page). A second live hold on the same person is refused.
 */
export async function placeLegalHold(ctx: ServiceContext, input: unknown) {
	await authorize(ctx, 'retention:manage', SYSTEM, { action: 'retention.hold_place' });
	const data = validate(holdSchema, input);
	const [client] = await ctx.db
		.select({ id: clients.id, countyId: clients.countyId })
		.from(clients)
		.where(eq(clients.id, data.personId));
	const [volunteer] = client
		? []
		: await ctx.db
				.select({ id: volunteers.id, countyId: volunteers.countyId })
				.from(volunteers)
				.where(eq(volunteers.id, data.personId));
	const person = client ?? volunteer;
	if (!person) throw invalid({ personId: 'retention.error.person' });
	const personColumn = client ? legalHolds.clientId : legalHolds.volunteerId;
	return ctx.db.transaction(async (tx) => {
		const [live] = await tx
			.select({ id: legalHolds.id })
			.from(legalHolds)
			.where(and(eq(personColumn, person.id), isNull(legalHolds.liftedOn)));
		if (live) throw conflict('retention.error.hold_exists');
		const [made] = await tx
			.insert(legalHolds)
			.values({
				countyId: person.countyId,
				clientId: client ? client.id : null,
				volunteerId: client ? null : person.id,
				reason: data.reason,
				placedOn: today(ctx),
				placedBy: ctx.actor!.userId
			})
			.returning({ id: legalHolds.id });
		await recordAudit(tx, ctx, {
			action: 'retention.hold_place',
			entityType: client ? 'client' : 'volunteer',
			entityId: person.id,
			countyId: person.countyId,
			details: {
				holdId: made!.id,
				clientId: client?.id ?? null,
				volunteerId: client ? null : person.id,
				reason: data.reason
			}
		});
		return { id: made!.id };
	});
}

/** Lifts a hold (under the version the page read): destruction may go on from the next run. */
export async function liftLegalHold(ctx: ServiceContext, holdId: string, input: unknown) {
	await authorize(ctx, 'retention:manage', SYSTEM, { action: 'retention.hold_lift' });
	const version = formVersion(input);
	if (!z.string().uuid().safeParse(holdId).success) throw invalid({ holdId: 'error.choice' });
	const [hold] = await ctx.db.select().from(legalHolds).where(eq(legalHolds.id, holdId));
	if (!hold) throw invalid({ holdId: 'error.choice' });
	if (hold.liftedOn) throw conflict('retention.error.hold_lifted');
	return refuseStale(
		ctx,
		{
			action: 'retention.hold_lift',
			entityType: hold.clientId ? 'client' : 'volunteer',
			entityId: (hold.clientId ?? hold.volunteerId)!,
			countyId: hold.countyId,
			version
		},
		() =>
			ctx.db.transaction(async (tx) => {
				changedRow(
					await tx
						.update(legalHolds)
						.set({
							liftedOn: today(ctx),
							liftedBy: ctx.actor!.userId,
							version: nextVersion(legalHolds.version)
						})
						.where(
							and(
								eq(legalHolds.id, holdId),
								eq(legalHolds.version, version),
								isNull(legalHolds.liftedOn)
							)
						)
						.returning({ id: legalHolds.id })
				);
				await recordAudit(tx, ctx, {
					action: 'retention.hold_lift',
					entityType: hold.clientId ? 'client' : 'volunteer',
					entityId: (hold.clientId ?? hold.volunteerId)!,
					countyId: hold.countyId,
					details: { holdId }
				});
			})
	);
}
