import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
	finishPdf,
	pdfFacts,
	pdfHeading,
	pdfParagraph,
	pdfTable,
	startPdf
} from '$lib/server/files/pdf';
import { neutralise, toCsv, toXlsx } from '$lib/server/files/spreadsheet';
import {
	MemberWriter,
	TEXT_BLOCK,
	makeZip,
	packMember,
	readZip,
	zipFiles
} from '$lib/server/files/zip';
import { createHash } from 'node:crypto';
import { crc32, inflateRawSync } from 'node:zlib';
import { pdfTagging, pdfText } from '../helpers/pdf';

describe('PDF', () => {
	it('writes Estonian and Russian letters that a reader gets back as text', async () => {
		const doc = startPdf({ title: 'Väljavõte', createdAt: new Date('2026-01-01T00:00:00Z') });
		pdfHeading(doc, 'Kliendi väljavõte');
		pdfFacts(doc, [
			['Nimi', 'Õie Šmidt-Žukova'],
			['Tühi', null]
		]);
		pdfTable(
			doc,
			[
				{ header: 'Kuupäev', width: 1 },
				{ header: 'Kirjeldus', width: 3 }
			],
			Array.from({ length: 80 }, (_, i) => [`0${(i % 9) + 1}.01.2026`, `Jalutuskäik ${i} Привет`])
		);
		const text = await pdfText(await finishPdf(doc));
		expect(text).toContain('Kliendi väljavõte');
		expect(text).toContain('Õie Šmidt-Žukova');
		expect(text).toContain('Привет');
		expect(text).toContain('Jalutuskäik 79');
		expect(text).not.toContain('Tühi');
	});

	it('is tagged for screen readers: structure tree, language, title shown (issue 20)', async () => {
		const render = async () => {
			const doc = startPdf({
				title: 'Акт',
				createdAt: new Date('2026-01-01T00:00:00Z'),
				lang: 'ru'
			});
			pdfHeading(doc, 'Акт', 16);
			pdfParagraph(doc, 'Текст');
			pdfHeading(doc, 'Таблица');
			pdfTable(
				doc,
				[{ header: 'Дата', width: 1 }],
				Array.from({ length: 90 }, (_, i) => [`${i}`])
			);
			return finishPdf(doc);
		};
		const bytes = await render();
		const tags = pdfTagging(bytes);
		expect(tags).toMatchObject({
			structTreeRoot: true,
			marked: true,
			lang: 'ru',
			displayTitle: true
		});
		expect([...tags.types].sort()).toEqual([
			'Document',
			'H1',
			'H2',
			'P',
			'TD',
			'TH',
			'TR',
			'Table'
		]);
		// The same content gives the same bytes (the hand-over act is hashed in the package).
		expect(Buffer.from(await render()).equals(Buffer.from(bytes))).toBe(true);
	});
});

