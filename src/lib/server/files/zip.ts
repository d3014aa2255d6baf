import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw } from 'node:zlib';
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

export type DeflateLevel = 1 | 6 | 9;

/** A member ready to go into an archive: its content's size, CRC-32 and SHA-256, and its data. */
export interface PackedMember {
	/** Size of the content before compression. */
	size: number;
	crc: number;
	/** SHA-256 of the content (hex), as the report's manifest and act list it; '' if not asked. */
	sha256: string;
	/** The bytes as they go into the archive: deflated (method 8) or stored (method 0). */
	data: Uint8Array;
	method: 0 | 8;
}

export interface MemberOptions {
	/** Stored as it is (data compressed already), not deflated. */
	store?: boolean;
	/** Deflate level (default 6). */
	level?: DeflateLevel;
	/** `false`: no SHA-256 of the content (a member nobody lists, e.g. inside an XLSX). */
	sha256?: boolean;
}

/** Text is encoded and deflated in blocks of about this size (characters). */
export const TEXT_BLOCK = 1 << 20;

/**
 * One archive member written piece by piece. Each block of about a megabyte is deflated by
 * Node's zlib on its thread pool as soon as it is complete, while the caller goes on writing
 * the next: the blocks end with a sync flush (a byte boundary, not the last block), so their
 * outputs joined in order are one deflate stream — the way pigz compresses in parallel. The
 * CRC-32 and SHA-256 of the content are kept as it goes. Same writes → same bytes.
 */
export class MemberWriter {
	private pending: string[] = [];
	private pendingLength = 0;
	private readonly blocks: Promise<Uint8Array>[] = [];
	private readonly hash: Hash | null;
	private crc = 0;
	private size = 0;
	private ended = false;

	constructor(private readonly opts: MemberOptions = {}) {
		this.hash = opts.sha256 === false ? null : createHash('sha256');
	}

	write(content: string | Uint8Array): void {
		if (this.ended) throw new Error('member already ended');
		if (typeof content === 'string') {
			if (content.length === 0) return;
			this.pending.push(content);
			this.pendingLength += content.length;
			if (this.pendingLength >= TEXT_BLOCK) this.flushText();
		} else {
			this.flushText();
			this.block(content);
		}
	}

	/** The member's content is complete: waits for its last blocks. */
	async end(): Promise<PackedMember> {
		this.flushText();
		this.ended = true;
		const size = this.size;
		const crc = this.crc;
		const sha256 = this.hash?.digest('hex') ?? '';
		if (this.opts.store) {
			return { size, crc, sha256, data: Buffer.concat(await Promise.all(this.blocks)), method: 0 };
		}
		// The final block: empty, with the end-of-stream mark.
		this.blocks.push(deflateRawAsync(Buffer.alloc(0), { level: this.opts.level ?? 6 }));
		return { size, crc, sha256, data: Buffer.concat(await Promise.all(this.blocks)), method: 8 };
	}

	private flushText(): void {
		if (this.pendingLength === 0) return;
		const text = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
		this.pending = [];
		this.pendingLength = 0;
		this.block(Buffer.from(text, 'utf8'));
	}

	private block(bytes: Uint8Array): void {
		if (bytes.length === 0) return;
		this.size += bytes.length;
		this.crc = crc32(bytes, this.crc);
		this.hash?.update(bytes);
		this.blocks.push(
			this.opts.store
				? Promise.resolve(bytes)
				: deflateRawAsync(bytes, {
						level: this.opts.level ?? 6,
						finishFlush: constants.Z_SYNC_FLUSH,
						// Output in pieces as large as the input (not zlib's 16 KB): each piece is a
						// round trip between the thread pool and the event loop.
						chunkSize: Math.max(constants.Z_MIN_CHUNK, bytes.length)
					})
		);
	}
}

/** Packs content that is already whole into a member (deflated on the thread pool). */
export function packMember(
	content: string | Uint8Array,
	opts: MemberOptions = {}
): Promise<PackedMember> {
	const writer = new MemberWriter(opts);
	writer.write(content);
	return writer.end();
}

export function isPackedMember(v: unknown): v is PackedMember {
	return typeof v === 'object' && v !== null && 'crc' in v && 'method' in v && 'data' in v;
}

/** Lays out an archive around members packed already; names in the order given. */
export function zipPacked(
	members: readonly (readonly [string, PackedMember])[],
	mtime: Date = FIXED_MTIME
): Uint8Array {
	const chunks: Uint8Array[] = [];
	let failure: Error | null = null;
	const zip = new Zip((err, chunk) => {
		if (err) failure = err;
		else chunks.push(chunk);
	});
	for (const [name, m] of members) {
		const file: ZipInputFile = {
			filename: name,
			size: m.size,
			crc: m.crc,
			compression: m.method,
			mtime
		};
		zip.add(file);
		// fflate only reads the bytes (never a SharedArrayBuffer's here: our own encodings).
		file.ondata!(
			null,
			new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.length) as Uint8Array<ArrayBuffer>,
			true
		);
	}
	zip.end();
	if (failure) throw failure;
	return Buffer.concat(chunks);
}

/**
 * The archive would pass 4 GiB: fflate writes no ZIP64 records, and sizes and offsets beyond
 * 32 bits would make a broken file, so the writer stops instead.
 */
export class ZipTooLargeError extends Error {
	constructor() {
		super('ZIP archive larger than 4 GiB (no ZIP64)');
		this.name = 'ZipTooLargeError';
	}
}

/** Largest archive the writer makes: 32-bit sizes and offsets, with room for the directory. */
export const ZIP_MAX_BYTES = 0xffffffff - (64 << 20);

