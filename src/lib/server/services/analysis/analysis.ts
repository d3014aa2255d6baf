import { asc, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { counties } from '../../db/schema';
import { isIsoDay } from '../../domain/dates';
import {
	isValidPeriod,
	quarterOf,
	quarterPeriod,
	quickPickPeriod,
	QUICK_PICKS,
	type Period,
	type QuickPick
} from '../../domain/periods';
import { countyScope } from '../../policy/scope';
import { invalid } from '../../errors';
import { formatDate, type Locale } from '../../../i18n';
import { toCsv, toXlsx, type Table } from '../../files/spreadsheet';
import { recordAudit } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { computeFigures, type Figures } from './analysis-figures';
import { translate } from '$lib/server/i18n';

/**
 * The analysis module (R-REP-4, R-ROLE-1/2/4): the work of a county or of the whole country
 * over a chosen period. Coordinators see their own counties; the administrator and experts
 * every county and the whole country (`analysis:read`; the national figures are a `system`
 * resource, which only admin and expert rules reach). Every view and download is audited
 * (counts and the period only — figures are aggregates, never personal data).
 */

const ANALYSIS_TABLES = [
	'summary',
	'months',
	'profiles',
	'kinds',
	'municipalities',
	'counties',
	'surveys',
	'survey_scores'
] as const;
type AnalysisTable = (typeof ANALYSIS_TABLES)[number];
const DOWNLOAD_FORMATS = ['csv', 'xlsx'] as const;
type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** What the page's form sends: county ('' = default, 'all' = whole country), period or quick pick. */
interface AnalysisInput {
	county?: string | null;
	from?: string | null;
	to?: string | null;
	pick?: string | null;
}

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const inputSchema = z.object({
	county: z.preprocess(
		blank,
		z.union([z.literal('all'), z.string().uuid('error.choice')]).optional()
	),
	from: z.preprocess(blank, z.string().refine(isIsoDay, 'error.date').optional()),
	to: z.preprocess(blank, z.string().refine(isIsoDay, 'error.date').optional()),
	pick: z.preprocess(blank, z.enum(QUICK_PICKS as [QuickPick, ...QuickPick[]]).optional())
});

interface AnalysisScope {
	/** null: the whole country. */
	countyId: string | null;
	countyName: string | null;
}

interface AnalysisView {
	figures: Figures;
	scope: AnalysisScope;
	period: Period;
	pick: QuickPick | null;
	/** Counties the actor may choose, and whether the whole country is one of the choices. */
	counties: { id: string; name: string }[];
	national: boolean;
	/** Field → i18n key for a period or county that could not be used (defaults were shown). */
	errors: Record<string, string>;
}

interface Resolved {
	scope: AnalysisScope;
	period: Period;
	pick: QuickPick | null;
	counties: { id: string; name: string }[];
	national: boolean;
	errors: Record<string, string>;
}

/**
 * Checks access to the county (or the whole country) asked for and works out the period.
 * Another county's figures, or the country's for a coordinator: "not found", audited.
 */
async function resolve(
	ctx: ServiceContext,
	input: AnalysisInput,
	auditAction: string
): Promise<Resolved> {
	const reach = countyScope(ctx.actor, 'analysis:read');
	if (reach !== null && reach.length === 0) {
		await authorize(ctx, 'analysis:read', { kind: 'system' }, { action: auditAction });
	}
	const parsed = inputSchema.safeParse(input);
	const errors: Record<string, string> = {};
	const data = parsed.success ? parsed.data : {};
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			errors[String(issue.path[0])] ??= issue.message.includes('.')
				? issue.message
				: 'error.choice';
		}
		// A malformed county must not fall back to another scope silently.
		if (errors.county) {
			return deniedNotFound(ctx, {
				action: auditAction,
				entityType: 'county',
				entityId: String(input.county ?? '')
			});
		}
	}
	const allCounties = await ctx.db
		.select({ id: counties.id, name: counties.name })
		.from(counties)
		.where(reach === null ? undefined : inArray(counties.id, [...reach]))
		.orderBy(asc(counties.name));

	let scope: AnalysisScope;
	const wanted = data.county ?? (reach === null ? 'all' : reach[0]!);
	if (wanted === 'all') {
		await authorize(
			ctx,
			'analysis:read',
			{ kind: 'system' },
			{ action: auditAction, entityType: 'system' }
		);
		scope = { countyId: null, countyName: null };
	} else {
		const [county] = await ctx.db
			.select({ id: counties.id, name: counties.name })
			.from(counties)
			.where(sql`${counties.id} = ${wanted}`);
		if (!county) {
			return deniedNotFound(ctx, { action: auditAction, entityType: 'county', entityId: wanted });
		}
		await authorize(
			ctx,
			'analysis:read',
			{ kind: 'county', countyId: county.id },
			{ action: auditAction, entityType: 'county', entityId: county.id }
		);
		scope = { countyId: county.id, countyName: county.name };
	}

	const day = today(ctx);
	let period: Period = quarterPeriod(quarterOf(day));
	let pick: QuickPick | null = null;
	if (data.pick) {
		pick = data.pick;
		const firstDay = pick === 'all' ? await firstRecordDay(ctx, scope.countyId) : null;
		period = quickPickPeriod(pick, day, firstDay);
	} else if (data.from || data.to) {
		const candidate = { from: data.from ?? data.to!, to: data.to ?? data.from! };
		if (isValidPeriod(candidate)) period = candidate;
		else errors.to ??= 'analysis.error.period';
	} else if (!errors.from && !errors.to) {
		pick = 'quarter';
	}
	return { scope, period, pick, counties: allCounties, national: reach === null, errors };
}

