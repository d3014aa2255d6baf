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
 * A member of 4 GiB or more: its sizes would need ZIP64 fields in its own header and data
 * descriptor, which fflate does not write (a consent scan is at most `UPLOAD_MAX_MB`).
 */
export class ZipTooLargeError extends Error {
	constructor() {
		super('ZIP member of 4 GiB or more');
		this.name = 'ZipTooLargeError';
	}
}

/** Largest value of a 32-bit field; from it on, the ZIP64 records hold the value. */
const MAX32 = 0xffffffff;

/** What was written into a ZIP file: its size and its SHA-256 (hex). */
export interface WrittenZip {
	bytes: number;
	sha256: string;
}

/** What the central directory needs of a member written already. */
interface WrittenMember {
	/** The member's local header as fflate wrote it (CRC and sizes zero: they follow the data). */
	header: Buffer;
	offset: number;
	crc: number;
	compressedSize: number;
	size: number;
}

/**
 * The same archive as `zipPacked`, written to a file member by member instead of held in
 * memory: a quarterly package with its consent scans may be larger than the server's memory.
 * A member may be streamed in (`addStream`: a stored file read a chunk at a time); fflate
 * writes sizes and CRC after each member's data, so nothing needs to be known beforehand and
 * the bytes are the same as `zipPacked` gives for the same members. The archive's SHA-256 is
 * kept as it is written.
 *
 * fflate lays out each member; the central directory is written here, the same bytes as
 * fflate's, so that an archive past 4 GiB (a quarter's scans can be gigabytes) gets the ZIP64
 * records fflate does not write: a member that starts past 4 GiB has its offset in a ZIP64
 * extra field, and the directory's place and size go in a ZIP64 end record. Members
 * themselves stay under 4 GiB.
 */
export class ZipFileWriter {
	private readonly zip: Zip;
	private chunks: Uint8Array[] = [];
	private failure: Error | null = null;
	private readonly hash = createHash('sha256');
	private written = 0;
	private readonly members: WrittenMember[] = [];
	/** The next chunk fflate gives is a member's local header. */
	private headerNext = false;

	private constructor(
		private readonly file: FileHandle,
		private readonly mtime: Date,
		private readonly zip64Above: number
	) {
		this.zip = new Zip((err, chunk) => {
			if (err) this.failure = err;
			else {
				if (this.headerNext) {
					this.headerNext = false;
					this.members.at(-1)!.header = Buffer.from(chunk);
				}
				this.chunks.push(chunk);
			}
		});
	}

	/**
	 * A new file at `path` (which must not exist), readable by the server's user only.
	 * `zip64Above` (tests): offsets from this value on are written as ZIP64 (default: those
	 * that do not fit in 32 bits).
	 */
	static async create(
		path: string,
		opts: { mtime?: Date; zip64Above?: number } = {}
	): Promise<ZipFileWriter> {
		return new ZipFileWriter(
			await open(path, 'wx', 0o600),
			opts.mtime ?? FIXED_MTIME,
			Math.min(opts.zip64Above ?? MAX32, MAX32)
		);
	}

	/** Adds a member packed already. */
	async add(name: string, m: PackedMember): Promise<void> {
		if (m.size >= MAX32 || m.data.length >= MAX32) throw new ZipTooLargeError();
		const file = this.entry(name, m.method);
		file.size = m.size;
		file.crc = m.crc;
		Object.assign(this.members.at(-1)!, {
			compressedSize: m.data.length,
			size: m.size,
			crc: m.crc
		});
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
			if (size >= MAX32) throw new ZipTooLargeError();
			crc = crc32(bytes, crc);
			hash.update(bytes);
			file.ondata!(null, bytes, false);
			await this.flush();
		}
		file.size = size;
		file.crc = crc;
		Object.assign(this.members.at(-1)!, { compressedSize: size, size, crc });
		file.ondata!(null, new Uint8Array(0), true);
		await this.flush();
		return { size, sha256: hash.digest('hex') };
	}

	/** Writes the central directory and closes the file. */
	async end(): Promise<WrittenZip> {
		if (this.failure) throw this.failure;
		this.chunks.push(this.centralDirectory());
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
		this.members.push({
			header: Buffer.alloc(0),
			offset: this.written + this.pendingLength(),
			crc: 0,
			compressedSize: 0,
			size: 0
		});
		this.headerNext = true;
		this.zip.add(file);
		return file;
	}

	private pendingLength(): number {
		let n = 0;
		for (const c of this.chunks) n += c.length;
		return n;
	}

	/**
	 * The central directory and its end, as fflate's `Zip.end` writes them (version 2.0, no
	 * comment, attributes zero), with the ZIP64 records where an offset needs them.
	 */
	private centralDirectory(): Uint8Array {
		const start = this.written + this.pendingLength();
		const parts: Buffer[] = [];
		let size = 0;
		for (const m of this.members) {
			const far = m.offset >= this.zip64Above;
			const nameAndExtra = m.header.subarray(30);
			const entry = Buffer.alloc(46 + nameAndExtra.length + (far ? 12 : 0));
			entry.writeUInt32LE(0x02014b50, 0);
			entry[4] = far ? 45 : 20; // version made by (2.0, or 4.5 for ZIP64), MS-DOS
			// Version needed, flags, method, time: as in the local header.
			entry.set(m.header.subarray(4, 26), 6);
			if (far) entry.writeUInt16LE(45, 6);
			entry.writeUInt32LE(m.crc >>> 0, 16);
			entry.writeUInt32LE(m.compressedSize, 20);
			entry.writeUInt32LE(m.size, 24);
			entry.writeUInt16LE(m.header.readUInt16LE(26), 28); // name length
			entry.writeUInt16LE(m.header.readUInt16LE(28) + (far ? 12 : 0), 30); // extra length
			entry.writeUInt32LE(far ? MAX32 : m.offset, 42);
			entry.set(nameAndExtra, 46);
			if (far) {
				const at = 46 + nameAndExtra.length;
				entry.writeUInt16LE(0x0001, at); // the ZIP64 extra field: the offset only
				entry.writeUInt16LE(8, at + 2);
				entry.writeBigUInt64LE(BigInt(m.offset), at + 4);
			}
			parts.push(entry);
			size += entry.length;
		}
		const count = this.members.length;
		const far = start >= this.zip64Above || size >= this.zip64Above || count >= 0xffff;
		if (far) {
			const record = Buffer.alloc(56 + 20);
			record.writeUInt32LE(0x06064b50, 0); // ZIP64 end of central directory
			record.writeBigUInt64LE(44n, 4);
			record.writeUInt16LE(45, 12);
			record.writeUInt16LE(45, 14);
			record.writeBigUInt64LE(BigInt(count), 24);
			record.writeBigUInt64LE(BigInt(count), 32);
			record.writeBigUInt64LE(BigInt(size), 40);
			record.writeBigUInt64LE(BigInt(start), 48);
			record.writeUInt32LE(0x07064b50, 56); // its locator
			record.writeBigUInt64LE(BigInt(start + size), 64);
			record.writeUInt32LE(1, 72);
			parts.push(record);
		}
		const end = Buffer.alloc(22);
		end.writeUInt32LE(0x06054b50, 0);
		end.writeUInt16LE(Math.min(count, 0xffff), 8);
		end.writeUInt16LE(Math.min(count, 0xffff), 10);
		end.writeUInt32LE(far ? Math.min(size, MAX32) : size, 12);
		end.writeUInt32LE(far ? MAX32 : start, 16);
		parts.push(end);
		return Buffer.concat(parts);
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
