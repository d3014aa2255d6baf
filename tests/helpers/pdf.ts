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

/**
 * What a PDF says about its tagging (issue 20: PDFs a screen reader can read), read from its
 * bytes (pdfkit compresses only the content streams): the structure tree, the mark info, the
 * document language, the title shown instead of the file name, and the structure types used.
 */
export function pdfTagging(bytes: Uint8Array): {
	structTreeRoot: boolean;
	marked: boolean;
	lang: string | null;
	displayTitle: boolean;
	types: Set<string>;
} {
	const raw = Buffer.from(bytes).toString('latin1');
	return {
		structTreeRoot: raw.includes('/StructTreeRoot'),
		marked: raw.includes('/MarkInfo') && /\/Marked true/.test(raw),
		lang: /\/Lang \(([^)]*)\)/.exec(raw)?.[1] ?? null,
		displayTitle: /\/DisplayDocTitle true/.test(raw),
		types: new Set([...raw.matchAll(/\/S \/(\w+)/g)].map((m) => m[1]!))
	};
}
