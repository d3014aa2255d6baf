import { and, asc, eq, inArray, or } from 'drizzle-orm';
import {
	auditEvents,
	clientExclusions,
	clients,
	counties,
	diaryEntries,
	diaryEntryVersions,
	documents,
	municipalities,
	pairings,
	socialPartners,
	surveyQuestionSets,
	surveyResponses,
	trips,
	users,
	volunteers
} from '../../db/schema';
import { type Locale } from '../../../i18n';
import { auditActionKey, auditOutcomeKey, auditRoleKeys } from '../../../i18n/audit-labels';
import { finishPdf, pdfFacts, pdfHeading, pdfTable, startPdf } from '../../files/pdf';
import { tallinnDay } from '../../domain/dates';
import { recordAudit } from '../core/audit';
import { requireClient } from '../core/access';
import type { ServiceContext } from '../core/context';
import { m } from '$lib/paraglide/messages';
import { translate } from '$lib/server/i18n';

/**
 * The client's extract of their file (R-PAIR-4): everything stored about them, as a PDF to hand
 * over and as machine-readable JSON — personal data, needs, pairings (with the volunteers'
 * names: the client knows the people who visit them), the diary with earlier versions of
 * changed entries, the six-month survey with the questions of the version answered, the
 * documents list, mileage trips to the client, and who accessed their data and when (from the
 * audit log: names and roles of the people, not their IP addresses).
 *
 * Produced by the county's coordinator or the administrator (`client:extract`); every extract is
 * audited (`client.extract`, with the format), so it appears in the next extract too.
 */

export const EXTRACT_FORMATS = ['pdf', 'json'] as const;
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

const dayOf = (d: Date | null) => (d ? d.toISOString() : null);

