import { createHash, createHmac, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { appSettings, quarterlyReports, users } from '../../db/schema';
import type { Tx } from '../../db/client';
import { eachBatch } from '../../db/cursor';
import { tallinnDay, tallinnDayStart, addDays } from '../../domain/dates';
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
} from '../../domain/periods';
import { canAnywhere } from '../../policy/policy';
import { AppError, invalid } from '../../errors';
import { logger } from '../../log';
import type { Cell, Table } from '../../files/spreadsheet';
import { CsvWriter, WorkbookWriter, fastCsv, fastXlsx } from '../../files/xlsx-fast';
import {
	MemberWriter,
	ZipFileWriter,
	ZipTooLargeError,
	isPackedMember,
	packMember,
	type PackedMember,
	type WrittenZip
} from '../../files/zip';
import { finishPdf, pdfFacts, pdfHeading, pdfTable, startPdf } from '../../files/pdf';
import { newStorageKey, newTempPath } from '../../infra/storage';
import { recordAudit } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { chainHeadAt, type ChainHead } from '../audit-chain/chain';
import {
	entriesSource,
	touchedEntriesByClient,
	type FigureParams
} from '../analysis/figure-sources';
import { reportCountyFigures, type CountyRow } from '../analysis/county-figures';
import { translate } from '$lib/server/i18n';

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

async function rows<T>(db: Tx, query: SQL): Promise<T[]> {
	return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
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
	/** Size of the ZIP file written. */
	bytes: number;
	sha256: string;
	totals: Record<string, number>;
	files: string[];
}

/** A consent scan of the package: read from the file store when its turn comes in the ZIP. */
interface StoredScan {
	documentId: string;
	storageKey: string;
	size: number;
	sha256: string;
}

type PackageFile = Uint8Array | string | PackedMember;

