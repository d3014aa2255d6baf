import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { clients, consents, documents, stories, storyPeople } from '../../db/schema';
import type { Tx } from '../../db/client';
import { isIsoDay } from '../../domain/dates';
import {
	CONSENT_METHODS,
	CONSENT_PURPOSES,
	CURRENT_CONSENT_TEXT_VERSION,
	type ConsentPurpose
} from '../../domain/retention';
import { conflict, invalid } from '../../errors';
import { requireClient, requireVolunteer } from '../core/access';
import { recordAudit } from '../core/audit';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { changedRow, formVersion, nextVersion, refuseStale } from '../core/versions';
import { isUniqueViolation } from '../admin/counties';

/**
 * Consents as records (issue 24, item 1; R-MAP-2, R-PAIR-2, R-PART-1, R-STORY-1): per person
 * and purpose, with the version of the text, how it was given, the days given and withdrawn,
 * who recorded it. At most one live consent per client and purpose (a repeated form finds the
 * one it made and is told so). The client form's consent date still writes the processing
 * consent (a trigger, migration 0015). Withdrawing takes effect at once where the purpose
 * allows: processing clears the client's consent date; a story consent unpublishes the
 * client's stories in the same transaction.
 *
 * A volunteer's consents (issue 24, volunteer side) are the same records with `volunteer_id`,
 * through the same functions: the volunteer's county's coordinators and the administrator
 * record and withdraw them (`consent:manage` on the volunteer), the roles that read the
 * volunteer's page see them (`consent:read`: not the volunteer themselves). Withdrawing a
 * volunteer's story consent unpublishes the stories about them.
 */

export type ConsentState = 'given' | 'withdrawn' | 'missing';

export interface ConsentRow {
	id: string;
	purpose: ConsentPurpose;
	textVersion: string;
	method: (typeof CONSENT_METHODS)[number];
	givenOn: string;
	withdrawnOn: string | null;
	documentId: string | null;
	version: number;
}

export interface PurposeState {
	purpose: ConsentPurpose;
	state: ConsentState;
	/** The live consent, or the latest withdrawn one. */
	current: ConsentRow | null;
	history: ConsentRow[];
}

const day = z
	.string({ message: 'error.required' })
	.trim()
	.refine((v) => isIsoDay(v), 'error.date');

const recordSchema = z.object({
	purpose: z.enum(CONSENT_PURPOSES, { message: 'error.choice' }),
	method: z.enum(CONSENT_METHODS, { message: 'error.choice' }),
	textVersion: z
		.string()
		.trim()
		.min(1, 'error.required')
		.max(20, 'error.too_long')
		.regex(/^[0-9A-Za-z._-]+$/, 'consents.error.text_version'),
	givenOn: day,
	documentId: z.preprocess(
		(v) => (v === '' || v === undefined ? null : v),
		z.string().uuid('error.choice').nullable()
	)
});

const withdrawSchema = z.object({ withdrawnOn: day });

/** Whose consents: a client's or a volunteer's (the row's one person column). */
export interface ConsentPerson {
	kind: 'client' | 'volunteer';
	id: string;
	countyId: string;
}

const personColumn = (kind: ConsentPerson['kind']) =>
	kind === 'client' ? consents.clientId : consents.volunteerId;

/** The person named in a route: the check of `action` on them, then who they are. */
async function requirePerson(
	ctx: ServiceContext,
	kind: ConsentPerson['kind'],
	id: string,
	action: 'consent:read' | 'consent:manage',
	auditAction: 'consent.list' | 'consent.record' | 'consent.withdraw'
): Promise<ConsentPerson> {
	const { row } =
		kind === 'client'
			? await requireClient(ctx, id, action, auditAction)
			: await requireVolunteer(ctx, id, action, auditAction);
	return { kind, id, countyId: row.countyId };
}

export async function consentRows(
	db: Tx,
	personId: string,
	kind: ConsentPerson['kind'] = 'client'
): Promise<ConsentRow[]> {
	return db
		.select({
			id: consents.id,
			purpose: consents.purpose,
			textVersion: consents.textVersion,
			method: consents.method,
			givenOn: consents.givenOn,
			withdrawnOn: consents.withdrawnOn,
			documentId: consents.documentId,
			version: consents.version
		})
		.from(consents)
		.where(eq(personColumn(kind), personId))
		.orderBy(asc(consents.purpose), asc(consents.givenOn), asc(consents.createdAt));
}