/** The first day with a pairing (the start of "the whole pilot"). */
async function firstRecordDay(
	ctx: ServiceContext,
	countyId: string | null
): Promise<string | null> {
	const result = (await ctx.db.execute(
		sql`select min(p.starts_on)::text as first from pairing p
			${countyId ? sql`join client c on c.id = p.client_id where c.county_id = ${countyId}::uuid` : sql``}`
	)) as unknown as { rows: { first: string | null }[] };
	return result.rows[0]?.first ?? null;
}

/** The analysis page: every figure for the chosen county (or country) and period. Audited. */
export async function getAnalysis(
	ctx: ServiceContext,
	input: AnalysisInput
): Promise<AnalysisView> {
	const r = await resolve(ctx, input, 'analysis.view');
	const figures = await computeFigures(
		ctx.db,
		{
			period: r.period,
			countyId: r.scope.countyId,
			asOf: null,
			today: today(ctx)
		},
		{ parallel: true }
	);
	await recordAudit(ctx.db, ctx, {
		action: 'analysis.view',
		entityType: r.scope.countyId ? 'county' : 'system',
		entityId: r.scope.countyId,
		countyId: r.scope.countyId,
		details: { from: r.period.from, to: r.period.to, national: r.scope.countyId === null }
	});
	return { figures, ...r };
}

export interface Download {
	fileName: string;
	contentType: string;
	body: Uint8Array | string;
}

/**
 * One table of the analysis (or all of them, as sheets of one workbook) as CSV or XLSX.
 * Same access as the page; every download is audited with the table, format and period.
 */
