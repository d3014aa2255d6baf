import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';
import { Zip, zipSync, unzipSync, type Zippable, type ZipInputFile } from 'fflate';

const deflateRawAsync = promisify(deflateRaw);
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

/**
 * ZIP packages (quarterly report, data hand-over). Entries get one fixed timestamp and are
 * added in name order, so the same content gives the same bytes (and the same SHA-256).
 */
export function makeZip(
	files: Readonly<Record<string, Uint8Array | string>>,
	mtime: Date = FIXED_MTIME
): Uint8Array {
	const enc = new TextEncoder();
	const entries: Zippable = {};
	for (const name of Object.keys(files).sort()) {
		const v = files[name]!;
		entries[name] = [typeof v === 'string' ? enc.encode(v) : v, { mtime, level: 6 }];
	}
	return zipSync(entries);
}

export interface ZipOptions {
	/** Deflate level for the entries that are compressed (default 6). */
	level?: 1 | 6 | 9;
	/** Entries stored as they are: data compressed already (XLSX, PDF, images). */
	store?: (name: string) => boolean;
	/** Keep the order given instead of sorting the names (XLSX wants [Content_Types].xml first). */
	keepOrder?: boolean;
	mtime?: Date;
}

/**
 * The same kind of ZIP as `makeZip` — fixed timestamp, names in order, same content → same
 * bytes — for large packages (a national quarterly report is tens of megabytes before
 * compression): the entries are deflated by Node's zlib on its thread pool, side by side and
 * off the event loop, several times faster than deflating in JavaScript; fflate only lays out
 * the archive around the compressed data.
 */
export async function zipFiles(
	files: Readonly<Record<string, Uint8Array | string>>,
	opts: ZipOptions = {}
): Promise<Uint8Array> {
	const enc = new TextEncoder();
	const names = opts.keepOrder ? Object.keys(files) : Object.keys(files).sort();
	const raw = names.map((name) => {
		const v = files[name]!;
		return typeof v === 'string' ? enc.encode(v) : v;
	});
	const packed = await Promise.all(
		raw.map((bytes, i) =>
			opts.store?.(names[i]!) ? null : deflateRawAsync(bytes, { level: opts.level ?? 6 })
		)
	);
	const chunks: Uint8Array[] = [];
	let failure: Error | null = null;
	const zip = new Zip((err, chunk) => {
		if (err) failure = err;
		else chunks.push(chunk);
	});
	names.forEach((name, i) => {
		const bytes = raw[i]!;
		const data = packed[i];
		const file: ZipInputFile = {
			filename: name,
			size: bytes.length,
			crc: crc32(bytes),
			compression: data ? 8 : 0,
			mtime: opts.mtime ?? FIXED_MTIME
		};
		zip.add(file);
		// fflate only reads the bytes (never a SharedArrayBuffer's here: our own encodings).
		const out = data ? new Uint8Array(data.buffer, data.byteOffset, data.length) : bytes;
		file.ondata!(null, out as Uint8Array<ArrayBuffer>, true);
	});
	zip.end();
	if (failure) throw failure;
	return Buffer.concat(chunks);
}

/** Reads a ZIP into name → bytes (tests, imports). */
export function readZip(bytes: Uint8Array): Record<string, Uint8Array> {
	return unzipSync(bytes);
}
