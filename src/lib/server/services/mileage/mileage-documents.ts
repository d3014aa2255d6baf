import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { counties, mileageClaims, municipalities, volunteers } from '../../db/schema';
import { formatDate, type Locale } from '$lib/i18n';
import {
	formatCents,
	formatCentsPlain,
	formatKm,
	formatMonth,
	formatRate
} from '$lib/mileage-format';
import { finishPdf, pdfFacts, pdfHeading, pdfParagraph, pdfTable, startPdf } from '../../files/pdf';
import { toCsv, toXlsx, type Table } from '../../files/spreadsheet';
import { makeZip } from '../../files/zip';
import { parseMonth } from '../../domain/mileage';
import { recordAudit } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import type { ServiceContext } from '../core/context';
import { claimForDocument, readClaimDetail, type ClaimDetail } from './claims';
import { translate } from '$lib/server/i18n';

/**
 * The documents of R-MILE-3, generated on request from the stored claim (never kept as files:
 * a claim's snapshot and its trips are the record, so the same claim always gives the same
 * document, and nothing is left to purge when a client is anonymised):
 * - one claim document (PDF) per volunteer, paying municipality and month: the trips, the
 *   matching diary dates, the rate and the total;
 * - the summary list of a municipality's month (XLSX and CSV) for its accountant, and a ZIP
 *   with the summary and every claim document.
 */

/** Claims that go to the municipality for payment. */
const PAYABLE = ['approved', 'paid'] as const;

function slug(text: string): string {
	return (
		text
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '') || 'x'
	);
}

function clientLabel(t: ClaimDetail['trips'][number], tr: (k: string) => string) {
	if (t.clientAnonymised) return tr('mileage.client_anonymised_name');
	return `${t.clientFirstName ?? ''} ${t.clientLastName ?? ''}`.trim() || tr('client.unnamed');
}

/** The claim document (PDF) of one claim. */
export async function renderClaimPdf(
	d: ClaimDetail,
	locale: Locale,
	createdAt: Date
): Promise<Uint8Array> {
	const tr = (key: string, params?: Record<string, string | number>) =>
		translate(locale, key, params);
	const totals = d.totals;
	const doc = startPdf({ title: tr('mileage.pdf.title'), createdAt, lang: locale });
	pdfHeading(doc, tr('mileage.pdf.title'), 16);
	pdfFacts(doc, [
		[tr('mileage.volunteer'), d.volunteerName],
		[tr('mileage.municipality'), `${d.municipalityName} (${d.countyName})`],
		[tr('mileage.month'), formatMonth(d.month)],
		[tr('mileage.status'), tr(`mileage.status.${d.status}`)],
		[tr('mileage.submitted_on'), d.submittedAt ? formatDate(d.submittedAt) : null],
		[tr('mileage.paid_on'), d.paidOn ? formatDate(d.paidOn) : null],
		[tr('mileage.rate'), totals?.rate != null ? `${formatRate(totals.rate, locale)} €/km` : null],
		[
			tr('mileage.cap'),
			totals
				? totals.capCents === null
					? tr('mileage.no_cap')
					: formatCents(totals.capCents, locale)
				: null
		],
		[tr('mileage.pdf.claim_id'), d.id]
	]);
	if (!totals?.snapshot) {
		doc.moveDown(0.3);
		pdfParagraph(doc, tr('mileage.pdf.not_submitted'));
	}
	pdfHeading(doc, tr('mileage.trips'), 12);
	pdfTable(
		doc,
		[
			{ header: tr('mileage.date'), width: 11 },
			{ header: tr('mileage.client'), width: 14 },
			{ header: tr('mileage.route'), width: 22 },
			{ header: tr('mileage.purpose'), width: 18 },
			{ header: tr('mileage.km'), width: 8, align: 'right' },
			{ header: tr('mileage.rate_short'), width: 8, align: 'right' },
			{ header: tr('mileage.amount'), width: 9, align: 'right' },
			{ header: tr('mileage.diary_date'), width: 12 }
		],
		d.trips.map((t) => [
			formatDate(t.tripDate),
			clientLabel(t, tr),
			`${t.fromPlace} → ${t.toPlace}`,
			t.purpose,
			formatKm(t.km, locale),
			t.rate === null ? '' : formatRate(t.rate, locale),
			t.amountCents === null ? '' : formatCentsPlain(t.amountCents, locale),
			t.eligibility.reimbursable
				? formatDate(t.tripDate)
				: tr(`mileage.ineligible.${t.eligibility.reason}`)
		])
	);
	if (totals) {
		pdfFacts(doc, [
			[tr('mileage.total_km'), formatKm(totals.km, locale)],
			[
				tr('mileage.sum_before_cap'),
				totals.sumCents === null ? null : formatCents(totals.sumCents, locale)
			],
			[tr('mileage.cap_applied'), totals.capped ? tr('common.yes') : null],
			[tr('mileage.amount_to_pay'), formatCents(totals.amountCents, locale)]
		]);
		if (totals.mixedRates) {
			doc.moveDown(0.3);
			pdfParagraph(doc, tr('mileage.mixed_rates_note'));
		}
	}
	doc.moveDown(1);
	pdfParagraph(doc, tr('mileage.pdf.footer', { date: formatDate(createdAt) }), { size: 8 });
	return finishPdf(doc);
}

