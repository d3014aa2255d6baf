import { createHash, createHmac, randomBytes } from 'node:crypto';
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { appSettings, quarterlyReports, users } from '../db/schema';
import type { Tx } from '../db/client';
import { tallinnDay, tallinnDayStart, addDays } from '../domain/dates';
import {
	ageGroup,
	lastCompletedQuarter,
	nextReportDue,
	parseQuarterKey,
	previousQuarter,
	quarterKey,
	quarterPeriod,
	tallinnLocal,
	tallinnLocalToInstant,
	type Quarter
} from '../domain/periods';
import { canAnywhere } from '../policy/policy';
import { AppError, invalid } from '../errors';
import { translate } from '../../i18n';
import type { Cell, Table } from '../files/spreadsheet';
import { fastCsv, fastXlsx } from '../files/xlsx-fast';
import { zipFiles } from '../files/zip';
import { finishPdf, pdfFacts, pdfHeading, pdfTable, startPdf } from '../files/pdf';
import { newStorageKey } from './storage';
import { readDocumentBytes } from './documents';
import { authorize, deniedNotFound, recordAudit } from './audit';
import { today, type ServiceContext } from './context';
import { computeFigures, entriesSource, type FigureParams } from './analysis-figures';

/**
 * The quarterly report to the ministry (R-REP-1…3): one ZIP with the extract of the quarter's
 * activities with clients, the ESF participants' table, the clients who started with their
 * consent forms, a hand-over/acceptance act (PDF) and the totals — tables as XLSX and CSV.
 *
 * Reproducible: only what was recorded by the cut-off counts (see analysis-figures.ts), the
 * package is in Estonian whatever the administrator's language, every file inside has a fixed
 * timestamp, and nothing in it says when or by whom it was made (that is in
 * `quarterly_report`). Producing it again for the same cut-off gives the same bytes unless
 * data of that time was changed since. Clients appear under pseudonyms (an HMAC of the id with
 * a secret kept in app_setting), never by name.
 *
 * Only the administrator (`report:manage`); every production and download is audited.
 */

export const PARTICIPANT_COLUMNS = [
	'participant_id',
	'participant_type',
	'sex',
	'age_group',
	'employment',
	'education',
	'county',
	'municipality',
	'languages',
	'living_situation',
	'start_date',
	'end_date'
] as const;
export type ParticipantColumn = (typeof PARTICIPANT_COLUMNS)[number];
export const DEFAULT_PARTICIPANT_COLUMNS: readonly ParticipantColumn[] = [
	'participant_id',
	'participant_type',
	'sex',
	'age_group',
	'employment',
	'education',
	'county',
	'start_date',
	'end_date'
];
export const SETTING_PARTICIPANT_COLUMNS = 'report.participant_columns';
const SETTING_SALT = 'report.pseudonym_salt';

const columnsSchema = z
	.array(z.enum(PARTICIPANT_COLUMNS), { message: 'report.error.columns' })
	.min(1, 'report.error.columns')
	.transform((cols) => PARTICIPANT_COLUMNS.filter((c) => cols.includes(c)));

const et = (key: string, params?: Record<string, string | number>) => translate('et', key, params);

/** A query's rows; `workMem`: more sort memory for this one query (a quarter's contacts). */
async function rows<T>(db: Tx, query: SQL, workMem?: `${number}MB`): Promise<T[]> {
	if (!workMem) return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
	return db.transaction(async (tx) => {
		await tx.execute(sql.raw(`set local work_mem = '${workMem}'`));
		return ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
	});
}

async function requireReports(ctx: ServiceContext, auditAction: string, entityId?: string) {
	await authorize(
		ctx,
		'report:manage',
		{ kind: 'system' },
		{ action: auditAction, entityType: 'quarterly_report', entityId: entityId ?? null }
	);
}

/** The participants' table columns chosen by the administrator (app_setting), or the default. */
export async function participantColumns(db: Tx): Promise<ParticipantColumn[]> {
	const [row] = await db
		.select()
		.from(appSettings)
		.where(eq(appSettings.key, SETTING_PARTICIPANT_COLUMNS));
	const parsed = row ? columnsSchema.safeParse(row.value) : null;
	return parsed?.success ? parsed.data : [...DEFAULT_PARTICIPANT_COLUMNS];
}

