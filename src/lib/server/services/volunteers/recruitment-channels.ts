import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
	counties,
	recruitmentChannels,
	recruitmentOutcomes,
	volunteerApplications,
	volunteers
} from '../../db/schema';
import type { Tx } from '../../db/client';
import { can, canAnywhere, type Resource } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { invalid } from '../../errors';
import {
	CHANNEL_KINDS,
	channelCodeFrom,
	channelLinkPath,
	normaliseChannelCode,
	type ChannelCounts
} from '../../domain/channels';
import { parseQuarterKey, quarterKey, quarterOf, quarterPeriod } from '../../domain/periods';
import { tallinnDayStart } from '../../domain/dates';
import { recordAudit, type AuditAction } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { changedRow, formVersion, nextVersion, refuseStale } from '../core/versions';
import { claimSubmission, settleSubmission, submissionKeyOf } from '../core/submissions';
import { uploadDocument, type DocumentSummary, type UploadInput } from '../documents/documents';
import type { DocumentOwner } from '../documents/owners';

/**
 * Recruitment channels (issue 22, R-VOL-1): a county's channels — the Hiiumaa ferry's poster, a
 * parish newsletter, a local paper, a social-media post — each with its recruitment message and
 * its own link to the public application form (`/apply?kanal=<code>`). An application made
 * through the link records the channel (public-application.ts); the pipeline counts per channel
 * how many applied, were selected and became active volunteers, per county and quarter.
 *
 * `channel:read` / `channel:manage` on the channel's county: its coordinators and the
 * administrator. Audited with ids, codes and counts (never the name or the message).
 */

export type RecruitmentChannel = typeof recruitmentChannels.$inferSelect;
const ENTITY = 'recruitment_channel';
const countyResource = (countyId: string): Resource => ({ kind: 'county', countyId });
const uuidOk = (id: string) => z.string().uuid().safeParse(id).success;

