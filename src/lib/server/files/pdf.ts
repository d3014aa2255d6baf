import PDFDocument from 'pdfkit';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';

/**
 * The one way the app writes PDFs (client extract, mileage claims, the hand-over act): pdfkit
 * with DejaVu Sans from the `dejavu-fonts-ttf` package, which has õ ä ö ü š ž and Cyrillic.
 * pdfkit's built-in Helvetica has none of š ž, so it is never used.
 */
const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const PDF_FONT = join(FONT_DIR, 'DejaVuSans.ttf');
export const PDF_FONT_BOLD = join(FONT_DIR, 'DejaVuSans-Bold.ttf');

/** The fonts' bytes, read once (every PDF embeds a subset of them). */
let fonts: { body: Buffer; bold: Buffer } | null = null;

export interface PdfOptions {
	title: string;
	/** Fixed creation date so the same data gives the same document (reports are hashed). */
	createdAt?: Date;
	lang?: string;
}

/** A pdfkit document set up with the app's fonts; call `finishPdf` to get the bytes. */
export function startPdf(opts: PdfOptions): PDFKit.PDFDocument {
	const doc = new PDFDocument({
		size: 'A4',
		margin: 50,
		lang: opts.lang ?? 'et',
		info: {
			Title: opts.title,
			Producer: 'Seltsiline',
			Creator: 'Seltsiline',
			CreationDate: opts.createdAt ?? new Date()
		},
		pdfVersion: '1.7',
		displayTitle: true
	});
	fonts ??= { body: readFileSync(PDF_FONT), bold: readFileSync(PDF_FONT_BOLD) };
	doc.registerFont('body', fonts.body);
	doc.registerFont('bold', fonts.bold);
	doc.font('body').fontSize(10);
	return doc;
}

/** Ends the document and resolves to its bytes. */
export function finishPdf(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		doc.on('data', (c: Buffer) => chunks.push(c));
		doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
		doc.on('error', reject);
		doc.end();
	});
}

/** A heading line in bold. */
export function pdfHeading(doc: PDFKit.PDFDocument, text: string, size = 14): void {
	doc.moveDown(0.5).font('bold').fontSize(size).text(text).font('body').fontSize(10).moveDown(0.3);
}

/** Label: value lines, skipping empty values. */
export function pdfFacts(
	doc: PDFKit.PDFDocument,
	facts: readonly (readonly [string, string | number | null | undefined])[]
): void {
	for (const [label, value] of facts) {
		if (value === null || value === undefined || value === '') continue;
		doc.font('bold').text(`${label}: `, { continued: true }).font('body').text(String(value));
	}
}

/**
 * A simple table: fixed column widths (fractions of the page width), header in bold, rows
 * wrapped, page breaks with the header repeated.
 */
export function pdfTable(
	doc: PDFKit.PDFDocument,
	columns: readonly { header: string; width: number; align?: 'left' | 'right' }[],
	rows: readonly (readonly (string | number | null | undefined)[])[]
): void {
	const left = doc.page.margins.left;
	const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
	const total = columns.reduce((s, c) => s + c.width, 0);
	const widths = columns.map((c) => (c.width / total) * usable);
	const drawRow = (cells: readonly string[], bold: boolean) => {
		doc.font(bold ? 'bold' : 'body').fontSize(9);
		const heights = cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 4 }));
		const h = Math.max(12, ...heights) + 4;
		if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
			doc.addPage();
			if (!bold)
				drawRow(
					columns.map((c) => c.header),
					true
				);
		}
		const y = doc.y;
		let x = left;
		cells.forEach((c, i) => {
			doc.text(c, x + 2, y + 2, { width: widths[i]! - 4, align: columns[i]!.align ?? 'left' });
			x += widths[i]!;
		});
		doc
			.moveTo(left, y + h)
			.lineTo(left + usable, y + h)
			.lineWidth(0.3)
			.strokeColor('#999999')
			.stroke();
		doc.x = left;
		doc.y = y + h;
	};
	drawRow(
		columns.map((c) => c.header),
		true
	);
	for (const r of rows)
		drawRow(
			r.map((c) => (c === null || c === undefined ? '' : String(c))),
			false
		);
	doc.font('body').fontSize(10).moveDown(0.5);
}
