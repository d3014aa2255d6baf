import { eq } from 'drizzle-orm';
import { clients, roleGrants, users, volunteers } from '../../db/schema';
import { CONTACT_KINDS } from '../../domain/vocabulary';
import type { SurveyQuestion } from '../../domain/statuses';
import { isLocale, type Locale } from '../../../i18n/locale';
import { can, canAnywhere } from '../../policy/policy';
import { finishPdf, pdfHeading, pdfParagraph, pdfTable, startPdf } from '../../files/pdf';
import { translate } from '../../i18n';
import { recordAudit } from '../core/audit';
import { authorize, deniedNotFound, requirePairing } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { currentQuestionSet } from './surveys';
import type { PairingOptions } from './pairing-lifecycle';

/**
 * Printable blank forms (issue 22, R-PAIR-8, R-PAIR-6): a month's paper diary page and the
 * six-month survey, A4, in large print (14 pt and more), tagged like every PDF of the app
 * (files/pdf.ts), in Estonian, Russian or English. Printed from a pairing they carry the
 * volunteer's and the client's first names (nothing else of them); blank otherwise.
 *
 * From a pairing: whoever may write its diary (`diary:create`: the county's coordinators, the
 * administrator, the paired volunteer) — a volunteer only for their own pairing. Audited as
 * `pairing.form_download` (the form and language, no names). A blank form holds no personal
 * data: anyone who writes diaries somewhere may print one, unaudited.
 */

export const PAPER_FORMS = ['diary', 'survey'] as const;
export type PaperForm = (typeof PAPER_FORMS)[number];

export const isPaperForm = (v: string): v is PaperForm =>
	(PAPER_FORMS as readonly string[]).includes(v);

/** Rows of the diary page: a month of weekly visits and calls, with room to write. */
const DIARY_ROWS = 9;
const BODY = 14;

/**
 * The language a person reads: their account's, else Russian for someone who speaks Russian
 * but not Estonian, else Estonian.
 */
export function personLocale(languages: readonly string[] | null, account: string | null): Locale {
	if (account && isLocale(account)) return account;
	const l = languages ?? [];
	return l.includes('ru') && !l.includes('et') ? 'ru' : 'et';
}

interface Names {
	volunteer: string | null;
	client: string | null;
}

const line = '____________________';

async function diaryPdf(locale: Locale, names: Names): Promise<Uint8Array> {
	const tr = (key: string, params?: Record<string, string | number>) =>
		translate(locale, key, params);
	const title = tr('paper.form.diary_title');
	const doc = startPdf({ title, lang: locale });
	pdfHeading(doc, title, 20);
	pdfParagraph(doc, tr('paper.form.diary_intro'), { size: BODY });
	for (const [label, value] of [
		[tr('paper.form.volunteer'), names.volunteer ?? line],
		[tr('paper.form.client'), names.client ?? line],
		[tr('paper.form.month'), line]
	] as const) {
		pdfParagraph(doc, `${label}: ${value}`, { size: BODY });
	}
	pdfParagraph(
		doc,
		`${tr('diary.kind')}: ${CONTACT_KINDS.map((k, i) => `${i + 1} ${tr(`diary.kind.${k}`)}`).join('; ')}`,
		{ size: BODY }
	);
	doc.moveDown(0.3);
	pdfTable(
		doc,
		[
			{ header: tr('paper.form.col_date'), width: 15 },
			{ header: tr('paper.form.col_kind'), width: 13 },
			{ header: tr('paper.form.col_duration'), width: 14 },
			{ header: tr('paper.form.col_what'), width: 58 }
		],
		Array.from({ length: DIARY_ROWS }, () => ['', '', '', '']),
		{ size: BODY, minRowHeight: 44 }
	);
	doc.moveDown(0.5);
	pdfParagraph(doc, `${tr('paper.form.signature')}: ${line}`, { size: BODY });
	pdfParagraph(doc, tr('paper.form.diary_keep'), { size: BODY });
	return finishPdf(doc);
}

function labelOf(l: SurveyQuestion['label'], locale: Locale): string {
	return l[locale] ?? l.et;
}

async function surveyPdf(
	locale: Locale,
	names: Names,
	questionSet: { title: { et: string; ru?: string; en: string }; questions: SurveyQuestion[] }
): Promise<Uint8Array> {
	const tr = (key: string, params?: Record<string, string | number>) =>
		translate(locale, key, params);
	const title = questionSet.title[locale] ?? questionSet.title.et;
	const doc = startPdf({ title, lang: locale });
	pdfHeading(doc, title, 20);
	pdfParagraph(doc, tr('paper.form.survey_intro'), { size: BODY });
	for (const [label, value] of [
		[tr('paper.form.client'), names.client ?? line],
		[tr('paper.form.volunteer'), names.volunteer ?? line],
		[tr('paper.form.conducted_on'), line]
	] as const) {
		pdfParagraph(doc, `${label}: ${value}`, { size: BODY });
	}
	questionSet.questions.forEach((q, i) => {
		pdfHeading(doc, `${i + 1}. ${labelOf(q.label, locale)}`, 15);
		if (q.kind === 'text' || !q.options?.length) {
			pdfParagraph(doc, `${line}${line}${line}`, { size: BODY });
			pdfParagraph(doc, `${line}${line}${line}`, { size: BODY });
			return;
		}
		for (const o of q.options) pdfParagraph(doc, `☐ ${labelOf(o.label, locale)}`, { size: BODY });
	});
	doc.moveDown(0.5);
	pdfParagraph(doc, tr('paper.form.survey_keep'), { size: BODY });
	return finishPdf(doc);
}