const channelSchema = z.object({
	name: z
		.string({ message: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(120, 'error.too_long'),
	kind: z.enum(CHANNEL_KINDS, { message: 'error.choice' }),
	message: z
		.string()
		.trim()
		.max(4000, 'error.too_long')
		.optional()
		.transform((v) => (v ? v : null))
});
const newChannelSchema = channelSchema.extend({
	countyId: z.string({ message: 'error.choice' }).uuid('error.choice')
});

/** The channel, if the actor may do `action` to it; anyone else gets "not found" (audited). */
export async function requireChannel(
	ctx: ServiceContext,
	channelId: string,
	action: 'channel:read' | 'channel:manage',
	auditAction: AuditAction
): Promise<RecruitmentChannel> {
	const [row] = uuidOk(channelId)
		? await ctx.db.select().from(recruitmentChannels).where(eq(recruitmentChannels.id, channelId))
		: [];
	if (!row) {
		return deniedNotFound(ctx, { action: auditAction, entityType: ENTITY, entityId: channelId });
	}
	await authorize(ctx, action, countyResource(row.countyId), {
		action: auditAction,
		entityType: ENTITY,
		entityId: channelId
	});
	return row;
}

/** Whether the actor may see any county's channels (the pipeline's link to them). */
export function mayReadChannels(ctx: ServiceContext): boolean {
	return canAnywhere(ctx.actor, 'channel:read');
}

async function listGate(
	ctx: ServiceContext,
	action: 'channel:read' | 'channel:manage',
	audit: string
) {
	if (!canAnywhere(ctx.actor, action)) {
		await authorize(ctx, action, { kind: 'system' }, { action: audit });
	}
}

/** A period of a quarter key (`2026-Q4`), or null for "all time". */
function periodOf(key: string | undefined) {
	const q = key ? parseQuarterKey(key) : null;
	return q ? { key: quarterKey(q), ...quarterPeriod(q) } : null;
}

/**
 * Applied, selected and active per channel (and per county for "no channel"), in SQL: two
 * grouped reads — the applications still kept (every selected one is kept with its volunteer)
 * and the anonymous outcomes of those not selected (their application is gone, R-VOL-6).
 * Applied in the period = the application arrived in it; selected and active are of those.
 */
export async function channelFigures(
	db: Tx,
	list: readonly string[] | null,
	period: { from: string; to: string } | null
) {
	const inList = (col: SQL | typeof volunteerApplications.countyId) =>
		list === null ? undefined : inArray(col as typeof volunteerApplications.countyId, [...list]);
	const appWhere: (SQL | undefined)[] = [inList(volunteerApplications.countyId)];
	if (period) {
		appWhere.push(
			sql`${volunteerApplications.submittedAt} >= ${tallinnDayStart(period.from)}`,
			sql`${volunteerApplications.submittedAt} < ${tallinnDayStart(nextDay(period.to))}`
		);
	}
	const apps = await db
		.select({
			countyId: volunteerApplications.countyId,
			channelId: volunteerApplications.recruitmentChannelId,
			applied: count(),
			selected: sql<number>`(count(*) filter (where ${volunteerApplications.status} = 'selected'))::int`,
			active: sql<number>`(count(*) filter (where ${volunteerApplications.status} = 'selected' and ${volunteers.startedOn} is not null))::int`
		})
		.from(volunteerApplications)
		.leftJoin(volunteers, eq(volunteers.id, volunteerApplications.volunteerId))
		.where(and(...appWhere))
		.groupBy(volunteerApplications.countyId, volunteerApplications.recruitmentChannelId);
	const outWhere: (SQL | undefined)[] = [
		eq(recruitmentOutcomes.outcome, 'not_selected'),
		list === null ? undefined : inArray(recruitmentOutcomes.countyId, [...list])
	];
	if (period) {
		outWhere.push(sql`${recruitmentOutcomes.appliedOn} between ${period.from} and ${period.to}`);
	}
	const gone = await db
		.select({
			countyId: recruitmentOutcomes.countyId,
			channelId: recruitmentOutcomes.recruitmentChannelId,
			n: count()
		})
		.from(recruitmentOutcomes)
		.where(and(...outWhere))
		.groupBy(recruitmentOutcomes.countyId, recruitmentOutcomes.recruitmentChannelId);
	const byChannel = new Map<string, ChannelCounts>();
	const noChannel = new Map<string, ChannelCounts>();
	const add = (countyId: string, channelId: string | null, c: Partial<ChannelCounts>): void => {
		const map = channelId ? byChannel : noChannel;
		const key = channelId ?? countyId;
		const cur = map.get(key) ?? { applied: 0, selected: 0, active: 0 };
		cur.applied += Number(c.applied ?? 0);
		cur.selected += Number(c.selected ?? 0);
		cur.active += Number(c.active ?? 0);
		map.set(key, cur);
	};
	for (const r of apps) add(r.countyId, r.channelId, r);
	for (const r of gone) add(r.countyId, r.channelId, { applied: r.n });
	return { byChannel, noChannel };
}

function nextDay(day: string): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

export interface ChannelListFilter {
	countyId?: string;
	/** `2026-Q4`, or empty for all time. */
	quarter?: string;
}

/**
 * The channels of the actor's counties with their counts, and a "no channel" row per county
 * (applications made without a channel's link). Audited as a list (a count).
 */
export async function listChannels(ctx: ServiceContext, filter: ChannelListFilter = {}) {
	await listGate(ctx, 'channel:read', 'channel.list');
	const scope = countyScope(ctx.actor, 'channel:read');
	let list = scope;
	const countyId = filter.countyId && uuidOk(filter.countyId) ? filter.countyId : null;
	if (countyId) {
		await authorize(ctx, 'channel:read', countyResource(countyId), {
			action: 'channel.list',
			entityType: 'county',
			entityId: countyId
		});
		list = [countyId];
	}
	const period = periodOf(filter.quarter);
	const rows = await ctx.db
		.select({
			id: recruitmentChannels.id,
			countyId: recruitmentChannels.countyId,
			countyName: counties.name,
			code: recruitmentChannels.code,
			name: recruitmentChannels.name,
			kind: recruitmentChannels.kind,
			archivedAt: recruitmentChannels.archivedAt
		})
		.from(recruitmentChannels)
		.innerJoin(counties, eq(counties.id, recruitmentChannels.countyId))
		.where(list === null ? undefined : inArray(recruitmentChannels.countyId, [...list]))
		.orderBy(
			asc(counties.name),
			sql`${recruitmentChannels.archivedAt} is not null`,
			asc(recruitmentChannels.name),
			asc(recruitmentChannels.id)
		)
		.limit(500);
	const figures = await channelFigures(ctx.db, list, period);
	const countyChoices = await ctx.db
		.select({ id: counties.id, name: counties.name })
		.from(counties)
		.where(scope === null ? undefined : inArray(counties.id, [...scope]))
		.orderBy(counties.name);
	const zero: ChannelCounts = { applied: 0, selected: 0, active: 0 };
	const shown = countyChoices.filter((c) => list === null || list.includes(c.id));
	await recordAudit(ctx.db, ctx, {
		action: 'channel.list',
		entityType: countyId ? 'county' : undefined,
		entityId: countyId,
		countyId,
		details: { count: rows.length, ...(period ? { quarter: period.key } : {}) }
	});
	return {
		channels: rows.map((r) => ({
			...r,
			link: channelLinkPath(r.code),
			counts: figures.byChannel.get(r.id) ?? zero
		})),
		noChannel: shown.map((c) => ({
			countyId: c.id,
			countyName: c.name,
			counts: figures.noChannel.get(c.id) ?? zero
		})),
		counties: countyChoices,
		countyId,
		quarter: period?.key ?? null,
		quarters: recentQuarters(today(ctx), 8),
		canCreate: canAnywhere(ctx.actor, 'channel:manage')
	};
}

/** The latest `n` quarter keys up to today's, newest first (the filter's choices). */
export function recentQuarters(day: string, n: number): string[] {
	const out: string[] = [];
	let q = quarterOf(day);
	for (let i = 0; i < n; i++) {
		out.push(quarterKey(q));
		q =
			q.quarter === 1
				? { year: q.year - 1, quarter: 4 }
				: { year: q.year, quarter: (q.quarter - 1) as 1 };
	}
	return out;
}

/** The counties the actor may add channels in (the new-channel form). */
export async function channelFormOptions(ctx: ServiceContext) {
	await listGate(ctx, 'channel:manage', 'channel.create');
	const scope = countyScope(ctx.actor, 'channel:manage');
	return {
		counties: await ctx.db
			.select({ id: counties.id, name: counties.name })
			.from(counties)
			.where(scope === null ? undefined : inArray(counties.id, [...scope]))
			.orderBy(counties.name),
		kinds: CHANNEL_KINDS
	};
}

/** A code no channel has yet (six random letters and digits; a clash is simply drawn again). */
async function freshCode(tx: Tx): Promise<string> {
	for (;;) {
		const code = channelCodeFrom(randomBytes(16));
		const [taken] = await tx
			.select({ id: recruitmentChannels.id })
			.from(recruitmentChannels)
			.where(eq(recruitmentChannels.code, code));
		if (!taken) return code;
	}
}

/**
 * Adds a channel with a fresh code. The form carries a submission key, so a second click or a
 * resubmitted form gives the channel made the first time, not a second one.
 */
export async function createChannel(ctx: ServiceContext, input: unknown): Promise<string> {
	const raw = (input ?? {}) as Record<string, unknown>;
	const countyId = typeof raw.countyId === 'string' && uuidOk(raw.countyId) ? raw.countyId : null;
	if (!countyId) {
		await listGate(ctx, 'channel:manage', 'channel.create');
		throw invalid({ countyId: 'error.choice' });
	}
	await authorize(ctx, 'channel:manage', countyResource(countyId), {
		action: 'channel.create',
		entityType: 'county',
		entityId: countyId
	});
	const data = validate(newChannelSchema, input);
	const key = submissionKeyOf(input);
	return ctx.db.transaction(async (tx) => {
		const prior = await claimSubmission(tx, ctx, key, 'recruitment_channel');
		if (prior?.[0]) return prior[0];
		const [row] = await tx
			.insert(recruitmentChannels)
			.values({
				countyId: data.countyId,
				code: await freshCode(tx),
				name: data.name,
				kind: data.kind,
				message: data.message,
				createdBy: ctx.actor!.userId,
				createdAt: ctx.now(),
				updatedAt: ctx.now()
			})
			.returning({ id: recruitmentChannels.id });
		await recordAudit(tx, ctx, {
			action: 'channel.create',
			entityType: ENTITY,
			entityId: row!.id,
			countyId: data.countyId,
			details: { kind: data.kind, message: data.message !== null }
		});
		await settleSubmission(tx, ctx, key, [row!.id]);
		return row!.id;
	});
}

/** One channel with its link, its counts (all time) and what the actor may do. */
export async function getChannel(ctx: ServiceContext, channelId: string) {
	const row = await requireChannel(ctx, channelId, 'channel:read', 'channel.view');
	const [county] = await ctx.db
		.select({ name: counties.name })
		.from(counties)
		.where(eq(counties.id, row.countyId));
	const figures = await channelFigures(ctx.db, null, null);
	const canManage = can(ctx.actor, 'channel:manage', countyResource(row.countyId), today(ctx));
	await recordAudit(ctx.db, ctx, {
		action: 'channel.view',
		entityType: ENTITY,
		entityId: channelId,
		countyId: row.countyId
	});
	return {
		channel: { ...row, countyName: county?.name ?? '' },
		link: channelLinkPath(row.code),
		counts: figures.byChannel.get(row.id) ?? { applied: 0, selected: 0, active: 0 },
		canManage,
		kinds: CHANNEL_KINDS
	};
}

/** Changes the name, kind or message (versioned: a stale form is a conflict). */
export async function updateChannel(ctx: ServiceContext, channelId: string, input: unknown) {
	const row = await requireChannel(ctx, channelId, 'channel:manage', 'channel.update');
	const data = validate(channelSchema, input);
	const version = formVersion(input);
	const audit = { action: 'channel.update', entityType: ENTITY, entityId: channelId } as const;
	await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			changedRow(
				await tx
					.update(recruitmentChannels)
					.set({ ...data, version: nextVersion(recruitmentChannels.version), updatedAt: ctx.now() })
					.where(
						and(eq(recruitmentChannels.id, channelId), eq(recruitmentChannels.version, version))
					)
					.returning({ id: recruitmentChannels.id })
			);
			const before = row as unknown as Record<string, unknown>;
			await recordAudit(tx, ctx, {
				...audit,
				countyId: row.countyId,
				details: {
					fields: Object.entries(data)
						.filter(([k, v]) => before[k] !== v)
						.map(([k]) => k)
				}
			});
		})
	);
}

