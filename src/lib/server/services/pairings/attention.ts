import { and, asc, desc, eq, inArray, isNull, lt, lte, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
	clients,
	counties,
	diaryEntries,
	municipalities,
	pairings,
	surveyResponses,
	volunteers
} from '../../db/schema';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { canAnywhere } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { conflict } from '../../errors';
import { noContactBefore, paperLateIfBefore } from '../../domain/attention';
import { consentDue, consentDueOn } from '../../domain/pairing';
import { SIX_MONTH_SURVEY_KEY, surveyDueCutoff, surveyDueOn } from '../../domain/surveys';
import { daysBetween, thirdOfFollowingMonth } from '../../domain/deadlines';
import { recordAudit } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { readSettings } from '../admin/settings';
import { programmeAttention } from '../programme/figures';
import { paperAttention } from './paper-attention';
import { intakeAttention } from '../intake/intake';

/**
 * The coordinator's attention list: "what needs me today" for their counties (the
 * administrator: all, or one county by filter). Seven sections, each one set-based SQL query on
 * indexed columns that returns its first rows and its total (`count(*) over ()`), so the page
 * costs seven queries however many records there are:
 *
 * - clients waiting for a volunteer, longest first;
 * - consents due or late (the 3rd of the month after the first meeting, R-PAIR-2);
 * - six-month surveys due (R-PAIR-6);
 * - flagged diary entries not yet seen (R-PAIR-3);
 * - paper survey originals to destroy (R-PAIR-6);
 * - volunteer contracts whose paper originals are late (R-VOL-7);
 * - pairings without any contact for more than N days (`attention.no_contact_days`).
 */

/** Rows shown per section; the total is always given. */
export const SECTION_LIMIT = 50;

export interface AttentionFilter {
	countyId?: string | null;
}

/** The counties the list covers for this actor (null = all); refuses (404, audited) no access. */
async function attentionCounties(
	ctx: ServiceContext,
	filter: AttentionFilter
): Promise<{ counties: readonly string[] | null; countyId: string | null }> {
	const scope = countyScope(ctx.actor, 'attention:read');
	if (scope !== null && scope.length === 0) {
		await authorize(ctx, 'attention:read', { kind: 'system' }, { action: 'attention.view' });
	}
	const countyId =
		filter.countyId && z.string().uuid().safeParse(filter.countyId).success
			? filter.countyId
			: null;
	if (countyId) {
		await authorize(
			ctx,
			'attention:read',
			{ kind: 'county', countyId },
			{ action: 'attention.view', entityType: 'county', entityId: countyId }
		);
		return { counties: [countyId], countyId };
	}
	return { counties: scope, countyId: null };
}

const inCounties = (col: AnyPgColumn, list: readonly string[] | null): SQL | undefined =>
	list === null ? undefined : inArray(col, [...list]);

const total = sql<number>`(count(*) over ())::int`;

/**
 * The client row's id inside correlated subqueries, always qualified (drizzle leaves select-list
 * columns of a one-table query unqualified, and `id` would then resolve inside the subquery).
 */
const CLIENT_ID = sql.raw('"client"."id"');

function withTotal<T extends { total: number }>(rows: T[]) {
	return { total: rows[0]?.total ?? 0, rows: rows.map(({ total: _t, ...r }) => r) };
}

