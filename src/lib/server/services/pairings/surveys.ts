import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { clients, pairings, surveyQuestionSets, surveyResponses, users } from '../../db/schema';
import { PAIRING_ACCESS_STATUSES } from '../../domain/statuses';
import type { Database, Tx } from '../../db/client';
import { can } from '../../policy/policy';
import { activePairingOfVolunteer } from '../../policy/scope';
import { conflict, invalid, notFound } from '../../errors';
import { isIsoDay } from '../../domain/dates';
import {
	checkSurveyAnswers,
	lonelinessScore,
	paperDestroyDueOn,
	SIX_MONTH_SURVEY_KEY,
	SIX_MONTH_SURVEY_V1,
	sixMonthSurveyState,
	surveyDueCutoff,
	surveyDueOn
} from '../../domain/surveys';
import { recordAudit } from '../core/audit';
import { deniedNotFound, requireClient } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { validate } from '../core/validation';

/**
 * The six-month survey (R-PAIR-6). The questions are a versioned question set in the database
 * (`survey_question_set`); every response points at the version it answered, so a later
 * version never breaks old answers. The survey is due six calendar months after the client's
 * first pairing began (domain/surveys.ts). Answers are entered by the paired volunteer or a
 * coordinator; an expert reads them. A paper original is listed for destruction three months
 * after entry until someone confirms it was destroyed.
 *
 * Audit: reads and writes are events about the client (`entityType: 'client'`), so they show in
 * the client's "who looked at my data" and in the extract; details hold ids only.
 */

/**
 * Seeds version 1 of the six-month survey (start-up and test databases). Idempotent: an
 * existing (key, version) is left as it is — a question set, once answered, never changes.
 */
export async function seedSurveyQuestionSets(db: Database): Promise<void> {
	const v1 = SIX_MONTH_SURVEY_V1;
	await db
		.insert(surveyQuestionSets)
		.values({
			key: v1.key,
			version: v1.version,
			title: v1.title,
			questions: v1.questions,
			// Valid from the beginning: answers entered on any day may use it.
			activeFrom: new Date('2000-01-01T00:00:00Z')
		})
		.onConflictDoNothing({ target: [surveyQuestionSets.key, surveyQuestionSets.version] });
}

export type QuestionSet = typeof surveyQuestionSets.$inferSelect;

/** The newest version of a question set in force at `now`. */
export async function currentQuestionSet(
	tx: Tx,
	now: Date,
	key = SIX_MONTH_SURVEY_KEY
): Promise<QuestionSet | null> {
	const [row] = await tx
		.select()
		.from(surveyQuestionSets)
		.where(and(eq(surveyQuestionSets.key, key), lte(surveyQuestionSets.activeFrom, now)))
		.orderBy(desc(surveyQuestionSets.version))
		.limit(1);
	return row ?? null;
}

/**
 * The day the client's time in the service began: the earliest start of a pairing that has
 * really begun (not a mere proposal, nor one ended on its first day), or null.
 */
export async function firstPairingStart(tx: Tx, clientId: string): Promise<string | null> {
	const [row] = await tx
		.select({ first: sql<string | null>`min(${pairings.startsOn})` })
		.from(pairings)
		.where(
			and(
				eq(pairings.clientId, clientId),
				ne(pairings.status, 'proposed'),
				or(isNull(pairings.endsOn), gt(pairings.endsOn, pairings.startsOn))
			)
		);
	return row?.first ?? null;
}

const responseColumns = {
	id: surveyResponses.id,
	kind: surveyResponses.kind,
	conductedOn: surveyResponses.conductedOn,
	answers: surveyResponses.answers,
	lonelinessScore: surveyResponses.lonelinessScore,
	onPaper: surveyResponses.onPaper,
	paperDestroyDueOn: surveyResponses.paperDestroyDueOn,
	paperDestroyedOn: surveyResponses.paperDestroyedOn,
	enteredAt: surveyResponses.enteredAt,
	enteredByName: users.name,
	questionSetId: surveyResponses.questionSetId,
	version: surveyQuestionSets.version,
	title: surveyQuestionSets.title
};