/** Collects the extract's data. The caller has authorised; reads only. */
async function collect(ctx: ServiceContext, row: typeof clients.$inferSelect, locale: Locale) {
	const db = ctx.db;
	const clientId = row.id;
	const [county] = await db
		.select({ name: counties.name })
		.from(counties)
		.where(eq(counties.id, row.countyId));
	const [municipality] = row.municipalityId
		? await db
				.select({ name: municipalities.name })
				.from(municipalities)
				.where(eq(municipalities.id, row.municipalityId))
		: [];
	const [partner] = row.referralPartnerId
		? await db
				.select({ name: socialPartners.name })
				.from(socialPartners)
				.where(eq(socialPartners.id, row.referralPartnerId))
		: [];

	const pairingRows = await db
		.select({
			id: pairings.id,
			status: pairings.status,
			startsOn: pairings.startsOn,
			endsOn: pairings.endsOn,
			introducedOn: pairings.introducedOn,
			pausedReason: pairings.pausedReason,
			pausedUntil: pairings.pausedUntil,
			endReason: pairings.endReason,
			closingInterview: pairings.closingInterview,
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName
		})
		.from(pairings)
		.innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
		.where(eq(pairings.clientId, clientId))
		.orderBy(asc(pairings.startsOn));

	const exclusions = await db
		.select({
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName,
			reason: clientExclusions.reason,
			createdAt: clientExclusions.createdAt
		})
		.from(clientExclusions)
		.innerJoin(volunteers, eq(volunteers.id, clientExclusions.volunteerId))
		.where(eq(clientExclusions.clientId, clientId))
		.orderBy(asc(clientExclusions.createdAt));

	const entries = await db
		.select({
			id: diaryEntries.id,
			contactDate: diaryEntries.contactDate,
			contactKind: diaryEntries.contactKind,
			helpProfiles: diaryEntries.helpProfiles,
			durationMinutes: diaryEntries.durationMinutes,
			description: diaryEntries.description,
			flagged: diaryEntries.flagged,
			flagNote: diaryEntries.flagNote,
			fromPaper: diaryEntries.fromPaper,
			createdAt: diaryEntries.createdAt,
			updatedAt: diaryEntries.updatedAt,
			removedAt: diaryEntries.removedAt,
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName
		})
		.from(diaryEntries)
		.leftJoin(volunteers, eq(volunteers.id, diaryEntries.volunteerId))
		.where(eq(diaryEntries.clientId, clientId))
		.orderBy(asc(diaryEntries.contactDate), asc(diaryEntries.createdAt));
	const versions = entries.length
		? await db
				.select()
				.from(diaryEntryVersions)
				.where(
					inArray(
						diaryEntryVersions.entryId,
						entries.map((e) => e.id)
					)
				)
				.orderBy(asc(diaryEntryVersions.entryId), asc(diaryEntryVersions.version))
		: [];

	const responses = await db
		.select({
			id: surveyResponses.id,
			kind: surveyResponses.kind,
			conductedOn: surveyResponses.conductedOn,
			answers: surveyResponses.answers,
			lonelinessScore: surveyResponses.lonelinessScore,
			onPaper: surveyResponses.onPaper,
			paperDestroyDueOn: surveyResponses.paperDestroyDueOn,
			paperDestroyedOn: surveyResponses.paperDestroyedOn,
			enteredAt: surveyResponses.enteredAt,
			version: surveyQuestionSets.version,
			questions: surveyQuestionSets.questions
		})
		.from(surveyResponses)
		.innerJoin(surveyQuestionSets, eq(surveyQuestionSets.id, surveyResponses.questionSetId))
		.where(eq(surveyResponses.clientId, clientId))
		.orderBy(asc(surveyResponses.conductedOn));

	const ownerRefs = responses.map((r) => `survey_response:${r.id}`);
	const docs = await db
		.select({
			id: documents.id,
			kind: documents.kind,
			fileName: documents.fileName,
			mediaType: documents.mediaType,
			sizeBytes: documents.sizeBytes,
			uploadedAt: documents.uploadedAt
		})
		.from(documents)
		.where(
			ownerRefs.length
				? or(eq(documents.clientId, clientId), inArray(documents.ownerRef, ownerRefs))
				: eq(documents.clientId, clientId)
		)
		.orderBy(asc(documents.uploadedAt));

	const tripRows = await db
		.select({
			tripDate: trips.tripDate,
			fromPlace: trips.fromPlace,
			toPlace: trips.toPlace,
			purpose: trips.purpose,
			kilometres: trips.kilometres
		})
		.from(trips)
		.where(eq(trips.clientId, clientId))
		.orderBy(asc(trips.tripDate));

	// Events about the client, their pairings, documents and survey scans (indexed by entity).
	const pairingIds = pairingRows.map((p) => p.id);
	const docIds = docs.map((d) => d.id);
	const events = await db
		.select({
			occurredAt: auditEvents.occurredAt,
			actorName: users.name,
			actorRoles: auditEvents.actorRoles,
			action: auditEvents.action,
			outcome: auditEvents.outcome
		})
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorUserId))
		.where(
			or(
				and(eq(auditEvents.entityType, 'client'), eq(auditEvents.entityId, clientId)),
				pairingIds.length
					? and(eq(auditEvents.entityType, 'pairing'), inArray(auditEvents.entityId, pairingIds))
					: undefined,
				docIds.length
					? and(eq(auditEvents.entityType, 'document'), inArray(auditEvents.entityId, docIds))
					: undefined,
				// Survey scans are documents owned by 'survey_response:<id>'.
				responses.length
					? and(
							eq(auditEvents.entityType, 'survey_response'),
							inArray(
								auditEvents.entityId,
								responses.map((r) => r.id)
							)
						)
					: undefined
			)
		)
		.orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id));

	const name = (first: string | null, last: string | null) =>
		`${first ?? ''} ${last ?? ''}`.trim() || null;
	return {
		format: 'seltsiline.client-extract',
		formatVersion: 1,
		generatedAt: ctx.now().toISOString(),
		generatedBy: ctx.actor?.name ?? null,
		controller: m['extract.controller_name']({}, { locale: locale }),
		client: {
			id: row.id,
			status: row.status,
			firstName: row.firstName,
			lastName: row.lastName,
			isikukood: row.isikukood,
			dateOfBirth: row.dateOfBirth,
			ageGroup: row.ageGroup,
			gender: row.gender,
			languages: row.languages,
			languageOther: row.languageOther,
			phone: row.phone,
			county: county?.name ?? null,
			municipality: municipality?.name ?? null,
			settlement: row.settlement,
			street: row.street,
			latitude: row.latitude,
			longitude: row.longitude,
			livingSituation: row.livingSituation,
			contactPerson: {
				name: row.contactPersonName,
				phone: row.contactPersonPhone,
				relation: row.contactPersonRelation
			},
			notes: row.notes,
			referralPartner: partner?.name ?? null,
			referralPerson: row.referralPerson,
			referredOn: row.referredOn,
			mappedOn: row.mappedOn,
			waitingSince: row.waitingSince,
			consentGivenOn: row.consentGivenOn,
			endedOn: row.endedOn,
			endReason: row.endReason,
			createdAt: dayOf(row.createdAt),
			updatedAt: dayOf(row.updatedAt),
			anonymisedAt: dayOf(row.anonymisedAt)
		},
		needs: {
			situation: row.situation,
			helpProfilesWanted: row.helpProfilesWanted,
			tasks: row.tasks,
			helpAmount: row.helpAmount,
			helpUnit: row.helpUnit,
			helpPeriod: row.helpPeriod,
			preferredVolunteerGender: row.preferredVolunteerGender,
			preferredLanguage: row.preferredLanguage,
			hasPets: row.hasPets,
			smokesAtHome: row.smokesAtHome
		},
		exclusions: exclusions.map((e) => ({
			volunteer: name(e.volunteerFirstName, e.volunteerLastName),
			reason: e.reason,
			createdAt: dayOf(e.createdAt)
		})),
		pairings: pairingRows.map((p) => ({
			id: p.id,
			volunteer: name(p.volunteerFirstName, p.volunteerLastName),
			status: p.status,
			startsOn: p.startsOn,
			endsOn: p.endsOn,
			introducedOn: p.introducedOn,
			pausedReason: p.pausedReason,
			pausedUntil: p.pausedUntil,
			endReason: p.endReason,
			closingInterview: p.closingInterview
		})),
		diary: entries.map((e) => ({
			id: e.id,
			contactDate: e.contactDate,
			contactKind: e.contactKind,
			helpProfiles: e.helpProfiles,
			durationMinutes: e.durationMinutes,
			description: e.description,
			volunteer: name(e.volunteerFirstName, e.volunteerLastName),
			fromPaper: e.fromPaper,
			flagged: e.flagged,
			flagNote: e.flagNote,
			createdAt: dayOf(e.createdAt),
			updatedAt: dayOf(e.updatedAt),
			removedAt: dayOf(e.removedAt),
			earlierVersions: versions
				.filter((v) => v.entryId === e.id)
				.map((v) => ({
					version: v.version,
					contactDate: v.contactDate,
					contactKind: v.contactKind,
					helpProfiles: v.helpProfiles,
					durationMinutes: v.durationMinutes,
					description: v.description,
					flagged: v.flagged,
					flagNote: v.flagNote,
					writtenAt: dayOf(v.writtenAt)
				}))
		})),
		surveys: responses.map((r) => ({
			id: r.id,
			kind: r.kind,
			questionSetVersion: r.version,
			conductedOn: r.conductedOn,
			answers: r.questions
				.filter((q) => r.answers[q.id] !== undefined)
				.map((q) => {
					const value = r.answers[q.id]!;
					const option = q.options?.find((o) => o.value === value);
					return {
						questionId: q.id,
						question: q.label[locale] ?? q.label.et,
						value,
						answer: option ? (option.label[locale] ?? option.label.et) : String(value)
					};
				}),
			lonelinessScore: r.lonelinessScore,
			onPaper: r.onPaper,
			paperDestroyDueOn: r.paperDestroyDueOn,
			paperDestroyedOn: r.paperDestroyedOn,
			enteredAt: dayOf(r.enteredAt)
		})),
		documents: docs.map((d) => ({ ...d, uploadedAt: dayOf(d.uploadedAt) })),
		trips: tripRows,
		accessLog: events.map((e) => ({
			occurredAt: dayOf(e.occurredAt),
			actor: e.actorName,
			roles: auditRoleKeys(e.actorRoles).map((k) => translate(locale, k)),
			action: e.action,
			actionLabel: translate(locale, auditActionKey(e.action)),
			outcome: e.outcome
		}))
	};
}

