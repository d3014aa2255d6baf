import PDFDocument from 'pdfkit';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';

/**
 * The one way the app writes PDFs (client extract, mileage claims, the hand-over act): pdfkit
 * with DejaVu Sans from the `dejavu-fonts-ttf` package, which has õ ä ö ü š ž and Cyrillic.
 * pdfkit's built-in Helvetica has none of š ž, so it is never used.
 *
 * Every PDF is tagged (PDF/UA's structure, issue 20): the document language (`/Lang`), the
 * title shown instead of the file name, and a structure tree a screen reader follows — the
 * helpers below put headings in H1/H2, text in P, tables in Table/TR/TH/TD, and mark the
 * rules between table rows as artifacts. Write text only through these helpers.
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

/** Each document's structure root (`Document`), to which the helpers add their elements. */
const roots = new WeakMap<PDFKit.PDFDocument, PDFKit.PDFStructureElement>();

function rootOf(doc: PDFKit.PDFDocument): PDFKit.PDFStructureElement {
	const root = roots.get(doc);
	if (!root) throw new Error('a PDF not started by startPdf');
	return root;
}

/** Content drawn by `draw`, tagged as one structure element of type `type` under `parent`. */
function tagged(
	doc: PDFKit.PDFDocument,
	parent: PDFKit.PDFStructureElement,
	type: string,
	draw: () => void
): void {
	parent.add(doc.struct(type, {}, [draw]));
}

/** Decoration (rules, repeated headers): marked as an artifact that screen readers skip. */
function artifact(doc: PDFKit.PDFDocument, draw: () => void): void {
	doc.markContent('Artifact', { type: 'Layout' });
	draw();
	doc.endMarkedContent();
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
		displayTitle: true,
		tagged: true
	});
	const root = doc.struct('Document');
	doc.addStructure(root);
	roots.set(doc, root);
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

/** A heading line in bold: the document's title (H1, size 16 and up) or a section's (H2). */
export function pdfHeading(doc: PDFKit.PDFDocument, text: string, size = 14): void {
	doc.moveDown(0.5);
	tagged(doc, rootOf(doc), size >= 16 ? 'H1' : 'H2', () => {
		doc.font('bold').fontSize(size).text(text);
	});
	doc.font('body').fontSize(10).moveDown(0.3);
}

/** A paragraph of running text (`bold`: a label line; `size`: smaller print). */
export function pdfParagraph(
	doc: PDFKit.PDFDocument,
	text: string,
	opts: { bold?: boolean; size?: number } = {}
): void {
	tagged(doc, rootOf(doc), 'P', () => {
		doc
			.font(opts.bold ? 'bold' : 'body')
			.fontSize(opts.size ?? 10)
			.text(text);
	});
	doc.font('body').fontSize(10);
}

/** Label: value lines, skipping empty values. */
export function pdfFacts(
	doc: PDFKit.PDFDocument,
	facts: readonly (readonly [string, string | number | null | undefined])[]
): void {
	for (const [label, value] of facts) {
		if (value === null || value === undefined || value === '') continue;
		tagged(doc, rootOf(doc), 'P', () => {
			doc.font('bold').text(`${label}: `, { continued: true }).font('body').text(String(value));
		});
	}
}

/**
 * A simple table: fixed column widths (fractions of the page width), header in bold, rows
 * wrapped, page breaks with the header repeated. Tagged as Table with a TR of TH (the header)
 * and a TR of TD per row; the header repeated on a new page and the rules are artifacts.
 */
export function pdfTable(
	doc: PDFKit.PDFDocument,
	columns: readonly { header: string; width: number; align?: 'left' | 'right' }[],
	rows: readonly (readonly (string | number | null | undefined)[])[],
	/** Print size (default 9) and a row's least height (blank forms leave room to write). */
	opts: { size?: number; minRowHeight?: number } = {}
): void {
	const size = opts.size ?? 9;
	const minRow = opts.minRowHeight ?? 12;
	const left = doc.page.margins.left;
	const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
	const total = columns.reduce((s, c) => s + c.width, 0);
	const widths = columns.map((c) => (c.width / total) * usable);
	const table = doc.struct('Table');
	rootOf(doc).add(table);
	const headers = columns.map((c) => c.header);
	/** One row; `tags`: TH or TD under a new TR, or null (an artifact: the repeated header). */
	const drawRow = (cells: readonly string[], bold: boolean, tags: 'TH' | 'TD' | null) => {
		doc.font(bold ? 'bold' : 'body').fontSize(size);
		const heights = cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 4 }));
		const h = Math.max(bold ? 12 : minRow, ...heights) + 4;
		if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
			doc.addPage();
			if (!bold) drawRow(headers, true, null);
			doc.font(bold ? 'bold' : 'body').fontSize(size);
		}
		const y = doc.y;
		const row = tags ? doc.struct('TR') : null;
		if (row) table.add(row);
		let x = left;
		cells.forEach((c, i) => {
			const at = x;
			const draw = () => {
				doc.text(c, at + 2, y + 2, { width: widths[i]! - 4, align: columns[i]!.align ?? 'left' });
			};
			if (row && tags) tagged(doc, row, tags, draw);
			else artifact(doc, draw);
			x += widths[i]!;
		});
		row?.end();
		artifact(doc, () => {
			doc
				.moveTo(left, y + h)
				.lineTo(left + usable, y + h)
				.lineWidth(0.3)
				.strokeColor('#999999')
				.stroke();
		});
		doc.x = left;
		doc.y = y + h;
	};
	drawRow(headers, true, 'TH');
	for (const r of rows)
		drawRow(
			r.map((c) => (c === null || c === undefined ? '' : String(c))),
			false,
			'TD'
		);
	table.end();
	doc.font('body').fontSize(10).moveDown(0.5);
}
