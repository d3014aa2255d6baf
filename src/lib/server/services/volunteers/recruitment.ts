import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
	counties,
	documents,
	mailOutbox,
	municipalities,
	recruitmentOutcomes,
	roleGrants,
	users,
	volunteerApplications,
	volunteers
} from '../../db/schema';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import { can, canAnywhere } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { AppError, invalid, notFound } from '../../errors';
import { isIsoDay, tallinnDayStart } from '../../domain/dates';
import { hasHiddenCharacters, normaliseName } from '../../domain/text-input';
import {
	APPLICATION_LOCALES,
	APPLICATION_QUESTIONS,
	canMoveApplication,
	cleanAnswers,
	fillTimeAcceptable,
	formStartedToken,
	isApplicationLocale,
	nextApplicationSteps,
	tallinnInstant,
	tallinnLocalTime,
	type ApplicationLocale
} from '../../domain/recruitment';
import { formatDate, LOCALES, type Locale } from '$lib/i18n';
import { recordAudit } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { emptyToNull, validate } from '../core/validation';
import { listCounties, listMunicipalities } from '../core/reference';
import { sendQueuedMail } from '../auth/emails';
import { publicBaseUrl } from '../auth/links';
import { deleteStoredFiles, purgeDocumentRows } from '../documents/documents';
import { m } from '$lib/paraglide/messages';

/**
 * Recruiting volunteers (R-VOL-2…6): the public application form, the coordinator's pipeline
 * (applied → interview arranged → interviewed → selected / not selected), and the two
 * decisions. "Not selected" destroys the application, its notes and its files (R-VOL-6) and
 * leaves only an anonymous `recruitment_outcome` row and an audit event without personal data.
 * "Selected" makes the volunteer record (status candidate) that volunteer-profile.ts completes.
 */

/** Applications accepted per hour from one IP address (a library computer may serve several). */
export const APPLICATIONS_PER_IP_PER_HOUR = 10;

/** The subjects of the candidate's confirmation mail, in every language (for R-VOL-6 purge). */
const CONFIRMATION_SUBJECTS = LOCALES.map((locale) => m['apply.mail.subject']({}, { locale }));

type ApplicationRow = typeof volunteerApplications.$inferSelect;

// --- Validation ---------------------------------------------------------------------------------

const text = (max: number) =>
	z
		.string({ message: 'apply.error.required' })
		.trim()
		.min(1, 'apply.error.required')
		.max(max, 'apply.error.too_long');
/** A name: NFC, trimmed of invisible characters, none left inside (issue 17, as for clients). */
const personName = (max: number) =>
	z.preprocess(
		(v) => (typeof v === 'string' ? normaliseName(v) : v),
		text(max).refine((v) => !hasHiddenCharacters(v), 'apply.error.name_characters')
	);
const optionalText = (max: number) =>
	z
		.preprocess(emptyToNull, z.string().trim().max(max, 'apply.error.too_long').nullable())
		.optional();
const checked = (message: string) =>
	z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.literal(true, { message }));

/** Fields common to a web application and one typed in from paper or e-mail. */
const baseApplicationSchema = z.object({
	countyId: z
		.string({ message: 'apply.error.required' })
		.min(1, 'apply.error.required')
		.uuid('apply.error.choice'),
	municipalityId: z
		.preprocess(emptyToNull, z.string().uuid('apply.error.choice').nullable())
		.optional(),
	firstName: personName(100),
	lastName: personName(100),
	email: z
		.preprocess(
			emptyToNull,
			z
				.string()
				.trim()
				.toLowerCase()
				.max(254, 'apply.error.too_long')
				.email('apply.error.email')
				.nullable()
		)
		.optional(),
	phone: z
		.preprocess(
			emptyToNull,
			z
				.string()
				.trim()
				.max(40, 'apply.error.too_long')
				.regex(/^\+?[0-9][0-9 ()-]{4,}$/, 'apply.error.phone')
				.nullable()
		)
		.optional(),
	settlement: optionalText(100),
	motivation: text(4000),
	refereeName: optionalText(200),
	refereeContact: optionalText(200)
});

const needsContact = (v: { email?: string | null; phone?: string | null }, c: z.RefinementCtx) => {
	if (!v.email && !v.phone) {
		c.addIssue({ code: 'custom', path: ['email'], message: 'apply.error.contact_required' });
	}
};

