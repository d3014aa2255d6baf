import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tallinnDay } from '../../domain/dates';
import { quarterKey, quarterPeriod, type Quarter } from '../../domain/periods';
import { AppError } from '../../errors';
import { logger } from '../../log';
import type { Table } from '../../files/spreadsheet';
import {
	ZipFileWriter,
	ZipTooLargeError,
	isPackedMember,
	packMember,
	type WrittenZip
} from '../../files/zip';
import type { ServiceContext } from '../core/context';
import { chainHeadAt } from '../audit-chain/chain';
import { reportCountyFigures, type CountyRow } from '../analysis/county-figures';
import type { FigureParams } from '../analysis/figure-sources';
import { ActivitiesWriter, readContacts, type ContactCounts } from './package-activities';
import {
	readParticipants,
	readStarted,
	writeParticipants,
	writeStarted
} from './package-participants';
import { handOverAct, readme } from './package-act';
import { bothFormats, et, type PackageFile, type StoredScan } from './package-files';
import { participantColumns, pseudonym, pseudonymSalt } from './report-settings';

/**
 * The quarterly report's package (R-REP-1…3, reports.ts), made as a stream: the contacts'
 * extract (package-activities.ts), the ESF tables (package-participants.ts), the totals, the
 * act and the read-me (package-act.ts), the manifest, and the consent scans read from the file
 * store at their turn in the ZIP (docs/architecture.md, "Large files: the quarterly package").
 */

export interface PackageResult {
	/** Size of the ZIP file written. */
	bytes: number;
	sha256: string;
	totals: Record<string, number>;
	files: string[];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

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
