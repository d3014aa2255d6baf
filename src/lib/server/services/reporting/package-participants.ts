import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { ageGroup } from '../../domain/periods';
import type { Cell } from '../../files/spreadsheet';
import { bothFormats, et, type PackageFile, type StoredScan } from './package-files';
import type { ParticipantColumn } from './report-settings';

/**
 * The ESF tables of the quarterly package: the participants' data table (2-osalejad, R-REP-2)
 * and the clients who started in the quarter with their consent forms (3-alustanud, R-REP-3).
 */

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

async function rows<T>(db: Tx, query: SQL): Promise<T[]> {
	return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
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
export function readParticipants(
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
export async function writeParticipants(
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
export function readStarted(db: Tx, period: { from: string; to: string }, asOf: string) {
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
export async function writeStarted(
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