export async function downloadAnalysis(
	ctx: ServiceContext,
	input: AnalysisInput,
	table: string,
	format: string,
	/** The language of the headers (the page's); the actor's own by default. */
	lang?: Locale
): Promise<Download> {
	const r = await resolve(ctx, input, 'analysis.download');
	const which = (ANALYSIS_TABLES as readonly string[]).includes(table)
		? (table as AnalysisTable)
		: table === 'all'
			? 'all'
			: null;
	const fmt = (DOWNLOAD_FORMATS as readonly string[]).includes(format)
		? (format as DownloadFormat)
		: null;
	if (!which || !fmt || (which === 'all' && fmt === 'csv')) {
		throw invalid({ table: 'error.choice' });
	}
	const figures = await computeFigures(
		ctx.db,
		{
			period: r.period,
			countyId: r.scope.countyId,
			asOf: null,
			today: today(ctx)
		},
		{ parallel: true }
	);
	const locale: Locale = lang ?? ctx.actor?.locale ?? 'et';
	const tables = analysisTables(figures, locale, r.scope);
	const chosen = which === 'all' ? tables : tables.filter((t) => t.key === which);
	await recordAudit(ctx.db, ctx, {
		action: 'analysis.download',
		entityType: r.scope.countyId ? 'county' : 'system',
		entityId: r.scope.countyId,
		countyId: r.scope.countyId,
		details: {
			table: which,
			format: fmt,
			from: r.period.from,
			to: r.period.to,
			national: r.scope.countyId === null,
			rows: chosen.reduce((s, t) => s + t.rows.length, 0)
		}
	});
	const place = r.scope.countyName
		? slug(r.scope.countyName.replace(/ maakond$/, ''))
		: locale === 'en'
			? 'estonia'
			: 'eesti';
	const base = `${locale === 'en' ? 'analysis' : 'analuus'}-${place}-${r.period.from}-${r.period.to}`;
	if (fmt === 'csv') {
		const t = chosen[0]!;
		return {
			fileName: `${base}-${t.key}.csv`,
			contentType: 'text/csv; charset=utf-8',
			body: toCsv(t)
		};
	}
	return {
		fileName: `${base}-${which}.xlsx`,
		contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		body: await toXlsx(chosen, ctx.now())
	};
}