/** Changes the participants' table columns (R-REP-2: the ESF data requirements may change). */
export async function updateParticipantColumns(ctx: ServiceContext, input: unknown): Promise<void> {
	await requireReports(ctx, 'report.settings_update');
	const raw = (input as { columns?: unknown })?.columns;
	const parsed = columnsSchema.safeParse(Array.isArray(raw) ? raw : raw ? [raw] : []);
	if (!parsed.success) throw invalid({ columns: 'report.error.columns' });
	await ctx.db.transaction(async (tx) => {
		await tx
			.insert(appSettings)
			.values({
				key: SETTING_PARTICIPANT_COLUMNS,
				value: parsed.data,
				updatedBy: ctx.actor?.userId ?? null,
				updatedAt: ctx.now()
			})
			.onConflictDoUpdate({
				target: appSettings.key,
				set: { value: parsed.data, updatedBy: ctx.actor?.userId ?? null, updatedAt: ctx.now() }
			});
		await recordAudit(tx, ctx, {
			action: 'report.settings_update',
			entityType: 'system',
			details: { columns: parsed.data }
		});
	});
}

/** The secret behind the pseudonyms; made once, kept in app_setting. */
async function pseudonymSalt(db: Tx): Promise<string> {
	await db
		.insert(appSettings)
		.values({ key: SETTING_SALT, value: randomBytes(32).toString('hex') })
		.onConflictDoNothing({ target: appSettings.key });
	const [row] = await db.select().from(appSettings).where(eq(appSettings.key, SETTING_SALT));
	return String(row!.value);
}