/**
 * Archives a channel (no longer offered, its counts kept) or brings it back. Its link keeps
 * recording applications either way: a poster may still hang somewhere.
 */
export async function setChannelArchived(
	ctx: ServiceContext,
	channelId: string,
	archived: boolean,
	input: unknown
) {
	const action = archived ? 'channel.archive' : 'channel.unarchive';
	const row = await requireChannel(ctx, channelId, 'channel:manage', action);
	const version = formVersion(input);
	const audit = { action, entityType: ENTITY, entityId: channelId };
	await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			changedRow(
				await tx
					.update(recruitmentChannels)
					.set({
						archivedAt: archived ? ctx.now() : null,
						version: nextVersion(recruitmentChannels.version),
						updatedAt: ctx.now()
					})
					.where(
						and(eq(recruitmentChannels.id, channelId), eq(recruitmentChannels.version, version))
					)
					.returning({ id: recruitmentChannels.id })
			);
			await recordAudit(tx, ctx, { ...audit, countyId: row.countyId });
		})
	);
}

/**
 * The channel a public form's `kanal` names (no login: the code is on a poster). Unknown codes
 * give null, and the application is then simply one without a channel. Archived channels still
 * count. Only the id and county leave this function; the public page shows neither.
 */
export async function channelForCode(
	db: Tx,
	code: unknown
): Promise<{ id: string; countyId: string } | null> {
	const c = normaliseChannelCode(code);
	if (!c) return null;
	const [row] = await db
		.select({ id: recruitmentChannels.id, countyId: recruitmentChannels.countyId })
		.from(recruitmentChannels)
		.where(eq(recruitmentChannels.code, c));
	return row ?? null;
}

