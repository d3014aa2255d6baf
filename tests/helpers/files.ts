import { deflateSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { finishPdf, startPdf } from '$lib/server/files/pdf';

/**
 * Small, valid files of every accepted document type, made in code (nothing downloaded):
 * a one-page PDF (pdfkit), a 2×2 PNG, a 1×1 baseline JPEG, a DOCX and an ODT.
 */

const enc = new TextEncoder();

export async function samplePdf(text = 'Nõusolek — allkirjastatud'): Promise<Uint8Array> {
	const doc = startPdf({ title: 'Test', createdAt: new Date('2026-11-23T10:00:00Z') });
	doc.text(text);
	return finishPdf(doc);
}

const CRC_TABLE = (() => {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
})();

function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function u32(n: number): number[] {
	return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function pngChunk(type: string, data: Uint8Array): number[] {
	const typeAndData = new Uint8Array([...enc.encode(type), ...data]);
	return [...u32(data.length), ...typeAndData, ...u32(crc32(typeAndData))];
}

/** A 2×2 RGB PNG (red, green / blue, white). */
export function samplePng(): Uint8Array {
	const ihdr = new Uint8Array([...u32(2), ...u32(2), 8, 2, 0, 0, 0]);
	// Each scanline: filter byte 0 then 2 pixels × 3 bytes.
	const scanlines = new Uint8Array([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
	return new Uint8Array([
		0x89,
		0x50,
		0x4e,
		0x47,
		0x0d,
		0x0a,
		0x1a,
		0x0a,
		...pngChunk('IHDR', ihdr),
		...pngChunk('IDAT', new Uint8Array(deflateSync(scanlines))),
		...pngChunk('IEND', new Uint8Array())
	]);
}

/** A 1×1 grey baseline JPEG: one Huffman code each for DC category 0 and end-of-block. */
export function sampleJpeg(): Uint8Array {
	const dqt = [0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array(64).fill(1)];
	const sof = [0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00];
	const huff = (tableClassAndId: number) => [
		0xff,
		0xc4,
		0x00,
		0x14,
		tableClassAndId,
		0x01,
		...new Array(15).fill(0),
		0x00
	];
	const app0 = [
		0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
		0x00, 0x00
	];
	const sos = [0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00];
	return new Uint8Array([
		0xff,
		0xd8,
		...app0,
		...dqt,
		...sof,
		...huff(0x00),
		...huff(0x10),
		...sos,
		0x3f,
		0xff,
		0xd9
	]);
}

/** A one-paragraph Word document (Office Open XML). */
export function sampleDocx(text = 'Leping'): Uint8Array {
	const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
	const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
	const body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`;
	return zipSync({
		'[Content_Types].xml': enc.encode(contentTypes),
		'_rels/.rels': enc.encode(rels),
		'word/document.xml': enc.encode(body)
	});
}

/** A one-paragraph OpenDocument text (mimetype first and stored, as the format requires). */
export function sampleOdt(text = 'Protokoll'): Uint8Array {
	const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`;
	const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text><text:p>${text}</text:p></office:text></office:body></office:document-content>`;
	return zipSync({
		mimetype: [enc.encode('application/vnd.oasis.opendocument.text'), { level: 0 }],
		'META-INF/manifest.xml': enc.encode(manifest),
		'content.xml': enc.encode(content)
	});
}

/** A Windows executable's first bytes ("MZ" header) — what a renamed .exe looks like. */
export function sampleExe(): Uint8Array {
	const b = new Uint8Array(512);
	b.set([0x4d, 0x5a, 0x90, 0x00, 0x03]);
	b.set(enc.encode('This program cannot be run in DOS mode.'), 78);
	return b;
}