/** One claim's document, for anyone who may read the claim; the download is audited. */
export async function claimPdf(ctx: ServiceContext, claimId: string, locale: Locale) {
	const { claim, detail } = await claimForDocument(ctx, claimId);
	const bytes = await renderClaimPdf(detail, locale, ctx.now());
	await recordAudit(ctx.db, ctx, {
		action: 'mileage.claim_download',
		entityType: 'mileage_claim',
		entityId: claim.id,
		countyId: claim.countyId,
		details: { volunteerId: claim.volunteerId, format: 'pdf' }
	});
	return { bytes, filename: claimFileName(detail) };
}

function claimFileName(d: ClaimDetail): string {
	// The claim id's first part keeps two volunteers of the same name apart.
	return `soidukulud-${d.month.slice(0, 7)}-${slug(d.municipalityName)}-${slug(d.volunteerName)}-${d.id.slice(0, 8)}.pdf`;
}

const summaryQuery = z.object({
	municipalityId: z.string().uuid(),
	month: z.string()
});

export type SummaryFormat = 'xlsx' | 'csv' | 'zip';

/**
 * The accountant's list of a municipality's month: approved and paid claims, one row per
 * volunteer, with the total; the XLSX adds a sheet of every trip. For the reviewers of the
 * municipality's county (and the administrator); audited as an export.
 */