async function sections(ctx: ServiceContext, list: readonly string[] | null, limit: number) {
	const db = ctx.db;
	const day = today(ctx);
	const settings = await readSettings(db);
	const noContactDays = settings['attention.no_contact_days'];

	const waitingQuery = db
		.select({
			clientId: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			waitingSince: clients.waitingSince,
			municipality: municipalities.name,
			total
		})
		.from(clients)
		.leftJoin(municipalities, eq(municipalities.id, clients.municipalityId))
		.where(and(eq(clients.status, 'waiting'), inCounties(clients.countyId, list)))
		.orderBy(sql`${clients.waitingSince} asc nulls last`, asc(clients.createdAt))
		.limit(limit);

	// The first meeting as domain/pairing.ts firstMeetingOn has it: introducedOn, or the start of
	// a pairing created straight as active; none for a mere proposal or one that ended unmet.
	const firstMeeting = sql<string>`min(case when ${pairings.introducedOn} is not null then ${pairings.introducedOn}
		when ${pairings.status} in ('proposed', 'ended') then null else ${pairings.startsOn} end)`;
	const consentsQuery = db
		.select({
			clientId: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			firstMeetingOn: firstMeeting,
			total
		})
		.from(clients)
		.innerJoin(pairings, eq(pairings.clientId, clients.id))
		.where(
			and(
				ne(clients.status, 'anonymised'),
				inCounties(clients.countyId, list),
				// The signed consent is uploaded as a document of the client (R-PAIR-2).
				sql`not exists (select 1 from document cd where cd.client_id = ${CLIENT_ID} and cd.kind = 'consent')`
			)
		)
		.groupBy(clients.id)
		.having(sql`${firstMeeting} is not null`)
		.orderBy(asc(firstMeeting))
		.limit(limit);

	// One aggregate over the county's clients and their pairings (no per-client subqueries):
	// the first pairing that really began, and whether one gives access today.
	const begun = sql`${pairings.status} <> 'proposed' and (${pairings.endsOn} is null or ${pairings.endsOn} > ${pairings.startsOn})`;
	const firstBegun = sql<string>`min(${pairings.startsOn}) filter (where ${begun})`;
	const openToday = sql`bool_or(${pairings.status} in ('introduced', 'active', 'paused')
		and ${pairings.startsOn} <= ${day} and (${pairings.endsOn} is null or ${pairings.endsOn} > ${day}))`;
	const surveysQuery = db
		.select({
			clientId: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			firstStartsOn: firstBegun,
			total
		})
		.from(clients)
		.innerJoin(pairings, eq(pairings.clientId, clients.id))
		.where(
			and(
				ne(clients.status, 'anonymised'),
				inCounties(clients.countyId, list),
				sql`not exists (select 1 from survey_response sr where sr.client_id = ${CLIENT_ID} and sr.kind = ${SIX_MONTH_SURVEY_KEY})`
			)
		)
		.groupBy(clients.id)
		.having(and(sql`${firstBegun} <= ${surveyDueCutoff(day)}`, openToday))
		.orderBy(asc(firstBegun))
		.limit(limit);

	const flaggedQuery = db
		.select({
			entryId: diaryEntries.id,
			clientId: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			contactDate: diaryEntries.contactDate,
			flagNote: diaryEntries.flagNote,
			total
		})
		.from(diaryEntries)
		.innerJoin(clients, eq(clients.id, diaryEntries.clientId))
		.where(
			and(
				eq(diaryEntries.flagged, true),
				isNull(diaryEntries.flagSeenAt),
				isNull(diaryEntries.removedAt),
				inCounties(clients.countyId, list)
			)
		)
		.orderBy(desc(diaryEntries.contactDate), desc(diaryEntries.createdAt))
		.limit(limit);

	const papersQuery = db
		.select({
			responseId: surveyResponses.id,
			clientId: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			destroyDueOn: surveyResponses.paperDestroyDueOn,
			total
		})
		.from(surveyResponses)
		.innerJoin(clients, eq(clients.id, surveyResponses.clientId))
		.where(
			and(
				eq(surveyResponses.onPaper, true),
				isNull(surveyResponses.paperDestroyedOn),
				lte(surveyResponses.paperDestroyDueOn, day),
				inCounties(clients.countyId, list)
			)
		)
		.orderBy(asc(surveyResponses.paperDestroyDueOn))
		.limit(limit);

	const contractsQuery = db
		.select({
			volunteerId: volunteers.id,
			firstName: volunteers.firstName,
			lastName: volunteers.lastName,
			signedOn: volunteers.contractSignedOn,
			total
		})
		.from(volunteers)
		.where(
			and(
				eq(volunteers.contractHasPaperOriginal, true),
				isNull(volunteers.contractOriginalReceivedOn),
				lt(volunteers.contractSignedOn, paperLateIfBefore(day)),
				inCounties(volunteers.countyId, list)
			)
		)
		.orderBy(asc(volunteers.contractSignedOn))
		.limit(limit);

	// Per open pairing, index probes on diary_entry (pairing_id, contact_date) instead of
	// aggregating every entry: "no contact on or after the cut-off day", and for the rows shown
	// the last contact. Entries never predate their pairing (pairings/diary.ts).
	const quietSince = noContactBefore(day, noContactDays);
	const PAIRING_ID = sql.raw('"pairing"."id"');
	const lastEntry = sql<string | null>`(select max(d.contact_date) from diary_entry d
		where d.pairing_id = ${PAIRING_ID} and d.removed_at is null)`;
	const lastContact = sql<string>`coalesce(${lastEntry}, ${pairings.startsOn})`;
	const noContactQuery = db
		.select({
			pairingId: pairings.id,
			clientId: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			volunteerId: volunteers.id,
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName,
			startsOn: pairings.startsOn,
			lastContactOn: lastEntry,
			total
		})
		.from(pairings)
		.innerJoin(clients, eq(clients.id, pairings.clientId))
		.innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
		.where(
			and(
				// A paused pairing is expected to be quiet; a proposed one has not begun.
				inArray(pairings.status, ['introduced', 'active']),
				lt(pairings.startsOn, quietSince),
				sql`(${pairings.endsOn} is null or ${pairings.endsOn} > ${day})`,
				inCounties(clients.countyId, list),
				sql`not exists (select 1 from diary_entry d where d.pairing_id = ${PAIRING_ID}
					and d.removed_at is null and d.contact_date >= ${quietSince})`
			)
		)
		.orderBy(asc(lastContact), asc(pairings.id))
		.limit(limit);

	// Independent reads: on a PostgreSQL server they run side by side on the pool (PGlite, with
	// its one connection, takes them in turn).
	const [waiting, consents, surveys, flagged, papers, contracts, noContact] = await Promise.all([
		waitingQuery,
		consentsQuery,
		surveysQuery,
		flaggedQuery,
		papersQuery,
		contractsQuery,
		noContactQuery
	]);
	return {
		waiting: withTotal(
			waiting.map((r) => ({
				...r,
				days: r.waitingSince ? daysBetween(r.waitingSince, day) : null
			}))
		),
		consents: withTotal(
			consents.map((r) => {
				const meeting = {
					status: 'introduced' as const,
					startsOn: r.firstMeetingOn,
					endsOn: null,
					introducedOn: r.firstMeetingOn
				};
				return {
					...r,
					dueOn: consentDueOn(meeting)!,
					late: consentDue(meeting, { consentGivenOn: null }, [], day) === 'late'
				};
			})
		),
		surveys: withTotal(surveys.map((r) => ({ ...r, dueOn: surveyDueOn(r.firstStartsOn) }))),
		flagged: withTotal(flagged),
		papers: withTotal(papers),
		contracts: withTotal(
			contracts.map((r) => ({ ...r, dueOn: thirdOfFollowingMonth(r.signedOn!) }))
		),
		noContact: withTotal(
			noContact.map((r) => ({
				...r,
				days: daysBetween(r.lastContactOn ?? r.startsOn, day)
			}))
		),
		noContactDays
	};
}