const publicApplicationSchema = baseApplicationSchema
	.extend({
		// R-VOL-2: the web form asks for a referee.
		refereeName: text(200),
		refereeContact: text(200),
		consent: checked('apply.error.consent_required')
	})
	.superRefine(needsContact);

const enteredApplicationSchema = baseApplicationSchema
	.extend({
		channel: z.enum(['paper', 'email'], { message: 'apply.error.choice' }),
		locale: z.enum(APPLICATION_LOCALES, { message: 'apply.error.choice' }).default('et'),
		/** The day the paper or e-mail arrived; the consent was given with it. */
		receivedOn: z.string({ message: 'error.date' }).refine(isIsoDay, 'error.date'),
		consentConfirmed: checked('application.error.consent_confirmed')
	})
	.superRefine(needsContact);

/** Answers arrive as `answer_<question id>` fields; errors are reported on the same names. */
function answersOf(input: Record<string, unknown>) {
	const raw: Record<string, unknown> = {};
	for (const q of APPLICATION_QUESTIONS) raw[q.id] = input[`answer_${q.id}`];
	const result = cleanAnswers(raw);
	if (!result.ok) {
		throw invalid({
			[`answer_${result.questionId}`]:
				result.error === 'choice' ? 'apply.error.choice' : 'apply.error.too_long'
		});
	}
	return result.answers as Record<string, string>;
}

/** Validates both the fields and the answers, so every problem is shown at once. */
function validateApplication<S extends z.ZodType>(schema: S, input: Record<string, unknown>) {
	let fields: Record<string, string> = {};
	let data: z.infer<S> | null = null;
	let answers: Record<string, string> = {};
	try {
		data = validate(schema, input);
	} catch (e) {
		if (!(e instanceof AppError)) throw e;
		fields = { ...e.fields };
	}
	try {
		answers = answersOf(input);
	} catch (e) {
		if (!(e instanceof AppError)) throw e;
		fields = { ...fields, ...e.fields };
	}
	if (Object.keys(fields).length > 0 || !data) throw invalid(fields, 'apply.error.form_invalid');
	return { data, answers };
}

async function checkMunicipality(tx: Tx, countyId: string, municipalityId?: string | null) {
	if (!municipalityId) return;
	const [m] = await tx
		.select({ id: municipalities.id })
		.from(municipalities)
		.where(and(eq(municipalities.id, municipalityId), eq(municipalities.countyId, countyId)));
	if (!m) throw invalid({ municipalityId: 'apply.error.municipality' }, 'apply.error.form_invalid');
}

async function checkCounty(tx: Tx, countyId: string) {
	const [c] = await tx
		.select({ id: counties.id, name: counties.name })
		.from(counties)
		.where(eq(counties.id, countyId));
	if (!c) throw invalid({ countyId: 'apply.error.choice' }, 'apply.error.form_invalid');
	return c;
}

// --- The public form ----------------------------------------------------------------------------

/**
 * What the public form offers: counties with their municipalities (reference data, not
 * personal), the questions, and the hidden "shown at" value of the minimum fill time.
 */
export async function applicationFormOptions(ctx: Pick<ServiceContext, 'db' | 'now'>) {
	const [countyRows, municipalityRows] = [await listCounties(ctx), await listMunicipalities(ctx)];
	return {
		counties: countyRows.map((c) => ({
			id: c.id,
			name: c.name,
			municipalities: municipalityRows
				.filter((m) => m.countyId === c.id)
				.map((m) => ({ id: m.id, name: m.name }))
		})),
		questions: APPLICATION_QUESTIONS,
		startedToken: formStartedToken(ctx.now())
	};
}

export interface SubmitResult {
	/** False when a spam check silently refused it (the caller shows "thank you" anyway). */
	stored: boolean;
	id: string | null;
}

/**
 * A candidate's application through the public web form (no login, R-VOL-2). Spam checks,
 * none of which stores anything: a filled honeypot field is refused silently (the bot sees
 * "thank you"); a form sent faster than a person can fill it, or older than a day, is shown
 * again; more than APPLICATIONS_PER_IP_PER_HOUR valid applications from one address in an hour
 * are refused with "try later". Each refusal is an audit event with the reason only.
 *
 * A stored application gets a confirmation mail in the candidate's language (no personal
 * data in it besides the address it goes to), and the county's coordinators a notice without
 * personal data; both leave after commit.
 */
