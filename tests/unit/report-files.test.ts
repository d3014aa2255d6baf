import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { inflateRawSync } from 'node:zlib';
import {
	CsvWriter,
	WorkbookWriter,
	columnName,
	fastCsv,
	fastXlsx
} from '$lib/server/files/xlsx-fast';
import { toCsv } from '$lib/server/files/spreadsheet';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	MemberWriter,
	TEXT_BLOCK,
	ZipFileWriter,
	ZipTooLargeError,
	packMember,
	readZip,
	zipPacked
} from '$lib/server/files/zip';
import { pseudonym } from '$lib/server/services/reporting/report-settings';
import { csvLine } from '$lib/server/services/admin/handover';
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

	it('writes the CSV copy beside the sheet with the same bytes as CsvWriter, and the same sheet', async () => {
		// Client by client, as the contacts come: runs of the same code and county.
		const contacts = Array.from({ length: 20_000 }, (_, i) => [
			`K-${Math.floor(i / 5)}`,
			['Harju maakond', 'Võru maakond', '=SUM(A1)', 'Tee; "nimi"'][Math.floor(i / 50) % 4]!,
			i % 7 === 0 ? null : 15 + (i % 90),
			i % 11 === 0 ? 1.25 : i,
			i % 2 === 0,
			new Date(Date.UTC(2026, 6, 1 + (i % 90))),
			i % 9 === 0 ? '' : 'Kodukülastus\nrida'
		]);
		const headers = ['Kood', 'Maakond', 'Kestus', 'Arv', 'Jah', 'Kuupäev', 'Märkus'];
		const here = new MemberWriter({ level: 1 });
		const csv = new CsvWriter(headers, here);
		for (const r of contacts) csv.row(r);
		csv.end();
		const expected = await here.end();

		const copy = new MemberWriter({ level: 1 });
		const book = new WorkbookWriter({ level: 1 });
		const sheet = book.sheet('Kontaktid', headers, { thread: true, csv: copy });
		for (const r of contacts) sheet.row(r);
		const threaded = await book.finish();
		const written = await copy.end();
		expect(written.size).toBeGreaterThan(TEXT_BLOCK); // several blocks
		expect(Buffer.from(written.data).equals(Buffer.from(expected.data))).toBe(true);
		expect({ ...written, data: null }).toEqual({ ...expected, data: null });
		expect(inflateRawSync(written.data).toString('utf8')).toBe(
			fastCsv({ headers, rows: contacts })
		);
		// The sheet is the one rendered here.
		const plain = await fastXlsx([{ name: 'Kontaktid', headers, rows: contacts }], { level: 1 });
		expect(Buffer.from(threaded).equals(Buffer.from(plain))).toBe(true);
	});

	it('stops its worker when the workbook is given up', async () => {
		const book = new WorkbookWriter();
		const sheet = book.sheet('Kontaktid', ['a'], { thread: true });
		for (let i = 0; i < 300; i++) sheet.row([i]);
		book.abort();
		await expect(sheet.end()).rejects.toThrow(/stopped/);
	});
});

describe('a ZIP written to a file member by member', () => {
	const members = async () => [
		['a.txt', await packMember('tere '.repeat(5000))] as const,
		['b.pdf', await packMember(new Uint8Array([37, 80, 68, 70, 1, 2, 3]), { store: true })] as const
	];

	it('gives the same bytes as the archive made in memory, with a member streamed in', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'zip-'));
		try {
			const scan = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
			const ms = await members();
			const inMemory = zipPacked([
				...ms,
				['c.png', await packMember(scan, { store: true })] as const
			]);
			const path = join(dir, 'p.zip');
			const zip = await ZipFileWriter.create(path);
			for (const [name, m] of ms) await zip.add(name, m);
			// The scan comes in chunks, as from the file store.
			async function* chunks() {
				for (let i = 0; i < scan.length; i += 65536) yield scan.subarray(i, i + 65536);
			}
			const read = await zip.addStream('c.png', chunks());
			const written = await zip.end();
			const bytes = readFileSync(path);
			expect(Buffer.from(inMemory).equals(bytes)).toBe(true);
			expect(written).toEqual({
				bytes: bytes.length,
				sha256: createHash('sha256').update(bytes).digest('hex')
			});
			expect(read).toEqual({
				size: scan.length,
				sha256: createHash('sha256').update(scan).digest('hex')
			});
			expect(Buffer.from(readZip(bytes)['c.png']!).equals(Buffer.from(scan))).toBe(true);
			expect((statSync(path).mode & 0o777).toString(8)).toBe('600');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('writes the ZIP64 records for what lies past 4 GiB, and readers find every member', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'zip-'));
		try {
			const path = join(dir, 'p.zip');
			// From byte 100 on, as if it were 4 GiB: the second and third members and the directory.
			const zip = await ZipFileWriter.create(path, { zip64Above: 100 });
			const ms = await members();
			for (const [name, m] of ms) await zip.add(name, m);
			const scan = new Uint8Array(70_000).map((_, i) => (i * 13) % 256);
			async function* chunks() {
				yield scan.subarray(0, 30_000);
				yield scan.subarray(30_000);
			}
			await zip.addStream('c.png', chunks());
			await zip.end();
			const bytes = readFileSync(path);
			const files = readZip(bytes);
			expect(Object.keys(files)).toEqual(['a.txt', 'b.pdf', 'c.png']);
			expect(new TextDecoder().decode(files['a.txt'])).toBe('tere '.repeat(5000));
			expect(Buffer.from(files['c.png']!).equals(Buffer.from(scan))).toBe(true);
			// The ZIP64 end record and its locator, then the classic end pointing to them.
			const end = bytes.length - 22;
			expect(bytes.readUInt32LE(end)).toBe(0x06054b50);
			expect(bytes.readUInt32LE(end + 16)).toBe(0xffffffff);
			expect(bytes.readUInt32LE(end - 20)).toBe(0x07064b50);
			const record = Number(bytes.readBigUInt64LE(end - 20 + 8));
			expect(bytes.readUInt32LE(record)).toBe(0x06064b50);
			expect(Number(bytes.readBigUInt64LE(record + 32))).toBe(3);
			// The first member starts at 0 (no ZIP64 field); the others carry their offset in one.
			const directory = Number(bytes.readBigUInt64LE(record + 48));
			expect(bytes.readUInt32LE(directory + 42)).toBe(0);
			expect(bytes.readUInt16LE(directory + 30)).toBe(0);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('refuses a member of 4 GiB or more (its own sizes would need ZIP64 fields)', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'zip-'));
		try {
			const zip = await ZipFileWriter.create(join(dir, 'p.zip'));
			const small = await packMember('x', { store: true });
			await expect(zip.add('huge.bin', { ...small, size: 2 ** 32 })).rejects.toBeInstanceOf(
				ZipTooLargeError
			);
			await zip.abort();
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
