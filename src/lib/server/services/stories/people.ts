import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { clients, stories, storyPeople, volunteers } from '../../db/schema';
import type { Tx } from '../../db/client';
import { isIsoDay } from '../../domain/dates';
import { invalid } from '../../errors';
import { recordAudit } from '../core/audit';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { uploadDocument, type UploadInput } from '../documents/documents';
import type { DocumentOwner } from '../documents/owners';
import { requireStory, STORY_ENTITY, uuidOk, type Story } from './access';

/**
 * The people a story is about (a volunteer or a client of the story's county) and their
 * publication consent: the signed consent uploaded through the documents service (kind
 * `consent`, owner_ref `story:<id>`) and its date. Withdrawing a consent unpublishes the story
 * in the same transaction, whether it was published with names or anonymously: a person who
 * takes back their consent wants the story down, and the coordinator decides again.
 */

export type StoryPerson = Awaited<ReturnType<typeof peopleOf>>[number];

export function storyOwner(story: Pick<Story, 'id' | 'countyId'>): DocumentOwner {
	return { kind: 'ref', ownerRef: `story:${story.id}`, countyId: story.countyId };
}

export async function peopleOf(db: Tx, storyId: string) {
	const rows = await db
		.select({
			id: storyPeople.id,
			volunteerId: storyPeople.volunteerId,
			clientId: storyPeople.clientId,
			consentDocumentId: storyPeople.consentDocumentId,
			consentOn: storyPeople.consentOn,
			consentWithdrawnOn: storyPeople.consentWithdrawnOn,
			volunteerFirst: volunteers.firstName,
			volunteerLast: volunteers.lastName,
			clientFirst: clients.firstName,
			clientLast: clients.lastName
		})
		.from(storyPeople)
		.leftJoin(volunteers, eq(volunteers.id, storyPeople.volunteerId))
		.leftJoin(clients, eq(clients.id, storyPeople.clientId))
		.where(eq(storyPeople.storyId, storyId))
		.orderBy(asc(storyPeople.createdAt), asc(storyPeople.id));
	return rows.map((r) => ({
		id: r.id,
		volunteerId: r.volunteerId,
		clientId: r.clientId,
		kind: (r.volunteerId ? 'volunteer' : 'client') as 'volunteer' | 'client',
		name: r.volunteerId
			? `${r.volunteerFirst ?? ''} ${r.volunteerLast ?? ''}`.trim()
			: `${r.clientFirst ?? ''} ${r.clientLast ?? ''}`.trim(),
		consentDocumentId: r.consentDocumentId,
		consentOn: r.consentOn,
		consentWithdrawnOn: r.consentWithdrawnOn,
		consented: hasConsent(r)
	}));
}

/** A consent counts when its document and date are there and it has not been withdrawn. */
export function hasConsent(p: {
	consentDocumentId: string | null;
	consentOn: string | null;
	consentWithdrawnOn: string | null;
}): boolean {
	return p.consentDocumentId !== null && p.consentOn !== null && p.consentWithdrawnOn === null;
}

/** Publishing with names: everyone the story is about has consented (at least one person). */
export function publishable(people: readonly { consented: boolean }[]): boolean {
	return people.length > 0 && people.every((p) => p.consented);
}

async function personRow(db: Tx, storyId: string, personId: string) {
	if (!uuidOk(personId)) return null;
	const [row] = await db
		.select()
		.from(storyPeople)
		.where(and(eq(storyPeople.id, personId), eq(storyPeople.storyId, storyId)));
	return row ?? null;
}

