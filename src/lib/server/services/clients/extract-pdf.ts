import { type Locale } from '../../../i18n';
import { auditOutcomeKey } from '../../../i18n/audit-labels';
import { finishPdf, pdfFacts, pdfHeading, pdfParagraph, pdfTable, startPdf } from '../../files/pdf';
import type { ClientExtract } from './extract';
import { translate } from '$lib/server/i18n';

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
	pdfParagraph(doc, tr('extract.pdf.intro', { date: shown(data.generatedAt) }));
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
	if (data.pairings.length === 0) pdfParagraph(doc, tr('extract.none'));
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
	if (data.diary.length === 0) pdfParagraph(doc, tr('extract.none'));
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
	if (data.surveys.length === 0) pdfParagraph(doc, tr('extract.none'));
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
	if (data.documents.length === 0) pdfParagraph(doc, tr('extract.none'));
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
	pdfParagraph(doc, tr('extract.access_intro'));
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
