import { describe, expect, it } from 'vitest';
import {
	attachmentDisposition,
	claimedMediaType,
	cleanFileName,
	downloadFileName,
	isAllowedMediaType,
	isStructurallySound,
	parseOwnerRef
} from '$lib/server/domain/documents';
import { assertKey, newStorageKey } from '$lib/server/infra/storage';
import { sampleDocx, sampleJpeg, sampleOdt, samplePdf, samplePng } from '../helpers/files';
import { makeZip } from '$lib/server/files/zip';

/** Pure rules of the documents service (R-DOC-1): types, whole files, names, keys. */

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ODT = 'application/vnd.oasis.opendocument.text';

describe('accepted types', () => {
	it('accepts exactly PDF, JPEG, PNG, DOCX and ODT', () => {
		for (const t of ['application/pdf', 'image/jpeg', 'image/png', DOCX, ODT]) {
			expect(isAllowedMediaType(t)).toBe(true);
		}
		for (const t of [
			'application/zip',
			'text/html',
			'image/svg+xml',
			'application/x-msdownload',
			'application/msword',
			'constructor',
			undefined
		]) {
			expect(isAllowedMediaType(t)).toBe(false);
		}
	});

	it('reads the type a name claims, case-insensitively, only from the last extension', () => {
		expect(claimedMediaType('Skann.PDF')).toBe('application/pdf');
		expect(claimedMediaType('pilt.jpeg')).toBe('image/jpeg');
		expect(claimedMediaType('leping.docx')).toBe(DOCX);
		expect(claimedMediaType('arve.pdf.exe')).toBeNull();
		expect(claimedMediaType('markmed.txt')).toBeNull();
		expect(claimedMediaType('pdf')).toBeNull();
	});
});

describe('whole files', () => {
	it('accepts the valid samples', async () => {
		expect(isStructurallySound(await samplePdf(), 'application/pdf')).toBe(true);
		expect(isStructurallySound(samplePng(), 'image/png')).toBe(true);
		expect(isStructurallySound(sampleJpeg(), 'image/jpeg')).toBe(true);
		expect(isStructurallySound(sampleDocx(), DOCX)).toBe(true);
		expect(isStructurallySound(sampleOdt(), ODT)).toBe(true);
	});

	it('refuses files cut short', async () => {
		const cut = (b: Uint8Array, n: number) => b.slice(0, b.length - n);
		expect(isStructurallySound(cut(await samplePdf(), 10), 'application/pdf')).toBe(false);
		expect(isStructurallySound(cut(samplePng(), 12), 'image/png')).toBe(false);
		expect(isStructurallySound(cut(sampleJpeg(), 2), 'image/jpeg')).toBe(false);
		expect(isStructurallySound(cut(sampleDocx(), 30), DOCX)).toBe(false);
		expect(isStructurallySound(cut(sampleOdt(), 30), ODT)).toBe(false);
	});

	it('accepts a few bytes of padding after the end marker', async () => {
		const padded = new Uint8Array([...(await samplePdf()), 0x0a, 0x0a, 0x00]);
		expect(isStructurallySound(padded, 'application/pdf')).toBe(true);
		expect(isStructurallySound(new Uint8Array([...sampleJpeg(), 0, 0, 0]), 'image/jpeg')).toBe(
			true
		);
	});

	it('refuses a ZIP without the parts of a word-processing document', () => {
		const zip = makeZip({ '[Content_Types].xml': '<Types/>', 'a.txt': 'x' });
		expect(isStructurallySound(zip, DOCX)).toBe(false);
		expect(isStructurallySound(makeZip({ mimetype: ODT }), ODT)).toBe(false);
	});

	it('refuses a PNG without its header chunk', () => {
		const png = samplePng();
		png[12] = 0x41; // IHDR → AHDR
		expect(isStructurallySound(png, 'image/png')).toBe(false);
	});
});

describe('file names', () => {
	it('keeps the last path segment, without control or header-breaking characters', () => {
		expect(cleanFileName('C:\\Users\\mari\\Nõusolek.pdf')).toBe('Nõusolek.pdf');
		expect(cleanFileName('/tmp/../etc/passwd')).toBe('passwd');
		expect(cleanFileName('a"b\r\nc;d.pdf')).toBe('a_b__c_d.pdf');
		expect(cleanFileName('...hidden.pdf')).toBe('hidden.pdf');
		expect(cleanFileName('   ')).toBe('dokument');
		expect(cleanFileName('')).toBe('dokument');
	});

	it('shortens long names to 200 characters and keeps the extension', () => {
		const name = cleanFileName(`${'ä'.repeat(300)}.docx`);
		expect(name).toHaveLength(200);
		expect(name.endsWith('.docx')).toBe(true);
	});

	it('offers a download under a name with the extension of the real type', () => {
		expect(downloadFileName('skann', 'application/pdf')).toBe('skann.pdf');
		expect(downloadFileName('pilt.JPG', 'image/jpeg')).toBe('pilt.JPG');
		expect(downloadFileName('vale.png', 'application/pdf')).toBe('vale.png.pdf');
	});

	it('writes Content-Disposition with an ASCII fallback and the UTF-8 name', () => {
		expect(attachmentDisposition('Nõusolek Šõõr.pdf')).toBe(
			`attachment; filename="Nousolek Soor.pdf"; filename*=UTF-8''N%C3%B5usolek%20%C5%A0%C3%B5%C3%B5r.pdf`
		);
		expect(attachmentDisposition(`a"b\\c'(1).pdf`)).toBe(
			`attachment; filename="a_b_c'(1).pdf"; filename*=UTF-8''a%22b%5Cc%27%281%29.pdf`
		);
	});
});

describe('owner references and storage keys', () => {
	it('parses type:id references and refuses anything else', () => {
		expect(parseOwnerRef('survey_response:0b4f6a0e-6a55-4a8e-9d1a-3b7c2e9f0a11')).toEqual({
			type: 'survey_response',
			id: '0b4f6a0e-6a55-4a8e-9d1a-3b7c2e9f0a11'
		});
		for (const bad of [
			'',
			'x',
			':1',
			'Survey:1',
			'a:b:c',
			'a:../x',
			'a: 1',
			`a:${'1'.repeat(101)}`
		]) {
			expect(parseOwnerRef(bad), bad).toBeNull();
		}
	});

	it('makes random keys under documents/yyyy/mm and refuses unsafe keys', () => {
		const key = newStorageKey('documents', new Date('2026-01-31T23:30:00Z'));
		expect(key).toMatch(/^documents\/2026\/01\/[0-9a-f-]{36}$/);
		expect(newStorageKey('documents')).not.toBe(newStorageKey('documents'));
		for (const bad of ['../x', 'a/../b', '/abs', 'a\\b', 'a//b', '.hidden', 'a/./b', '']) {
			expect(() => assertKey(bad), bad).toThrow();
		}
		expect(() => assertKey('documents/2026/01/abc-def.part')).not.toThrow();
	});
});