describe('CSV and XLSX', () => {
	it('neutralises cells a spreadsheet would run as formulas', () => {
		expect(neutralise('=SUM(A1)')).toBe("'=SUM(A1)");
		expect(neutralise('+372 555')).toBe("'+372 555");
		expect(neutralise('-5')).toBe("'-5");
		expect(neutralise('@x')).toBe("'@x");
		expect(neutralise('Tamm')).toBe('Tamm');
	});

	it('writes CSV for Estonian Excel: BOM, semicolons, decimal comma, quoted when needed', () => {
		const csv = toCsv({
			headers: ['Nimi', 'Tunnid'],
			rows: [
				['Mari; Tamm', 1.5],
				['=1+1', null]
			]
		});
		expect(csv.startsWith('\uFEFF')).toBe(true);
		expect(csv).toBe('\uFEFFNimi;Tunnid\r\n"Mari; Tamm";1,5\r\n\'=1+1;\r\n');
	});

	it('quotes a cell with a line break so the row stays whole', () => {
		const csv = toCsv({ headers: ['a', 'b'], rows: [['rida 1\nrida 2', 'x']] });
		expect(csv).toBe('\uFEFFa;b\r\n"rida 1\nrida 2";x\r\n');
	});

	it('writes XLSX sheets whose cells read back', async () => {
		const bytes = await toXlsx([
			{
				name: 'Kliendid',
				headers: ['Nimi', 'Arv'],
				rows: [
					['Õie', 3],
					['=evil', 4]
				]
			}
		]);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(bytes.buffer as ArrayBuffer);
		const ws = wb.getWorksheet('Kliendid')!;
		expect(ws.getRow(1).values).toEqual([undefined, 'Nimi', 'Arv']);
		expect(ws.getCell('A2').value).toBe('Õie');
		expect(ws.getCell('B2').value).toBe(3);
		expect(ws.getCell('A3').value).toBe("'=evil");
	});

	const kinded = {
		name: 'Read',
		headers: ['Päev', 'Aeg', 'Kuu', 'Telefon', 'Tekst'],
		kinds: ['date', 'datetime', 'month', 'phone'] as const,
		rows: [
			// 21:30 UTC on 31 Jan is 23:30 in Tallinn (UTC+2); 22:30 UTC in July is 01:30 the next day.
			['2026-02-01', new Date('2026-01-31T21:30:00Z'), '2026-02', '+372 5551 2345', '+Kask'],
			[null, new Date('2026-07-14T22:30:00Z'), null, '=1+1', null]
		]
	};

	it('CSV: days dd.mm.yyyy, times in Tallinn, months mm.yyyy, phone numbers as text', () => {
		expect(toCsv(kinded)).toBe(
			'\uFEFFPäev;Aeg;Kuu;Telefon;Tekst\r\n' +
				`01.02.2026;31.01.2026 23:30;02.2026;"=""+372 5551 2345""";'+Kask\r\n` +
				";15.07.2026 01:30;;'=1+1;\r\n"
		);
	});

	it('XLSX: days, times and months are Excel dates with a date format; phones are text', async () => {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await toXlsx([kinded])).buffer as ArrayBuffer);
		const ws = wb.getWorksheet('Read')!;
		const day = ws.getCell('A2');
		expect(day.type).toBe(ExcelJS.ValueType.Date);
		expect(day.value).toEqual(new Date(Date.UTC(2026, 1, 1)));
		expect(day.numFmt).toBe('dd.mm.yyyy');
		// The Tallinn wall-clock time, stored as Excel stores times: without a zone.
		expect(ws.getCell('B2').value).toEqual(new Date(Date.UTC(2026, 0, 31, 23, 30)));
		expect(ws.getCell('B2').numFmt).toBe('dd.mm.yyyy hh:mm');
		expect(ws.getCell('B3').value).toEqual(new Date(Date.UTC(2026, 6, 15, 1, 30)));
		expect(ws.getCell('C2').value).toEqual(new Date(Date.UTC(2026, 1, 1)));
		expect(ws.getCell('C2').numFmt).toBe('mm.yyyy');
		expect(ws.getCell('D2').value).toBe('+372 5551 2345');
		expect(ws.getCell('D2').numFmt).toBe('@');
		// Not a phone number: neutralised as ever.
		expect(ws.getCell('D3').value).toBe("'=1+1");
		expect(ws.getCell('E2').value).toBe("'+Kask");
	});
});

