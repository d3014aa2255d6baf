import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { tallinnLocal } from '../domain/periods';

/**
 * The one way the app writes tables for download (engineering notes: exceljs behind one wrapper;
 * CSV as UTF-8 with BOM and `;` for Estonian Excel, formula injection neutralised). Tables for
 * people (docs/decisions/0009-downloads.md): dates are real Excel dates shown dd.mm.yyyy, times
 * are Tallinn wall-clock times, phone numbers are text.
 */
export type Cell = string | number | boolean | Date | null | undefined;

/**
 * What a column holds, where a cell alone does not say it:
 * - `date`: a calendar day (`yyyy-mm-dd` or a Date, taken as its Tallinn day) — an Excel date
 *   shown dd.mm.yyyy; in CSV `dd.mm.yyyy`;
 * - `datetime`: an instant — the Tallinn wall-clock time as an Excel date-time shown
 *   dd.mm.yyyy hh:mm; in CSV `dd.mm.yyyy hh:mm` (a Date cell of any column is written so);
 * - `month`: a month (`yyyy-mm`) — an Excel date (its first day) shown mm.yyyy; in CSV `mm.yyyy`;
 * - `phone`: a phone number — a text cell in Text format (no apostrophe, no formula); in CSV
 *   `="+372 …"`, the form Excel keeps as text (only for values of phone characters).
 */
export type ColumnKind = 'date' | 'datetime' | 'month' | 'phone';

