import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { counties, municipalities, users, volunteerApplications } from '../../db/schema';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import { can, canAnywhere } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { invalid, notFound } from '../../errors';
import { tallinnDayStart } from '../../domain/dates';
import {
	APPLICATION_QUESTIONS,
	canMoveApplication,
	isApplicationLocale,
	nextApplicationSteps,
	tallinnInstant,
	tallinnLocalTime
} from '../../domain/recruitment';
import { recordAudit } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { emptyToNull, validate } from '../core/validation';
import { listCounties } from '../core/reference';
import { listPage, pageRows } from '../core/paging';
import {
	checkCounty,
	checkMunicipality,
	enteredApplicationSchema,
	validateApplication
} from './application-validation';
import { applicationFormOptions } from './public-application';

/**
 * Recruiting volunteers (R-VOL-2…6): the public application form, the coordinator's pipeline
 * (applied → interview arranged → interviewed → selected / not selected), and the two
 * decisions. "Not selected" destroys the application, its notes and its files (R-VOL-6) and
 * leaves only an anonymous `recruitment_outcome` row and an audit event without personal data.
 * "Selected" makes the volunteer record (status candidate) that volunteer-profile.ts completes.
 *
 * This file holds the pipeline; beside it: the public form (public-application.ts), the fields
 * and answers (application-validation.ts), the two decisions (application-decisions.ts).
 */

type ApplicationRow = typeof volunteerApplications.$inferSelect;

async function applicationRow(tx: Tx, id: string): Promise<ApplicationRow | null> {
	if (!z.string().uuid().safeParse(id).success) return null;
	const [row] = await tx
		.select()
		.from(volunteerApplications)
		.where(eq(volunteerApplications.id, id));
	return row ?? null;
}

/**
 * The application, if the actor may do `action` to it: the county's coordinators and the
 * administrator. Anyone else, and a missing id, get "not found" and a denied audit event.
 */
export async function requireApplication(
	ctx: ServiceContext,
	id: string,
	action: 'application:read' | 'application:manage',
	auditAction: string
): Promise<ApplicationRow> {
	const row = await applicationRow(ctx.db, id);
	if (!row) {
		return deniedNotFound(ctx, { action: auditAction, entityType: 'application', entityId: id });
	}
	await authorize(
		ctx,
		action,
		{ kind: 'county', countyId: row.countyId },
		{ action: auditAction, entityType: 'application', entityId: id }
	);
	return row;
}

/** Counties whose applications the actor reads; refuses (404, audited) when none. */
async function applicationCounties(ctx: ServiceContext): Promise<readonly string[] | null> {
	const scope = countyScope(ctx.actor, 'application:read');
	if (scope !== null && scope.length === 0) {
		await authorize(ctx, 'application:read', { kind: 'system' }, { action: 'application.list' });
	}
	return scope;
}

const OPEN_STATUSES = ['applied', 'interview_arranged', 'interviewed'] as const;

export interface ApplicationListFilter {
	/** One status, or '' for every open application (not yet decided). */
	status?: string;
	countyId?: string;
	page?: number;
	pageSize?: number;
}

/**
 * The pipeline: applications of the actor's counties (all for the administrator), oldest
 * first so nobody waits forgotten, with a count per status. Audited as a list (a count).
 */
export async function listApplications(ctx: ServiceContext, filter: ApplicationListFilter = {}) {
	const scope = await applicationCounties(ctx);
	const where: SQL[] = [];
	if (scope !== null) where.push(inArray(volunteerApplications.countyId, [...scope]));
	if (filter.countyId && z.string().uuid().safeParse(filter.countyId).success) {
		where.push(eq(volunteerApplications.countyId, filter.countyId));
	}
	const countRows = await ctx.db
		.select({ status: volunteerApplications.status, n: count() })
		.from(volunteerApplications)
		.where(and(...where))
		.groupBy(volunteerApplications.status);
	const counts = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<
		ApplicationStatus,
		number
	>;
	for (const r of countRows) counts[r.status] = Number(r.n);
	const status = (APPLICATION_STATUSES as readonly string[]).includes(filter.status ?? '')
		? (filter.status as ApplicationStatus)
		: null;
	where.push(
		status
			? eq(volunteerApplications.status, status)
			: inArray(volunteerApplications.status, [...OPEN_STATUSES])
	);
	const paging = listPage(filter);
	const read = await ctx.db
		.select({
			id: volunteerApplications.id,
			firstName: volunteerApplications.firstName,
			lastName: volunteerApplications.lastName,
			status: volunteerApplications.status,
			channel: volunteerApplications.channel,
			submittedAt: volunteerApplications.submittedAt,
			interviewAt: volunteerApplications.interviewAt,
			volunteerId: volunteerApplications.volunteerId,
			countyName: counties.name,
			municipalityName: municipalities.name
		})
		.from(volunteerApplications)
		.innerJoin(counties, eq(counties.id, volunteerApplications.countyId))
		.leftJoin(municipalities, eq(municipalities.id, volunteerApplications.municipalityId))
		.where(and(...where))
		.orderBy(
			status === 'selected'
				? desc(volunteerApplications.decidedAt)
				: asc(volunteerApplications.submittedAt),
			asc(volunteerApplications.id)
		)
		.limit(paging.limit)
		.offset(paging.offset);
	const { rows, hasMore } = pageRows(read, paging);
	await recordAudit(ctx.db, ctx, {
		action: 'application.list',
		entityType: 'application',
		countyId: filter.countyId && scope?.includes(filter.countyId) ? filter.countyId : null,
		details: { count: rows.length, page: paging.page, status: status ?? 'open' }
	});
	const countyChoices = (await listCounties(ctx))
		.filter((c) => scope === null || scope.includes(c.id))
		.map((c) => ({ id: c.id, name: c.name }));
	return {
		rows,
		hasMore,
		page: paging.page,
		status,
		counts,
		counties: countyChoices,
		canCreate: canAnywhere(ctx.actor, 'application:manage')
	};
}

