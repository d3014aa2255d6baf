import { and, count, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
	clientExclusions,
	clients,
	diaryDrafts,
	diaryEntries,
	diaryEntryVersions,
	documents,
	pairings,
	surveyResponses,
	trips
} from '../../db/schema';
import { conflict, invalid } from '../../errors';
import { clientAgeGroup, ERASED_TEXT } from '../../domain/client-rights';
import { confirmationCode } from '../../domain/surveys';
import { recordAudit } from '../core/audit';
import { clientResource, requireClient } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { deleteStoredFiles, purgeDocumentRows } from '../documents/purge';
import { validate } from '../core/validation';
import { nextVersion } from '../core/versions';
import { recordDestruction } from '../core/destruction';
import type { Tx } from '../../db/client';

/**
 * Anonymisation on the client's request (R-PAIR-5): irreversible, confirmed twice, done in one
 * transaction. What identifies the client or describes them in free text is erased (null) or
 * replaced by a marker (`—`, where a column may not be empty); their documents are deleted,
 * rows in the same transaction and files from the store right after it commits. What remains
 * are dates, durations, counts, the county and municipality, the age group (computed at this
 * moment), gender, languages, living situation and help profiles, so statistics and reports
 * (R-REP) stay right. The audit log holds no personal data by design and is left as it is.
 *
 * Open pairings end on the day (the volunteer loses access at once); an undestroyed paper
 * survey original becomes due for destruction today. docs/data-model.md lists every column.
 */

/** The code the coordinator types at the second confirmation. */
export const anonymisationCode = confirmationCode;

/** What the confirmation page shows: who, and how much will be erased or deleted. */
export async function anonymisePage(ctx: ServiceContext, clientId: string) {
	// Once anonymised the record is read-only (policy.ts): the page then only says so, to those
	// who could have anonymised it (the same roles read identifiers).
	const known = await clientResource(ctx.db, ctx, clientId);
	const { row } = await requireClient(
		ctx,
		clientId,
		known?.row.status === 'anonymised' ? 'client:read_identifiers' : 'client:anonymise',
		'client.anonymise'
	);
	const [diary] = await ctx.db
		.select({ n: count() })
		.from(diaryEntries)
		.where(eq(diaryEntries.clientId, clientId));
	const [docs] = await ctx.db
		.select({ n: count() })
		.from(documents)
		.where(eq(documents.clientId, clientId));
	const [open] = await ctx.db
		.select({ n: count() })
		.from(pairings)
		.where(and(eq(pairings.clientId, clientId), ne(pairings.status, 'ended')));
	await recordAudit(ctx.db, ctx, {
		action: 'client.view',
		entityType: 'client',
		entityId: clientId,
		countyId: row.countyId,
		details: { page: 'anonymise' }
	});
	return {
		client: {
			id: row.id,
			firstName: row.firstName,
			lastName: row.lastName,
			status: row.status,
			anonymisedAt: row.anonymisedAt
		},
		code: anonymisationCode(row.id),
		counts: { diary: diary?.n ?? 0, documents: docs?.n ?? 0, openPairings: open?.n ?? 0 }
	};
}

const checkbox = (message: string) =>
	z.union([z.literal('on'), z.literal('true'), z.literal(true)], { message });

const confirmSchema = z.object({
	/** First confirmation: the client asked for it (the coordinator ticks it on step one). */
	requested: checkbox('anonymise.confirm_requested'),
	/** Second: the coordinator understands it cannot be undone … */
	irreversible: checkbox('anonymise.confirm_irreversible'),
	/** … and types the record's code. */
	code: z.string({ message: 'anonymise.code_mismatch' }).trim().max(20, 'anonymise.code_mismatch')
});

/** The first step's check: the client asked. Nothing changes yet. */
export async function anonymiseStepOne(ctx: ServiceContext, clientId: string, input: unknown) {
	const { row } = await requireClient(ctx, clientId, 'client:anonymise', 'client.anonymise');
	if (row.status === 'anonymised') throw conflict('client.anonymised');
	validate(confirmSchema.pick({ requested: true }), input);
	return { code: anonymisationCode(row.id) };
}