export interface Table {
	/** Sheet name (≤ 31 characters, no []:*?/\). */
	name: string;
	headers: readonly string[];
	rows: readonly (readonly Cell[])[];
	/** Each column's kind (by position), where it matters. */
	kinds?: readonly (ColumnKind | null | undefined)[];
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
/** Digits, spaces and the punctuation of phone numbers: never a formula, whatever it starts with. */
const PHONE = /^\+?[0-9 ()./-]+$/;

/** A day (`yyyy-mm-dd`) or an instant's Tallinn day, as [y, m, d]; null when it is neither. */
function dayParts(v: Cell): [number, number, number] | null {
	const iso = v instanceof Date ? tallinnLocal(v).slice(0, 10) : typeof v === 'string' ? v : null;
	const m = iso ? ISO_DAY.exec(iso) : null;
	return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** A month (`yyyy-mm`) as [y, m]; null when it is not one. */
function monthParts(v: Cell): [number, number] | null {
	const m = typeof v === 'string' ? ISO_MONTH.exec(v) : null;
	return m ? [Number(m[1]), Number(m[2])] : null;
}

const two = (n: number) => String(n).padStart(2, '0');

/** Excel stores dates without a zone: the Tallinn day or wall-clock time as if it were UTC. */
function excelDate(v: Cell, kind: 'date' | 'datetime'): Date | null {
	if (kind === 'date' || !(v instanceof Date)) {
		const d = dayParts(v);
		return d ? new Date(Date.UTC(d[0], d[1] - 1, d[2])) : null;
	}
	const w = tallinnLocal(v);
	return new Date(`${w}:00Z`);
}

const DATE_FORMAT = 'dd.mm.yyyy';
const DATETIME_FORMAT = 'dd.mm.yyyy hh:mm';
const MONTH_FORMAT = 'mm.yyyy';

/** A cell as text for CSV in the column's kind (dates dd.mm.yyyy, times in Tallinn). */
function csvKindCell(v: Cell, kind: ColumnKind | null | undefined): Cell {
	if (v === null || v === undefined || v === '') return v;
	if (kind === 'date') {
		const d = dayParts(v);
		if (d) return `${two(d[2])}.${two(d[1])}.${d[0]}`;
	}
	if (kind === 'month') {
		const d = monthParts(v);
		if (d) return `${two(d[1])}.${d[0]}`;
	}
	if (v instanceof Date) {
		const w = tallinnLocal(v);
		return `${w.slice(8, 10)}.${w.slice(5, 7)}.${w.slice(0, 4)} ${w.slice(11, 16)}`;
	}
	return v;
}

/** A cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export function neutralise(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(v: Cell, kind?: ColumnKind | null): string {
	v = csvKindCell(v, kind);
	if (v === null || v === undefined) return '';
	if (v instanceof Date) return v.toISOString();
	if (typeof v === 'number') return String(v).replace('.', ',');
	if (typeof v === 'boolean') return v ? '1' : '0';
	if (kind === 'phone' && PHONE.test(v)) return `="${v}"`;
	return neutralise(v);
}

/**
 * CSV for Estonian Excel: BOM, `;` separator, decimal comma, CRLF; dates dd.mm.yyyy and times
 * in Tallinn (as Excel reads them in Estonian), phone numbers kept as text.
 */
export function toCsv(table: Omit<Table, 'name'>): string {
	const kinds = table.kinds ?? [];
	return (
		'\uFEFF' +
		stringify(
			[
				table.headers.map((h) => neutralise(h)),
				...table.rows.map((r) => r.map((v, i) => csvCell(v, kinds[i])))
			],
			{
				delimiter: ';',
				record_delimiter: '\r\n',
				// A bare line break inside a cell must be quoted too, or it splits the row.
				quoted_match: /[\r\n]/
			}
		)
	);
}

/**
 * XLSX with one sheet per table; header row bold and frozen; strings neutralised; dates as
 * Excel dates with a date format, times in Tallinn; phone numbers as text cells.
 */
export async function toXlsx(tables: readonly Table[], createdAt?: Date): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Seltsiline';
	const stamp = createdAt ?? new Date();
	wb.created = stamp;
	wb.modified = stamp;
	for (const t of tables) {
		const ws = wb.addWorksheet(t.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), {
			views: [{ state: 'frozen', ySplit: 1 }]
		});
		ws.addRow([...t.headers]).font = { bold: true };
		const kinds = t.kinds ?? [];
		for (const r of t.rows) {
			const row = ws.addRow(r.map((v, i) => xlsxValue(v, kinds[i])));
			r.forEach((v, i) => {
				const format = xlsxFormat(v, kinds[i]);
				if (format) row.getCell(i + 1).numFmt = format;
			});
		}
		ws.columns.forEach((col, i) => {
			const kind = kinds[i];
			const longest = Math.max(
				String(t.headers[i] ?? '').length,
				...t.rows
					.slice(0, 200)
					.map((r) =>
						r[i] instanceof Date || kind === 'datetime'
							? 16
							: kind === 'date'
								? 10
								: String(r[i] ?? '').length
					)
			);
			col.width = Math.min(60, Math.max(8, longest + 2));
		});
	}
	const buf = await wb.xlsx.writeBuffer();
	return new Uint8Array(buf as ArrayBuffer);
}

/** A cell's value in the workbook: dates as zone-less Excel dates, text neutralised. */
function xlsxValue(v: Cell, kind: ColumnKind | null | undefined): ExcelJS.CellValue {
	if (v === null || v === undefined || v === '') return null;
	const month = kind === 'month' ? monthParts(v) : null;
	if (month) return new Date(Date.UTC(month[0], month[1] - 1, 1));
	if (kind === 'date' || kind === 'datetime' || v instanceof Date) {
		const d = excelDate(v, kind === 'date' ? 'date' : 'datetime');
		if (d) return d;
	}
	if (typeof v === 'string') return kind === 'phone' && PHONE.test(v) ? v : neutralise(v);
	return v;
}

function xlsxFormat(v: Cell, kind: ColumnKind | null | undefined): string | null {
	if (v === null || v === undefined || v === '') return null;
	if (kind === 'phone') return '@';
	if (kind === 'date' && dayParts(v)) return DATE_FORMAT;
	if (kind === 'month' && monthParts(v)) return MONTH_FORMAT;
	if (kind === 'datetime' || v instanceof Date) return DATETIME_FORMAT;
	return null;
}