/** Active channels of a county for a coordinator's own entry of a paper or e-mail application. */
export async function activeChannelsOf(db: Tx, countyIds: readonly string[] | null) {
	return db
		.select({
			id: recruitmentChannels.id,
			countyId: recruitmentChannels.countyId,
			name: recruitmentChannels.name
		})
		.from(recruitmentChannels)
		.where(
			and(
				isNull(recruitmentChannels.archivedAt),
				countyIds === null ? undefined : inArray(recruitmentChannels.countyId, [...countyIds])
			)
		)
		.orderBy(asc(recruitmentChannels.name));
}

/** Kinds offered on a channel's documents section: the recruitment message (a poster, an ad). */
export const CHANNEL_DOCUMENT_KINDS = ['recruitment_message', 'other'] as const;

function channelOwner(row: Pick<RecruitmentChannel, 'id' | 'countyId'>): DocumentOwner {
	return { kind: 'ref', ownerRef: `recruitment_channel:${row.id}`, countyId: row.countyId };
}

/** The owner of a channel's documents, for a page load (null when hidden; not audited). */
export async function channelDocumentsOwner(ctx: ServiceContext, channelId: string) {
	const [row] = uuidOk(channelId)
		? await ctx.db
				.select({ id: recruitmentChannels.id, countyId: recruitmentChannels.countyId })
				.from(recruitmentChannels)
				.where(eq(recruitmentChannels.id, channelId))
		: [];
	return row && can(ctx.actor, 'channel:read', countyResource(row.countyId), today(ctx))
		? channelOwner(row)
		: null;
}

/** Uploads the recruitment message (a poster, an ad) onto a channel through the documents service. */
export async function uploadChannelDocument(
	ctx: ServiceContext,
	channelId: string,
	input: UploadInput
): Promise<DocumentSummary> {
	const row = await requireChannel(ctx, channelId, 'channel:manage', 'document.upload');
	return uploadDocument(ctx, channelOwner(row), input);
}