export type AttentionSections = Awaited<ReturnType<typeof sections>>;

/**
 * The attention list page. Names on it are personal data, so viewing it is audited (with the
 * section totals, never the names).
 */
export async function attentionList(ctx: ServiceContext, filter: AttentionFilter = {}) {
	const { counties: list, countyId } = await attentionCounties(ctx, filter);
	const result = await sections(ctx, list, SECTION_LIMIT);
	// Issue 22: volunteers without support contact, partner meetings due (services/programme/).
	const programme = await programmeAttention(ctx.db, list, today(ctx), SECTION_LIMIT);
	// Issue 22: good-will agreements missing, paper diary months to destroy (paper-attention.ts).
	const papers = await paperAttention(ctx.db, list, today(ctx), SECTION_LIMIT);
	// Issue 22 (R-MAP-3): unused intake items past their retention (services/intake/).
	const intake = await intakeAttention(ctx.db, list, today(ctx), SECTION_LIMIT);
	const scope = countyScope(ctx.actor, 'attention:read');
	const countyOptions = await ctx.db
		.select({ id: counties.id, name: counties.name })
		.from(counties)
		.where(scope === null ? undefined : inArray(counties.id, [...scope]))
		.orderBy(counties.name);
	await recordAudit(ctx.db, ctx, {
		action: 'attention.view',
		entityType: 'county',
		entityId: countyId,
		countyId,
		details: {
			waiting: result.waiting.total,
			consents: result.consents.total,
			surveys: result.surveys.total,
			flagged: result.flagged.total,
			papers: result.papers.total,
			contracts: result.contracts.total,
			noContact: result.noContact.total,
			supportQuiet: programme.supportQuiet.total,
			partnerMeetingsDue: programme.partnerMeetingsDue.total,
			goodwill: papers.goodwill.total,
			paperDiaries: papers.paperDiaries.total,
			intakeDue: intake.total
		}
	});
	return {
		...result,
		programme,
		paperItems: papers,
		intake,
		countyId,
		counties: countyOptions,
		/** The county filter is offered to whoever covers more than one county. */
		showCountyFilter: scope === null || scope.length > 1,
		limit: SECTION_LIMIT,
		today: today(ctx)
	};
}

