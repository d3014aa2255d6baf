/**
 * The worker thread that writes the rows of a large sheet (xlsx-fast.ts `ThreadedSheetWriter`).
 *
 * Rendering a national quarter's contacts as sheet XML is the largest single piece of work in
 * the quarterly report; on the main thread it queued behind reading the rows from the
 * database. The main thread keeps what needs the workbook's state — the shared strings, the
 * column widths, the header — and hands the worker each row as numbers: a kind per cell and a
 * value (a shared string's index or the number itself), in typed arrays that move without
 * copying. The worker writes the XML a `SheetWriter` would write and encodes it in the same
 * blocks as a `MemberWriter` would, so the sheet's bytes are the same either way.
 *
 * The worker runs this function from its source text (`new Worker(code, { eval: true })`), so
 * the function uses nothing from outside its own body: no imports, no module-level names.
 */

/** Cell kinds in the arrays sent to the worker. */
export const CELL_EMPTY = 0;
export const CELL_STRING = 1;
export const CELL_NUMBER = 2;
export const CELL_BOOLEAN = 3;

/** One batch of rows: `count` rows of `columns` cells, row by row. */
export interface RowBatch {
	count: number;
	kinds: Uint8Array;
	values: Float64Array;
	/**
	 * With a CSV copy of the sheet: the CSV fields of the shared strings added since the last
	 * batch, in index order (the worker keeps them all).
	 */
	csvFields?: string[];
}

/** A block of the CSV copy's text, encoded (messages out, beside the sheet's plain blocks). */
export interface CsvBlock {
	csv: Uint8Array;
}

/**
 * Messages in: a string (text written as it is: the sheet's start and end), a `RowBatch`, or
 * `null` (no more). Messages out: encoded blocks (Uint8Array) of the sheet, `CsvBlock`s of the
 * CSV copy when `workerData.csvHeader` is set, then `null` when done.
 *
 * The CSV copy is the one `CsvWriter` writes into a `MemberWriter` (xlsx-fast.ts, zip.ts) —
 * the header line, then lines a thousand at a time, encoded in blocks of the same size — so
 * that its compressed bytes are the same as if it had been written on the main thread.
 */
export function sheetRowsWorker(): void {
	const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
	const { letters, block, chunkRows, csvHeader } = workerData as {
		letters: string[];
		block: number;
		chunkRows: number;
		csvHeader: string | null;
	};
	const opens = letters.map((l) => `<c r="${l}`);
	const columns = letters.length;
	const encoder = new TextEncoder();
	// Row 1 is the header, written by the main thread.
	let n = 1;
	let chunk: string[] = [];
	// As MemberWriter.write: text is gathered until a block is full, then encoded and sent —
	// the sheet's blocks as they are, the CSV copy's as `CsvBlock`s.
	const gatherer = (send: (bytes: Uint8Array<ArrayBuffer>) => void) => {
		let pending: string[] = [];
		let pendingLength = 0;
		const flush = () => {
			if (pendingLength === 0) return;
			send(encoder.encode(pending.length === 1 ? pending[0]! : pending.join('')));
			pending = [];
			pendingLength = 0;
		};
		const write = (text: string) => {
			if (text.length === 0) return;
			pending.push(text);
			pendingLength += text.length;
			if (pendingLength >= block) flush();
		};
		return { write, flush };
	};
	const { write, flush } = gatherer((bytes) => parentPort!.postMessage(bytes, [bytes.buffer]));
	// The CSV copy: its lines a thousand at a time.
	const csv = gatherer((bytes) => parentPort!.postMessage({ csv: bytes }, [bytes.buffer]));
	const csvFields: string[] = [];
	let csvLines: string[] = [];
	const csvLinesOut = () => {
		if (csvLines.length) csv.write(csvLines.join('\r\n') + '\r\n');
		csvLines = [];
	};
	if (csvHeader !== null) csv.write(csvHeader);
	parentPort!.on('message', (m: string | RowBatch | null) => {
		if (m === null) {
			flush();
			if (csvHeader !== null) {
				csvLinesOut();
				csv.flush();
			}
			parentPort!.postMessage(null);
		} else if (typeof m === 'string') {
			// The end of the sheet goes with the last rows, as SheetWriter.end writes it.
			if (chunk.length) {
				write(chunk.join('') + m);
				chunk = [];
			} else write(m);
		} else {
			const { count, kinds, values } = m;
			if (m.csvFields) for (const f of m.csvFields) csvFields.push(f);
			for (let r = 0; r < count; r++) {
				const row = String(++n);
				let xml = '<row r="' + row + '">';
				for (let i = 0, at = r * columns; i < columns; i++, at++) {
					// CELL_STRING, CELL_NUMBER, CELL_BOOLEAN (this body cannot refer to the names).
					const kind = kinds[at];
					if (kind === 1) xml += opens[i] + row + '" t="s"><v>' + values[at] + '</v></c>';
					else if (kind === 2) xml += opens[i] + row + '"><v>' + values[at] + '</v></c>';
					else if (kind === 3) xml += opens[i] + row + '" t="b"><v>' + values[at] + '</v></c>';
				}
				chunk.push(xml + '</row>');
				if (chunk.length === chunkRows) {
					write(chunk.join(''));
					chunk = [];
				}
				if (csvHeader === null) continue;
				// The row's CSV line: a string's field as made on the main thread; a number with a
				// decimal comma; a boolean as 1 or 0; an empty cell as nothing.
				let line = '';
				for (let i = 0, at = r * columns; i < columns; i++, at++) {
					if (i) line += ';';
					const kind = kinds[at];
					if (kind === 1) line += csvFields[values[at]!];
					else if (kind === 2) line += String(values[at]).replace('.', ',');
					else if (kind === 3) line += values[at] ? '1' : '0';
				}
				csvLines.push(line);
				if (csvLines.length === chunkRows) csvLinesOut();
			}
		}
	});
}
