import { Worker } from 'node:worker_threads';
import { MemberWriter, TEXT_BLOCK, zipFiles, type DeflateLevel, type PackedMember } from './zip';
import {
	CELL_BOOLEAN,
	CELL_EMPTY,
	CELL_NUMBER,
	CELL_STRING,
	sheetRowsWorker,
	type CsvBlock,
	type RowBatch
} from './sheet-thread';
import { neutralise, type Cell, type Table } from './spreadsheet';

/**
 * A minimal XLSX writer for the large tables of the quarterly report (a quarter's contacts of
 * the whole country: hundreds of thousands of rows). exceljs (files/spreadsheet.ts, used for
 * every other workbook) needs about 100 ms per thousand rows; this writes the same kind of
 * sheet — header row bold and frozen, shared strings, numbers as numbers — many times
 * faster, with fixed timestamps so the same rows give the same bytes (the report is hashed).
 * See docs/decisions/0003-reporting-package-and-generator.md; rows are written as they come,
 * the largest sheet in a worker thread (decision 0005).
 */

/** Rows joined into one string at a time by the writers below. */
const CHUNK_ROWS = 1000;

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// Control characters are what this looks for.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

/** XML-escaped text without the characters XML 1.0 forbids (checked once, fixed if needed). */
function escapeXml(text: string): string {
	if (!NEEDS_ESCAPE.test(text)) return text;
	return text
		.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** A1-style column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
	let n = index + 1;
	let name = '';
	while (n > 0) {
		const r = (n - 1) % 26;
		name = String.fromCharCode(65 + r) + name;
		n = Math.floor((n - 1) / 26);
	}
	return name;
}

/** The shared strings of a workbook: each distinct text once (a county name, a code). */
export class SharedStrings {
	private readonly indexes = new Map<string, number>();
	private readonly list: string[] = [];
	/** Each text's cell ending, `" t="s"><v>{index}</v></c>`, made once. */
	private readonly ends: string[] = [];
	count = 0;
	/** A text's index in the table; neutralised (formula-like text) when first seen. */
	index(text: string): number {
		this.count++;
		let i = this.indexes.get(text);
		if (i === undefined) {
			i = this.list.length;
			this.indexes.set(text, i);
			this.list.push(neutralise(text));
			this.ends.push(`" t="s"><v>${i}</v></c>`);
		}
		return i;
	}
	/** How many distinct texts so far (the next text's index). */
	get size(): number {
		return this.list.length;
	}
	/** The texts from index `from` on, as stored (neutralised). */
	since(from: number): string[] {
		return this.list.slice(from);
	}
	/** What follows a text cell's reference (`<c r="B7` + this): its type and its index. */
	cellEnd(text: string): string {
		return this.ends[this.index(text)]!;
	}
	xml(): string {
		const items = this.list.map((t) => {
			const space = /^\s|\s$/.test(t) ? ' xml:space="preserve"' : '';
			return `<si><t${space}>${escapeXml(t)}</t></si>`;
		});
		return (
			XML_HEADER +
			`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.count}" uniqueCount="${this.list.length}">` +
			items.join('') +
			'</sst>'
		);
	}
}

/** A cell with its reference (some readers need it), or nothing when empty. */
function cellXml(value: Cell, ref: string, strings: SharedStrings, bold: boolean): string {
	const style = bold ? ' s="1"' : '';
	if (value === null || value === undefined || value === '') return '';
	if (typeof value === 'number' && Number.isFinite(value)) {
		return `<c r="${ref}"${style}><v>${value}</v></c>`;
	}
	if (typeof value === 'boolean') return `<c r="${ref}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
	const text = value instanceof Date ? value.toISOString() : String(value);
	return `<c r="${ref}${bold ? '" s="1' : ''}` + strings.cellEnd(text);
}

/** Column widths come from the header and this many first rows. */
const WIDTH_SAMPLE = 200;

/** Rows into one sheet of a workbook (`WorkbookWriter.sheet`). */
export interface SheetRows {
	row(cells: readonly Cell[]): void;
	/** The last row was written: the sheet's member (once; called again: the same). */
	end(): Promise<PackedMember>;
}

/**
 * One worksheet, written row by row into its archive member: the first rows are held until
 * the column widths are known (they come before the data), then each row is written as it
 * comes — here (`SheetWriter`) or in a worker thread (`ThreadedSheetWriter`).
 */
abstract class SheetBase implements SheetRows {
	protected readonly letters: string[];
	private sample: (readonly Cell[])[] | null = [];
	private done: Promise<PackedMember> | null = null;

	constructor(
		private readonly headers: readonly string[],
		protected readonly strings: SharedStrings,
		protected readonly member: MemberWriter
	) {
		this.letters = headers.map((_, i) => columnName(i));
	}