/**
 * How many applications wait for the actor: new ones (not yet answered) and interviews
 * arranged, in the counties they read. A count, not personal data: not audited. Null for
 * anyone who reads no applications.
 */
export async function applicationCounts(ctx: ServiceContext) {
	const scope = countyScope(ctx.actor, 'application:read');
	if (scope !== null && scope.length === 0) return null;
	const rows = await ctx.db
		.select({ status: volunteerApplications.status, n: count() })
		.from(volunteerApplications)
		.where(
			and(
				inArray(volunteerApplications.status, ['applied', 'interview_arranged']),
				scope === null ? undefined : inArray(volunteerApplications.countyId, [...scope])
			)
		)
		.groupBy(volunteerApplications.status);
	const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
	return { applied: n('applied'), interviewArranged: n('interview_arranged') };
}

/** One application with what the actor may do next. Audited as a view. */
export async function getApplication(ctx: ServiceContext, id: string) {
	const row = await requireApplication(ctx, id, 'application:read', 'application.view');
	const [county] = await ctx.db
		.select({ name: counties.name })
		.from(counties)
		.where(eq(counties.id, row.countyId));
	const [municipality] = row.municipalityId
		? await ctx.db
				.select({ name: municipalities.name })
				.from(municipalities)
				.where(eq(municipalities.id, row.municipalityId))
		: [];
	const [decider] = row.decidedBy
		? await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, row.decidedBy))
		: [];
	await recordAudit(ctx.db, ctx, {
		action: 'application.view',
		entityType: 'application',
		entityId: id,
		countyId: row.countyId
	});
	const manage = can(
		ctx.actor,
		'application:manage',
		{ kind: 'county', countyId: row.countyId },
		today(ctx)
	);
	return {
		id: row.id,
		countyId: row.countyId,
		countyName: county?.name ?? '',
		municipalityName: municipality?.name ?? null,
		status: row.status,
		channel: row.channel,
		locale: row.locale,
		firstName: row.firstName,
		lastName: row.lastName,
		email: row.email,
		phone: row.phone,
		settlement: row.settlement,
		motivation: row.motivation,
		answers: APPLICATION_QUESTIONS.filter((q) => row.answers[q.id]).map((q) => ({
			id: q.id,
			kind: q.kind,
			value: row.answers[q.id]!
		})),
		refereeName: row.refereeName,
		refereeContact: row.refereeContact,
		consentGivenAt: row.consentGivenAt,
		submittedAt: row.submittedAt,
		interviewAt: row.interviewAt,
		/** For the datetime-local input: the arranged time on the Tallinn clock. */
		interviewAtLocal: row.interviewAt ? tallinnLocalTime(row.interviewAt) : '',
		interviewNotes: row.interviewNotes,
		volunteerId: row.volunteerId,
		decidedAt: row.decidedAt,
		decidedByName: decider?.name ?? null,
		steps: manage ? nextApplicationSteps(row.status) : [],
		permissions: { manage }
	};
}

/** Locks the row for a change and checks that the step is allowed from where it stands. */
export async function lockForStep(
	tx: Tx,
	id: string,
	step: Parameters<typeof canMoveApplication>[1]
) {
	const [row] = await tx
		.select()
		.from(volunteerApplications)
		.where(eq(volunteerApplications.id, id))
		.for('update');
	if (!row) throw notFound();
	if (!canMoveApplication(row.status, step)) throw invalid({}, 'application.error.step');
	return row;
}

/** The counties where the actor may enter applications, each with its municipalities. */
export async function applicationEntryOptions(ctx: ServiceContext) {
	const scope = countyScope(ctx.actor, 'application:manage');
	if (scope !== null && scope.length === 0) {
		await authorize(
			ctx,
			'application:manage',
			{ kind: 'system' },
			{ action: 'application.create' }
		);
	}
	const options = await applicationFormOptions(ctx);
	return {
		counties: options.counties.filter((c) => scope === null || scope.includes(c.id)),
		questions: options.questions,
		today: today(ctx)
	};
}