export type AttentionList = Awaited<ReturnType<typeof attentionList>>;

/**
 * The counts only, for the coordinator's home page (no names leave the service, so nothing
 * personal is read and nothing is audited); null for someone without an attention list.
 */
export async function attentionCounts(ctx: ServiceContext) {
	if (!canAnywhere(ctx.actor, 'attention:read')) return null;
	const result = await sections(ctx, countyScope(ctx.actor, 'attention:read'), 1);
	const programme = await programmeAttention(
		ctx.db,
		countyScope(ctx.actor, 'attention:read'),
		today(ctx),
		1
	);
	const papers = await paperAttention(
		ctx.db,
		countyScope(ctx.actor, 'attention:read'),
		today(ctx),
		1
	);
	const intake = await intakeAttention(
		ctx.db,
		countyScope(ctx.actor, 'attention:read'),
		today(ctx),
		1
	);
	return {
		goodwill: papers.goodwill.total,
		paperDiaries: papers.paperDiaries.total,
		intakeDue: intake.total,
		supportQuiet: programme.supportQuiet.total,
		partnerMeetingsDue: programme.partnerMeetingsDue.total,
		waiting: result.waiting.total,
		consents: result.consents.total,
		surveys: result.surveys.total,
		flagged: result.flagged.total,
		papers: result.papers.total,
		contracts: result.contracts.total,
		noContact: result.noContact.total,
		noContactDays: result.noContactDays
	};
}

export type AttentionCounts = NonNullable<Awaited<ReturnType<typeof attentionCounts>>>;

/**
 * "Seen": the coordinator has read a flagged diary entry, so it leaves the attention list. The
 * county's coordinators and the administrator; audited as an event about the client.
 */
export async function markFlagSeen(ctx: ServiceContext, entryId: string): Promise<void> {
	const [entry] = z.string().uuid().safeParse(entryId).success
		? await ctx.db
				.select({
					id: diaryEntries.id,
					clientId: diaryEntries.clientId,
					flagged: diaryEntries.flagged,
					flagSeenAt: diaryEntries.flagSeenAt,
					countyId: clients.countyId
				})
				.from(diaryEntries)
				.innerJoin(clients, eq(clients.id, diaryEntries.clientId))
				.where(eq(diaryEntries.id, entryId))
		: [];
	if (!entry) {
		return deniedNotFound(ctx, { action: 'diary.flag_seen', entityType: 'client', entityId: null });
	}
	await authorize(
		ctx,
		'attention:read',
		{ kind: 'county', countyId: entry.countyId },
		{
			action: 'diary.flag_seen',
			entityType: 'client',
			entityId: entry.clientId,
			details: { diaryEntryId: entry.id }
		}
	);
	if (!entry.flagged) throw conflict('attention.not_flagged');
	await ctx.db.transaction(async (tx) => {
		const updated = await tx
			.update(diaryEntries)
			.set({ flagSeenAt: ctx.now() })
			.where(and(eq(diaryEntries.id, entry.id), isNull(diaryEntries.flagSeenAt)))
			.returning({ id: diaryEntries.id });
		if (updated.length === 0) return;
		await recordAudit(tx, ctx, {
			action: 'diary.flag_seen',
			entityType: 'client',
			entityId: entry.clientId,
			countyId: entry.countyId,
			details: { diaryEntryId: entry.id }
		});
	});
}