/**
 * The survey page of one client: where the six-month survey stands, the answers entered so far
 * (each with the version it answered), and — for those who may enter answers — the current
 * question set. Experts and the paired volunteer read; the read is audited.
 */
export async function clientSurveys(ctx: ServiceContext, clientId: string) {
	const { row, resource } = await requireClient(ctx, clientId, 'survey:read', 'survey.view');
	const day = today(ctx);
	const first = await firstPairingStart(ctx.db, clientId);
	const responses = await ctx.db
		.select(responseColumns)
		.from(surveyResponses)
		.innerJoin(surveyQuestionSets, eq(surveyQuestionSets.id, surveyResponses.questionSetId))
		.leftJoin(users, eq(users.id, surveyResponses.enteredBy))
		.where(eq(surveyResponses.clientId, clientId))
		.orderBy(desc(surveyResponses.conductedOn), desc(surveyResponses.enteredAt));
	const answered = responses.some((r) => r.kind === SIX_MONTH_SURVEY_KEY);
	const mayEnter =
		can(ctx.actor, 'survey:enter', resource, day) && row.status !== 'anonymised' && !answered;
	const questionSet = mayEnter ? await currentQuestionSet(ctx.db, ctx.now()) : null;
	await recordAudit(ctx.db, ctx, {
		action: 'survey.view',
		entityType: 'client',
		entityId: clientId,
		countyId: row.countyId,
		details: { count: responses.length }
	});
	return {
		client: {
			id: row.id,
			firstName: row.firstName,
			lastName: row.lastName,
			status: row.status
		},
		firstPairingStartsOn: first,
		dueOn: first ? surveyDueOn(first) : null,
		state: sixMonthSurveyState({ firstPairingStartsOn: first, answered, today: day }),
		responses,
		questionSet: questionSet && {
			id: questionSet.id,
			version: questionSet.version,
			title: questionSet.title,
			questions: questionSet.questions
		},
		permissions: {
			enter: mayEnter,
			confirmDestroyed: can(ctx.actor, 'client:update', resource, day)
		},
		today: day
	};
}

export type ClientSurveys = Awaited<ReturnType<typeof clientSurveys>>;

/** One response with the questions of the version it answered (never the current version's). */
export async function getSurveyResponse(ctx: ServiceContext, clientId: string, responseId: string) {
	const { row, resource } = await requireClient(ctx, clientId, 'survey:read', 'survey.view');
	const [response] = z.string().uuid().safeParse(responseId).success
		? await ctx.db
				.select({ ...responseColumns, questions: surveyQuestionSets.questions })
				.from(surveyResponses)
				.innerJoin(surveyQuestionSets, eq(surveyQuestionSets.id, surveyResponses.questionSetId))
				.leftJoin(users, eq(users.id, surveyResponses.enteredBy))
				.where(and(eq(surveyResponses.id, responseId), eq(surveyResponses.clientId, clientId)))
		: [];
	if (!response) {
		return deniedNotFound(ctx, {
			action: 'survey.view',
			entityType: 'client',
			entityId: clientId
		});
	}
	const day = today(ctx);
	await recordAudit(ctx.db, ctx, {
		action: 'survey.view',
		entityType: 'client',
		entityId: clientId,
		countyId: row.countyId,
		details: { surveyResponseId: response.id }
	});
	return {
		client: { id: row.id, firstName: row.firstName, lastName: row.lastName },
		response,
		permissions: {
			confirmDestroyed:
				response.onPaper &&
				!response.paperDestroyedOn &&
				can(ctx.actor, 'client:update', resource, day)
		},
		today: day
	};
}

export type SurveyResponseView = Awaited<ReturnType<typeof getSurveyResponse>>;

