import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { paperDiaryMonths } from '../../db/schema';
import { isIsoDay } from '../../domain/dates';
import { monthStart, paperDiaryDestroyDueOn, paperDiaryMonthErrors } from '../../domain/paper';
import { can } from '../../policy/policy';
import { conflict, invalid } from '../../errors';
import { recordAudit } from '../core/audit';
import { deniedNotFound, requirePairing } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { validate, wholeNumber } from '../core/validation';
import { changedRow, formVersion, nextVersion, refuseStale } from '../core/versions';
import type { PairingOptions } from './pairing-lifecycle';
import { pairingFormLocales } from './paper-forms';

/**
 * Paper diaries (R-PAIR-8, issue 22): a volunteer who does not use a computer keeps the client
 * diary on paper and hands the past month's pages to the coordinator at the start of each
 * month. The coordinator records that a month's pages were received (how many, on which day),
 * enters the contacts through the diary (the entries are marked `from_paper` there), confirms
 * that the month is entered, and then that the pages were destroyed. The attention list shows
 * months not destroyed one month after receipt (paper-attention.ts, domain/paper.ts).
 *
 * Writes need `diary:manage` (the county's coordinators, the administrator) on the client;
 * the months are read by whoever reads the pairing (its volunteer sees which months came on
 * paper). Audited against the pairing with ids, the month and the page count only.
 */

const isoDay = z.string().refine(isIsoDay, 'error.date');

const receiveSchema = z.object({
	month: z.string({ message: 'paper.error.month' }).transform((v, c) => {
		const day = monthStart(v.trim());
		if (!day) {
			c.addIssue({ code: 'custom', message: 'paper.error.month' });
			return z.NEVER;
		}
		return day;
	}),
	pages: wholeNumber('paper.error.pages').pipe(
		z.number().min(1, 'paper.error.pages').max(200, 'paper.error.pages')
	),
	receivedOn: isoDay
});

const dayOnlySchema = z.object({ day: isoDay });

type MonthRow = typeof paperDiaryMonths.$inferSelect;

/** The pairing's paper months, oldest first, for its page; what the actor may do with them. */
export async function pairingPaperDiaries(
	ctx: ServiceContext,
	pairingId: string,
	opts: PairingOptions = {}
) {
	const { pairing, resource } = await requirePairing(
		ctx,
		pairingId,
		'pairing:read',
		'pairing.view',
		opts.clientId
	);
	const day = today(ctx);
	const manage = can(ctx.actor, 'diary:manage', resource, day);
	const rows = await ctx.db
		.select()
		.from(paperDiaryMonths)
		.where(eq(paperDiaryMonths.pairingId, pairing.id))
		.orderBy(asc(paperDiaryMonths.month));
	// The printable forms (paper-forms.ts): whoever writes this pairing's diary.
	const print =
		can(ctx.actor, 'diary:create', resource, day) &&
		(manage || ctx.actor?.volunteerId === pairing.volunteerId);
	return {
		forms: print ? await pairingFormLocales(ctx, pairing) : null,
		months: rows.map((r) => ({
			id: r.id,
			month: r.month.slice(0, 7),
			pages: r.pages,
			receivedOn: r.receivedOn,
			enteredOn: r.enteredOn,
			destroyedOn: r.destroyedOn,
			destroyDueOn: r.destroyDueOn,
			overdue: r.destroyedOn === null && r.destroyDueOn <= day,
			version: r.version
		})),
		canManage: manage && pairing.status !== 'proposed',
		today: day
	};
}

/**
 * Records that a month's paper pages were received. Resubmitting the same form (same month,
 * pages and day) answers with the month already recorded and writes nothing; a different
 * record of a month already there is refused (change nothing, say so).
 */
export async function recordPaperDiaryMonth(
	ctx: ServiceContext,
	pairingId: string,
	input: unknown,
	opts: PairingOptions = {}
): Promise<{ id: string; repeat: boolean }> {
	const { pairing, client } = await requirePairing(
		ctx,
		pairingId,
		'diary:manage',
		'paper_diary.receive',
		opts.clientId
	);
	if (pairing.status === 'proposed') throw conflict('paper.error.not_begun');
	const data = validate(receiveSchema, input);
	const errors = paperDiaryMonthErrors(
		{ month: data.month, receivedOn: data.receivedOn },
		pairing,
		today(ctx)
	);
	if (Object.keys(errors).length > 0) throw invalid(errors);
	return ctx.db.transaction(async (tx) => {
		const [inserted] = await tx
			.insert(paperDiaryMonths)
			.values({
				pairingId: pairing.id,
				month: data.month,
				pages: data.pages,
				receivedOn: data.receivedOn,
				destroyDueOn: paperDiaryDestroyDueOn(data.receivedOn),
				recordedBy: ctx.actor!.userId,
				createdAt: ctx.now(),
				updatedAt: ctx.now()
			})
			.onConflictDoNothing()
			.returning({ id: paperDiaryMonths.id });
		if (!inserted) {
			const [existing] = await tx
				.select()
				.from(paperDiaryMonths)
				.where(
					and(eq(paperDiaryMonths.pairingId, pairing.id), eq(paperDiaryMonths.month, data.month))
				);
			if (existing && existing.pages === data.pages && existing.receivedOn === data.receivedOn) {
				return { id: existing.id, repeat: true };
			}
			throw invalid({ month: 'paper.error.month_recorded' });
		}
		await recordAudit(tx, ctx, {
			action: 'paper_diary.receive',
			entityType: 'pairing',
			entityId: pairing.id,
			countyId: client.countyId,
			details: {
				paperDiaryMonthId: inserted.id,
				clientId: pairing.clientId,
				month: data.month.slice(0, 7),
				pages: data.pages
			}
		});
		return { id: inserted.id, repeat: false };
	});
}