/** `K-3F9A1C0B2D` for a client, `V-…` for a volunteer: stable across reports, not reversible. */
export function pseudonym(salt: string, kind: 'K' | 'V', id: string): string {
	return `${kind}-${createHmac('sha256', salt).update(id).digest('hex').slice(0, 10).toUpperCase()}`;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// ---------------------------------------------------------------------------------------------
// Overview, due date
// ---------------------------------------------------------------------------------------------

export interface ReportRow {
	id: string;
	year: number;
	quarter: number;
	key: string;
	cutoffAt: Date;
	createdAt: Date;
	createdByName: string | null;
	sha256: string;
	sizeBytes: number;
	totals: Record<string, number>;
}

async function storedReports(db: Tx): Promise<ReportRow[]> {
	const list = await db
		.select({
			id: quarterlyReports.id,
			year: quarterlyReports.year,
			quarter: quarterlyReports.quarter,
			cutoffAt: quarterlyReports.cutoffAt,
			createdAt: quarterlyReports.createdAt,
			createdByName: users.name,
			sha256: quarterlyReports.sha256,
			sizeBytes: quarterlyReports.sizeBytes,
			totals: quarterlyReports.totals
		})
		.from(quarterlyReports)
		.leftJoin(users, eq(users.id, quarterlyReports.createdBy))
		.orderBy(
			desc(quarterlyReports.year),
			desc(quarterlyReports.quarter),
			desc(quarterlyReports.createdAt)
		);
	return list.map((r) => ({ ...r, key: quarterKey({ year: r.year, quarter: r.quarter as 1 }) }));
}

/** The administrator's reports page: quarters to choose, reports made, the column setting. */
export async function reportsOverview(ctx: ServiceContext) {
	await requireReports(ctx, 'report.view');
	const day = today(ctx);
	const reports = await storedReports(ctx.db);
	const quarters: Quarter[] = [];
	for (let q = lastCompletedQuarter(day), i = 0; i < 12; i++, q = previousQuarter(q))
		quarters.push(q);
	return {
		quarters: quarters.map((q) => ({ ...q, key: quarterKey(q) })),
		reports,
		columns: await participantColumns(ctx.db),
		allColumns: PARTICIPANT_COLUMNS,
		due: nextReportDue(
			day,
			reports.map((r) => ({ year: r.year, quarter: r.quarter as Quarter['quarter'] }))
		),
		now: tallinnLocal(ctx.now())
	};
}

/** For the home page: the next report's due date, only for those who make reports. */
export async function reportDueForHome(ctx: ServiceContext) {
	if (!canAnywhere(ctx.actor, 'report:manage')) return null;
	const made = await ctx.db
		.selectDistinct({ year: quarterlyReports.year, quarter: quarterlyReports.quarter })
		.from(quarterlyReports);
	const due = nextReportDue(
		today(ctx),
		made.map((r) => ({ year: r.year, quarter: r.quarter as Quarter['quarter'] }))
	);
	return {
		...due,
		key: quarterKey(due.quarter),
		lastKey: due.lastMade ? quarterKey(due.lastMade) : null
	};
}

// ---------------------------------------------------------------------------------------------
// The package
// ---------------------------------------------------------------------------------------------

const SEX: Record<string, string> = { female: 'naine', male: 'mees' };
const EMPLOYMENT: Record<string, string> = {
	employed: 'töötav',
	self_employed: 'füüsilisest isikust ettevõtja',
	unemployed: 'töötu',
	inactive: 'mitteaktiivne',
	retired: 'pensionär',
	student: 'õpilane või üliõpilane'
};
const EDUCATION: Record<string, string> = {
	isced_0_2: 'ISCED 0–2 (põhiharidus või madalam)',
	isced_3_4: 'ISCED 3–4 (kesk- või keskeriharidus)',
	isced_5_8: 'ISCED 5–8 (kõrgharidus)'
};
const LIVING: Record<string, string> = {
	alone: 'elab üksi',
	with_family: 'elab lähedastega',
	care_home: 'hooldekodus',
	other: 'muu'
};
const LANGUAGE: Record<string, string> = { et: 'eesti', ru: 'vene', other: 'muu' };
const MEDIA_EXT: Record<string, string> = {
	'application/pdf': 'pdf',
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/tiff': 'tif',
	'image/heic': 'heic'
};

export interface PackageResult {
	bytes: Uint8Array;
	sha256: string;
	totals: Record<string, number>;
	files: string[];
}

async function bothFormats(
	files: Record<string, Uint8Array | string>,
	base: string,
	tables: Table[]
) {
	// The workbook's sheets are written now and deflated on the thread pool while the CSV is
	// written here.
	const xlsx = fastXlsx(tables, { level: 1 });
	if (tables.length === 1) files[`${base}.csv`] = fastCsv(tables[0]!);
	else for (const t of tables) files[`${base}-${fileSlug(t.name)}.csv`] = fastCsv(t);
	files[`${base}.xlsx`] = await xlsx;
}

function fileSlug(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

/**
 * Builds the package of quarter `q` with the data recorded by `cutoffAt`. Every read is
 * bounded by the cut-off, so the tables agree with each other (and with a later run) without
 * a shared snapshot; on a server pool the reads run side by side.
 */
export async function buildQuarterlyPackage(
	ctx: ServiceContext,
	q: Quarter,
	cutoffAt: Date
): Promise<PackageResult> {
	const period = quarterPeriod(q);
	const cutoffDay = tallinnDay(cutoffAt);
	const asOf = cutoffAt.toISOString();
	const params: FigureParams = { period, countyId: null, asOf: cutoffAt, today: cutoffDay };
	const salt = await pseudonymSalt(ctx.db);
	const columns = await participantColumns(ctx.db);
	// Each client and volunteer appears on many rows: compute each pseudonym once.
	const memo = new Map<string, string>();
	const code = (kind: 'K' | 'V', id: string) => {
		let c = memo.get(id);
		if (c === undefined) memo.set(id, (c = pseudonym(salt, kind, id)));
		return c;
	};
	const K = (id: string) => code('K', id);
	const V = (id: string | null) => (id ? code('V', id) : '');

	// Every read is bounded by the cut-off (created by then, not removed by then, edits after it
	// undone from the versions, ends only up to the cut-off day), so the reads agree with each
	// other without one snapshot, and they run side by side on a server pool.
	const db = ctx.db;
	const data = await (async () => {
		const figuresP = computeFigures(db, params, { parallel: true });
		const contactsP = rows<{
			client_id: string;
			volunteer_id: string | null;
			county: string;
			municipality: string | null;
			contact_date: string;
			contact_kind: string;
			profiles: string;
			duration_minutes: number;
			pairing_start: string | null;
		}>(
			db,
			// Sorted by the counties' and municipalities' ranks in name order, not by the names:
			// the same order, but a sort of a quarter's contacts compares numbers, not text.
			sql`with e as (${entriesSource(params, { withIds: true })})
				select e.client_id::text as client_id, e.volunteer_id::text as volunteer_id,
					co.name as county, m.name as municipality, e.contact_date::text as contact_date,
					e.contact_kind, array_to_string(e.help_profiles, ', ') as profiles,
					e.duration_minutes, p.starts_on::text as pairing_start
				from e
				join (select id, name, rank() over (order by name) as place from county) co
					on co.id = e.county_id
				join client c on c.id = e.client_id
				left join (select id, name, rank() over (order by name) as place
					from municipality) m on m.id = c.municipality_id
				left join pairing p on p.id = e.pairing_id
				order by co.place, m.place nulls last, e.client_id, e.contact_date, e.id`,
			'96MB'
		);
		const firstPairings = sql`select pr.client_id, min(pr.starts_on) as first_start
				from pairing pr where pr.status <> 'proposed' and pr.created_at <= ${asOf}::timestamptz
				group by pr.client_id`;
		const overlapping = (who: 'client_id' | 'volunteer_id', id: SQL) =>
			sql`exists (select 1 from pairing pr where pr.${sql.raw(who)} = ${id}
					and pr.status <> 'proposed' and pr.created_at <= ${asOf}::timestamptz
					and pr.starts_on <= ${period.to}::date
					and (pr.ends_on is null or pr.ends_on > ${period.from}::date))`;
		const participantsP = rows<{
			id: string;
			type: 'K' | 'V';
			gender: string | null;
			date_of_birth: string | null;
			age_group: string | null;
			employment: string | null;
			education: string | null;
			county: string;
			municipality: string | null;
			languages: string[] | null;
			living_situation: string | null;
			start_date: string | null;
			end_date: string | null;
		}>(
			db,
			sql`select c.id::text as id, 'K' as type, c.gender, c.date_of_birth::text as date_of_birth,
					c.age_group, null::text as employment, null::text as education, co.name as county,
					m.name as municipality, c.languages, c.living_situation,
					f.first_start::text as start_date,
					(case when c.ended_on <= ${cutoffDay}::date then c.ended_on end)::text as end_date
				from client c
				join (${firstPairings}) f on f.client_id = c.id
				join county co on co.id = c.county_id
				left join municipality m on m.id = c.municipality_id
				where ${overlapping('client_id', sql`c.id`)}
				union all
				select v.id::text, 'V', v.gender, v.date_of_birth::text, null, v.employment, v.education,
					co.name, m.name, v.languages, null,
					coalesce(v.started_on, (select min(pr.starts_on) from pairing pr where pr.volunteer_id = v.id
						and pr.status <> 'proposed'))::text,
					(case when v.ended_on <= ${cutoffDay}::date then v.ended_on end)::text
				from volunteer v
				join county co on co.id = v.county_id
				left join municipality m on m.id = v.municipality_id
				where v.created_at <= ${asOf}::timestamptz and ${overlapping('volunteer_id', sql`v.id`)}
				order by 2, 8, 1`
		);
		const startedP = rows<{
			id: string;
			county: string;
			municipality: string | null;
			first_start: string;
			consent_given_on: string | null;
			documents: { id: string; media_type: string }[] | null;
		}>(
			db,
			sql`select c.id::text as id, co.name as county, m.name as municipality,
					f.first_start::text as first_start, c.consent_given_on::text as consent_given_on,
					(select json_agg(json_build_object('id', d.id, 'media_type', d.media_type)
						order by d.uploaded_at, d.id)
					 from document d where d.client_id = c.id and d.kind = 'consent'
						and d.uploaded_at <= ${asOf}::timestamptz) as documents
				from client c
				join (${firstPairings}) f on f.client_id = c.id
				join county co on co.id = c.county_id
				left join municipality m on m.id = c.municipality_id
				where f.first_start between ${period.from}::date and ${period.to}::date
				order by co.name, f.first_start, c.id`
		);
		const [figures, contacts, participants, started] = await Promise.all([
			figuresP,
			contactsP,
			participantsP,
			startedP
		]);
		return { figures, contacts, participants, started };
	})();

	const files: Record<string, Uint8Array | string> = {};
	const kind = (k: string) => et(`analysis.kind.${k}`);

	// 1. The extract of the quarter's activities with clients: per client and per contact.
	const perClient = new Map<
		string,
		{
			county: string;
			municipality: string | null;
			n: number;
			minutes: number;
			first: string;
			last: string;
			kinds: Set<string>;
			profiles: Set<string>;
		}
	>();
	for (const c of data.contacts) {
		const s = perClient.get(c.client_id) ?? {
			county: c.county,
			municipality: c.municipality,
			n: 0,
			minutes: 0,
			first: c.contact_date,
			last: c.contact_date,
			kinds: new Set<string>(),
			profiles: new Set<string>()
		};
		s.n++;
		s.minutes += c.duration_minutes;
		if (c.contact_date < s.first) s.first = c.contact_date;
		if (c.contact_date > s.last) s.last = c.contact_date;
		s.kinds.add(kind(c.contact_kind));
		for (const p of c.profiles.split(', ').filter(Boolean)) s.profiles.add(p);
		perClient.set(c.client_id, s);
	}
	const clientTable: Table = {
		name: 'Kliendid',
		headers: [
			'Kliendi kood',
			'Maakond',
			'Omavalitsus',
			'Kontakte',
			'Minuteid',
			'Tunde',
			'Esimene kontakt',
			'Viimane kontakt',
			'Kontakti liigid',
			'Abiprofiilid'
		],
		rows: [...perClient.entries()].map(([id, s]) => [
			K(id),
			s.county,
			s.municipality ?? '',
			s.n,
			s.minutes,
			Math.round((s.minutes / 60) * 100) / 100,
			s.first,
			s.last,
			[...s.kinds].sort().join(', '),
			[...s.profiles].sort().join(', ')
		])
	};
	const contactTable: Table = {
		name: 'Kontaktid',
		headers: [
			'Kliendi kood',
			'Maakond',
			'Omavalitsus',
			'Kuupäev',
			'Kontakti liik',
			'Abiprofiilid',
			'Kestus (min)',
			'Vabatahtliku kood',
			'Sidumise algus'
		],
		rows: data.contacts.map((c) => [
			K(c.client_id),
			c.county,
			c.municipality ?? '',
			c.contact_date,
			kind(c.contact_kind),
			c.profiles,
			c.duration_minutes,
			V(c.volunteer_id),
			c.pairing_start ?? ''
		])
	};
	await bothFormats(files, '1-tegevused/tegevused', [clientTable, contactTable]);

	// 2. The participants' data table (ESF indicators, R-REP-2), columns as configured.
	const participantValue = (
		p: (typeof data.participants)[number],
		col: ParticipantColumn
	): Cell => {
		switch (col) {
			case 'participant_id':
				return p.type === 'K' ? K(p.id) : V(p.id);
			case 'participant_type':
				return p.type === 'K' ? 'klient' : 'vabatahtlik';
			case 'sex':
				return p.gender ? (SEX[p.gender] ?? p.gender) : '';
			case 'age_group':
				return ageGroup(p.date_of_birth, period.to) ?? p.age_group ?? '';
			case 'employment':
				return p.employment ? (EMPLOYMENT[p.employment] ?? p.employment) : '';
			case 'education':
				return p.education ? (EDUCATION[p.education] ?? p.education) : '';
			case 'county':
				return p.county;
			case 'municipality':
				return p.municipality ?? '';
			case 'languages':
				return (p.languages ?? []).map((l) => LANGUAGE[l] ?? l).join(', ');
			case 'living_situation':
				return p.living_situation ? (LIVING[p.living_situation] ?? p.living_situation) : '';
			case 'start_date':
				return p.start_date ?? '';
			case 'end_date':
				return p.end_date ?? '';
		}
	};
	const participantTable: Table = {
		name: 'Osalejad',
		headers: columns.map((c) => et(`report.column.${c}`)),
		rows: data.participants.map((p) => columns.map((c) => participantValue(p, c)))
	};
	await bothFormats(files, '2-osalejad/osalejad', [participantTable]);

	// 3. Clients who started in the quarter, with their consent forms (R-REP-3).
	let consentCount = 0;
	const startedRows: Cell[][] = [];
	for (const c of data.started) {
		const code = K(c.id);
		const names: string[] = [];
		for (const [i, d] of (c.documents ?? []).entries()) {
			const name = `3-alustanud/nousolekud/${code}-${i + 1}.${MEDIA_EXT[d.media_type] ?? 'bin'}`;
			files[name] = await readDocumentBytes(ctx, d.id);
			names.push(name.slice('3-alustanud/'.length));
			consentCount++;
		}
		startedRows.push([
			code,
			c.county,
			c.municipality ?? '',
			c.first_start,
			c.consent_given_on ?? '',
			names.length ? names.join(', ') : 'puudub'
		]);
	}
	await bothFormats(files, '3-alustanud/alustanud-kliendid', [
		{
			name: 'Alustanud kliendid',
			headers: [
				'Kliendi kood',
				'Maakond',
				'Omavalitsus',
				'Esimese sidumise algus',
				'Nõusolek antud',
				'Nõusoleku failid'
			],
			rows: startedRows
		}
	]);

	// 4. Totals: the quarter's figures, for the country and per county.
	const s = data.figures.summary;
	const totals: Record<string, number> = {
		clientsServed: s.clients,
		contacts: s.contacts,
		minutes: s.minutes,
		activeVolunteers: s.activeVolunteers,
		newPairings: s.newPairings,
		endedPairings: s.endedPairings,
		clientsWaiting: s.clientsWaiting,
		participants: data.participants.length,
		clientsStarted: data.started.length,
		consentDocuments: consentCount,
		consentMissing: data.started.filter((c) => !(c.documents ?? []).length).length
	};
	const hours = (m: number) => Math.round((m / 60) * 10) / 10;
	const summaryTable: Table = {
		name: 'Kokkuvõte',
		headers: ['Näitaja', 'Väärtus'],
		rows: [
			['Kvartal', et('report.quarter_label', { quarter: q.quarter, year: q.year })],
			['Periood', `${period.from} – ${period.to}`],
			['Andmete seis', cutoffAt.toISOString()],
			[et('analysis.fig.clients_served'), s.clients],
			[et('analysis.fig.contacts'), s.contacts],
			[et('analysis.fig.hours'), s.hours],
			[et('analysis.fig.active_volunteers'), s.activeVolunteers],
			[et('analysis.fig.new_pairings'), s.newPairings],
			[et('analysis.fig.ended_pairings'), s.endedPairings],
			[et('analysis.fig.clients_waiting'), s.clientsWaiting],
			['Osalejaid andmetabelis', data.participants.length],
			['Kvartalis alustanud kliente', data.started.length],
			['Lisatud nõusolekuid', consentCount],
			['Nõusolek puudub', totals.consentMissing!]
		]
	};
	const countyTable: Table = {
		name: 'Maakonniti',
		headers: [
			'Maakond',
			et('analysis.fig.clients_served'),
			et('analysis.fig.contacts'),
			et('analysis.fig.hours'),
			et('analysis.fig.active_volunteers'),
			et('analysis.fig.new_pairings')
		],
		rows: data.figures.counties.map((c) => [
			c.countyName,
			c.clients,
			c.contacts,
			hours(c.minutes),
			c.activeVolunteers,
			c.newPairings
		])
	};
	await bothFormats(files, '0-kokkuvote/kokkuvote', [summaryTable, countyTable]);

	// 5. The hand-over/acceptance act, listing every file with its SHA-256.
	const listed = Object.keys(files).sort();
	const hashes = listed.map((name) => {
		const v = files[name]!;
		return [name, sha256(typeof v === 'string' ? new TextEncoder().encode(v) : v)] as const;
	});
	files['4-akt/uleandmise-vastuvotmise-akt.pdf'] = await handOverAct(
		q,
		period,
		cutoffAt,
		summaryTable,
		countyTable,
		hashes
	);
	const manifest = {
		report: 'Seltsilise teenuse kvartaliaruanne',
		quarter: quarterKey(q),
		period,
		cutoffAt: cutoffAt.toISOString(),
		participantColumns: columns,
		totals,
		files: Object.keys(files)
			.sort()
			.map((name) => {
				const v = files[name]!;
				const bytes = typeof v === 'string' ? new TextEncoder().encode(v) : v;
				return { name, bytes: bytes.length, sha256: sha256(bytes) };
			})
	};
	files['manifest.json'] = JSON.stringify(manifest, null, 2) + '\n';
	files['LOEMIND.txt'] = readme(q, period, cutoffAt);
	// Files that are compressed already (XLSX, PDF, images) are stored, not deflated twice.
	const bytes = await zipFiles(files, {
		store: (name) => /\.(xlsx|pdf|jpe?g|png|tiff?|heic|zip)$/i.test(name)
	});
	return { bytes, sha256: sha256(bytes), totals, files: Object.keys(files).sort() };
}

function readme(q: Quarter, period: { from: string; to: string }, cutoffAt: Date): string {
	return [
		`Seltsilise teenuse kvartaliaruanne, ${q.quarter}. kvartal ${q.year} (${period.from} – ${period.to})`,
		`Andmete seis: ${cutoffAt.toISOString()} (arvesse on võetud kuni selle hetkeni sisestatud andmed).`,
		'',
		'0-kokkuvote/   kvartali arvud kokku ja maakonniti',
		'1-tegevused/   tegevuste väljavõte: iga klient ja iga kontakt (kliendid koodidega, nimesid ei ole)',
		'2-osalejad/    osalejate andmetabel (Euroopa Sotsiaalfondi osalejate näitajad)',
		'3-alustanud/   kvartalis alustanud kliendid ja nende nõusolekud isikuandmete töötlemiseks',
		'4-akt/         üleandmise-vastuvõtmise akt allkirjastamiseks',
		'manifest.json  iga faili suurus ja SHA-256',
		'',
		'Tabelid on XLSX- ja CSV-vormingus (CSV: UTF-8, eraldaja semikoolon, kümnendkoma).',
		''
	].join('\r\n');
}

async function handOverAct(
	q: Quarter,
	period: { from: string; to: string },
	cutoffAt: Date,
	summary: Table,
	counties: Table,
	hashes: readonly (readonly [string, string])[]
): Promise<Uint8Array> {
	const title = `Üleandmise-vastuvõtmise akt: seltsilise teenuse kvartaliaruanne ${q.quarter}/${q.year}`;
	const doc = startPdf({ title, createdAt: cutoffAt, lang: 'et' });
	const day = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
	pdfHeading(doc, 'Üleandmise-vastuvõtmise akt', 16);
	doc.text(
		`Teenuse osutaja annab üle ja Sotsiaalministeerium võtab vastu seltsilise teenuse ` +
			`${q.quarter}. kvartali (${day(period.from)} – ${day(period.to)}) aruande: tegevuste väljavõtte, ` +
			`osalejate andmetabeli ning kvartalis alustanud klientide nõusolekud.`
	);
	doc.moveDown(0.5);
	pdfFacts(doc, [
		['Kvartal', `${q.quarter}. kvartal ${q.year}`],
		['Andmete seis', `${day(tallinnDay(cutoffAt))} ${tallinnLocal(cutoffAt).slice(11)} (Eesti aeg)`]
	]);
	pdfHeading(doc, 'Kokkuvõte', 12);
	pdfTable(
		doc,
		[
			{ header: summary.headers[0]!, width: 3 },
			{ header: summary.headers[1]!, width: 2, align: 'right' }
		],
		summary.rows.slice(3).map((r) => [String(r[0]), String(r[1]).replace('.', ',')])
	);
	pdfHeading(doc, 'Maakonniti', 12);
	pdfTable(
		doc,
		counties.headers.map((h, i) => ({
			header: h,
			width: i === 0 ? 3 : 2,
			align: i === 0 ? 'left' : 'right'
		})),
		counties.rows.map((r) => r.map((c) => String(c ?? '').replace('.', ',')))
	);
	pdfHeading(doc, 'Üle antud failid', 12);
	pdfTable(
		doc,
		[
			{ header: 'Fail', width: 3 },
			{ header: 'SHA-256', width: 4 }
		],
		hashes.map(([name, hash]) => [name, hash])
	);
	doc.moveDown(1);
	pdfHeading(doc, 'Allkirjad', 12);
	for (const who of ['Üle andis (teenuse osutaja)', 'Vastu võttis (Sotsiaalministeerium)']) {
		doc.moveDown(0.5);
		doc.font('bold').text(who).font('body');
		doc.text('Nimi: ________________________________');
		doc.text('Allkiri: ______________________________');
		doc.text('Kuupäev: _____________________________');
	}
	return finishPdf(doc);
}

// ---------------------------------------------------------------------------------------------
// Producing, reproducing and downloading
// ---------------------------------------------------------------------------------------------

const produceSchema = z.object({
	quarter: z.string().refine((v) => parseQuarterKey(v) !== null, 'error.choice'),
	cutoff: z.preprocess(
		(v) => (v === '' || v === null ? undefined : v),
		z
			.string()
			.refine((v) => tallinnLocalToInstant(v) !== null, 'error.date')
			.optional()
	)
});

export interface Produced {
	id: string;
	key: string;
	sha256: string;
	totals: Record<string, number>;
	/** When produced again for a stored report's cut-off: whether the bytes are the same. */
	matches?: boolean;
}

/**
 * Makes the report of a quarter that has ended, with the data as of `cutoff` (Tallinn time,
 * `yyyy-mm-ddThh:mm`; now when left out), stores the ZIP in the file store and records who,
 * when, the cut-off, the totals and the SHA-256.
 */
export async function produceQuarterlyReport(
	ctx: ServiceContext,
	input: unknown,
	opts: { cutoffAt?: Date; reproducedFrom?: string } = {}
): Promise<Produced> {
	await requireReports(ctx, 'report.create');
	const parsed = produceSchema.safeParse(input);
	if (!parsed.success) {
		const fields: Record<string, string> = {};
		for (const i of parsed.error.issues) fields[String(i.path[0])] ??= i.message;
		throw invalid(fields);
	}
	const q = parseQuarterKey(parsed.data.quarter)!;
	const period = quarterPeriod(q);
	const now = ctx.now();
	if (period.to >= today(ctx)) throw invalid({ quarter: 'report.error.future' });
	const cutoffAt =
		opts.cutoffAt ?? (parsed.data.cutoff ? tallinnLocalToInstant(parsed.data.cutoff)! : now);
	if (cutoffAt.getTime() > now.getTime() + 60_000) {
		throw invalid({ cutoff: 'report.error.cutoff_future' });
	}
	if (cutoffAt < tallinnDayStart(addDays(period.to, 1))) {
		throw invalid({ cutoff: 'report.error.cutoff_early' });
	}
	const pkg = await buildQuarterlyPackage(ctx, q, cutoffAt);
	const storageKey = newStorageKey('reports', now);
	await ctx.files.put(storageKey, pkg.bytes, 'application/zip');
	try {
		const id = await ctx.db.transaction(async (tx) => {
			const [row] = await tx
				.insert(quarterlyReports)
				.values({
					year: q.year,
					quarter: q.quarter,
					cutoffAt,
					totals: pkg.totals,
					sha256: pkg.sha256,
					storageKey,
					sizeBytes: pkg.bytes.length,
					createdBy: ctx.actor?.userId ?? null,
					createdAt: now
				})
				.returning({ id: quarterlyReports.id });
			await recordAudit(tx, ctx, {
				action: 'report.create',
				entityType: 'quarterly_report',
				entityId: row!.id,
				details: {
					quarter: quarterKey(q),
					cutoffAt: cutoffAt.toISOString(),
					sha256: pkg.sha256,
					files: pkg.files.length,
					...pkg.totals,
					...(opts.reproducedFrom ? { reproducedFrom: opts.reproducedFrom } : {})
				}
			});
			return row!.id;
		});
		return { id, key: quarterKey(q), sha256: pkg.sha256, totals: pkg.totals };
	} catch (err) {
		await ctx.files.delete(storageKey).catch(() => {});
		throw err;
	}
}

async function reportRow(ctx: ServiceContext, id: string) {
	if (!z.string().uuid().safeParse(id).success) return null;
	const [row] = await ctx.db.select().from(quarterlyReports).where(eq(quarterlyReports.id, id));
	return row ?? null;
}

/** Produces a stored report again with the same cut-off and says whether the bytes match. */
export async function reproduceQuarterlyReport(ctx: ServiceContext, id: string): Promise<Produced> {
	await requireReports(ctx, 'report.create', id);
	const row = await reportRow(ctx, id);
	if (!row) {
		return deniedNotFound(ctx, {
			action: 'report.create',
			entityType: 'quarterly_report',
			entityId: id
		});
	}
	const produced = await produceQuarterlyReport(
		ctx,
		{ quarter: quarterKey({ year: row.year, quarter: row.quarter as Quarter['quarter'] }) },
		{ cutoffAt: row.cutoffAt, reproducedFrom: row.id }
	);
	return { ...produced, matches: produced.sha256 === row.sha256 };
}

/** The stored ZIP of a report (checked against its SHA-256); audited. */
export async function downloadQuarterlyReport(
	ctx: ServiceContext,
	id: string
): Promise<{ fileName: string; bytes: Uint8Array }> {
	await requireReports(ctx, 'report.download', id);
	const row = await reportRow(ctx, id);
	if (!row) {
		return deniedNotFound(ctx, {
			action: 'report.download',
			entityType: 'quarterly_report',
			entityId: id
		});
	}
	const bytes = await ctx.files.get(row.storageKey);
	if (sha256(bytes) !== row.sha256) throw new AppError('conflict', 'document.error.integrity');
	await recordAudit(ctx.db, ctx, {
		action: 'report.download',
		entityType: 'quarterly_report',
		entityId: row.id,
		details: { quarter: `${row.year}-Q${row.quarter}`, bytes: bytes.length }
	});
	const stamp = tallinnLocal(row.cutoffAt).replace(/[-:]/g, '').replace('T', '-');
	return { fileName: `kvartaliaruanne-${row.year}-Q${row.quarter}-${stamp}.zip`, bytes };
}