export type ClientExtract = Awaited<ReturnType<typeof collect>>;

/** The extract page: who the extract is about (the county's coordinator, the administrator). */
export async function extractPage(ctx: ServiceContext, clientId: string) {
	const { row } = await requireClient(ctx, clientId, 'client:extract', 'client.extract');
	await recordAudit(ctx.db, ctx, {
		action: 'client.view',
		entityType: 'client',
		entityId: clientId,
		countyId: row.countyId,
		details: { page: 'extract' }
	});
	return {
		client: {
			id: row.id,
			firstName: row.firstName,
			lastName: row.lastName,
			status: row.status
		}
	};
}

/** The extract's data as the JSON download has it (also used by tests and the PDF). */
export async function clientExtract(
	ctx: ServiceContext,
	clientId: string,
	opts: { format?: ExtractFormat; locale?: Locale } = {}
): Promise<ClientExtract> {
	const { row } = await requireClient(ctx, clientId, 'client:extract', 'client.extract');
	const locale = opts.locale ?? ctx.actor?.locale ?? 'et';
	await recordAudit(ctx.db, ctx, {
		action: 'client.extract',
		entityType: 'client',
		entityId: clientId,
		countyId: row.countyId,
		details: { format: opts.format ?? 'json' }
	});
	return collect(ctx, row, locale);
}