export async function claimsSummary(
	ctx: ServiceContext,
	query: { municipalityId?: string | null; month?: string | null },
	format: SummaryFormat,
	locale: Locale
): Promise<{ bytes: Uint8Array; filename: string; contentType: string }> {
	const parsed = summaryQuery.safeParse(query);
	const month = parseMonth(query.month);
	const [municipality] =
		parsed.success && month
			? await ctx.db
					.select({
						id: municipalities.id,
						name: municipalities.name,
						countyId: municipalities.countyId,
						countyName: counties.name
					})
					.from(municipalities)
					.innerJoin(counties, eq(counties.id, municipalities.countyId))
					.where(eq(municipalities.id, parsed.data.municipalityId))
			: [];
	if (!municipality || !month) {
		return deniedNotFound(ctx, {
			action: 'mileage.summary_export',
			entityType: 'municipality',
			entityId: query.municipalityId ?? null
		});
	}
	await authorize(
		ctx,
		'mileage:review',
		{ kind: 'county', countyId: municipality.countyId },
		{ action: 'mileage.summary_export', entityType: 'municipality', entityId: municipality.id }
	);
	const claims = await ctx.db
		.select({ claim: mileageClaims })
		.from(mileageClaims)
		.innerJoin(volunteers, eq(volunteers.id, mileageClaims.volunteerId))
		.where(
			and(
				eq(mileageClaims.municipalityId, municipality.id),
				eq(mileageClaims.month, month),
				inArray(mileageClaims.status, [...PAYABLE])
			)
		)
		.orderBy(asc(volunteers.lastName), asc(volunteers.firstName), asc(mileageClaims.id));
	const details: ClaimDetail[] = [];
	for (const { claim } of claims) details.push(await readClaimDetail(ctx.db, claim));

	const tr = (key: string, params?: Record<string, string | number>) =>
		translate(locale, key, params);
	const base = `soidukulud-${month.slice(0, 7)}-${slug(municipality.name)}`;
	const summaryHeaders = [
		tr('mileage.volunteer'),
		tr('mileage.trip_count'),
		tr('mileage.km'),
		tr('mileage.rate_short'),
		tr('mileage.amount'),
		tr('mileage.status'),
		tr('mileage.paid_on'),
		tr('mileage.pdf.claim_id')
	];
	const sum = (pick: (d: ClaimDetail) => number) => details.reduce((s, d) => s + pick(d), 0);
	const totalKm = sum((d) => d.totals?.km ?? 0);
	const totalCents = sum((d) => d.totals?.amountCents ?? 0);
	const totalTrips = sum((d) => d.trips.length);

	let bytes: Uint8Array;
	let contentType: string;
	let filename: string;
	if (format === 'csv') {
		const csv = toCsv({
			headers: summaryHeaders,
			rows: [
				...details.map((d) => [
					d.volunteerName,
					String(d.trips.length),
					formatKm(d.totals?.km ?? 0, 'et'),
					d.totals?.rate != null ? formatRate(d.totals.rate, 'et') : '',
					formatCentsPlain(d.totals?.amountCents ?? 0, 'et'),
					tr(`mileage.status.${d.status}`),
					d.paidOn ? formatDate(d.paidOn) : '',
					d.id
				]),
				[
					tr('mileage.total'),
					String(totalTrips),
					formatKm(totalKm, 'et'),
					'',
					formatCentsPlain(totalCents, 'et'),
					'',
					'',
					''
				]
			]
		});
		bytes = new TextEncoder().encode(csv);
		contentType = 'text/csv; charset=utf-8';
		filename = `${base}.csv`;
	} else {
		// Spreadsheet cells hold numbers (km and euros) so the accountant can add them up; they
		// are written from the exact integers (cents / 100), never computed in floating point.
		const tables: Table[] = [
			{
				name: tr('mileage.sheet.summary'),
				headers: summaryHeaders,
				rows: [
					...details.map((d) => [
						d.volunteerName,
						d.trips.length,
						(d.totals?.km ?? 0) / 100,
						d.totals?.rate != null ? d.totals.rate / 10_000 : null,
						(d.totals?.amountCents ?? 0) / 100,
						tr(`mileage.status.${d.status}`),
						d.paidOn,
						d.id
					]),
					[tr('mileage.total'), totalTrips, totalKm / 100, null, totalCents / 100, null, null, null]
				],
				// The day of payment: an Excel date (dd.mm.yyyy), not text.
				kinds: [null, null, null, null, null, null, 'date', null]
			},
			{
				name: tr('mileage.sheet.trips'),
				headers: [
					tr('mileage.volunteer'),
					tr('mileage.date'),
					tr('mileage.from'),
					tr('mileage.to'),
					tr('mileage.purpose'),
					tr('mileage.km'),
					tr('mileage.rate_short'),
					tr('mileage.amount'),
					tr('mileage.diary_date')
				],
				rows: details.flatMap((d) =>
					d.trips.map((t) => [
						d.volunteerName,
						t.tripDate,
						t.fromPlace,
						t.toPlace,
						t.purpose,
						t.km / 100,
						t.rate === null ? null : t.rate / 10_000,
						t.amountCents === null ? null : t.amountCents / 100,
						t.eligibility.reimbursable
							? t.tripDate
							: tr(`mileage.ineligible.${t.eligibility.reason}`)
					])
				),
				// The trip's day and the matching diary day are Excel dates; a reason stays text.
				kinds: [null, 'date', null, null, null, null, null, null, 'date']
			}
		];
		const xlsx = await toXlsx(tables, ctx.now());
		if (format === 'xlsx') {
			bytes = xlsx;
			contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
			filename = `${base}.xlsx`;
		} else {
			const files: Record<string, Uint8Array> = { [`${base}.xlsx`]: xlsx };
			for (const d of details) {
				files[claimFileName(d)] = await renderClaimPdf(d, locale, ctx.now());
			}
			bytes = makeZip(files, ctx.now());
			contentType = 'application/zip';
			filename = `${base}.zip`;
		}
	}
	await recordAudit(ctx.db, ctx, {
		action: 'mileage.summary_export',
		entityType: 'municipality',
		entityId: municipality.id,
		countyId: municipality.countyId,
		details: { month, format, count: details.length, claimIds: details.map((d) => d.id) }
	});
	return { bytes, filename, contentType };
}