async function build(
	ctx: ServiceContext,
	form: PaperForm,
	locale: Locale,
	names: Names
): Promise<Uint8Array> {
	if (form === 'diary') return diaryPdf(locale, names);
	const set = await currentQuestionSet(ctx.db, ctx.now());
	return surveyPdf(locale, names, {
		title: set?.title ?? { et: 'Kuue kuu küsitlus', en: 'Six-month survey' },
		questions: set?.questions ?? []
	});
}

export interface FormFile {
	bytes: Uint8Array;
	fileName: string;
	locale: Locale;
}

const fileName = (form: PaperForm, locale: Locale) =>
	`${form === 'diary' ? 'paberpaevik' : 'kuue-kuu-kusitlus'}-${locale}.pdf`;

/**
 * A form printed from a pairing, with the two first names. `lang` is the link's choice
 * (et/ru/en); without one, the volunteer's language for the diary, the client's for the survey.
 */
export async function pairingFormPdf(
	ctx: ServiceContext,
	pairingId: string,
	form: string,
	lang: string | null,
	opts: PairingOptions = {}
): Promise<FormFile> {
	const { pairing, client, resource } = await requirePairing(
		ctx,
		pairingId,
		'diary:create',
		'pairing.form_download',
		opts.clientId
	);
	const manage = can(ctx.actor, 'diary:manage', resource, today(ctx));
	if (!manage && ctx.actor?.volunteerId !== pairing.volunteerId) {
		// A volunteer of another pairing of the same client: not theirs to print.
		return deniedNotFound(ctx, {
			action: 'pairing.form_download',
			entityType: 'pairing',
			entityId: pairingId
		});
	}
	if (!isPaperForm(form)) {
		return deniedNotFound(ctx, {
			action: 'pairing.form_download',
			entityType: 'pairing',
			entityId: pairingId
		});
	}
	const [volunteer] = await ctx.db
		.select({
			firstName: volunteers.firstName,
			languages: volunteers.languages,
			locale: users.locale
		})
		.from(volunteers)
		.leftJoin(roleGrants, eq(roleGrants.volunteerId, volunteers.id))
		.leftJoin(users, eq(users.id, roleGrants.userId))
		.where(eq(volunteers.id, pairing.volunteerId))
		.limit(1);
	const [person] = await ctx.db
		.select({ firstName: clients.firstName, languages: clients.languages })
		.from(clients)
		.where(eq(clients.id, pairing.clientId));
	const locale: Locale = isLocale(lang)
		? lang
		: form === 'diary'
			? personLocale(volunteer?.languages ?? null, volunteer?.locale ?? null)
			: personLocale(person?.languages ?? null, null);
	const bytes = await build(ctx, form, locale, {
		volunteer: volunteer?.firstName ?? null,
		client: person?.firstName ?? null
	});
	await recordAudit(ctx.db, ctx, {
		action: 'pairing.form_download',
		entityType: 'pairing',
		entityId: pairingId,
		countyId: client.countyId,
		details: { clientId: pairing.clientId, form, locale, blank: false }
	});
	return { bytes, fileName: fileName(form, locale), locale };
}

/** The default languages of a pairing's forms, for the links on its page. */
export async function pairingFormLocales(
	ctx: ServiceContext,
	pairing: { volunteerId: string; clientId: string }
): Promise<{ diary: Locale; survey: Locale }> {
	const [volunteer] = await ctx.db
		.select({ languages: volunteers.languages, locale: users.locale })
		.from(volunteers)
		.leftJoin(roleGrants, eq(roleGrants.volunteerId, volunteers.id))
		.leftJoin(users, eq(users.id, roleGrants.userId))
		.where(eq(volunteers.id, pairing.volunteerId))
		.limit(1);
	const [person] = await ctx.db
		.select({ languages: clients.languages })
		.from(clients)
		.where(eq(clients.id, pairing.clientId));
	return {
		diary: personLocale(volunteer?.languages ?? null, volunteer?.locale ?? null),
		survey: personLocale(person?.languages ?? null, null)
	};
}

/** A blank form (no names), for anyone who writes diaries somewhere. */
export async function blankFormPdf(
	ctx: ServiceContext,
	form: string,
	lang: string | null
): Promise<FormFile> {
	if (!canAnywhere(ctx.actor, 'diary:create')) {
		await authorize(ctx, 'diary:create', { kind: 'system' }, { action: 'pairing.form_download' });
	}
	if (!isPaperForm(form)) {
		return deniedNotFound(ctx, {
			action: 'pairing.form_download',
			entityType: 'pairing',
			entityId: null
		});
	}
	const locale: Locale = isLocale(lang) ? lang : personLocale(null, ctx.actor?.locale ?? null);
	const bytes = await build(ctx, form, locale, { volunteer: null, client: null });
	return { bytes, fileName: fileName(form, locale), locale };
}
