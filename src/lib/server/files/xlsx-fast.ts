import { zipFiles } from './zip';
import { neutralise, type Cell, type Table } from './spreadsheet';

/**
 * A minimal XLSX writer for the large tables of the quarterly report (a quarter's contacts of
 * the whole country: hundreds of thousands of rows). exceljs (files/spreadsheet.ts, used for
 * every other workbook) needs about 100 ms per thousand rows; this writes the same kind of
 * sheet — header row bold and frozen, shared strings, numbers as numbers — many times
 * faster, with fixed timestamps so the same rows give the same bytes (the report is hashed).
 * See docs/decisions/0003-reporting-package-and-generator.md.
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
class SharedStrings {
	private readonly index = new Map<string, number>();
	private readonly list: string[] = [];
	count = 0;
	/** The index of a text, neutralised (formula-like text) once when first seen. */
	id(text: string): number {
		this.count++;
		let i = this.index.get(text);
		if (i === undefined) {
			i = this.list.length;
			this.index.set(text, i);
			this.list.push(neutralise(text));
		}
		return i;
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
	return `<c r="${ref}"${style} t="s"><v>${strings.id(text)}</v></c>`;
}

function sheetXml(table: Table, strings: SharedStrings): string {
	const widths = table.headers.map((h, i) =>
		Math.min(
			60,
			Math.max(
				8,
				String(h).length + 2,
				...table.rows.slice(0, 200).map((r) => String(r[i] ?? '').length + 2)
			)
		)
	);
	const cols = widths.map(
		(w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`
	);
	const parts: string[] = [
		XML_HEADER,
		'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
		'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>',
		`<cols>${cols.join('')}</cols>`,
		'<sheetData>',
		`<row r="1">${table.headers.map((h, i) => cellXml(h, `${columnName(i)}1`, strings, true)).join('')}</row>`
	];
	const letters = table.headers.map((_, i) => columnName(i));
	// Rows are joined a thousand at a time: the row strings die young instead of hundreds of
	// thousands of them living until the end (most of the time was the garbage collector's).
	let chunk: string[] = [];
	for (let r = 0; r < table.rows.length; r++) {
		const row = table.rows[r]!;
		const n = r + 2;
		let cells = '';
		for (let i = 0; i < row.length; i++) {
			cells += cellXml(row[i], `${letters[i] ?? columnName(i)}${n}`, strings, false);
		}
		chunk.push(`<row r="${n}">${cells}</row>`);
		if (chunk.length === CHUNK_ROWS) {
			parts.push(chunk.join(''));
			chunk = [];
		}
	}
	parts.push(chunk.join(''), '</sheetData></worksheet>');
	return parts.join('');
}

/** Sheet names: at most 31 characters, none of []:*?/\, unique. */
function sheetNames(tables: readonly Table[]): string[] {
	const used = new Set<string>();
	return tables.map((t, i) => {
		let name = t.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || `Sheet${i + 1}`;
		while (used.has(name)) name = `${name.slice(0, 28)}_${i + 1}`;
		used.add(name);
		return name;
	});
}

/** One workbook with a sheet per table; deterministic bytes. */
export async function fastXlsx(
	tables: readonly Table[],
	opts: { level?: 1 | 6 } = {}
): Promise<Uint8Array> {
	const names = sheetNames(tables);
	const files: Record<string, string> = {
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
	const strings = new SharedStrings();
	tables.forEach((t, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = sheetXml(t, strings)));
	files['xl/sharedStrings.xml'] = strings.xml();
	// [Content_Types].xml first, as Office writes it; the rest in a fixed order.
	return zipFiles(files, { level: opts.level ?? 6, keepOrder: true });
}

/**
 * The same CSV as files/spreadsheet.ts `toCsv` (BOM, `;`, decimal comma, CRLF, formula-like
 * text neutralised), written without a CSV library for the report's large tables; a field
 * with `;`, a quote or a line break is quoted (quotes doubled).
 */
export function fastCsv(table: Omit<Table, 'name'>): string {
	const cell = (v: Cell): string => {
		let s: string;
		if (v === null || v === undefined) return '';
		if (v instanceof Date) s = v.toISOString();
		else if (typeof v === 'number') s = String(v).replace('.', ',');
		else if (typeof v === 'boolean') s = v ? '1' : '0';
		else s = neutralise(v);
		return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
	};
	const chunks: string[] = ['\uFEFF' + table.headers.map((h) => cell(neutralise(h))).join(';')];
	// A thousand lines at a time, as in sheetXml.
	let lines: string[] = [];
	for (const row of table.rows) {
		let line = '';
		for (let i = 0; i < row.length; i++) line += (i ? ';' : '') + cell(row[i]);
		lines.push(line);
		if (lines.length === CHUNK_ROWS) {
			chunks.push(lines.join('\r\n'));
			lines = [];
		}
	}
	if (lines.length) chunks.push(lines.join('\r\n'));
	return chunks.join('\r\n') + '\r\n';
}
