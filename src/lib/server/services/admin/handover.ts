import { createHash } from 'node:crypto';
import { asc, count, eq, getTableColumns, gt, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { Zip, ZipDeflate } from 'fflate';
import {
	clientExclusions,
	clients,
	counties,
	diaryEntries,
	diaryEntryVersions,
	documents,
	municipalities,
	pairings,
	surveyResponses,
	trips
} from '../../db/schema';
import { neutralise } from '../../files/spreadsheet';
import { recordAudit } from '../core/audit';
import { authorize } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { readDocumentBytes } from '../documents/documents';

/**
 * The data hand-over at the end of the contract (R-CTRL-2): every client's data — the client
 * records, pairings, diary entries and their earlier versions, six-month surveys, exclusions,
 * trips to clients, the list of documents and the documents themselves — as one ZIP for the
 * ministry, each table as JSON and as CSV. Volunteers' own records stay with the operator
 * (the NGO is their controller); pairings name the volunteer so the history stays readable.
 *
 * Streamed: tables are read in pages by id and written into the ZIP as they come, so the
 * package of the whole country never sits in memory. Administrator only; audited when it
 * starts, with the counts.
 */

const PAGE = 5000;
const MTIME = new Date('2000-01-01T00:00:00Z');

// The tables differ in shape; the export treats every query alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyQuery = any;

interface Export {
	name: string;
	table: PgTable;
	id: SQL | unknown;
	where?: SQL;
	/** Extra columns joined in (names of the volunteer, county, municipality). */
	select?: Record<string, unknown>;
	join?: (q: AnyQuery) => AnyQuery;
}

function baseQuery(ctx: ServiceContext, table: PgTable, extra: Record<string, unknown>): AnyQuery {
	return ctx.db.select({ ...getTableColumns(table), ...extra } as AnyQuery).from(table as AnyQuery);
}

function csvValue(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (v instanceof Date) return v.toISOString();
	if (Array.isArray(v)) return v.join(', ');
	if (typeof v === 'object') return JSON.stringify(v);
	if (typeof v === 'number') return String(v).replace('.', ',');
	if (typeof v === 'boolean') return v ? '1' : '0';
	return neutralise(String(v));
}

/**
 * One CSV line: `;` between fields, a field with `;`, a quote or any line break quoted (a diary
 * text written on several lines stays one field), CRLF at the end.
 */
export function csvLine(values: readonly string[]): string {
	return (
		values.map((v) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(';') + '\r\n'
	);
}

/** A file name safe inside a ZIP on every system. */
function safeName(text: string): string {
	const cleaned = text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9._-]+/g, '_')
		.replace(/^[._]+/, '');
	return cleaned.slice(-80) || 'fail';
}

export interface Handover {
	fileName: string;
	stream: ReadableStream<Uint8Array>;
}

