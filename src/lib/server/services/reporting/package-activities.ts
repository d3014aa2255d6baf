import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { eachBatch } from '../../db/cursor';
import { CsvWriter, WorkbookWriter } from '../../files/xlsx-fast';
import { MemberWriter } from '../../files/zip';
import {
	entriesSource,
	touchedEntriesByClient,
	type FigureParams
} from '../analysis/figure-sources';
import { et, type PackageFile } from './package-files';

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
export interface ContactCounts {
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
export class ActivitiesWriter {
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
export function readContacts(
	db: Tx,
	params: FigureParams,
	writer: ActivitiesWriter
): Promise<void> {
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