	row(cells: readonly Cell[]): void {
		if (this.sample) {
			this.sample.push(cells);
			if (this.sample.length === WIDTH_SAMPLE) this.start();
			return;
		}
		this.render(cells);
	}

	end(): Promise<PackedMember> {
		if (!this.done) {
			if (this.sample) this.start();
			this.done = this.finish('</sheetData></worksheet>');
		}
		return this.done;
	}

	/** The sheet's start: everything before the first data row. */
	protected abstract begin(xml: string): void;
	protected abstract render(cells: readonly Cell[]): void;
	/** After the last row: `xml`, then the member's end. */
	protected abstract finish(xml: string): Promise<PackedMember>;

	private start(): void {
		const sample = this.sample!;
		this.sample = null;
		const widths = this.headers.map((h, i) =>
			Math.min(
				60,
				Math.max(8, String(h).length + 2, ...sample.map((r) => String(r[i] ?? '').length + 2))
			)
		);
		const cols = widths.map(
			(w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`
		);
		this.begin(
			XML_HEADER +
				'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
				'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
				`<cols>${cols.join('')}</cols>` +
				'<sheetData>' +
				`<row r="1">${this.headers.map((h, i) => cellXml(h, `${this.letters[i]}1`, this.strings, true)).join('')}</row>`
		);
		for (const cells of sample) this.render(cells);
	}
}

/** A sheet rendered on this thread, a thousand rows at a time handed to its member. */
export class SheetWriter extends SheetBase {
	/** `<c r="B` for each column: a cell's start up to its row number. */
	private readonly opens = this.letters.map((l) => `<c r="${l}`);
	private chunk: string[] = [];
	private n = 1;

	protected begin(xml: string): void {
		this.member.write(xml);
	}

	protected render(row: readonly Cell[]): void {
		const n = String(++this.n);
		// The common cells (text, finite numbers) inline: this runs for every cell of a quarter.
		let xml = '<row r="' + n + '">';
		for (let i = 0; i < row.length; i++) {
			const v = row[i];
			if (v === null || v === undefined || v === '') continue;
			if (typeof v === 'string') {
				xml += (this.opens[i] ?? `<c r="${columnName(i)}`) + n + this.strings.cellEnd(v);
			} else if (typeof v === 'number' && Number.isFinite(v)) {
				xml += (this.opens[i] ?? `<c r="${columnName(i)}`) + n + '"><v>' + v + '</v></c>';
			} else xml += cellXml(v, columnName(i) + n, this.strings, false);
		}
		this.chunk.push(xml + '</row>');
		// A thousand rows at a time: the row strings die young instead of hundreds of thousands
		// of them living until the end (most of the time was once the garbage collector's).
		if (this.chunk.length === CHUNK_ROWS) {
			this.member.write(this.chunk.join(''));
			this.chunk = [];
		}
	}

	protected finish(xml: string): Promise<PackedMember> {
		this.member.write(this.chunk.join('') + xml);
		this.chunk = [];
		return this.member.end();
	}
}

/** Rows sent to the worker at a time. */
const BATCH_ROWS = 2048;

/**
 * A sheet whose rows are rendered in a worker thread (files/sheet-thread.ts): for the largest
 * sheets, so that rendering them goes on beside the reading of the next rows. This thread
 * turns each cell into a kind and a number (a shared string's index: the table of strings
 * stays here); the worker writes the XML and encodes it in the blocks this sheet's member
 * would have made, and the member deflates them — the same bytes as a `SheetWriter`'s.
 * With `csv`, the worker also writes the rows as CSV into that member: the same bytes as a
 * `CsvWriter` writing them into it (rows as long as the header), without a second pass over
 * the rows here.
 */
export class ThreadedSheetWriter extends SheetBase {
	private readonly worker: Worker;
	private readonly received: Promise<void>;
	private count = 0;
	private kinds = new Uint8Array(BATCH_ROWS * this.letters.length);
	private values = new Float64Array(BATCH_ROWS * this.letters.length);
	/** Each column's last text and its index: a client's rows repeat their code and county. */
	private readonly lastText: (string | undefined)[] = [];
	private readonly lastIndex: number[] = [];
	/** Shared strings whose CSV field the worker has (with `csv`), or -1 (no CSV copy). */
	private csvSent: number;

	constructor(
		headers: readonly string[],
		strings: SharedStrings,
		member: MemberWriter,
		csv?: MemberWriter
	) {
		super(headers, strings, member);
		this.csvSent = csv ? 0 : -1;
		this.worker = new Worker(`(${sheetRowsWorker.toString()})()`, {
			eval: true,
			workerData: {
				letters: this.letters,
				block: TEXT_BLOCK,
				chunkRows: CHUNK_ROWS,
				csvHeader: csv ? csvHeaderLine(headers) : null
			}
		});
		// A failed package must not keep the process alive; `abort` ends the worker.
		this.worker.unref();
		this.received = new Promise((resolve, reject) => {
			this.worker.on('message', (m: Uint8Array | CsvBlock | null) => {
				if (m === null) resolve();
				else if (m instanceof Uint8Array) member.write(m);
				else csv!.write(m.csv);
			});
			this.worker.on('error', reject);
			this.worker.on('exit', (code) => reject(new Error(`sheet worker stopped (${code})`)));
		});
		// Seen by `finish`; until then a failure must not be an unhandled rejection.
		this.received.catch(() => {});
	}

	/** Ends the worker (the package failed). */
	abort(): void {
		void this.worker.terminate();
	}

	protected begin(xml: string): void {
		this.worker.postMessage(xml);
	}

	protected render(row: readonly Cell[]): void {
		const columns = this.letters.length;
		if (row.length > columns) throw new Error('row longer than the header');
		const at = this.count * columns;
		for (let i = 0; i < columns; i++) {
			const v = row[i];
			if (v === null || v === undefined || v === '' || i >= row.length) {
				this.kinds[at + i] = CELL_EMPTY;
			} else if (typeof v === 'number' && Number.isFinite(v)) {
				this.kinds[at + i] = CELL_NUMBER;
				this.values[at + i] = v;
			} else if (typeof v === 'boolean') {
				this.kinds[at + i] = CELL_BOOLEAN;
				this.values[at + i] = v ? 1 : 0;
			} else {
				this.kinds[at + i] = CELL_STRING;
				const text = typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : String(v);
				if (text === this.lastText[i]) {
					this.strings.count++;
					this.values[at + i] = this.lastIndex[i]!;
				} else {
					const index = this.strings.index(text);
					this.lastText[i] = text;
					this.lastIndex[i] = index;
					this.values[at + i] = index;
				}
			}
		}
		if (++this.count === BATCH_ROWS) this.send();
	}

	protected async finish(xml: string): Promise<PackedMember> {
		this.send();
		this.worker.postMessage(xml);
		this.worker.postMessage(null);
		try {
			await this.received;
		} finally {
			void this.worker.terminate();
		}
		return this.member.end();
	}

	private send(): void {
		if (this.count === 0) return;
		const batch: RowBatch = { count: this.count, kinds: this.kinds, values: this.values };
		if (this.csvSent >= 0 && this.csvSent < this.strings.size) {
			batch.csvFields = this.strings.since(this.csvSent).map(csvCell);
			this.csvSent = this.strings.size;
		}
		this.worker.postMessage(batch, [this.kinds.buffer, this.values.buffer]);
		this.count = 0;
		this.kinds = new Uint8Array(BATCH_ROWS * this.letters.length);
		this.values = new Float64Array(BATCH_ROWS * this.letters.length);
	}
}

/** Sheet names: at most 31 characters, none of []:*?/\, unique. */
function sheetNames(names: readonly string[]): string[] {
	const used = new Set<string>();
	return names.map((n, i) => {
		let name = n.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || `Sheet${i + 1}`;
		while (used.has(name)) name = `${name.slice(0, 28)}_${i + 1}`;
		used.add(name);
		return name;
	});
}

/**
 * A workbook written sheet by sheet, row by row, its sheets side by side if need be (they
 * share one table of strings): `sheet()` for each table, rows into each, then `finish()`.
 * Deterministic: the same rows written in the same order give the same bytes.
 */
export class WorkbookWriter {
	private readonly strings = new SharedStrings();
	private readonly sheets: { name: string; writer: SheetRows }[] = [];
	private readonly level: DeflateLevel;

	constructor(opts: { level?: DeflateLevel } = {}) {
		this.level = opts.level ?? 6;
	}

	/**
	 * A new sheet with its header row; its rows go to the writer returned. `thread`: render
	 * them in a worker thread (a sheet of a hundred thousand rows or more); `csv` (with
	 * `thread`): the worker writes the same rows as CSV into that member too (`CsvWriter`'s
	 * bytes), which ends once the workbook has finished.
	 */
	sheet(
		name: string,
		headers: readonly string[],
		opts: { thread?: boolean; csv?: MemberWriter } = {}
	): SheetRows {
		const member = new MemberWriter({ level: this.level, sha256: false });
		if (opts.csv && !opts.thread) throw new Error('a CSV copy is written by a threaded sheet');
		const writer = opts.thread
			? new ThreadedSheetWriter(headers, this.strings, member, opts.csv)
			: new SheetWriter(headers, this.strings, member);
		this.sheets.push({ name, writer });
		return writer;
	}

	/** Gives up the workbook (the package failed): ends its worker threads. */
	abort(): void {
		for (const { writer } of this.sheets) {
			if (writer instanceof ThreadedSheetWriter) writer.abort();
		}
	}

	/** The workbook's bytes, once every sheet has its rows (sheets not ended yet are ended). */
	async finish(): Promise<Uint8Array> {
		const ended = this.sheets.map((s) => s.writer.end());
		const names = sheetNames(this.sheets.map((s) => s.name));
		const files: Record<string, string | PackedMember> = {
			'[Content_Types].xml':
				XML_HEADER +
				'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
				'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
				'<Default Extension="xml" ContentType="application/xml"/>' +
				'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
				'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
				'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
				names
					.map(
						(_, i) =>
							`<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
					)
					.join('') +
				'</Types>',
			'_rels/.rels':
				XML_HEADER +
				'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
				'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
				'</Relationships>',
			'xl/workbook.xml':
				XML_HEADER +
				'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
				names
					.map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
					.join('') +
				'</sheets></workbook>',
			'xl/_rels/workbook.xml.rels':
				XML_HEADER +
				'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
				names
					.map(
						(_, i) =>
							`<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`
					)
					.join('') +
				`<Relationship Id="rId${names.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
				`<Relationship Id="rId${names.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
				'</Relationships>',
			'xl/styles.xml':
				XML_HEADER +
				'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
				'<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
				'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
				'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
				'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
				'<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
				'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
				'</styleSheet>'
		};
		const sheets = await Promise.all(ended);
		sheets.forEach((m, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = m));
		files['xl/sharedStrings.xml'] = this.strings.xml();
		// [Content_Types].xml first, as Office writes it; the rest in a fixed order.
		return zipFiles(files, { level: this.level, keepOrder: true, sha256: false });
	}
}

/**
 * One workbook with a sheet per table; deterministic bytes. `thread`: each sheet's rows are
 * rendered in a worker thread (the same bytes).
 */
export async function fastXlsx(
	tables: readonly Table[],
	opts: { level?: DeflateLevel; thread?: boolean } = {}
): Promise<Uint8Array> {
	const book = new WorkbookWriter(opts);
	try {
		for (const t of tables) {
			const sheet = book.sheet(t.name, t.headers, { thread: opts.thread });
			for (const row of t.rows) sheet.row(row);
		}
		return await book.finish();
	} catch (err) {
		book.abort();
		throw err;
	}
}

/** Distinct texts a CsvWriter keeps the field of (a table of free text would not repeat). */
const FIELD_CACHE = 100_000;

/** The first line of a CSV file: the byte order mark, the headers. */
function csvHeaderLine(headers: readonly string[]): string {
	return '\uFEFF' + headers.map((h) => csvCell(neutralise(h))).join(';') + '\r\n';
}

/** One CSV field: numbers with a decimal comma, formula-like text neutralised, quoted if need be. */
function csvCell(v: Cell): string {
	let s: string;
	if (v === null || v === undefined) return '';
	if (v instanceof Date) s = v.toISOString();
	else if (typeof v === 'number') s = String(v).replace('.', ',');
	else if (typeof v === 'boolean') s = v ? '1' : '0';
	else s = neutralise(v);
	return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The same CSV as files/spreadsheet.ts `toCsv` (BOM, `;`, decimal comma, CRLF, formula-like
 * text neutralised), written row by row without a CSV library for the report's large tables,
 * a thousand lines at a time to `out` (a string collector or an archive member); a field with
 * `;`, a quote or a line break is quoted (quotes doubled).
 */
export class CsvWriter {
	private lines: string[] = [];
	/** Each text's field, made once: the large tables repeat a few thousand texts. */
	private readonly fields = new Map<string, string>();

	constructor(
		headers: readonly string[],
		private readonly out: { write(text: string): void }
	) {
		out.write(csvHeaderLine(headers));
	}

	row(row: readonly Cell[]): void {
		let line = '';
		for (let i = 0; i < row.length; i++) {
			const v = row[i];
			if (i) line += ';';
			if (typeof v === 'string') {
				let field = this.fields.get(v);
				if (field === undefined) {
					field = csvCell(v);
					if (this.fields.size < FIELD_CACHE) this.fields.set(v, field);
				}
				line += field;
			} else line += csvCell(v);
		}
		this.lines.push(line);
		// A thousand lines at a time, as in SheetWriter.
		if (this.lines.length === CHUNK_ROWS) this.flush();
	}

	end(): void {
		this.flush();
	}

	private flush(): void {
		if (this.lines.length) this.out.write(this.lines.join('\r\n') + '\r\n');
		this.lines = [];
	}
}

/** A whole table as CSV text (see CsvWriter). */
export function fastCsv(table: Omit<Table, 'name'>): string {
	const parts: string[] = [];
	const csv = new CsvWriter(table.headers, { write: (text) => parts.push(text) });
	for (const row of table.rows) csv.row(row);
	csv.end();
	return parts.join('');
}