/**
 * A coordinator types in an application that came on paper or by e-mail (R-VOL-2); the scan
 * or the saved e-mail is then uploaded onto it. The consent was given with the paper or the
 * e-mail: the coordinator confirms it, and its time is the day it arrived.
 */
export async function enterApplication(ctx: ServiceContext, input: Record<string, unknown>) {
	const { data, answers } = validateApplication(enteredApplicationSchema, input);
	await authorize(
		ctx,
		'application:manage',
		{ kind: 'county', countyId: data.countyId },
		{ action: 'application.create', entityType: 'application' }
	);
	if (data.receivedOn > today(ctx)) throw invalid({ receivedOn: 'application.error.future' });
	return ctx.db.transaction(async (tx) => {
		await checkCounty(tx, data.countyId);
		await checkMunicipality(tx, data.countyId, data.municipalityId);
		const now = ctx.now();
		const received = data.receivedOn === today(ctx) ? now : tallinnDayStart(data.receivedOn);
		const [row] = await tx
			.insert(volunteerApplications)
			.values({
				countyId: data.countyId,
				municipalityId: data.municipalityId ?? null,
				channel: data.channel,
				locale: isApplicationLocale(data.locale) ? data.locale : 'et',
				firstName: data.firstName,
				lastName: data.lastName,
				email: data.email ?? null,
				phone: data.phone ?? null,
				settlement: data.settlement ?? null,
				motivation: data.motivation,
				answers,
				refereeName: data.refereeName ?? null,
				refereeContact: data.refereeContact ?? null,
				consentGivenAt: received,
				submittedAt: received,
				updatedAt: now
			})
			.returning({ id: volunteerApplications.id });
		await recordAudit(tx, ctx, {
			action: 'application.create',
			entityType: 'application',
			entityId: row!.id,
			countyId: data.countyId,
			details: { channel: data.channel, answers: Object.keys(answers).length }
		});
		return row!.id;
	});
}

const interviewTimeSchema = z.object({
	interviewAt: z
		.string({ message: 'error.required' })
		.min(1, 'error.required')
		.max(20, 'application.error.datetime')
});

/** Arranges (or re-arranges) the interview: a time on the Tallinn clock. */
export async function arrangeInterview(ctx: ServiceContext, id: string, input: unknown) {
	const row = await requireApplication(
		ctx,
		id,
		'application:manage',
		'application.interview_arranged'
	);
	const data = validate(interviewTimeSchema, input);
	const at = tallinnInstant(data.interviewAt);
	if (!at) throw invalid({ interviewAt: 'application.error.datetime' });
	await ctx.db.transaction(async (tx) => {
		await lockForStep(tx, id, 'interview_arranged');
		await tx
			.update(volunteerApplications)
			.set({ status: 'interview_arranged', interviewAt: at, updatedAt: ctx.now() })
			.where(eq(volunteerApplications.id, id));
		await recordAudit(tx, ctx, {
			action: 'application.interview_arranged',
			entityType: 'application',
			entityId: id,
			countyId: row.countyId,
			details: { rearranged: row.status === 'interview_arranged' }
		});
	});
}

const interviewNotesSchema = z.object({
	interviewNotes: z
		.preprocess(emptyToNull, z.string().trim().max(20_000, 'error.too_long').nullable())
		.optional()
});

/**
 * Records that the interview was held, with the coordinator's notes (R-VOL-3, optional);
 * again later to correct the notes. Without an arranged time, the interview was now.
 */
export async function recordInterview(ctx: ServiceContext, id: string, input: unknown) {
	const row = await requireApplication(ctx, id, 'application:manage', 'application.interviewed');
	const data = validate(interviewNotesSchema, input);
	await ctx.db.transaction(async (tx) => {
		const locked = await lockForStep(tx, id, 'interviewed');
		const now = ctx.now();
		await tx
			.update(volunteerApplications)
			.set({
				status: 'interviewed',
				interviewNotes: data.interviewNotes ?? null,
				interviewAt: locked.interviewAt ?? now,
				updatedAt: now
			})
			.where(eq(volunteerApplications.id, id));
		await recordAudit(tx, ctx, {
			action: 'application.interviewed',
			entityType: 'application',
			entityId: id,
			countyId: row.countyId,
			details: { notes: Boolean(data.interviewNotes), corrected: locked.status === 'interviewed' }
		});
	});
}

/** The application a volunteer was selected from (for the volunteer's page), if any. */
export async function applicationOfVolunteer(tx: Tx, volunteerId: string) {
	const [row] = await tx
		.select({ id: volunteerApplications.id, submittedAt: volunteerApplications.submittedAt })
		.from(volunteerApplications)
		.where(eq(volunteerApplications.volunteerId, volunteerId));
	return row ?? null;
}