/** Starts the hand-over package: checks and audits, then streams the ZIP. */
export async function handoverPackage(ctx: ServiceContext): Promise<Handover> {
	await authorize(
		ctx,
		'report:manage',
		{ kind: 'system' },
		{ action: 'handover.export', entityType: 'system' }
	);
	const [c] = await ctx.db.select({ n: count() }).from(clients);
	const [d] = await ctx.db
		.select({ n: count() })
		.from(documents)
		.where(isNotNull(documents.clientId));
	await recordAudit(ctx.db, ctx, {
		action: 'handover.export',
		entityType: 'system',
		details: { clients: c?.n ?? 0, documents: d?.n ?? 0 }
	});

	const exports: Export[] = [
		{
			name: 'client',
			table: clients,
			id: clients.id,
			select: { countyName: counties.name, municipalityName: municipalities.name },
			join: (q) =>
				q
					.innerJoin(counties, eq(counties.id, clients.countyId))
					.leftJoin(municipalities, eq(municipalities.id, clients.municipalityId))
		},
		{
			name: 'pairing',
			table: pairings,
			id: pairings.id,
			select: {
				volunteerName: sql<string>`(select v.first_name || ' ' || v.last_name from volunteer v where v.id = ${pairings.volunteerId})`
			}
		},
		{ name: 'diary_entry', table: diaryEntries, id: diaryEntries.id },
		{ name: 'diary_entry_version', table: diaryEntryVersions, id: diaryEntryVersions.id },
		{ name: 'survey_response', table: surveyResponses, id: surveyResponses.id },
		{ name: 'client_exclusion', table: clientExclusions, id: clientExclusions.id },
		{ name: 'trip', table: trips, id: trips.id },
		{
			name: 'document',
			table: documents,
			id: documents.id,
			where: isNotNull(documents.clientId)
		}
	];

	const queue: Uint8Array[] = [];
	let done = false;
	let failed: Error | null = null;
	const zip = new Zip((err, chunk, final) => {
		if (err) failed = err;
		else queue.push(chunk);
		if (final) done = true;
	});
	const manifest: { name: string; rows?: number; bytes: number; sha256: string }[] = [];
	const enc = new TextEncoder();

	/** A file added to the ZIP piece by piece, with its size and SHA-256 for the manifest. */
	function open(name: string) {
		const file = new ZipDeflate(name, { level: 6 });
		file.mtime = MTIME;
		zip.add(file);
		const hash = createHash('sha256');
		let bytes = 0;
		return {
			push(data: Uint8Array | string, final = false) {
				const b = typeof data === 'string' ? enc.encode(data) : data;
				hash.update(b);
				bytes += b.length;
				file.push(b, final);
			},
			close(rows?: number) {
				file.push(new Uint8Array(0), true);
				manifest.push({
					name,
					...(rows === undefined ? {} : { rows }),
					bytes,
					sha256: hash.digest('hex')
				});
			}
		};
	}

	async function* produce(): AsyncGenerator<void> {
		for (const ex of exports) {
			const columns = [...Object.keys(getTableColumns(ex.table)), ...Object.keys(ex.select ?? {})];
			// One file after the other: a ZIP stream holds back a file opened while another is open.
			for (const format of ['json', 'csv'] as const) {
				const file = open(`tabelid/${ex.name}.${format}`);
				file.push(format === 'json' ? '[' : '\uFEFF' + csvLine(columns.map(neutralise)));
				let last: string | null = null;
				let n = 0;
				for (;;) {
					const idColumn = ex.id as Parameters<typeof gt>[0];
					let q = baseQuery(ctx, ex.table, ex.select ?? {});
					if (ex.join) q = ex.join(q);
					const conditions = [ex.where, last ? gt(idColumn, last) : undefined].filter(
						Boolean
					) as SQL[];
					const page = (await q
						.where(conditions.length ? sql.join(conditions, sql` and `) : undefined)
						.orderBy(asc(idColumn))
						.limit(PAGE)) as Record<string, unknown>[];
					if (page.length === 0) break;
					file.push(
						format === 'json'
							? page.map((r, i) => (n + i === 0 ? '\n' : ',\n') + JSON.stringify(r)).join('')
							: page.map((r) => csvLine(columns.map((c) => csvValue(r[c])))).join('')
					);
					n += page.length;
					last = String(page[page.length - 1]!.id);
					yield;
					if (page.length < PAGE) break;
				}
				if (format === 'json') file.push(n ? '\n]\n' : ']\n');
				file.close(n);
				yield;
			}
		}
		// The documents themselves, by client.
		let last: string | null = null;
		for (;;) {
			const page = await ctx.db
				.select({ id: documents.id, clientId: documents.clientId, fileName: documents.fileName })
				.from(documents)
				.where(
					last
						? sql`${documents.clientId} is not null and ${documents.id} > ${last}`
						: isNotNull(documents.clientId)
				)
				.orderBy(asc(documents.id))
				.limit(100);
			if (page.length === 0) break;
			for (const doc of page) {
				const file = open(`dokumendid/${doc.clientId}/${doc.id}-${safeName(doc.fileName)}`);
				file.push(await readDocumentBytes(ctx, doc.id));
				file.close();
				yield;
			}
			last = page[page.length - 1]!.id;
			if (page.length < 100) break;
		}
		const readme = open('LOEMIND.txt');
		readme.push(
			[
				'Seltsilise teenuse klientide andmete üleandmine Sotsiaalministeeriumile (R-CTRL-2).',
				`Koostatud: ${today(ctx)}.`,
				'',
				'tabelid/     iga tabel JSON- ja CSV-failina (CSV: UTF-8, eraldaja semikoolon)',
				'dokumendid/  klientide dokumendid, kaustades kliendi id järgi',
				'manifest.json  iga faili ridade arv, suurus ja SHA-256',
				''
			].join('\r\n')
		);
		readme.close();
		const m = open('manifest.json');
		m.push(JSON.stringify({ createdOn: today(ctx), files: manifest }, null, 2) + '\n');
		m.close();
		zip.end();
	}

	const steps = produce();
	const stream = new ReadableStream<Uint8Array>({
		async pull(controller) {
			while (queue.length === 0 && !done) {
				if (failed) throw failed;
				const step = await steps.next();
				if (step.done && queue.length === 0 && !done) break;
			}
			if (failed) {
				controller.error(failed);
				return;
			}
			while (queue.length) controller.enqueue(queue.shift()!);
			if (done) controller.close();
		},
		async cancel() {
			await steps.return(undefined);
		}
	});
	return { fileName: `seltsiline-uleandmine-${today(ctx)}.zip`, stream };
}
