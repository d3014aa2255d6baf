import { and, asc, eq, inArray, or } from 'drizzle-orm';
import {
	auditEvents,
	clientExclusions,
	consents,
	destructionRegister,
	retentionRules,
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
import { auditActionKey, auditRoleKeys } from '../../../i18n/audit-labels';
import { tallinnDay } from '../../domain/dates';
import { recordAudit } from '../core/audit';
import { requireClient } from '../core/access';
import type { ServiceContext } from '../core/context';
import { m } from '$lib/paraglide/messages';
import { translate } from '$lib/server/i18n';
import { extractPdf } from './extract-pdf';

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
 *
 * The PDF is laid out in extract-pdf.ts.
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
		})),
		retention: await retentionOfClient(ctx, clientId)
	};
}

/** Retention rules that apply to a client's records (issue 24, item 5). */
const CLIENT_RULES = [
	'survey_paper_scan',
	'paper_diary',
	'mapping_unused',
	'client_on_request',
	'client_handover',
	'consent_document'
];

/**
 * Subject rights in one place (issue 24, item 5): the client's consents by purpose, the rules
 * their records are kept by, and the destruction-register rows about them (kinds, rules,
 * counts; nobody else's data).
 */
async function retentionOfClient(ctx: ServiceContext, clientId: string) {
	const consentRows = await ctx.db
		.select({
			purpose: consents.purpose,
			textVersion: consents.textVersion,
			method: consents.method,
			givenOn: consents.givenOn,
			withdrawnOn: consents.withdrawnOn
		})
		.from(consents)
		.where(eq(consents.clientId, clientId))
		.orderBy(asc(consents.purpose), asc(consents.givenOn));
	const rules = await ctx.db
		.select({
			key: retentionRules.key,
			requirement: retentionRules.requirement,
			startsFrom: retentionRules.startsFrom,
			periodMonths: retentionRules.periodMonths,
			action: retentionRules.action
		})
		.from(retentionRules)
		.where(inArray(retentionRules.key, CLIENT_RULES))
		.orderBy(asc(retentionRules.key));
	const register = await ctx.db
		.select({
			ruleKey: destructionRegister.ruleKey,
			requirement: destructionRegister.requirement,
			itemKind: destructionRegister.itemKind,
			action: destructionRegister.action,
			performedAt: destructionRegister.performedAt,
			rowsCount: destructionRegister.rowsCount,
			filesCount: destructionRegister.filesCount
		})
		.from(destructionRegister)
		.where(eq(destructionRegister.clientId, clientId))
		.orderBy(asc(destructionRegister.performedAt));
	return {
		consents: consentRows,
		rules,
		register: register.map((r) => ({ ...r, performedAt: dayOf(r.performedAt) }))
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
