import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { WorkbookWriter, columnName, fastCsv, fastXlsx } from '$lib/server/files/xlsx-fast';
import { toCsv } from '$lib/server/files/spreadsheet';
import { readZip } from '$lib/server/files/zip';
import { pseudonym } from '$lib/server/services/reports';
import { csvLine } from '$lib/server/services/handover';
import { fitMinutes, type GEntry } from '$lib/server/generator/plan';
import { Ids, Random, uuidFrom } from '$lib/server/generator/random';

describe('the fast XLSX writer of the quarterly report', () => {
	const table = {
		name: 'Kontaktid: [test]',
		headers: ['Kood', 'Kuupäev', 'Kestus (min)', 'Märkus'],
		rows: [
			['K-1', '2026-07-01', 60, 'Õie & Žanna <tere>'],
			['K-2', '2026-07-02', 90.5, '=HYPERLINK("x")'],
			['K-1', null, 15, ' tühik ees']
		]
	};

	it('writes a workbook exceljs reads back: sheet name, bold header, numbers, text', async () => {
		const bytes = await fastXlsx([table, { name: 'Teine', headers: ['a'], rows: [[1]] }]);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
		const ws = wb.worksheets[0]!;
		expect(ws.name).toBe('Kontaktid   test ');
		expect(ws.getRow(1).values).toEqual([undefined, 'Kood', 'Kuupäev', 'Kestus (min)', 'Märkus']);
		expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
		expect(ws.getRow(2).values).toEqual([undefined, 'K-1', '2026-07-01', 60, 'Õie & Žanna <tere>']);
		// Formula injection neutralised; an empty cell keeps the columns in place.
		expect(ws.getRow(3).getCell(4).value).toBe('\'=HYPERLINK("x")');
		expect(ws.getRow(4).getCell(3).value).toBe(15);
		expect(ws.getRow(4).getCell(4).value).toBe(' tühik ees');
		expect(wb.worksheets[1]!.getRow(2).getCell(1).value).toBe(1);
	});

	it('gives the same bytes for the same rows (the report is hashed)', async () => {
		const once = await fastXlsx([table]);
		expect(Buffer.from(once)).toEqual(Buffer.from(await fastXlsx([table])));
		// Office wants the content types first.
		expect(Object.keys(readZip(once))[0]).toBe('[Content_Types].xml');
		expect(Object.keys(readZip(once))).toContain('xl/sharedStrings.xml');
	});

	it('writes the same CSV as the shared writer, and quotes what needs quoting', () => {
		const plain = {
			headers: ['Kood', 'Kestus', '=SUM(A1)'],
			rows: [
				['K-1', 60.5, 'Õie; Žanna'],
				['K-2', null, 'ütles "tere"'],
				['K-3', true, '+372 5555 1234']
			]
		};
		expect(fastCsv(plain)).toBe(toCsv(plain));
		expect(fastCsv({ headers: ['a'], rows: [['rida 1\nrida 2']] })).toBe(
			'\uFEFFa\r\n"rida 1\nrida 2"\r\n'
		);
	});

	it('names columns A…Z, AA…', () => {
		expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual([
			'A',
			'Z',
			'AA',
			'AZ',
			'BA',
			'ZZ',
			'AAA'
		]);
	});
});

describe('the hand-over CSV', () => {
	it('keeps a text written on several lines in one quoted field', () => {
		expect(csvLine(['a', 'rida 1\nrida 2', 'x;y', 'ütles "tere"', 'rida\r\nteine'])).toBe(
			'a;"rida 1\nrida 2";"x;y";"ütles ""tere""";"rida\r\nteine"\r\n'
		);
		expect(csvLine(['', 'plain'])).toBe(';plain\r\n');
	});
});

describe('pseudonyms in the report', () => {
	it('are stable for a secret and an id, differ between people and secrets', () => {
		const id = '3f2c1b5e-1111-4222-8333-444455556666';
		expect(pseudonym('s1', 'K', id)).toMatch(/^K-[0-9A-F]{10}$/);
		expect(pseudonym('s1', 'K', id)).toBe(pseudonym('s1', 'K', id));
		expect(pseudonym('s2', 'K', id)).not.toBe(pseudonym('s1', 'K', id));
		expect(pseudonym('s1', 'K', id.replace('1111', '1112'))).not.toBe(pseudonym('s1', 'K', id));
		expect(pseudonym('s1', 'V', id)).toMatch(/^V-/);
	});
});