describe('ZIP', () => {
	it('gives the same bytes for the same content, whatever the order of entries', () => {
		const a = makeZip({ 'b.csv': 'x;y', 'a/readme.txt': 'tere' });
		const b = makeZip({ 'a/readme.txt': 'tere', 'b.csv': 'x;y' });
		expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
		const files = readZip(a);
		expect(Object.keys(files).sort()).toEqual(['a/readme.txt', 'b.csv']);
		expect(new TextDecoder().decode(files['a/readme.txt'])).toBe('tere');
	});

	it('zips large packages with native deflate: same bytes for the same content, stored entries stored', async () => {
		const big = 'Kliendi kood;Maakond;Kuupäev\r\n'.repeat(20_000);
		const pdf = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
		const files = { 'b/kontaktid.csv': big, 'a/akt.pdf': pdf, 'c.txt': '' };
		const store = (name: string) => name.endsWith('.pdf');
		const a = await zipFiles(files, { store });
		const b = await zipFiles({ 'c.txt': '', 'a/akt.pdf': pdf, 'b/kontaktid.csv': big }, { store });
		expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
		const back = readZip(a);
		expect(Object.keys(back)).toEqual(['a/akt.pdf', 'b/kontaktid.csv', 'c.txt']);
		expect(new TextDecoder().decode(back['b/kontaktid.csv'])).toBe(big);
		expect(Buffer.from(back['a/akt.pdf']!).equals(Buffer.from(pdf))).toBe(true);
		expect(back['c.txt']!.length).toBe(0);
		// The CSV is deflated (method 8), the PDF stored as it is (method 0): local headers.
		const methods = new Map<string, number>();
		const view = Buffer.from(a);
		for (let at = 0; view.readUInt32LE(at) === 0x04034b50;) {
			const nameLength = view.readUInt16LE(at + 26);
			const name = view.toString('utf8', at + 30, at + 30 + nameLength);
			methods.set(name, view.readUInt16LE(at + 8));
			const next = view.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), at + 30);
			if (next < 0) break;
			at = next;
		}
		expect(methods.get('b/kontaktid.csv')).toBe(8);
		expect(methods.get('a/akt.pdf')).toBe(0);
		expect(a.length).toBeLessThan(big.length / 20);
		// keepOrder: the order given, not sorted.
		const ordered = await zipFiles({ 'z.xml': 'z', 'a.xml': 'a' }, { keepOrder: true });
		expect(Object.keys(readZip(ordered))).toEqual(['z.xml', 'a.xml']);
	});

	it('deflates a member written piece by piece in blocks that join into one stream', async () => {
		// Several blocks' worth of text with non-ASCII letters, written a line at a time.
		const lines = Array.from(
			{ length: 60_000 },
			(_, i) =>
				`K-${String(i).padStart(10, '0')};Võru maakond;2026-07-${(i % 28) + 1};Kodukülastus\r\n`
		);
		const whole = lines.join('');
		expect(whole.length).toBeGreaterThan(2 * TEXT_BLOCK);
		const bytes = Buffer.from(whole, 'utf8');
		const writer = new MemberWriter({ level: 1 });
		for (let i = 0; i < lines.length; i += 1000) writer.write(lines.slice(i, i + 1000).join(''));
		const member = await writer.end();
		expect(member.method).toBe(8);
		expect(member.size).toBe(bytes.length);
		expect(member.crc).toBe(crc32(bytes));
		expect(member.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
		// zlib itself reads the joined blocks as one deflate stream, and so does fflate in a ZIP.
		expect(inflateRawSync(member.data).equals(bytes)).toBe(true);
		const zip = await zipFiles({ 'b/kontaktid.csv': member, 'a.txt': 'tere' });
		expect(Buffer.from(readZip(zip)['b/kontaktid.csv']!).equals(bytes)).toBe(true);
		// The same writes give the same bytes; stored members are stored.
		const again = new MemberWriter({ level: 1 });
		for (let i = 0; i < lines.length; i += 1000) again.write(lines.slice(i, i + 1000).join(''));
		expect(Buffer.from((await again.end()).data).equals(Buffer.from(member.data))).toBe(true);
		const stored = await packMember(whole, { store: true, sha256: false });
		expect(stored).toMatchObject({ method: 0, size: bytes.length, sha256: '' });
		expect(Buffer.from(stored.data).equals(bytes)).toBe(true);
	});

	it('packs an empty member and refuses writes after its end', async () => {
		const writer = new MemberWriter();
		const member = await writer.end();
		expect(member).toMatchObject({ size: 0, crc: 0, method: 8 });
		expect(inflateRawSync(member.data).length).toBe(0);
		expect(() => writer.write('x')).toThrow();
	});
});
