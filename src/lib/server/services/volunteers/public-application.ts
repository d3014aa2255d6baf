import { and, eq } from 'drizzle-orm';
import { roleGrants, users, volunteerApplications } from '../../db/schema';
import type { Tx } from '../../db/client';
import { AppError, invalid } from '../../errors';
import {
	APPLICATION_QUESTIONS,
	fillTimeAcceptable,
	formStartedToken,
	type ApplicationLocale
} from '../../domain/recruitment';
import { formatDate, LOCALES, type Locale } from '$lib/i18n';
import { recordAudit } from '../core/audit';
import type { ServiceContext } from '../core/context';
import { listCounties, listMunicipalities } from '../core/reference';
import { sendQueuedMail } from '../auth/emails';
import { publicBaseUrl } from '../auth/links';
import { m } from '$lib/paraglide/messages';
import {
	checkCounty,
	checkMunicipality,
	publicApplicationSchema,
	validateApplication
} from './application-validation';
import { channelForCode } from './recruitment-channels';

/**
 * The public application form (R-VOL-2): no login, spam checks, a confirmation mail to the
 * candidate and a notice to the county's coordinators.
 */

/** Applications accepted per hour from one IP address (a library computer may serve several). */
export const APPLICATIONS_PER_IP_PER_HOUR = 10;

/** The subjects of the candidate's confirmation mail, in every language (for R-VOL-6 purge). */
export const CONFIRMATION_SUBJECTS = LOCALES.map((locale) =>
	m['apply.mail.subject']({}, { locale })
);

/**
 * What the public form offers: counties with their municipalities (reference data, not
 * personal), the questions, and the hidden "shown at" value of the minimum fill time.
 */
export async function applicationFormOptions(
	ctx: Pick<ServiceContext, 'db' | 'now'>,
	channelCode?: string | null
) {
	const [countyRows, municipalityRows] = [await listCounties(ctx), await listMunicipalities(ctx)];
	// A channel's link (`?kanal=`) is carried on in a hidden field and chooses its county first.
	const channel = await channelForCode(ctx.db, channelCode);
	return {
		channelCode: channel ? channelCode!.trim().toLowerCase() : null,
		channelCountyId: channel?.countyId ?? null,
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
		// The channel whose link the candidate came through (R-VOL-1); an unknown code: none.
		const channel = await channelForCode(tx, input.kanal);
		const now = ctx.now();
		const [row] = await tx
			.insert(volunteerApplications)
			.values({
				countyId: data.countyId,
				municipalityId: data.municipalityId ?? null,
				channel: 'web',
				recruitmentChannelId: channel?.id ?? null,
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
			details: {
				channel: 'web',
				locale,
				answers: Object.keys(answers).length,
				...(channel ? { recruitmentChannelId: channel.id } : {})
			}
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