/** What was written into a ZIP file: its size and its SHA-256 (hex). */
export interface WrittenZip {
	bytes: number;
	sha256: string;
}

/**
 * The same archive as `zipPacked`, written to a file member by member instead of held in
 * memory: a quarterly package with its consent scans may be larger than the server's memory.
 * A member may be streamed in (`addStream`: a stored file read a chunk at a time); fflate
 * writes sizes and CRC after each member's data, so nothing needs to be known beforehand and
 * the bytes are the same as `zipPacked` gives for the same members. The archive's SHA-256 is
 * kept as it is written.
 */
export class ZipFileWriter {
	private readonly zip: Zip;
	private chunks: Uint8Array[] = [];
	private failure: Error | null = null;
	private readonly hash = createHash('sha256');
	private written = 0;

	private constructor(
		private readonly file: FileHandle,
		private readonly mtime: Date,
		private readonly maxBytes: number
	) {
		this.zip = new Zip((err, chunk) => {
			if (err) this.failure = err;
			else this.chunks.push(chunk);
		});
	}

	/**
	 * A new file at `path` (which must not exist), readable by the server's user only; fails
	 * with `ZipTooLargeError` beyond `maxBytes` (tests set a small limit).
	 */
	static async create(
		path: string,
		opts: { mtime?: Date; maxBytes?: number } = {}
	): Promise<ZipFileWriter> {
		return new ZipFileWriter(
			await open(path, 'wx', 0o600),
			opts.mtime ?? FIXED_MTIME,
			Math.min(opts.maxBytes ?? ZIP_MAX_BYTES, ZIP_MAX_BYTES)
		);
	}

	/** Adds a member packed already. */
	async add(name: string, m: PackedMember): Promise<void> {
		const file = this.entry(name, m.method);
		file.size = m.size;
		file.crc = m.crc;
		// fflate only reads the bytes (never a SharedArrayBuffer's here: our own encodings).
		file.ondata!(
			null,
			new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.length) as Uint8Array<ArrayBuffer>,
			true
		);
		await this.flush();
	}

	/**
	 * Adds a member stored as it is (compressed already: a scan, a PDF), read from `source` a
	 * chunk at a time; its size, CRC-32 and SHA-256 as read.
	 */
	async addStream(
		name: string,
		source: AsyncIterable<Uint8Array>
	): Promise<{ size: number; sha256: string }> {
		const file = this.entry(name, 0);
		const hash = createHash('sha256');
		let crc = 0;
		let size = 0;
		for await (const chunk of source) {
			const bytes = chunk as Uint8Array<ArrayBuffer>;
			size += bytes.length;
			crc = crc32(bytes, crc);
			hash.update(bytes);
			file.ondata!(null, bytes, false);
			await this.flush();
		}
		file.size = size;
		file.crc = crc;
		file.ondata!(null, new Uint8Array(0), true);
		await this.flush();
		return { size, sha256: hash.digest('hex') };
	}

	/** Writes the central directory and closes the file. */
	async end(): Promise<WrittenZip> {
		this.zip.end();
		await this.flush();
		await this.file.close();
		return { bytes: this.written, sha256: this.hash.digest('hex') };
	}

	/** Gives up: closes the file (the caller removes it). */
	async abort(): Promise<void> {
		await this.file.close().catch(() => {});
	}

	private entry(filename: string, compression: 0 | 8): ZipInputFile {
		const file: ZipInputFile = { filename, size: 0, crc: 0, compression, mtime: this.mtime };
		this.zip.add(file);
		return file;
	}

	private async flush(): Promise<void> {
		if (this.failure) throw this.failure;
		const chunks = this.chunks;
		if (!chunks.length) return;
		this.chunks = [];
		for (const c of chunks) {
			this.hash.update(c);
			this.written += c.length;
		}
		if (this.written > this.maxBytes) throw new ZipTooLargeError();
		await this.file.writev(chunks);
	}
}

export interface ZipOptions {
	/** Deflate level for the entries that are compressed (default 6). */
	level?: DeflateLevel;
	/** Entries stored as they are: data compressed already (XLSX, PDF, images). */
	store?: (name: string) => boolean;
	/** Keep the order given instead of sorting the names (XLSX wants [Content_Types].xml first). */
	keepOrder?: boolean;
	mtime?: Date;
	/** `false`: the members' SHA-256 is not needed. */
	sha256?: boolean;
}

/**
 * The same kind of ZIP as `makeZip` — fixed timestamp, names in order, same content → same
 * bytes — for large packages (a national quarterly report is tens of megabytes before
 * compression): the entries are deflated by Node's zlib on its thread pool, side by side and
 * off the event loop, several times faster than deflating in JavaScript; fflate only lays out
 * the archive around the compressed data. A member may come packed already (`MemberWriter`),
 * written while the rest of the package was being made.
 */
export async function zipFiles(
	files: Readonly<Record<string, Uint8Array | string | PackedMember>>,
	opts: ZipOptions = {}
): Promise<Uint8Array> {
	const names = opts.keepOrder ? Object.keys(files) : Object.keys(files).sort();
	const members = await Promise.all(
		names.map((name) => {
			const v = files[name]!;
			if (isPackedMember(v)) return v;
			return packMember(v, { store: opts.store?.(name), level: opts.level, sha256: opts.sha256 });
		})
	);
	return zipPacked(
		names.map((name, i) => [name, members[i]!] as const),
		opts.mtime
	);
}

/** Reads a ZIP into name → bytes (tests, imports). */
export function readZip(bytes: Uint8Array): Record<string, Uint8Array> {
	return unzipSync(bytes);
}
