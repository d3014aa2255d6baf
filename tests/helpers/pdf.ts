import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of every page of a PDF, pages joined by newlines (tests check generated PDFs). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
	const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
	const pages: string[] = [];
	for (let i = 1; i <= doc.numPages; i++) {
		const page = await doc.getPage(i);
		const content = await page.getTextContent();
		pages.push(
			content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join('')
		);
	}
	await doc.destroy();
	return pages.join('\n');
}