/** Adds a volunteer (`volunteer:<id>`) or client (`client:<id>`) of the story's county. */
export async function addStoryPerson(ctx: ServiceContext, storyId: string, input: unknown) {
	const story = await requireStory(ctx, storyId, 'story:manage', 'story.person_add');
	const raw = (input ?? {}) as Record<string, unknown>;
	const [kind, id] = typeof raw.person === 'string' ? raw.person.split(':') : [];
	if ((kind !== 'volunteer' && kind !== 'client') || !id || !uuidOk(id)) {
		throw invalid({ person: 'error.choice' });
	}
	const table = kind === 'volunteer' ? volunteers : clients;
	const [found] = await ctx.db
		.select({ countyId: table.countyId, status: table.status })
		.from(table)
		.where(eq(table.id, id));
	// Someone of another county (or an anonymised client) is not offered: not a choice.
	if (!found || found.countyId !== story.countyId || found.status === 'anonymised') {
		throw invalid({ person: 'error.choice' });
	}
	await ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(storyPeople)
			.values({
				storyId,
				volunteerId: kind === 'volunteer' ? id : null,
				clientId: kind === 'client' ? id : null,
				createdAt: ctx.now()
			})
			.onConflictDoNothing()
			.returning({ id: storyPeople.id });
		if (!row) return;
		await recordAudit(tx, ctx, {
			action: 'story.person_add',
			entityType: STORY_ENTITY,
			entityId: storyId,
			countyId: story.countyId,
			details: { personId: row.id, [kind === 'volunteer' ? 'volunteerId' : 'clientId']: id }
		});
	});
}

/**
 * Removes a person from a story. A story published with names stays published only while
 * everyone left has consented; removing someone never makes it publishable by itself, so it is
 * simply allowed (their consent document stays with the story's documents).
 */
export async function removeStoryPerson(ctx: ServiceContext, storyId: string, personId: string) {
	const story = await requireStory(ctx, storyId, 'story:manage', 'story.person_remove');
	const person = await personRow(ctx.db, storyId, personId);
	if (!person) throw invalid({ personId: 'error.choice' });
	await ctx.db.transaction(async (tx) => {
		await tx.delete(storyPeople).where(eq(storyPeople.id, personId));
		await recordAudit(tx, ctx, {
			action: 'story.person_remove',
			entityType: STORY_ENTITY,
			entityId: storyId,
			countyId: story.countyId,
			details: { personId }
		});
	});
}

const consentSchema = z.object({
	consentOn: z.string({ message: 'error.required' }).refine(isIsoDay, 'error.date')
});

/**
 * Records a person's publication consent: the signed consent through the documents service
 * (its checks and audit) and the day it was given (not in the future). A new consent replaces
 * a withdrawn one.
 */
export async function recordStoryConsent(
	ctx: ServiceContext,
	storyId: string,
	personId: string,
	input: { consentOn?: unknown; file: UploadInput['file'] }
) {
	const story = await requireStory(ctx, storyId, 'story:manage', 'story.consent');
	const person = await personRow(ctx.db, storyId, personId);
	if (!person) throw invalid({ personId: 'error.choice' });
	const data = validate(consentSchema, { consentOn: input.consentOn });
	if (data.consentOn > today(ctx)) throw invalid({ consentOn: 'stories.error.consent_future' });
	const doc = await uploadDocument(ctx, storyOwner(story), { kind: 'consent', file: input.file });
	await ctx.db.transaction(async (tx) => {
		await tx
			.update(storyPeople)
			.set({ consentDocumentId: doc.id, consentOn: data.consentOn, consentWithdrawnOn: null })
			.where(eq(storyPeople.id, personId));
		await recordAudit(tx, ctx, {
			action: 'story.consent',
			entityType: STORY_ENTITY,
			entityId: storyId,
			countyId: story.countyId,
			details: { personId, documentId: doc.id }
		});
	});
}

/** A person takes back their consent: recorded with today's date, the story unpublished. */
export async function withdrawStoryConsent(ctx: ServiceContext, storyId: string, personId: string) {
	const story = await requireStory(ctx, storyId, 'story:manage', 'story.consent_withdraw');
	const person = await personRow(ctx.db, storyId, personId);
	if (!person) throw invalid({ personId: 'error.choice' });
	await ctx.db.transaction(async (tx) => {
		await tx
			.update(storyPeople)
			.set({ consentWithdrawnOn: today(ctx) })
			.where(eq(storyPeople.id, personId));
		const unpublished = await tx
			.update(stories)
			.set({
				publishedAt: null,
				publishedBy: null,
				version: sql`${stories.version} + 1`,
				updatedAt: ctx.now()
			})
			.where(and(eq(stories.id, storyId), sql`${stories.publishedAt} is not null`))
			.returning({ id: stories.id });
		await recordAudit(tx, ctx, {
			action: 'story.consent_withdraw',
			entityType: STORY_ENTITY,
			entityId: storyId,
			countyId: story.countyId,
			details: { personId, unpublished: unpublished.length > 0 }
		});
	});
}