async function bothFormats(files: Record<string, PackageFile>, base: string, tables: Table[]) {
	// The workbook's sheets are deflated on the thread pool while the CSV is written here.
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
 * A client's contacts of the quarter as the extract lists them (entriesSource at the cut-off):
 * one row per client, the contacts by date in one text, a line each, with the fields
 * separated by tabs — volunteer id, date, kind, help profiles (`P1, P3`), minutes, the
 * pairing's start. Only ids, codes, dates and numbers go in it, never free text. Read this way,
 * the driver parses a row per client instead of nine fields per contact: reading a quarter's
 * contacts took a third less time.
 */
interface ClientContacts {
	client_id: string;
	county: string;
	municipality: string | null;
	contacts: string;
}

/** One client's contacts in the quarter (a row of the per-client sheet). */
interface ClientSums {
	id: string;
	/** The client's pseudonym. */
	code: string;
	county: string;
	/** The county's counts, which this client's contacts add to. */
	countyCounts: ContactCounts;
	municipality: string | null;
	n: number;
	minutes: number;
	first: string;
	last: string;
	kinds: Set<string>;
	/** The help profiles of each contact as listed (`P1, P3`), split when the client ends. */
	profileLists: Set<string>;
}

/** Contacts, minutes and distinct clients: the quarter's and each county's. */
interface ContactCounts {
	contacts: number;
	minutes: number;
	clients: number;
}

const CLIENT_HEADERS = [
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
];
const CONTACT_HEADERS = [
	'Kliendi kood',
	'Maakond',
	'Omavalitsus',
	'Kuupäev',
	'Kontakti liik',
	'Abiprofiilid',
	'Kestus (min)',
	'Vabatahtliku kood',
	'Sidumise algus'
];

/**
 * The extract of the quarter's activities with clients (1-tegevused): a row per client and a
 * row per contact, as XLSX (both sheets) and as two CSV files, written as the contacts come —
 * grouped by client, a batch at a time from a cursor — so that no table of a quarter's
 * contacts is built in between; the large members are deflated on the thread pool as they are
 * written. The quarter's contact figures are counted from the same rows, so the summary
 * always agrees with the extract handed over.
 */
class ActivitiesWriter {
	private readonly book = new WorkbookWriter({ level: 1 });
	private readonly clientSheet = this.book.sheet('Kliendid', CLIENT_HEADERS);
	private readonly contactMember = new MemberWriter({ level: 1 });
	// The largest sheet of the package, and its CSV copy: rendered in a worker thread while
	// the rows are read.
	private readonly contactSheet = this.book.sheet('Kontaktid', CONTACT_HEADERS, {
		thread: true,
		csv: this.contactMember
	});
	private readonly clientCsvText: string[] = [];
	private readonly clientCsv = new CsvWriter(CLIENT_HEADERS, {
		write: (t) => this.clientCsvText.push(t)
	});
	private readonly kinds = new Map<string, string>();
	private current: ClientSums | null = null;
	readonly total: ContactCounts = { contacts: 0, minutes: 0, clients: 0 };
	readonly counties = new Map<string, ContactCounts>();

	constructor(
		private readonly K: (id: string) => string,
		private readonly V: (id: string | null) => string
	) {}

	add(clients: readonly ClientContacts[]): void {
		for (const client of clients) {
			this.endClient();
			let countyCounts = this.counties.get(client.county);
			if (!countyCounts) {
				countyCounts = { contacts: 0, minutes: 0, clients: 0 };
				this.counties.set(client.county, countyCounts);
			}
			const s: ClientSums = (this.current = {
				id: client.client_id,
				code: this.K(client.client_id),
				county: client.county,
				countyCounts,
				municipality: client.municipality,
				n: 0,
				minutes: 0,
				first: '',
				last: '',
				kinds: new Set(),
				profileLists: new Set()
			});
			for (const line of client.contacts.split('\n')) {
				const [volunteerId, date, kindCode, profiles, minutesText, pairingStart] = line.split('\t');
				let kind = this.kinds.get(kindCode!);
				if (kind === undefined) {
					this.kinds.set(kindCode!, (kind = et(`analysis.kind.${kindCode}`)));
				}
				const minutes = Number(minutesText);
				// The lines come by date.
				if (s.n++ === 0) s.first = date!;
				s.last = date!;
				s.minutes += minutes;
				s.kinds.add(kind);
				s.profileLists.add(profiles!);
				this.contactSheet.row([
					s.code,
					s.county,
					s.municipality ?? '',
					date,
					kind,
					profiles,
					minutes,
					this.V(volunteerId || null),
					pairingStart
				]);
			}
		}
	}

	/** Gives up (the package failed): ends the sheet's worker thread. */
	abort(): void {
		this.book.abort();
	}

	/** The last contact was added: the files, by name. */
	async finish(): Promise<Record<string, PackageFile>> {
		this.endClient();
		this.clientCsv.end();
		const base = '1-tegevused/tegevused';
		// The contacts' CSV is complete once the workbook's sheet is.
		const xlsx = await this.book.finish();
		return {
			[`${base}-kliendid.csv`]: this.clientCsvText.join(''),
			[`${base}-kontaktid.csv`]: await this.contactMember.end(),
			[`${base}.xlsx`]: xlsx
		};
	}

	private endClient(): void {
		const s = this.current;
		if (!s) return;
		this.current = null;
		const profiles = new Set<string>();
		for (const list of s.profileLists) if (list) for (const p of list.split(', ')) profiles.add(p);
		const row = [
			s.code,
			s.county,
			s.municipality ?? '',
			s.n,
			s.minutes,
			Math.round((s.minutes / 60) * 100) / 100,
			s.first,
			s.last,
			[...s.kinds].sort().join(', '),
			[...profiles].sort().join(', ')
		];
		this.clientSheet.row(row);
		this.clientCsv.row(row);
		this.total.clients++;
		this.total.contacts += s.n;
		this.total.minutes += s.minutes;
		s.countyCounts.clients++;
		s.countyCounts.contacts += s.n;
		s.countyCounts.minutes += s.minutes;
	}
}

/** The quarter's contacts as they read at the cut-off, a batch at a time, into the extract. */
function readContacts(db: Tx, params: FigureParams, writer: ActivitiesWriter): Promise<void> {
	return eachBatch<ClientContacts>(
		db,
		// Client by client in county, municipality and id order, each client's entries by date
		// from the index on (client, date): the rows stream from the first client on, with no
		// sort of a whole quarter's contacts to wait for (an incremental sort of each client's).
		sql`with touched as materialized (${touchedEntriesByClient(params.asOf!)})
			select c.id::text as client_id, c.county, c.municipality,
				string_agg(concat_ws(E'\t', coalesce(e.volunteer_id::text, ''), e.contact_date::text,
						e.contact_kind, array_to_string(e.help_profiles, ', '), e.duration_minutes::text,
						coalesce(p.starts_on::text, '')), E'\n'
					order by e.contact_date, e.id) as contacts
			from (
				select c.id, co.name as county, m.name as municipality, t.ids as touched
				from client c
				join county co on co.id = c.county_id
				left join municipality m on m.id = c.municipality_id
				left join touched t on t.client_id = c.id
				order by co.name, m.name nulls last, c.id
			) c
			cross join lateral (${entriesSource(params, {
				withIds: true,
				client: sql`c.id`,
				touchedIds: sql`c.touched`
			})}) e
			left join pairing p on p.id = e.pairing_id
			group by c.county, c.municipality, c.id
			order by c.county, c.municipality nulls last, c.id`,
		(batch) => writer.add(batch),
		{ workMem: '96MB' }
	);
}

/** Each client's first pairing (not a proposal) made by the cut-off. */
function firstPairings(asOf: string): SQL {
	return sql`select pr.client_id, min(pr.starts_on) as first_start
		from pairing pr where pr.status <> 'proposed' and pr.created_at <= ${asOf}::timestamptz
		group by pr.client_id`;
}

interface ParticipantRow {
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
}

/** Clients and volunteers in a pairing that ran in the quarter (the ESF participants). */
function readParticipants(
	db: Tx,
	period: { from: string; to: string },
	asOf: string,
	cutoffDay: string
): Promise<ParticipantRow[]> {
	const overlapping = (who: 'client_id' | 'volunteer_id', id: SQL) =>
		sql`exists (select 1 from pairing pr where pr.${sql.raw(who)} = ${id}
				and pr.status <> 'proposed' and pr.created_at <= ${asOf}::timestamptz
				and pr.starts_on <= ${period.to}::date
				and (pr.ends_on is null or pr.ends_on > ${period.from}::date))`;
	return rows<ParticipantRow>(
		db,
		sql`select c.id::text as id, 'K' as type, c.gender, c.date_of_birth::text as date_of_birth,
				c.age_group, null::text as employment, null::text as education, co.name as county,
				m.name as municipality, c.languages, c.living_situation,
				f.first_start::text as start_date,
				(case when c.ended_on <= ${cutoffDay}::date then c.ended_on end)::text as end_date
			from client c
			join (${firstPairings(asOf)}) f on f.client_id = c.id
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
}

/** The participants' data table (2-osalejad: ESF indicators, R-REP-2), columns as configured. */
async function writeParticipants(
	list: readonly ParticipantRow[],
	columns: readonly ParticipantColumn[],
	period: { from: string; to: string },
	K: (id: string) => string,
	V: (id: string | null) => string
): Promise<Record<string, PackageFile>> {
	const value = (p: ParticipantRow, col: ParticipantColumn): Cell => {
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
	const files: Record<string, PackageFile> = {};
	await bothFormats(files, '2-osalejad/osalejad', [
		{
			name: 'Osalejad',
			headers: columns.map((c) => et(`report.column.${c}`)),
			rows: list.map((p) => columns.map((c) => value(p, c)))
		}
	]);
	return files;
}

interface StartedRow {
	id: string;
	county: string;
	municipality: string | null;
	first_start: string;
	consent_given_on: string | null;
	documents:
		{ id: string; media_type: string; storage_key: string; size: number; sha256: string }[] | null;
}

/** Clients whose first pairing started in the quarter, with their consent documents. */
function readStarted(db: Tx, period: { from: string; to: string }, asOf: string) {
	return rows<StartedRow>(
		db,
		sql`select c.id::text as id, co.name as county, m.name as municipality,
				f.first_start::text as first_start, c.consent_given_on::text as consent_given_on,
				(select json_agg(json_build_object('id', d.id, 'media_type', d.media_type,
						'storage_key', d.storage_key, 'size', d.size_bytes, 'sha256', d.sha256)
					order by d.uploaded_at, d.id)
				 from document d where d.client_id = c.id and d.kind = 'consent'
					and d.uploaded_at <= ${asOf}::timestamptz) as documents
			from client c
			join (${firstPairings(asOf)}) f on f.client_id = c.id
			join county co on co.id = c.county_id
			left join municipality m on m.id = c.municipality_id
			where f.first_start between ${period.from}::date and ${period.to}::date
			order by co.name, f.first_start, c.id`
	);
}

/**
 * Clients who started in the quarter, with their consent forms (3-alustanud, R-REP-3). The
 * scans are only named here; they are read into the ZIP at their turn (buildQuarterlyPackage).
 */
async function writeStarted(
	list: readonly StartedRow[],
	K: (id: string) => string
): Promise<{ files: Record<string, PackageFile>; scans: Map<string, StoredScan> }> {
	const files: Record<string, PackageFile> = {};
	const scans = new Map<string, StoredScan>();
	const table: Cell[][] = [];
	for (const c of list) {
		const code = K(c.id);
		const names: string[] = [];
		for (const [i, d] of (c.documents ?? []).entries()) {
			const name = `3-alustanud/nousolekud/${code}-${i + 1}.${MEDIA_EXT[d.media_type] ?? 'bin'}`;
			scans.set(name, {
				documentId: d.id,
				storageKey: d.storage_key,
				size: Number(d.size),
				sha256: d.sha256
			});
			names.push(name.slice('3-alustanud/'.length));
		}
		table.push([
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
			rows: table
		}
	]);
	return { files, scans };
}

/**
 * Builds the package of quarter `q` with the data recorded by `cutoffAt` into a new ZIP file
 * at `outPath` (removed again if the package fails). Every read is
 * bounded by the cut-off (created by then, not removed by then, edits after it undone from the
 * versions, ends only up to the cut-off day), so the tables agree with each other (and with a
 * later run) without a shared snapshot, and on a server pool the reads run side by side: the
 * contacts stream in client by client and are written as they come (their sheet in a worker
 * thread), and each smaller table is written as soon as its rows arrive.
 */
export async function buildQuarterlyPackage(
	ctx: ServiceContext,
	q: Quarter,
	cutoffAt: Date,
	outPath: string
): Promise<PackageResult> {
	const db = ctx.db;
	const period = quarterPeriod(q);
	const cutoffDay = tallinnDay(cutoffAt);
	const asOf = cutoffAt.toISOString();
	const params: FigureParams = { period, countyId: null, asOf: cutoffAt, today: cutoffDay };
	const salt = await pseudonymSalt(db);
	const columns = await participantColumns(db);
	// Each client and volunteer appears on many rows: compute each pseudonym once.
	const memo = new Map<string, string>();
	const code = (kind: 'K' | 'V', id: string) => {
		let c = memo.get(id);
		if (c === undefined) memo.set(id, (c = pseudonym(salt, kind, id)));
		return c;
	};
	const K = (id: string) => code('K', id);
	const V = (id: string | null) => (id ? code('V', id) : '');

	const activities = new ActivitiesWriter(K, V);
	const [activityFiles, countyRows, participants, started] = await Promise.all([
		// 1. The extract of the quarter's activities with clients: per client and per contact.
		readContacts(db, params, activities).then(() => activities.finish()),
		reportCountyFigures(db, params),
		// 2. The participants' data table; 3. the clients who started, with their consents.
		readParticipants(db, period, asOf, cutoffDay).then(async (list) => ({
			count: list.length,
			files: await writeParticipants(list, columns, period, K, V)
		})),
		readStarted(db, period, asOf).then(async (list) => ({
			count: list.length,
			missing: list.filter((c) => !(c.documents ?? []).length).length,
			...(await writeStarted(list, K))
		}))
	]).catch((err: unknown) => {
		activities.abort();
		throw err;
	});
	const files: Record<string, PackageFile> = {
		...activityFiles,
		...participants.files,
		...started.files
	};

	// 4. Totals: the quarter's figures, for the country and per county. The contacts are
	// counted from the extract (above); the rest by the analysis module's definitions.
	const sum = (pick: (c: CountyRow) => number) => countyRows.reduce((n, c) => n + pick(c), 0);
	const hours = (m: number) => Math.round((m / 60) * 10) / 10;
	const totals: Record<string, number> = {
		clientsServed: activities.total.clients,
		contacts: activities.total.contacts,
		minutes: activities.total.minutes,
		activeVolunteers: sum((c) => c.active_volunteers),
		newPairings: sum((c) => c.new_pairings),
		endedPairings: sum((c) => c.ended_pairings),
		clientsWaiting: sum((c) => c.clients_waiting),
		participants: participants.count,
		clientsStarted: started.count,
		consentDocuments: started.scans.size,
		consentMissing: started.missing
	};
	const summaryTable: Table = {
		name: 'Kokkuvõte',
		headers: ['Näitaja', 'Väärtus'],
		rows: [
			['Kvartal', et('report.quarter_label', { quarter: q.quarter, year: q.year })],
			['Periood', `${period.from} – ${period.to}`],
			['Andmete seis', cutoffAt.toISOString()],
			[et('analysis.fig.clients_served'), totals.clientsServed!],
			[et('analysis.fig.contacts'), totals.contacts!],
			[et('analysis.fig.hours'), hours(totals.minutes!)],
			[et('analysis.fig.active_volunteers'), totals.activeVolunteers!],
			[et('analysis.fig.new_pairings'), totals.newPairings!],
			[et('analysis.fig.ended_pairings'), totals.endedPairings!],
			[et('analysis.fig.clients_waiting'), totals.clientsWaiting!],
			['Osalejaid andmetabelis', totals.participants!],
			['Kvartalis alustanud kliente', totals.clientsStarted!],
			['Lisatud nõusolekuid', totals.consentDocuments!],
			['Nõusolek puudub', totals.consentMissing!]
		]
	};
	const none: ContactCounts = { contacts: 0, minutes: 0, clients: 0 };
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
		rows: countyRows.map((c) => {
			const n = activities.counties.get(c.county_name) ?? none;
			return [
				c.county_name,
				n.clients,
				n.contacts,
				hours(n.minutes),
				c.active_volunteers,
				c.new_pairings
			];
		})
	};
	await bothFormats(files, '0-kokkuvote/kokkuvote', [summaryTable, countyTable]);

	// The audit log's chain head at the cut-off (issue 21): a copy outside the system can later
	// prove the log was not rewritten before that point.
	const auditChain = await chainHeadAt(db, cutoffAt);

	// 5. The hand-over/acceptance act, listing every file with its SHA-256.
	// Size and SHA-256 of each file's content (members written as they went know theirs).
	const facts = (name: string) => {
		const scan = started.scans.get(name);
		if (scan) return { name, bytes: scan.size, sha256: scan.sha256 };
		const v = files[name]!;
		if (isPackedMember(v)) return { name, bytes: v.size, sha256: v.sha256 };
		const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
		return { name, bytes: bytes.length, sha256: sha256(bytes) };
	};
	const listed = [...Object.keys(files), ...started.scans.keys()].sort().map(facts);
	const hashes = listed.map((f) => [f.name, f.sha256] as const);
	files['4-akt/uleandmise-vastuvotmise-akt.pdf'] = await handOverAct(
		q,
		period,
		cutoffAt,
		summaryTable,
		countyTable,
		hashes,
		auditChain
	);
	const manifest = {
		report: 'Seltsilise teenuse kvartaliaruanne',
		quarter: quarterKey(q),
		period,
		cutoffAt: cutoffAt.toISOString(),
		participantColumns: columns,
		totals,
		auditChain,
		files: [...listed, facts('4-akt/uleandmise-vastuvotmise-akt.pdf')].sort((a, b) =>
			a.name < b.name ? -1 : 1
		)
	};
	files['manifest.json'] = JSON.stringify(manifest, null, 2) + '\n';
	files['LOEMIND.txt'] = readme(q, period, cutoffAt);
	const written = await writePackage(ctx, outPath, files, started.scans);
	return {
		bytes: written.bytes,
		sha256: written.sha256,
		totals,
		files: [...Object.keys(files), ...started.scans.keys()].sort()
	};
}

/**
 * Writes the package's ZIP to `outPath`, names in order: the tables and texts (deflated on
 * the thread pool side by side; compressed files — XLSX, PDF — stored), and each consent scan
 * streamed from the file store at its turn, checked against its document's size and SHA-256,
 * so that no more than one chunk of a scan is in memory at a time. Removes the file on failure.
 */
async function writePackage(
	ctx: ServiceContext,
	outPath: string,
	files: Record<string, PackageFile>,
	scans: ReadonlyMap<string, StoredScan>
): Promise<WrittenZip> {
	const names = [...Object.keys(files), ...scans.keys()].sort();
	const packed = new Map(
		await Promise.all(
			Object.entries(files).map(
				async ([name, v]) =>
					[
						name,
						isPackedMember(v)
							? v
							: await packMember(v, { store: /\.(xlsx|pdf|zip)$/i.test(name), sha256: false })
					] as const
			)
		)
	);
	const zip = await ZipFileWriter.create(outPath);
	try {
		for (const name of names) {
			const scan = scans.get(name);
			if (!scan) {
				await zip.add(name, packed.get(name)!);
				continue;
			}
			const read = await zip.addStream(name, await ctx.files.openRead(scan.storageKey));
			if (read.sha256 !== scan.sha256 || read.size !== scan.size) {
				logger.error({ documentId: scan.documentId }, 'stored file does not match its SHA-256');
				throw new AppError('conflict', 'document.error.integrity');
			}
		}
		return await zip.end();
	} catch (err) {
		await zip.abort();
		await rm(outPath, { force: true });
		if (err instanceof ZipTooLargeError) throw new AppError('invalid', 'report.error.too_large');
		throw err;
	}
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
		'manifest.json  iga faili suurus ja SHA-256, auditilogi räsiahela viimane lüli andmete seisu hetkel',
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
	hashes: readonly (readonly [string, string])[],
	auditChain: ChainHead
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
	pdfHeading(doc, 'Auditilogi', 12);
	doc.text(
		auditChain.eventId === null
			? 'Andmete seisu hetkeks ei olnud auditilogis ühtegi sündmust.'
			: `Auditilogi räsiahela viimane lüli andmete seisu hetkel: sündmus ${auditChain.eventId}, ` +
					`lüli ${auditChain.seq}, SHA-256 ${auditChain.hash}. Selle järgi saab hiljem ` +
					`kontrollida, et logi ei ole enne seda hetke muudetud.`
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
	const path = await newTempPath(ctx.config, 'report');
	const storageKey = newStorageKey('reports', now);
	let pkg: PackageResult;
	try {
		pkg = await buildQuarterlyPackage(ctx, q, cutoffAt, path);
		await ctx.files.putFile(storageKey, path, 'application/zip');
	} finally {
		await rm(path, { force: true });
	}
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
					sizeBytes: pkg.bytes,
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

/**
 * The stored ZIP of a report, as a stream (a package with its consent scans may be larger than
 * the server's memory); audited. The bytes are checked against the report's SHA-256 as they
 * go: if they do not match, the stream fails at its end, so the download breaks off instead of
 * handing over a package that is not the one recorded.
 */
export async function downloadQuarterlyReport(
	ctx: ServiceContext,
	id: string
): Promise<{ fileName: string; size: number; stream: ReadableStream<Uint8Array> }> {
	await requireReports(ctx, 'report.download', id);
	const row = await reportRow(ctx, id);
	if (!row) {
		return deniedNotFound(ctx, {
			action: 'report.download',
			entityType: 'quarterly_report',
			entityId: id
		});
	}
	const source = await ctx.files.openRead(row.storageKey);
	try {
		await recordAudit(ctx.db, ctx, {
			action: 'report.download',
			entityType: 'quarterly_report',
			entityId: row.id,
			details: { quarter: `${row.year}-Q${row.quarter}`, bytes: row.sizeBytes }
		});
	} catch (err) {
		source.destroy();
		throw err;
	}
	const stamp = tallinnLocal(row.cutoffAt).replace(/[-:]/g, '').replace('T', '-');
	return {
		fileName: `kvartaliaruanne-${row.year}-Q${row.quarter}-${stamp}.zip`,
		size: row.sizeBytes,
		stream: checkedStream(source, row.sha256, row.sizeBytes, async () => {
			logger.error({ reportId: row.id }, 'stored file does not match its SHA-256');
			// The download began as a success; the event says it broke off, and why.
			await recordAudit(ctx.db, ctx, {
				action: 'report.download',
				entityType: 'quarterly_report',
				entityId: row.id,
				outcome: 'failure',
				details: { quarter: `${row.year}-Q${row.quarter}`, integrity: false }
			});
		})
	};
}

/**
 * `source` as a web stream that fails at its end unless the bytes had `sha256` and `size`;
 * `onMismatch` runs first (its own failure is logged, not thrown). The last chunk is held
 * back until the bytes are checked: the response declares its length, so a client that got
 * every byte would take the download as complete even if the stream failed afterwards.
 */
function checkedStream(
	source: Readable,
	expected: string,
	size: number,
	onMismatch: () => Promise<void>
): ReadableStream<Uint8Array> {
	const hash = createHash('sha256');
	let seen = 0;
	let held: Uint8Array | null = null;
	const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			try {
				const next = await iterator.next();
				if (!next.done) {
					hash.update(next.value);
					seen += next.value.length;
					if (held) controller.enqueue(held);
					held = new Uint8Array(next.value);
					return;
				}
				if (seen !== size || hash.digest('hex') !== expected) {
					await onMismatch().catch((e: unknown) =>
						logger.error({ err: e }, 'could not record a broken-off download')
					);
					throw new AppError('conflict', 'document.error.integrity');
				}
				if (held) controller.enqueue(held);
				controller.close();
			} catch (err) {
				source.destroy();
				controller.error(err);
			}
		},
		cancel() {
			source.destroy();
		}
	});
}