/** Each purpose's state from a person's consent rows (live, else the latest withdrawn). */
export function purposeStates(rows: readonly ConsentRow[]): PurposeState[] {
	return CONSENT_PURPOSES.map((purpose) => {
		const history = rows.filter((r) => r.purpose === purpose);
		const live = history.find((r) => r.withdrawnOn === null) ?? null;
		const latest = history.at(-1) ?? null;
		return {
			purpose,
			state: live ? 'given' : latest ? 'withdrawn' : 'missing',
			current: live ?? latest,
			history
		};
	});
}

async function listConsents(ctx: ServiceContext, kind: ConsentPerson['kind'], id: string) {
	const person = await requirePerson(ctx, kind, id, 'consent:read', 'consent.list');
	const rows = await consentRows(ctx.db, id, kind);
	await recordAudit(ctx.db, ctx, {
		action: 'consent.list',
		entityType: kind,
		entityId: id,
		countyId: person.countyId,
		details: { count: rows.length }
	});
	return {
		purposes: purposeStates(rows),
		currentTextVersion: CURRENT_CONSENT_TEXT_VERSION
	};
}

/** A client's consents by purpose, for their page (`consent:read`: not volunteers). */
export function clientConsents(ctx: ServiceContext, clientId: string) {
	return listConsents(ctx, 'client', clientId);
}

/** A volunteer's consents by purpose (`consent:read` on the volunteer: not themselves). */
export function volunteerConsents(ctx: ServiceContext, volunteerId: string) {
	return listConsents(ctx, 'volunteer', volunteerId);
}

async function recordConsent(
	ctx: ServiceContext,
	kind: ConsentPerson['kind'],
	id: string,
	input: unknown
) {
	const person = await requirePerson(ctx, kind, id, 'consent:manage', 'consent.record');
	const data = validate(recordSchema, input);
	if (data.givenOn > today(ctx)) throw invalid({ givenOn: 'consents.error.future' });
	try {
		return await ctx.db.transaction(async (tx) => {
			if (data.documentId) {
				const docOwner = kind === 'client' ? documents.clientId : documents.volunteerId;
				const [doc] = await tx
					.select({ id: documents.id })
					.from(documents)
					.where(and(eq(documents.id, data.documentId), eq(docOwner, id)));
				if (!doc) throw invalid({ documentId: 'error.choice' });
			}
			const [made] = await tx
				.insert(consents)
				.values({
					countyId: person.countyId,
					clientId: kind === 'client' ? id : null,
					volunteerId: kind === 'volunteer' ? id : null,
					purpose: data.purpose,
					textVersion: data.textVersion,
					method: data.method,
					givenOn: data.givenOn,
					documentId: data.documentId,
					recordedBy: ctx.actor!.userId,
					createdAt: ctx.now(),
					updatedAt: ctx.now()
				})
				.returning({ id: consents.id });
			if (kind === 'client' && data.purpose === 'processing') {
				// The client's own date follows (the list, the report and the extract read it).
				await tx
					.update(clients)
					.set({
						consentGivenOn: data.givenOn,
						version: nextVersion(clients.version),
						updatedAt: ctx.now()
					})
					.where(eq(clients.id, id));
			}
			await recordAudit(tx, ctx, {
				action: 'consent.record',
				entityType: kind,
				entityId: id,
				countyId: person.countyId,
				details: {
					consentId: made!.id,
					purpose: data.purpose,
					method: data.method,
					document: data.documentId !== null
				}
			});
			return { id: made!.id };
		});
	} catch (e) {
		if (isUniqueViolation(e, 'consent_client_live_uq')) throw conflict('consents.error.live');
		if (isUniqueViolation(e, 'consent_volunteer_live_uq')) throw conflict('consents.error.live');
		throw e;
	}
}

/** Records a consent of a client for a purpose (the county's coordinator, the administrator). */
export function recordClientConsent(ctx: ServiceContext, clientId: string, input: unknown) {
	return recordConsent(ctx, 'client', clientId, input);
}