/** The extract as a file to download: `format` pdf or json, labels in `locale`. */
export async function extractFile(
	ctx: ServiceContext,
	clientId: string,
	format: ExtractFormat,
	locale?: Locale
): Promise<{ bytes: Uint8Array; fileName: string; mediaType: string }> {
	const loc = locale ?? ctx.actor?.locale ?? 'et';
	const data = await clientExtract(ctx, clientId, { format, locale: loc });
	const stamp = tallinnDay(ctx.now());
	const base = `valjavote-${clientId.slice(0, 8)}-${stamp}`;
	if (format === 'json') {
		return {
			bytes: new TextEncoder().encode(JSON.stringify(data, null, 2) + '\n'),
			fileName: `${base}.json`,
			mediaType: 'application/json; charset=utf-8'
		};
	}
	return {
		bytes: await extractPdf(data, loc, ctx.now()),
		fileName: `${base}.pdf`,
		mediaType: 'application/pdf'
	};
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** dd.mm.yyyy for days; dd.mm.yyyy hh:mm (Tallinn) for instants. */
function shown(value: string | null | undefined): string {
	if (!value) return '';
	const m = DAY.exec(value);
	if (m) return `${m[3]}.${m[2]}.${m[1]}`;
	const d = new Date(value);
	if (Number.isNaN(d.getTime())) return value;
	return new Intl.DateTimeFormat('et-EE', {
		timeZone: 'Europe/Tallinn',
		day: '2-digit',
		month: '2-digit',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	}).format(d);
}

/** The extract as a PDF (DejaVu Sans: Estonian letters), labels in `locale`. */
export async function extractPdf(
	data: ClientExtract,
	locale: Locale,
	createdAt: Date
): Promise<Uint8Array> {
	const tr = (key: string, params?: Record<string, string | number>) =>
		translate(locale, key, params);
	const yes = (b: boolean) => tr(b ? 'common.yes' : 'common.no');
	const c = data.client;
	const fullName = `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim() || tr('client.unnamed');
	const doc = startPdf({
		title: tr('extract.pdf.title', { name: fullName }),
		createdAt,
		lang: locale
	});
	pdfHeading(doc, tr('extract.pdf.title', { name: fullName }), 16);
	doc.text(tr('extract.pdf.intro', { date: shown(data.generatedAt) }));
	pdfFacts(doc, [
		[tr('extract.pdf.controller'), data.controller],
		[tr('extract.pdf.generated_by'), data.generatedBy]
	]);

	pdfHeading(doc, tr('extract.section.personal'));
	pdfFacts(doc, [
		[tr('records.first_name'), c.firstName],
		[tr('records.last_name'), c.lastName],
		[tr('records.isikukood'), c.isikukood],
		[tr('records.date_of_birth'), shown(c.dateOfBirth)],
		[tr('extract.field.age_group'), c.ageGroup],
		[tr('extract.field.gender'), c.gender ? tr(`extract.gender.${c.gender}`) : null],
		[tr('extract.field.languages'), [...c.languages, c.languageOther].filter(Boolean).join(', ')],
		[tr('records.phone'), c.phone],
		[tr('records.county'), c.county],
		[tr('records.municipality'), c.municipality],
		[tr('extract.field.settlement'), c.settlement],
		[tr('extract.field.street'), c.street],
		[
			tr('extract.field.coordinates'),
			c.latitude !== null && c.longitude !== null ? `${c.latitude}, ${c.longitude}` : null
		],
		[
			tr('extract.field.living_situation'),
			c.livingSituation ? tr(`extract.living.${c.livingSituation}`) : null
		],
		[tr('extract.field.contact_person'), c.contactPerson.name],
		[tr('extract.field.contact_person_phone'), c.contactPerson.phone],
		[tr('extract.field.contact_person_relation'), c.contactPerson.relation],
		[tr('client.notes'), c.notes],
		[tr('extract.field.referral_partner'), c.referralPartner],
		[tr('extract.field.referral_person'), c.referralPerson],
		[tr('extract.field.referred_on'), shown(c.referredOn)],
		[tr('extract.field.mapped_on'), shown(c.mappedOn)],
		[tr('extract.field.waiting_since'), shown(c.waitingSince)],
		[tr('extract.field.consent_given_on'), shown(c.consentGivenOn)],
		[tr('records.status'), tr(`client.status.${c.status}`)],
		[tr('extract.field.ended_on'), shown(c.endedOn)],
		[tr('extract.field.end_reason'), c.endReason],
		[tr('records.created'), shown(c.createdAt)],
		[tr('extract.field.anonymised_at'), shown(c.anonymisedAt)]
	]);

	pdfHeading(doc, tr('extract.section.needs'));
	const n = data.needs;
	pdfFacts(doc, [
		[tr('extract.field.situation'), n.situation],
		[tr('extract.field.help_profiles'), n.helpProfilesWanted.join(', ')],
		[tr('extract.field.tasks'), n.tasks],
		[
			tr('extract.field.help_amount'),
			n.helpAmount ? `${n.helpAmount} ${n.helpUnit ?? ''} / ${n.helpPeriod ?? ''}` : null
		],
		[
			tr('extract.field.preferred_gender'),
			n.preferredVolunteerGender ? tr(`extract.gender.${n.preferredVolunteerGender}`) : null
		],
		[tr('extract.field.preferred_language'), n.preferredLanguage],
		[tr('extract.field.has_pets'), yes(n.hasPets)],
		[tr('extract.field.smokes'), yes(n.smokesAtHome)]
	]);
	if (data.exclusions.length) {
		pdfTable(
			doc,
			[
				{ header: tr('extract.field.excluded_volunteer'), width: 2 },
				{ header: tr('extract.field.reason'), width: 3 }
			],
			data.exclusions.map((e) => [e.volunteer, e.reason])
		);
	}

	pdfHeading(doc, tr('extract.section.pairings'));
	if (data.pairings.length === 0) doc.text(tr('extract.none'));
	for (const p of data.pairings) {
		pdfFacts(doc, [
			[tr('extract.field.volunteer'), p.volunteer],
			[tr('records.status'), tr(`pairing.status.${p.status}`)],
			[tr('extract.field.starts_on'), shown(p.startsOn)],
			[tr('extract.field.introduced_on'), shown(p.introducedOn)],
			[tr('extract.field.ends_on'), shown(p.endsOn)],
			[tr('extract.field.paused_reason'), p.pausedReason],
			[tr('extract.field.end_reason'), p.endReason],
			[tr('extract.field.closing_interview'), p.closingInterview]
		]);
		doc.moveDown(0.3);
	}

	pdfHeading(doc, tr('extract.section.diary'));
	if (data.diary.length === 0) doc.text(tr('extract.none'));
	else
		pdfTable(
			doc,
			[
				{ header: tr('extract.field.date'), width: 1.2 },
				{ header: tr('extract.field.volunteer'), width: 1.6 },
				{ header: tr('extract.field.duration'), width: 0.9, align: 'right' },
				{ header: tr('extract.field.description'), width: 4.5 }
			],
			data.diary.map((e) => [
				shown(e.contactDate),
				e.volunteer ?? tr('extract.by_coordinator'),
				e.durationMinutes,
				[
					e.description,
					e.flagNote ? `${tr('extract.field.flag_note')}: ${e.flagNote}` : '',
					e.removedAt ? tr('extract.removed', { date: shown(e.removedAt) }) : '',
					...e.earlierVersions.map((v) =>
						tr('extract.earlier_version', { version: v.version, text: v.description })
					)
				]
					.filter(Boolean)
					.join('\n')
			])
		);

	pdfHeading(doc, tr('extract.section.surveys'));
	if (data.surveys.length === 0) doc.text(tr('extract.none'));
	for (const s of data.surveys) {
		pdfFacts(doc, [
			[tr('extract.field.conducted_on'), shown(s.conductedOn)],
			[tr('extract.field.question_set_version'), s.questionSetVersion],
			[tr('extract.field.loneliness_score'), s.lonelinessScore],
			[tr('extract.field.on_paper'), yes(s.onPaper)],
			[tr('extract.field.paper_destroyed_on'), shown(s.paperDestroyedOn)]
		]);
		pdfTable(
			doc,
			[
				{ header: tr('extract.field.question'), width: 3 },
				{ header: tr('extract.field.answer'), width: 2 }
			],
			s.answers.map((a) => [a.question, a.answer])
		);
	}

	pdfHeading(doc, tr('extract.section.documents'));
	if (data.documents.length === 0) doc.text(tr('extract.none'));
	else
		pdfTable(
			doc,
			[
				{ header: tr('extract.field.document_kind'), width: 2 },
				{ header: tr('extract.field.file_name'), width: 3 },
				{ header: tr('extract.field.uploaded_at'), width: 1.5 }
			],
			data.documents.map((d) => [tr(`document.kind.${d.kind}`), d.fileName, shown(d.uploadedAt)])
		);

	if (data.trips.length) {
		pdfHeading(doc, tr('extract.section.trips'));
		pdfTable(
			doc,
			[
				{ header: tr('extract.field.date'), width: 1.2 },
				{ header: tr('extract.field.from'), width: 2 },
				{ header: tr('extract.field.to'), width: 2 },
				{ header: tr('extract.field.purpose'), width: 2 },
				{ header: tr('extract.field.km'), width: 0.8, align: 'right' }
			],
			data.trips.map((t) => [shown(t.tripDate), t.fromPlace, t.toPlace, t.purpose, t.kilometres])
		);
	}

	pdfHeading(doc, tr('extract.section.access'));
	doc.text(tr('extract.access_intro'));
	doc.moveDown(0.3);
	pdfTable(
		doc,
		[
			{ header: tr('extract.field.when'), width: 1.5 },
			{ header: tr('extract.field.who'), width: 2 },
			{ header: tr('extract.field.action'), width: 3 },
			{ header: tr('extract.field.outcome'), width: 1 }
		],
		data.accessLog.map((e) => [
			shown(e.occurredAt),
			[e.actor ?? tr('audit.actor_none'), e.roles.join(', ')].filter(Boolean).join(' — '),
			e.actionLabel,
			tr(auditOutcomeKey(e.outcome))
		])
	);
	return finishPdf(doc);
}