async function requireMonth(
	ctx: ServiceContext,
	pairingId: string,
	monthId: string,
	auditAction: 'paper_diary.entered' | 'paper_diary.destroyed',
	opts: PairingOptions
) {
	const { pairing, client } = await requirePairing(
		ctx,
		pairingId,
		'diary:manage',
		auditAction,
		opts.clientId
	);
	const [row] = z.string().uuid().safeParse(monthId).success
		? await ctx.db
				.select()
				.from(paperDiaryMonths)
				.where(and(eq(paperDiaryMonths.id, monthId), eq(paperDiaryMonths.pairingId, pairing.id)))
		: [];
	if (!row) {
		return deniedNotFound(ctx, {
			action: auditAction,
			entityType: 'pairing',
			entityId: pairing.id
		});
	}
	return { pairing, client, row };
}

/** A day of the form: not in the future, not before the pages were received. */
function checkDay(day: string, row: MonthRow, today: string, field = 'day') {
	if (day > today) throw invalid({ [field]: 'paper.error.day_in_future' });
	if (day < row.receivedOn) throw invalid({ [field]: 'paper.error.day_before_received' });
}

async function setMonth(
	ctx: ServiceContext,
	found: { pairing: { id: string; clientId: string }; client: { countyId: string }; row: MonthRow },
	action: 'paper_diary.entered' | 'paper_diary.destroyed',
	version: number,
	values: Partial<MonthRow>
) {
	const { pairing, client, row } = found;
	const audit = { action, entityType: 'pairing', entityId: pairing.id };
	await refuseStale(ctx, { ...audit, countyId: client.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			changedRow(
				await tx
					.update(paperDiaryMonths)
					.set({ ...values, version: nextVersion(paperDiaryMonths.version), updatedAt: ctx.now() })
					.where(
						and(
							eq(paperDiaryMonths.id, row.id),
							eq(paperDiaryMonths.version, version),
							isNull(paperDiaryMonths.destroyedOn)
						)
					)
					.returning({ id: paperDiaryMonths.id })
			);
			await recordAudit(tx, ctx, {
				...audit,
				countyId: client.countyId,
				details: {
					paperDiaryMonthId: row.id,
					clientId: pairing.clientId,
					month: row.month.slice(0, 7),
					pages: row.pages
				}
			});
		})
	);
}

/** The coordinator confirms that the month's contacts are entered in the diary. */
export async function markPaperDiaryEntered(
	ctx: ServiceContext,
	pairingId: string,
	monthId: string,
	input: unknown,
	opts: PairingOptions = {}
) {
	const found = await requireMonth(ctx, pairingId, monthId, 'paper_diary.entered', opts);
	const data = validate(dayOnlySchema, input);
	const version = formVersion(input);
	if (found.row.destroyedOn) throw conflict('paper.error.already_destroyed');
	if (found.row.enteredOn) throw conflict('paper.error.already_entered');
	checkDay(data.day, found.row, today(ctx));
	await setMonth(ctx, found, 'paper_diary.entered', version, {
		enteredOn: data.day,
		enteredBy: ctx.actor!.userId
	});
}

/**
 * The coordinator confirms that the month's paper pages were destroyed (by them, on the day
 * given). Only after the month is entered: the pages are the only copy until then.
 */
export async function confirmPaperDiaryDestroyed(
	ctx: ServiceContext,
	pairingId: string,
	monthId: string,
	input: unknown,
	opts: PairingOptions = {}
) {
	const found = await requireMonth(ctx, pairingId, monthId, 'paper_diary.destroyed', opts);
	const data = validate(dayOnlySchema, input);
	const version = formVersion(input);
	if (found.row.destroyedOn) throw conflict('paper.error.already_destroyed');
	if (!found.row.enteredOn) throw conflict('paper.error.not_entered');
	checkDay(data.day, found.row, today(ctx));
	if (data.day < found.row.enteredOn) throw invalid({ day: 'paper.error.day_before_entered' });
	await setMonth(ctx, found, 'paper_diary.destroyed', version, {
		destroyedOn: data.day,
		destroyedBy: ctx.actor!.userId
	});
}
