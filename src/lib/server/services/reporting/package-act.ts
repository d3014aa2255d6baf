import { tallinnDay } from '../../domain/dates';
import { tallinnLocal, type Quarter } from '../../domain/periods';
import type { Table } from '../../files/spreadsheet';
import { finishPdf, pdfFacts, pdfHeading, pdfParagraph, pdfTable, startPdf } from '../../files/pdf';
import type { ChainHead } from '../audit-chain/chain';

/**
 * The quarterly package's texts: the read-me (LOEMIND.txt) and the hand-over/acceptance act
 * (4-akt, PDF) with the totals, every file's SHA-256 and the audit log's chain head.
 */

/** The package's read-me: what each folder holds. */
export function readme(q: Quarter, period: { from: string; to: string }, cutoffAt: Date): string {
	return [
		`Seltsilise teenuse kvartaliaruanne, ${q.quarter}. kvartal ${q.year} (${period.from} – ${period.to})`,
		`Andmete seis: ${cutoffAt.toISOString()} (arvesse on võetud kuni selle hetkeni sisestatud andmed).`,
		'',
		'0-kokkuvote/   kvartali arvud kokku ja maakonniti',
		'1-tegevused/   tegevuste väljavõte: iga klient ja iga kontakt (kliendid koodidega, nimesid ei ole)',
		'2-osalejad/    osalejate andmetabel (Euroopa Sotsiaalfondi osalejate näitajad)',
		'3-alustanud/   kvartalis alustanud kliendid ja nende nõusolekud isikuandmete töötlemiseks',
		'4-akt/         üleandmise-vastuvõtmise akt allkirjastamiseks',
		'manifest.json  iga faili suurus ja SHA-256, auditilogi räsiahela viimane lüli andmete seisu hetkel',
		'',
		'Tabelid on XLSX- ja CSV-vormingus (CSV: UTF-8, eraldaja semikoolon, kümnendkoma).',
		''
	].join('\r\n');
}

/** The hand-over/acceptance act to sign: totals, every file with its SHA-256, the chain head. */
export async function handOverAct(
	q: Quarter,
	period: { from: string; to: string },
	cutoffAt: Date,
	summary: Table,
	counties: Table,
	hashes: readonly (readonly [string, string])[],
	auditChain: ChainHead
): Promise<Uint8Array> {
	const title = `Üleandmise-vastuvõtmise akt: seltsilise teenuse kvartaliaruanne ${q.quarter}/${q.year}`;
	const doc = startPdf({ title, createdAt: cutoffAt, lang: 'et' });
	const day = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
	pdfHeading(doc, 'Üleandmise-vastuvõtmise akt', 16);
	pdfParagraph(
		doc,
		`Teenuse osutaja annab üle ja Sotsiaalministeerium võtab vastu seltsilise teenuse ` +
			`${q.quarter}. kvartali (${day(period.from)} – ${day(period.to)}) aruande: tegevuste väljavõtte, ` +
			`osalejate andmetabeli ning kvartalis alustanud klientide nõusolekud.`
	);
	doc.moveDown(0.5);
	pdfFacts(doc, [
		['Kvartal', `${q.quarter}. kvartal ${q.year}`],
		['Andmete seis', `${day(tallinnDay(cutoffAt))} ${tallinnLocal(cutoffAt).slice(11)} (Eesti aeg)`]
	]);
	pdfHeading(doc, 'Kokkuvõte', 12);
	pdfTable(
		doc,
		[
			{ header: summary.headers[0]!, width: 3 },
			{ header: summary.headers[1]!, width: 2, align: 'right' }
		],
		summary.rows.slice(3).map((r) => [String(r[0]), String(r[1]).replace('.', ',')])
	);
	pdfHeading(doc, 'Maakonniti', 12);
	pdfTable(
		doc,
		counties.headers.map((h, i) => ({
			header: h,
			width: i === 0 ? 3 : 2,
			align: i === 0 ? 'left' : 'right'
		})),
		counties.rows.map((r) => r.map((c) => String(c ?? '').replace('.', ',')))
	);
	pdfHeading(doc, 'Üle antud failid', 12);
	pdfTable(
		doc,
		[
			{ header: 'Fail', width: 3 },
			{ header: 'SHA-256', width: 4 }
		],
		hashes.map(([name, hash]) => [name, hash])
	);
	doc.moveDown(1);
	pdfHeading(doc, 'Auditilogi', 12);
	pdfParagraph(
		doc,
		auditChain.eventId === null
			? 'Andmete seisu hetkeks ei olnud auditilogis ühtegi sündmust.'
			: `Auditilogi räsiahela viimane lüli andmete seisu hetkel: sündmus ${auditChain.eventId}, ` +
					`lüli ${auditChain.seq}, SHA-256 ${auditChain.hash}. Selle järgi saab hiljem ` +
					`kontrollida, et logi ei ole enne seda hetke muudetud.`
	);
	doc.moveDown(1);
	pdfHeading(doc, 'Allkirjad', 12);
	for (const who of ['Üle andis (teenuse osutaja)', 'Vastu võttis (Sotsiaalministeerium)']) {
		doc.moveDown(0.5);
		pdfParagraph(doc, who, { bold: true });
		pdfParagraph(doc, 'Nimi: ________________________________');
		pdfParagraph(doc, 'Allkiri: ______________________________');
		pdfParagraph(doc, 'Kuupäev: _____________________________');
	}
	return finishPdf(doc);
}