/** Counts of what was erased, for the audit event and the confirmation. */
export interface AnonymisationResult {
	pairingsEnded: number;
	diaryEntries: number;
	surveys: number;
	trips: number;
	documents: number;
}

/**
 * Anonymises a client. Both confirmations are checked here (not only on the page); a wrong
 * code or a missing tick changes nothing. The county's coordinator or the administrator.
 */
export async function anonymiseClient(
	ctx: ServiceContext,
	clientId: string,
	input: unknown
): Promise<AnonymisationResult> {
	const { row } = await requireClient(ctx, clientId, 'client:anonymise', 'client.anonymise');
	if (row.status === 'anonymised') throw conflict('client.anonymised');
	const data = validate(confirmSchema, input);
	if (data.code.toUpperCase() !== anonymisationCode(row.id)) {
		throw invalid({ code: 'anonymise.code_mismatch' });
	}
	const { result, keys } = await ctx.db.transaction(async (tx) => {
		// Lock the client: a concurrent edit waits, then finds it anonymised.
		const [locked] = await tx.select().from(clients).where(eq(clients.id, clientId)).for('update');
		if (!locked || locked.status === 'anonymised') throw conflict('client.anonymised');

		const {
			counts,
			keys: storageKeys,
			rows,
			fileSha256
		} = await anonymiseLockedClient(tx, ctx, locked);
		await recordAudit(tx, ctx, {
			action: 'client.anonymise',
			entityType: 'client',
			entityId: clientId,
			countyId: locked.countyId,
			details: { ...counts }
		});
		// The destruction register (issue 24): one row, no personal data.
		await recordDestruction(tx, ctx, {
			ruleKey: 'client_on_request',
			itemKind: 'client',
			itemId: clientId,
			action: 'anonymised',
			countyId: locked.countyId,
			clientId,
			performedBy: ctx.actor?.userId ?? null,
			rowsCount: rows,
			fileSha256
		});
		return { result: counts, keys: storageKeys };
	});
	// The files go once the rows are gone for good (a failure is logged and swept later).
	await deleteStoredFiles(ctx.files, keys);
	return result;
}

/**
 * The erasure itself, inside the caller's transaction, of a client row the caller has locked
 * (`select … for update`) and checked is not anonymised: on the client's request (above) and
 * by the retention engine after the hand-over (R-CTRL-2). Writes no audit event and deletes no
 * file: it returns the storage keys to delete after commit, the rows touched and the files'
 * SHA-256 for the destruction register.
 */