const enterSchema = z.object({
	questionSetId: z.string().uuid('error.choice'),
	conductedOn: z.string().refine(isIsoDay, 'error.date'),
	/** A checkbox: present ("on") when the answers were written on paper first. */
	onPaper: z
		.union([z.literal('on'), z.literal('true'), z.literal(''), z.boolean()])
		.optional()
		.transform((v) => v === 'on' || v === 'true' || v === true)
});

/** Answer fields of the form are named `a_<question id>`. */
export const ANSWER_PREFIX = 'a_';

/**
 * Enters the six-month survey's answers: the paired volunteer (while the pairing is active) or
 * a coordinator of the county; never an expert (read only). Answers are validated against the
 * version of the question set the form showed; the loneliness score is stored with them.
 */
export async function enterSurvey(
	ctx: ServiceContext,
	clientId: string,
	input: Record<string, unknown>
): Promise<string> {
	const { row } = await requireClient(ctx, clientId, 'survey:enter', 'survey.enter');
	if (row.status === 'anonymised') throw conflict('client.anonymised');
	const data = validate(enterSchema, input);
	const day = today(ctx);
	const [questionSet] = await ctx.db
		.select()
		.from(surveyQuestionSets)
		.where(
			and(
				eq(surveyQuestionSets.id, data.questionSetId),
				eq(surveyQuestionSets.key, SIX_MONTH_SURVEY_KEY)
			)
		);
	if (!questionSet) throw invalid({ questionSetId: 'error.choice' });
	const raw: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(input)) {
		if (k.startsWith(ANSWER_PREFIX)) raw[k.slice(ANSWER_PREFIX.length)] = v;
	}
	const checked = checkSurveyAnswers(questionSet.questions, raw);
	const first = await firstPairingStart(ctx.db, clientId);
	const errors: Record<string, string> = {};
	if (!checked.ok) {
		for (const [id, key] of Object.entries(checked.errors)) errors[ANSWER_PREFIX + id] = key;
	}
	if (!first || first > day) throw invalid({}, 'survey.not_in_service');
	if (data.conductedOn > day) errors.conductedOn = 'survey.date_in_future';
	else if (data.conductedOn < first) errors.conductedOn = 'survey.date_before_service';
	if (Object.keys(errors).length > 0 || !checked.ok) throw invalid(errors);
	const actor = ctx.actor!;
	return ctx.db.transaction(async (tx) => {
		// One six-month survey per client: the client row is locked while we check, so two
		// people entering the same survey at once cannot both succeed.
		await tx.select({ id: clients.id }).from(clients).where(eq(clients.id, clientId)).for('update');
		const [done] = await tx
			.select({ id: surveyResponses.id })
			.from(surveyResponses)
			.where(
				and(eq(surveyResponses.clientId, clientId), eq(surveyResponses.kind, SIX_MONTH_SURVEY_KEY))
			);
		if (done) throw conflict('survey.already_done');
		const [pairing] = await tx
			.select({ id: pairings.id })
			.from(pairings)
			.where(
				and(
					eq(pairings.clientId, clientId),
					actor.volunteerId
						? activePairingOfVolunteer(actor.volunteerId, day)
						: and(
								inArray(pairings.status, [...PAIRING_ACCESS_STATUSES]),
								lte(pairings.startsOn, day),
								or(isNull(pairings.endsOn), gt(pairings.endsOn, day))
							)
				)
			)
			.orderBy(desc(pairings.startsOn))
			.limit(1);
		const [created] = await tx
			.insert(surveyResponses)
			.values({
				clientId,
				pairingId: pairing?.id ?? null,
				questionSetId: questionSet.id,
				kind: SIX_MONTH_SURVEY_KEY,
				conductedOn: data.conductedOn,
				answers: checked.answers,
				lonelinessScore: lonelinessScore(questionSet.questions, checked.answers),
				onPaper: data.onPaper,
				paperDestroyDueOn: data.onPaper ? paperDestroyDueOn(day) : null,
				enteredBy: actor.userId,
				enteredAt: ctx.now()
			})
			.returning({ id: surveyResponses.id });
		await recordAudit(tx, ctx, {
			action: 'survey.enter',
			entityType: 'client',
			entityId: clientId,
			countyId: row.countyId,
			details: {
				surveyResponseId: created!.id,
				version: questionSet.version,
				onPaper: data.onPaper
			}
		});
		return created!.id;
	});
}

