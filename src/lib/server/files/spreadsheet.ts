import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';

/**
 * The one way the app writes tables for download (engineering notes: exceljs behind one wrapper;
 * CSV as UTF-8 with BOM and `;` for Estonian Excel, formula injection neutralised).
 */
export type Cell = string | number | boolean | Date | null | undefined;

export interface Table {
	/** Sheet name (≤ 31 characters, no []:*?/\). */
	name: string;
	headers: readonly string[];
	rows: readonly (readonly Cell[])[];
}

/** A cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export function neutralise(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(v: Cell): string {
	if (v === null || v === undefined) return '';
	if (v instanceof Date) return v.toISOString();
	if (typeof v === 'number') return String(v).replace('.', ',');
	if (typeof v === 'boolean') return v ? '1' : '0';
	return neutralise(v);
}

/** CSV for Estonian Excel: BOM, `;` separator, decimal comma, CRLF. */
export function toCsv(table: Omit<Table, 'name'>): string {
	return (
		'\uFEFF' +
		stringify([table.headers.map((h) => neutralise(h)), ...table.rows.map((r) => r.map(csvCell))], {
			delimiter: ';',
			record_delimiter: '\r\n',
			// A bare line break inside a cell must be quoted too, or it splits the row.
			quoted_match: /[\r\n]/
		})
	);
}

/** XLSX with one sheet per table; header row bold and frozen; strings neutralised. */
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
		for (const r of t.rows) {
			ws.addRow(r.map((v) => (typeof v === 'string' ? neutralise(v) : (v ?? null))));
		}
		ws.columns.forEach((col, i) => {
			const longest = Math.max(
				String(t.headers[i] ?? '').length,
				...t.rows.slice(0, 200).map((r) => String(r[i] ?? '').length)
			);
			col.width = Math.min(60, Math.max(8, longest + 2));
		});
	}
	const buf = await wb.xlsx.writeBuffer();
	return new Uint8Array(buf as ArrayBuffer);
}