describe('the generator’s building blocks', () => {
	it('makes durations add up to the exact target in 5-minute steps', () => {
		const rng = new Random(7);
		const entries = Array.from(
			{ length: 1000 },
			() => ({ durationMinutes: rng.int(2, 30) * 5 }) as GEntry
		);
		fitMinutes(entries, 107_400, 1);
		expect(entries.reduce((s, e) => s + e.durationMinutes, 0)).toBe(107_400);
		expect(entries.every((e) => e.durationMinutes >= 5 && e.durationMinutes <= 480)).toBe(true);
		expect(entries.every((e) => e.durationMinutes % 5 === 0)).toBe(true);
		expect(() => fitMinutes(entries, 1003, 1)).toThrow();
	});

	it('draws the same numbers from the same seed and unique, stable ids', () => {
		const a = new Random(42);
		const b = new Random(42);
		expect([a.float(), a.int(1, 6), a.pick(['x', 'y', 'z'])]).toEqual([
			b.float(),
			b.int(1, 6),
			b.pick(['x', 'y', 'z'])
		]);
		const ids = new Ids(1, 'entries');
		const many = Array.from({ length: 50_000 }, () => ids.next());
		expect(new Set(many).size).toBe(50_000);
		expect(many[0]).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
		);
		expect(new Ids(1, 'entries').next()).toBe(many[0]);
		expect(uuidFrom('x')).not.toBe(uuidFrom('y'));
	});
});

describe('a sheet rendered in a worker thread', () => {
	// Enough rows for several blocks of the member (TEXT_BLOCK) and the width sample, with every
	// kind of cell: text (formula-like too), integers, decimals, booleans, dates, empty cells.
	const rows = Array.from({ length: 12_000 }, (_, i) => [
		`K-${(i % 977).toString(16).toUpperCase().padStart(10, '0')}`,
		i % 5 === 0 ? '' : ['Harju maakond', 'Võru maakond', '=SUM(A1)'][i % 3]!,
		i % 7 === 0 ? null : 15 + (i % 90),
		i % 11 === 0 ? 1.25 : i,
		i % 2 === 0,
		new Date(Date.UTC(2026, 6, 1 + (i % 90))),
		i % 13 === 0 ? Number.NaN : 'Kodukülastus & <jalutuskäik>'
	]);
	const tables = [
		{
			name: 'Kontaktid',
			headers: ['Kood', 'Maakond', 'Kestus', 'Arv', 'Jah', 'Kuupäev', 'Märkus'],
			rows
		},
		{ name: 'Väike', headers: ['a', 'b'], rows: [['x', 1]] }
	];

	it('gives the same bytes as rendering here, and exceljs reads it back', async () => {
		const here = await fastXlsx(tables, { level: 1 });
		const threaded = await fastXlsx(tables, { level: 1, thread: true });
		expect(Buffer.from(threaded).equals(Buffer.from(here))).toBe(true);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(threaded) as unknown as ArrayBuffer);
		const ws = wb.worksheets[0]!;
		expect(ws.rowCount).toBe(12_001);
		expect(ws.getRow(12_001).getCell(4).value).toBe(11_999);
		expect(ws.getRow(2).values).toEqual([
			undefined,
			'K-0000000000',
			undefined,
			undefined,
			1.25,
			true,
			'2026-07-01T00:00:00.000Z',
			'NaN'
		]);
		expect(ws.getRow(4).getCell(2).value).toBe("'=SUM(A1)");
		expect(wb.worksheets[1]!.getRow(2).values).toEqual([undefined, 'x', 1]);
	});

	it('stops its worker when the workbook is given up', async () => {
		const book = new WorkbookWriter();
		const sheet = book.sheet('Kontaktid', ['a'], { thread: true });
		for (let i = 0; i < 300; i++) sheet.row([i]);
		book.abort();
		await expect(sheet.end()).rejects.toThrow(/stopped/);
	});
});