export async function submitApplication(
	ctx: ServiceContext,
	input: Record<string, unknown>,
	locale: ApplicationLocale
): Promise<SubmitResult> {
	const refuse = async (reason: string) =>
		recordAudit(ctx.db, ctx, {
			action: 'application.submit',
			entityType: 'application',
			outcome: 'denied',
			details: { reason, channel: 'web' }
		});
	const honeypot = input.website;
	if (typeof honeypot === 'string' && honeypot.trim() !== '') {
		await refuse('honeypot');
		return { stored: false, id: null };
	}
	if (!fillTimeAcceptable(input.startedAt, ctx.now())) {
		await refuse('fill_time');
		throw invalid({}, 'apply.error.too_fast');
	}
	const { data, answers } = validateApplication(publicApplicationSchema, input);
	if (
		ctx.ip &&
		!(await ctx.throttle.consume('application_ip', ctx.ip, APPLICATIONS_PER_IP_PER_HOUR))
	) {
		await refuse('throttled_ip');
		throw new AppError('rate_limited', 'apply.error.rate_limited');
	}
	const id = await ctx.db.transaction(async (tx) => {
		const county = await checkCounty(tx, data.countyId);
		await checkMunicipality(tx, data.countyId, data.municipalityId);
		const now = ctx.now();
		const [row] = await tx
			.insert(volunteerApplications)
			.values({
				countyId: data.countyId,
				municipalityId: data.municipalityId ?? null,
				channel: 'web',
				locale,
				firstName: data.firstName,
				lastName: data.lastName,
				email: data.email ?? null,
				phone: data.phone ?? null,
				settlement: data.settlement ?? null,
				motivation: data.motivation,
				answers,
				refereeName: data.refereeName,
				refereeContact: data.refereeContact,
				consentGivenAt: now,
				submittedAt: now,
				updatedAt: now
			})
			.returning({ id: volunteerApplications.id });
		await recordAudit(tx, ctx, {
			action: 'application.submit',
			entityType: 'application',
			entityId: row!.id,
			countyId: data.countyId,
			details: { channel: 'web', locale, answers: Object.keys(answers).length }
		});
		if (data.email) {
			await ctx.mailer.enqueue(tx, {
				to: data.email,
				subject: m['apply.mail.subject']({}, { locale: locale }),
				text: m['apply.mail.body']({ date: formatDate(now) }, { locale: locale })
			});
		}
		await notifyCoordinators(tx, ctx, county);
		return row!.id;
	});
	// In the background: the candidate's page does not wait for the mail server.
	void sendQueuedMail(ctx);
	return { stored: true, id };
}

/** A notice to the county's active coordinators: the county and a link, no personal data. */
async function notifyCoordinators(
	tx: Tx,
	ctx: ServiceContext,
	county: { id: string; name: string }
) {
	const rows = await tx
		.selectDistinct({ email: users.email, locale: users.locale })
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.where(
			and(
				eq(roleGrants.role, 'coordinator'),
				eq(roleGrants.countyId, county.id),
				eq(users.status, 'active')
			)
		);
	const link = `${publicBaseUrl(ctx.config)}/applications`;
	for (const r of rows) {
		const locale: Locale = r.locale;
		await ctx.mailer.enqueue(tx, {
			to: r.email,
			subject: m['apply.notify.subject']({ county: county.name }, { locale: locale }),
			text: m['apply.notify.body']({ county: county.name, link }, { locale: locale })
		});
	}
}