/** Records a consent of a volunteer for a purpose (their county's coordinator, the administrator). */
export function recordVolunteerConsent(ctx: ServiceContext, volunteerId: string, input: unknown) {
	return recordConsent(ctx, 'volunteer', volunteerId, input);
}

/**
 * A person takes back a consent: the day (not in the future, not before it was given) is
 * recorded under the version the form read. Processing: a client's consent date is cleared.
 * Story: every story about the person is unpublished and their story consent marked withdrawn.
 */
async function withdrawConsent(
	ctx: ServiceContext,
	kind: ConsentPerson['kind'],
	id: string,
	consentId: string,
	input: unknown
) {
	const person = await requirePerson(ctx, kind, id, 'consent:manage', 'consent.withdraw');
	const version = formVersion(input);
	const data = validate(withdrawSchema, input);
	if (!z.string().uuid().safeParse(consentId).success) throw invalid({ consentId: 'error.choice' });
	const [consent] = await ctx.db
		.select()
		.from(consents)
		.where(and(eq(consents.id, consentId), eq(personColumn(kind), id)));
	if (!consent) throw invalid({ consentId: 'error.choice' });
	if (consent.withdrawnOn) throw conflict('consents.error.withdrawn');
	if (data.withdrawnOn > today(ctx)) throw invalid({ withdrawnOn: 'consents.error.future' });
	if (data.withdrawnOn < consent.givenOn) {
		throw invalid({ withdrawnOn: 'consents.error.before_given' });
	}
	const storyColumn = kind === 'client' ? storyPeople.clientId : storyPeople.volunteerId;
	const storyPersonSql =
		kind === 'client'
			? sql`select story_id from story_person where client_id = ${id}`
			: sql`select story_id from story_person where volunteer_id = ${id}`;
	return refuseStale(
		ctx,
		{
			action: 'consent.withdraw',
			entityType: kind,
			entityId: id,
			countyId: person.countyId,
			version
		},
		() =>
			ctx.db.transaction(async (tx) => {
				changedRow(
					await tx
						.update(consents)
						.set({
							withdrawnOn: data.withdrawnOn,
							withdrawnBy: ctx.actor!.userId,
							version: nextVersion(consents.version),
							updatedAt: ctx.now()
						})
						.where(
							and(
								eq(consents.id, consentId),
								eq(consents.version, version),
								isNull(consents.withdrawnOn)
							)
						)
						.returning({ id: consents.id })
				);
				let unpublished = 0;
				if (kind === 'client' && consent.purpose === 'processing') {
					await tx
						.update(clients)
						.set({
							consentGivenOn: null,
							version: nextVersion(clients.version),
							updatedAt: ctx.now()
						})
						.where(eq(clients.id, id));
				} else if (consent.purpose === 'story') {
					await tx
						.update(storyPeople)
						.set({ consentWithdrawnOn: data.withdrawnOn })
						.where(and(eq(storyColumn, id), isNull(storyPeople.consentWithdrawnOn)));
					const down = await tx
						.update(stories)
						.set({
							publishedAt: null,
							publishedBy: null,
							version: nextVersion(stories.version),
							updatedAt: ctx.now()
						})
						.where(
							and(
								sql`${stories.publishedAt} is not null`,
								sql`${stories.id} in (${storyPersonSql})`
							)
						)
						.returning({ id: stories.id });
					unpublished = down.length;
				}
				await recordAudit(tx, ctx, {
					action: 'consent.withdraw',
					entityType: kind,
					entityId: id,
					countyId: person.countyId,
					details: { consentId, purpose: consent.purpose, unpublished }
				});
				return { unpublished };
			})
	);
}

export function withdrawClientConsent(
	ctx: ServiceContext,
	clientId: string,
	consentId: string,
	input: unknown
) {
	return withdrawConsent(ctx, 'client', clientId, consentId, input);
}

export function withdrawVolunteerConsent(
	ctx: ServiceContext,
	volunteerId: string,
	consentId: string,
	input: unknown
) {
	return withdrawConsent(ctx, 'volunteer', volunteerId, consentId, input);
}