/**
 * Confirms that the paper original of a response was destroyed (R-PAIR-6): the coordinator of
 * the county or the administrator, once; the day and the person are kept and audited.
 */
export async function confirmPaperDestroyed(
	ctx: ServiceContext,
	clientId: string,
	responseId: string
): Promise<void> {
	const { row } = await requireClient(ctx, clientId, 'client:update', 'survey.paper_destroyed');
	const [response] = z.string().uuid().safeParse(responseId).success
		? await ctx.db
				.select()
				.from(surveyResponses)
				.where(and(eq(surveyResponses.id, responseId), eq(surveyResponses.clientId, clientId)))
		: [];
	if (!response) throw notFound();
	if (!response.onPaper) throw conflict('survey.not_on_paper');
	const day = today(ctx);
	await ctx.db.transaction(async (tx) => {
		const updated = await tx
			.update(surveyResponses)
			.set({ paperDestroyedOn: day, paperDestroyedBy: ctx.actor!.userId })
			.where(and(eq(surveyResponses.id, responseId), isNull(surveyResponses.paperDestroyedOn)))
			.returning({ id: surveyResponses.id });
		if (updated.length === 0) throw conflict('survey.already_destroyed');
		await recordAudit(tx, ctx, {
			action: 'survey.paper_destroyed',
			entityType: 'client',
			entityId: clientId,
			countyId: row.countyId,
			details: { surveyResponseId: responseId }
		});
	});
}

/**
 * The volunteer's own list (their home page): clients they visit now whose six-month survey is
 * due. One query; listing names is a read of personal data, so it is audited as a client list.
 */
export async function dueSurveysOfVolunteer(ctx: ServiceContext) {
	const volunteerId = ctx.actor?.volunteerId;
	if (!volunteerId) return [];
	const day = today(ctx);
	// "client"."id" written out: drizzle may leave select-list columns unqualified.
	const clientId = sql.raw('"client"."id"');
	const first = sql<string>`(select min(fp.starts_on) from pairing fp where fp.client_id = ${clientId}
		and fp.status <> 'proposed' and (fp.ends_on is null or fp.ends_on > fp.starts_on))`;
	const rows = await ctx.db
		.select({
			clientId: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			firstStartsOn: first
		})
		.from(clients)
		.innerJoin(pairings, eq(pairings.clientId, clients.id))
		.where(
			and(
				activePairingOfVolunteer(volunteerId, day),
				ne(clients.status, 'anonymised'),
				sql`${first} <= ${surveyDueCutoff(day)}`,
				sql`not exists (select 1 from survey_response sr where sr.client_id = ${clientId} and sr.kind = ${SIX_MONTH_SURVEY_KEY})`
			)
		)
		.orderBy(asc(first), asc(clients.lastName));
	const unique = [...new Map(rows.map((r) => [r.clientId, r])).values()];
	if (unique.length > 0) {
		await recordAudit(ctx.db, ctx, {
			action: 'client.list',
			entityType: 'client',
			details: { count: unique.length, list: 'surveys_due', volunteerId }
		});
	}
	return unique.map((r) => ({
		clientId: r.clientId,
		firstName: r.firstName,
		lastName: r.lastName,
		dueOn: surveyDueOn(r.firstStartsOn)
	}));
}

export type DueSurvey = Awaited<ReturnType<typeof dueSurveysOfVolunteer>>[number];