// --- The pipeline -------------------------------------------------------------------------------

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
	const pageSize = Math.min(Math.max(filter.pageSize ?? 25, 1), 100);
	const page = Math.min(Math.max(filter.page ?? 1, 1), 100_000);
	const rows = await ctx.db
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
		.limit(pageSize + 1)
		.offset((page - 1) * pageSize);
	await recordAudit(ctx.db, ctx, {
		action: 'application.list',
		entityType: 'application',
		countyId: filter.countyId && scope?.includes(filter.countyId) ? filter.countyId : null,
		details: { count: Math.min(rows.length, pageSize), page, status: status ?? 'open' }
	});
	const countyChoices = (await listCounties(ctx))
		.filter((c) => scope === null || scope.includes(c.id))
		.map((c) => ({ id: c.id, name: c.name }));
	return {
		rows: rows.slice(0, pageSize),
		hasMore: rows.length > pageSize,
		page,
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

export type ApplicationDetail = Awaited<ReturnType<typeof getApplication>>;

/** Locks the row for a change and checks that the step is allowed from where it stands. */
async function lockForStep(tx: Tx, id: string, step: Parameters<typeof canMoveApplication>[1]) {
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

/**
 * Selects the candidate (R-VOL-4): the volunteer record is made from the application (names,
 * contacts, county, municipality, settlement) with status "candidate" and linked to it; the
 * scanned application is moved to the volunteer's documents (R-VOL-5: the application of each
 * volunteer who starts is kept); an anonymous outcome is counted. Returns the volunteer's id.
 */
export async function selectApplication(ctx: ServiceContext, id: string): Promise<string> {
	const row = await requireApplication(ctx, id, 'application:manage', 'application.selected');
	await authorize(
		ctx,
		'volunteer:create',
		{ kind: 'county', countyId: row.countyId },
		{ action: 'volunteer.create', entityType: 'volunteer' }
	);
	return ctx.db.transaction(async (tx) => {
		const a = await lockForStep(tx, id, 'selected');
		const now = ctx.now();
		const [volunteer] = await tx
			.insert(volunteers)
			.values({
				countyId: a.countyId,
				municipalityId: a.municipalityId,
				status: 'candidate',
				firstName: a.firstName,
				lastName: a.lastName,
				email: a.email,
				phone: a.phone,
				settlement: a.settlement,
				createdBy: ctx.actor!.userId
			})
			.returning({ id: volunteers.id });
		const volunteerId = volunteer!.id;
		await tx
			.update(volunteerApplications)
			.set({
				status: 'selected',
				volunteerId,
				decidedBy: ctx.actor!.userId,
				decidedAt: now,
				updatedAt: now
			})
			.where(eq(volunteerApplications.id, id));
		const moved = await tx
			.update(documents)
			.set({ applicationId: null, volunteerId })
			.where(and(eq(documents.applicationId, id), eq(documents.kind, 'application')))
			.returning({ id: documents.id });
		await tx
			.insert(recruitmentOutcomes)
			.values({ countyId: a.countyId, decidedOn: today(ctx), outcome: 'selected' });
		await recordAudit(tx, ctx, {
			action: 'volunteer.create',
			entityType: 'volunteer',
			entityId: volunteerId,
			countyId: a.countyId,
			details: { applicationId: id }
		});
		await recordAudit(tx, ctx, {
			action: 'application.selected',
			entityType: 'application',
			entityId: id,
			countyId: a.countyId,
			details: { volunteerId, documentsMoved: moved.length }
		});
		return volunteerId;
	});
}

const rejectSchema = z.object({ confirm: checked('application.reject.confirm_required') });

/**
 * Not selected (R-VOL-6): after an explicit confirmation the application, the interview
 * notes, their document rows and the candidate's confirmation mails are deleted in one
 * transaction, and an anonymous outcome (county, day, "not selected") is counted; the files
 * are deleted from the store after commit. The audit event names the (now empty) id only.
 */
export async function rejectApplication(ctx: ServiceContext, id: string, input: unknown) {
	const row = await requireApplication(ctx, id, 'application:manage', 'application.not_selected');
	validate(rejectSchema, input);
	const keys = await ctx.db.transaction(async (tx) => {
		const a = await lockForStep(tx, id, 'not_selected');
		const keys = await purgeDocumentRows(tx, { kind: 'application', applicationId: id });
		if (a.email) {
			await tx
				.delete(mailOutbox)
				.where(
					and(eq(mailOutbox.toAddress, a.email), inArray(mailOutbox.subject, CONFIRMATION_SUBJECTS))
				);
		}
		await tx.delete(volunteerApplications).where(eq(volunteerApplications.id, id));
		await tx
			.insert(recruitmentOutcomes)
			.values({ countyId: a.countyId, decidedOn: today(ctx), outcome: 'not_selected' });
		await recordAudit(tx, ctx, {
			action: 'application.not_selected',
			entityType: 'application',
			entityId: id,
			countyId: row.countyId,
			details: { documentsDeleted: keys.length, interviewed: a.status === 'interviewed' }
		});
		return keys;
	});
	await deleteStoredFiles(ctx.files, keys);
}

/** The application a volunteer was selected from (for the volunteer's page), if any. */
export async function applicationOfVolunteer(tx: Tx, volunteerId: string) {
	const [row] = await tx
		.select({ id: volunteerApplications.id, submittedAt: volunteerApplications.submittedAt })
		.from(volunteerApplications)
		.where(eq(volunteerApplications.volunteerId, volunteerId));
	return row ?? null;
}