export async function anonymiseLockedClient(
	tx: Tx,
	ctx: ServiceContext,
	locked: typeof clients.$inferSelect
): Promise<{
	counts: AnonymisationResult;
	keys: string[];
	rows: number;
	fileSha256: string[];
}> {
	const day = today(ctx);
	const now = ctx.now();
	const clientDocs = await tx
		.select({ sha256: documents.sha256 })
		.from(documents)
		.where(
			sql`${documents.clientId} = ${locked.id} or ${documents.ownerRef} in (select 'survey_response:' || s.id from survey_response s where s.client_id = ${locked.id})`
		);
	await tx
		.update(clients)
		.set({
			status: 'anonymised',
			anonymisedAt: now,
			// An edit form opened before meets a conflict, then the read-only record.
			version: nextVersion(clients.version),
			updatedAt: now,
			ageGroup: clientAgeGroup(locked, day) ?? locked.ageGroup,
			endedOn: locked.endedOn ?? day,
			firstName: null,
			lastName: null,
			isikukood: null,
			dateOfBirth: null,
			phone: null,
			languageOther: null,
			settlement: null,
			street: null,
			latitude: null,
			longitude: null,
			contactPersonName: null,
			contactPersonPhone: null,
			contactPersonRelation: null,
			situation: null,
			tasks: null,
			notes: null,
			referralPerson: null,
			endReason: null,
			preferredVolunteerGender: null,
			preferredLanguage: null
		})
		.where(eq(clients.id, locked.id));

	// Open pairings end today (exclusive end: no access from today on).
	const ended = await tx
		.update(pairings)
		.set({
			status: 'ended',
			endsOn: sql`greatest(${pairings.startsOn}, ${day}::date)`,
			version: nextVersion(pairings.version),
			updatedAt: now
		})
		.where(and(eq(pairings.clientId, locked.id), ne(pairings.status, 'ended')))
		.returning({ id: pairings.id });
	await tx
		.update(pairings)
		.set({
			endReason: ERASED_TEXT,
			pausedReason: null,
			closingInterview: sql`case when ${pairings.closingInterview} is null then null else ${ERASED_TEXT} end`,
			matchNote: null,
			version: nextVersion(pairings.version)
		})
		.where(eq(pairings.clientId, locked.id));

	const entries = await tx
		.update(diaryEntries)
		.set({
			description: ERASED_TEXT,
			flagNote: null,
			// A flag of an anonymous person needs nobody's attention any more.
			flagSeenAt: sql`coalesce(${diaryEntries.flagSeenAt}, ${now.toISOString()}::timestamptz)`,
			// A concurrent edit of an entry (optimistic concurrency) now conflicts.
			version: sql`${diaryEntries.version} + 1`
		})
		.where(eq(diaryEntries.clientId, locked.id))
		.returning({ id: diaryEntries.id });
	if (entries.length) {
		await tx
			.update(diaryEntryVersions)
			.set({ description: ERASED_TEXT, flagNote: null })
			.where(
				inArray(
					diaryEntryVersions.entryId,
					entries.map((e) => e.id)
				)
			);
	}
	await tx.delete(diaryDrafts).where(eq(diaryDrafts.clientId, locked.id));

	// Free-text answers become the marker; the scale and choice answers (numbers) stay.
	const surveys = await tx
		.update(surveyResponses)
		.set({
			answers: sql`(select coalesce(jsonb_object_agg(e.key, case when jsonb_typeof(e.value) = 'string'
		then to_jsonb(${ERASED_TEXT}::text) else e.value end), '{}'::jsonb)
		from jsonb_each(${surveyResponses.answers}) as e)`
		})
		.where(eq(surveyResponses.clientId, locked.id))
		.returning({ id: surveyResponses.id });
	// A paper original not yet destroyed is to be destroyed now (it names the client).
	await tx
		.update(surveyResponses)
		.set({ paperDestroyDueOn: day })
		.where(
			and(
				eq(surveyResponses.clientId, locked.id),
				eq(surveyResponses.onPaper, true),
				isNull(surveyResponses.paperDestroyedOn),
				sql`${surveyResponses.paperDestroyDueOn} > ${day}`
			)
		);

	await tx
		.update(clientExclusions)
		.set({ reason: null })
		.where(and(eq(clientExclusions.clientId, locked.id), isNotNull(clientExclusions.reason)));

	const tripRows = await tx
		.update(trips)
		.set({ fromPlace: ERASED_TEXT, toPlace: ERASED_TEXT, purpose: ERASED_TEXT, updatedAt: now })
		.where(eq(trips.clientId, locked.id))
		.returning({ id: trips.id });

	const storageKeys = await purgeDocumentRows(tx, { kind: 'client', clientId: locked.id });
	for (const s of surveys) {
		storageKeys.push(
			...(await purgeDocumentRows(tx, {
				kind: 'ref',
				ownerRef: `survey_response:${s.id}`,
				countyId: locked.countyId
			}))
		);
	}

	const counts: AnonymisationResult = {
		pairingsEnded: ended.length,
		diaryEntries: entries.length,
		surveys: surveys.length,
		trips: tripRows.length,
		documents: storageKeys.length
	};
	const rows =
		1 + ended.length + entries.length + surveys.length + tripRows.length + storageKeys.length;
	return { counts, keys: storageKeys, rows, fileSha256: clientDocs.map((d) => d.sha256) };
}