export function slug(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
const euros = (cents: number) => Math.round(cents) / 100;

/** The analysis as tables (the same rows the page shows beside its charts), in `locale`. */
export function analysisTables(
	f: Figures,
	locale: Locale,
	scope: AnalysisScope
): (Table & { key: AnalysisTable })[] {
	const t = (key: string) => translate(locale, key);
	const s = f.summary;
	const summaryRows: [string, number | string | null][] = [
		[t('analysis.scope'), scope.countyName ?? t('analysis.whole_country')],
		[t('analysis.period'), `${formatDate(f.period.from)} – ${formatDate(f.period.to)}`],
		[t('analysis.fig.active_volunteers'), s.activeVolunteers],
		[t('analysis.fig.new_volunteers'), s.newVolunteers],
		[t('analysis.fig.ended_volunteers'), s.endedVolunteers],
		[t('analysis.fig.clients_served'), s.clients],
		[t('analysis.fig.new_pairings'), s.newPairings],
		[t('analysis.fig.ended_pairings'), s.endedPairings],
		[t('analysis.fig.running_pairings'), s.runningPairings],
		[t('analysis.fig.contacts'), s.contacts],
		[t('analysis.fig.hours'), s.hours],
		[t('analysis.fig.clients_waiting'), s.clientsWaiting],
		[t('analysis.fig.first_pairings'), s.firstPairings],
		[t('analysis.fig.median_days'), s.medianDaysToFirstPairing],
		[t('analysis.fig.pairings_at_end'), s.pairingsAtEnd],
		[t('analysis.fig.silent_pairings'), s.silentPairings],
		[t('analysis.fig.silent_share'), s.silentShare],
		[t('analysis.fig.candidates_selected'), s.candidatesSelected],
		[t('analysis.fig.candidates_not_selected'), s.candidatesNotSelected]
	];
	const countRow = (c: {
		contacts: number;
		minutes: number;
		clients: number;
		volunteers: number;
	}) => [c.contacts, hours(c.minutes), c.clients, c.volunteers];
	const countHeaders = [
		t('analysis.fig.contacts'),
		t('analysis.fig.hours'),
		t('analysis.fig.clients_served'),
		t('analysis.fig.volunteers_with_contacts')
	];
	const tables: (Table & { key: AnalysisTable })[] = [
		{
			key: 'summary',
			name: t('analysis.table.summary'),
			headers: [t('analysis.col.figure'), t('analysis.col.value')],
			rows: summaryRows
		},
		{
			key: 'months',
			name: t('analysis.table.months'),
			headers: [
				t('analysis.col.month'),
				...countHeaders,
				t('analysis.fig.active_volunteers'),
				t('analysis.fig.new_pairings')
			],
			rows: f.months.map((m) => [m.month, ...countRow(m), m.activeVolunteers, m.newPairings]),
			// The month is an Excel date (its first day) shown mm.yyyy, not text.
			kinds: ['month']
		},
		{
			key: 'profiles',
			name: t('analysis.table.profiles'),
			headers: [t('analysis.col.profile'), ...countHeaders],
			rows: f.profiles.map((p) => [t(`analysis.profile.${p.key}`), ...countRow(p)])
		},
		{
			key: 'kinds',
			name: t('analysis.table.kinds'),
			headers: [t('analysis.col.kind'), ...countHeaders],
			rows: f.kinds.map((k) => [t(`analysis.kind.${k.key}`), ...countRow(k)])
		},
		{
			key: 'municipalities',
			name: t('analysis.table.municipalities'),
			headers: [
				t('analysis.col.county'),
				t('analysis.col.municipality'),
				...countHeaders,
				t('analysis.fig.claims'),
				t('analysis.fig.km_claimed'),
				t('analysis.fig.eur_claimed'),
				t('analysis.fig.claims_paid'),
				t('analysis.fig.eur_paid')
			],
			rows: f.municipalities.map((m) => [
				m.countyName,
				m.municipalityId ? m.name : t('analysis.unknown_municipality'),
				...countRow(m),
				m.claims,
				m.kmClaimed,
				euros(m.centsClaimed),
				m.claimsPaid,
				euros(m.centsPaid)
			])
		}
	];
	if (scope.countyId === null) {
		tables.push({
			key: 'counties',
			name: t('analysis.table.counties'),
			headers: [
				t('analysis.col.county'),
				t('analysis.fig.active_volunteers'),
				t('analysis.fig.new_volunteers'),
				t('analysis.fig.ended_volunteers'),
				t('analysis.fig.clients_served'),
				t('analysis.fig.new_pairings'),
				t('analysis.fig.ended_pairings'),
				t('analysis.fig.contacts'),
				t('analysis.fig.hours'),
				t('analysis.fig.clients_waiting'),
				t('analysis.fig.silent_pairings')
			],
			rows: f.counties.map((c) => [
				c.countyName,
				c.activeVolunteers,
				c.newVolunteers,
				c.endedVolunteers,
				c.clients,
				c.newPairings,
				c.endedPairings,
				c.contacts,
				hours(c.minutes),
				c.clientsWaiting,
				c.silentPairings
			])
		});
	}
	const sv = f.surveys;
	tables.push(
		{
			key: 'surveys',
			name: t('analysis.table.surveys'),
			headers: [t('analysis.col.figure'), t('analysis.col.value')],
			rows: [
				[t('analysis.survey.responses'), sv.responses],
				[t('analysis.survey.clients'), sv.clients],
				[t('analysis.survey.mean_score'), sv.meanScore],
				[t('analysis.survey.compared'), sv.compared],
				[t('analysis.survey.improved'), sv.improved],
				[t('analysis.survey.unchanged'), sv.unchanged],
				[t('analysis.survey.worsened'), sv.worsened],
				[t('analysis.survey.mean_change'), sv.meanChange]
			]
		},
		{
			key: 'survey_scores',
			name: t('analysis.table.survey_scores'),
			headers: [t('analysis.survey.score'), t('analysis.survey.responses')],
			rows: sv.distribution.map((d) => [d.score, d.responses])
		}
	);
	return tables;
}
