import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { clients, counties, stories, volunteers, STORY_LANGUAGES } from '../../db/schema';
import { can, canAnywhere } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { invalid } from '../../errors';
import { recordAudit } from '../core/audit';
import { authorize } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { changedRow, formVersion, nextVersion, refuseStale } from '../core/versions';
import { countyResource, requireStory, STORY_ENTITY, uuidOk, type Story } from './access';
import { peopleOf, publishable } from './people';

/**
 * Experience stories (issue 22, R-STORY-1): a story of a county's volunteer and/or client —
 * title, text, the language it was written in, the author as shown — with the people it is
 * about and their publication consent (people.ts). Published on the public page `/lood`
 * (public.ts) only when everyone it names has consented, or anonymously, when the coordinator
 * confirms the names were removed. A withdrawn consent unpublishes the story at once.
 *
 * `story:read` / `story:manage` on the county: its coordinators and the administrator. Audited
 * (ids and counts only; names and text never go to the log).
 */

const storySchema = z.object({
	title: z
		.string({ message: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(200, 'error.too_long'),
	body: z
		.string({ message: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(10000, 'error.too_long'),
	language: z.enum(STORY_LANGUAGES, { message: 'error.choice' }),
	author: z
		.string({ message: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(200, 'error.too_long')
});
const newStorySchema = storySchema.extend({
	countyId: z.string({ message: 'error.choice' }).uuid('error.choice')
});

async function listGate(ctx: ServiceContext, action: 'story:read' | 'story:manage', audit: string) {
	if (!canAnywhere(ctx.actor, action)) {
		await authorize(ctx, action, { kind: 'system' }, { action: audit });
	}
}

/** The stories of the actor's counties, newest first, without their text. */
export async function listStories(ctx: ServiceContext) {
	await listGate(ctx, 'story:read', 'story.list');
	const scope = countyScope(ctx.actor, 'story:read');
	const rows = await ctx.db
		.select({
			id: stories.id,
			title: stories.title,
			language: stories.language,
			anonymous: stories.anonymous,
			publishedAt: stories.publishedAt,
			countyName: counties.name,
			updatedAt: stories.updatedAt,
			photoAlt: sql<
				string | null
			>`case when ${stories.photoDocumentId} is not null then ${stories.photoAlt} end`,
			people: sql<number>`(select count(*) from story_person sp where sp.story_id = ${stories.id})::int`
		})
		.from(stories)
		.innerJoin(counties, eq(counties.id, stories.countyId))
		.where(scope === null ? undefined : inArray(stories.countyId, [...scope]))
		.orderBy(desc(stories.createdAt), asc(stories.id))
		.limit(500);
	await recordAudit(ctx.db, ctx, {
		action: 'story.list',
		details: { count: rows.length }
	});
	return { stories: rows, canCreate: canAnywhere(ctx.actor, 'story:manage') };
}

/** The counties the actor may write stories in (the new-story form). */
export async function storyFormOptions(ctx: ServiceContext) {
	await listGate(ctx, 'story:manage', 'story.create');
	const scope = countyScope(ctx.actor, 'story:manage');
	return {
		counties: await ctx.db
			.select({ id: counties.id, name: counties.name })
			.from(counties)
			.where(scope === null ? undefined : inArray(counties.id, [...scope]))
			.orderBy(counties.name)
	};
}

export async function createStory(ctx: ServiceContext, input: unknown): Promise<string> {
	const raw = (input ?? {}) as Record<string, unknown>;
	const countyId = typeof raw.countyId === 'string' && uuidOk(raw.countyId) ? raw.countyId : null;
	if (!countyId) {
		await listGate(ctx, 'story:manage', 'story.create');
		throw invalid({ countyId: 'error.choice' });
	}
	await authorize(ctx, 'story:manage', countyResource(countyId), {
		action: 'story.create',
		entityType: 'county',
		entityId: countyId
	});
	const data = validate(newStorySchema, input);
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(stories)
			.values({
				countyId: data.countyId,
				title: data.title,
				body: data.body,
				language: data.language,
				author: data.author,
				createdBy: ctx.actor!.userId,
				createdAt: ctx.now(),
				updatedAt: ctx.now()
			})
			.returning({ id: stories.id });
		await recordAudit(tx, ctx, {
			action: 'story.create',
			entityType: STORY_ENTITY,
			entityId: row!.id,
			countyId: data.countyId
		});
		return row!.id;
	});
}

/** Changes the text of a story (versioned: a stale form is a conflict). */
export async function updateStory(ctx: ServiceContext, storyId: string, input: unknown) {
	const row = await requireStory(ctx, storyId, 'story:manage', 'story.update');
	const data = validate(storySchema, input);
	const version = formVersion(input);
	const audit = { action: 'story.update', entityType: STORY_ENTITY, entityId: storyId };
	await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			changedRow(
				await tx
					.update(stories)
					.set({ ...data, version: nextVersion(stories.version), updatedAt: ctx.now() })
					.where(and(eq(stories.id, storyId), eq(stories.version, version)))
					.returning({ id: stories.id })
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

/** One story with its people and their consents, and who of the county may be added. */
export async function getStory(ctx: ServiceContext, storyId: string) {
	const story = await requireStory(ctx, storyId, 'story:read', 'story.view');
	const manage = can(ctx.actor, 'story:manage', countyResource(story.countyId), today(ctx));
	const people = await peopleOf(ctx.db, storyId);
	const takenV = new Set(people.map((p) => p.volunteerId).filter(Boolean));
	const takenC = new Set(people.map((p) => p.clientId).filter(Boolean));
	const candidates = manage
		? [
				...(
					await ctx.db
						.select({
							id: volunteers.id,
							firstName: volunteers.firstName,
							lastName: volunteers.lastName
						})
						.from(volunteers)
						.where(eq(volunteers.countyId, story.countyId))
						.orderBy(asc(volunteers.lastName), asc(volunteers.firstName))
				)
					.filter((v) => !takenV.has(v.id))
					.map((v) => ({
						value: `volunteer:${v.id}`,
						kind: 'volunteer' as const,
						name: `${v.firstName} ${v.lastName}`
					})),
				...(
					await ctx.db
						.select({ id: clients.id, firstName: clients.firstName, lastName: clients.lastName })
						.from(clients)
						.where(
							and(
								eq(clients.countyId, story.countyId),
								isNotNull(clients.lastName),
								sql`${clients.status} <> 'anonymised'`
							)
						)
						.orderBy(asc(clients.lastName), asc(clients.firstName))
				)
					.filter((c) => !takenC.has(c.id))
					.map((c) => ({
						value: `client:${c.id}`,
						kind: 'client' as const,
						name: `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim()
					}))
			]
		: [];
	const [county] = await ctx.db.select().from(counties).where(eq(counties.id, story.countyId));
	await recordAudit(ctx.db, ctx, {
		action: 'story.view',
		entityType: STORY_ENTITY,
		entityId: storyId,
		countyId: story.countyId,
		details: { people: people.length }
	});
	return {
		story: { ...story, countyName: county?.name ?? '' },
		people,
		candidates,
		canManage: manage,
		namedPublishable: publishable(people),
		today: today(ctx)
	};
}

const publishSchema = z.object({
	anonymous: z.preprocess((v) => v === 'yes' || v === true, z.boolean()),
	namesRemoved: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())
});

/**
 * Publishes a story on `/lood`: with names only when everyone it is about has a consent (a
 * document and a date) not withdrawn; anonymously only when the coordinator confirms the
 * names were removed. A refusal changes nothing and is audited as a failure.
 */
export async function publishStory(ctx: ServiceContext, storyId: string, input: unknown) {
	const row = await requireStory(ctx, storyId, 'story:manage', 'story.publish');
	const data = validate(publishSchema, input);
	const version = formVersion(input);
	const refuse = async (reason: string, field: string, key: string) => {
		await recordAudit(ctx.db, ctx, {
			action: 'story.publish',
			entityType: STORY_ENTITY,
			entityId: storyId,
			countyId: row.countyId,
			outcome: 'failure',
			details: { reason }
		});
		throw invalid({ [field]: key }, key);
	};
	if (data.anonymous && !data.namesRemoved) {
		await refuse('names_not_removed', 'namesRemoved', 'stories.error.names_removed');
	}
	if (!data.anonymous) {
		const people = await peopleOf(ctx.db, storyId);
		if (!publishable(people)) {
			await refuse('consent_missing', 'anonymous', 'stories.error.consent_missing');
		}
	}
	const audit = { action: 'story.publish', entityType: STORY_ENTITY, entityId: storyId };
	await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			changedRow(
				await tx
					.update(stories)
					.set({
						anonymous: data.anonymous,
						publishedAt: ctx.now(),
						publishedBy: ctx.actor!.userId,
						version: nextVersion(stories.version),
						updatedAt: ctx.now()
					})
					.where(and(eq(stories.id, storyId), eq(stories.version, version)))
					.returning({ id: stories.id })
			);
			await recordAudit(tx, ctx, {
				...audit,
				countyId: row.countyId,
				details: { anonymous: data.anonymous }
			});
		})
	);
}

/** Takes a story off `/lood`. */
export async function unpublishStory(ctx: ServiceContext, storyId: string, input: unknown) {
	const row = await requireStory(ctx, storyId, 'story:manage', 'story.unpublish');
	const version = formVersion(input);
	const audit = { action: 'story.unpublish', entityType: STORY_ENTITY, entityId: storyId };
	await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			changedRow(
				await tx
					.update(stories)
					.set({
						publishedAt: null,
						publishedBy: null,
						version: nextVersion(stories.version),
						updatedAt: ctx.now()
					})
					.where(and(eq(stories.id, storyId), eq(stories.version, version)))
					.returning({ id: stories.id })
			);
			await recordAudit(tx, ctx, { ...audit, countyId: row.countyId });
		})
	);
}

export type { Story };
