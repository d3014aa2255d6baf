import { constants as fsConstants, createReadStream } from 'node:fs';
import {
	chmod,
	copyFile,
	mkdir,
	open,
	readdir,
	readFile,
	rename,
	rm,
	stat,
	writeFile
} from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
	DeleteObjectCommand,
	GetObjectCommand,
	HeadObjectCommand,
	ListObjectsV2Command,
	PutObjectCommand,
	S3Client
} from '@aws-sdk/client-s3';
import type { AppConfig } from '../config';
import { AppError, notFound } from '../errors';

/**
 * The file store: where the bytes of documents live (R-DOC-1). Local disk under
 * `DATA_DIR/files` by default, S3-compatible object storage when `S3_BUCKET` is set. Nothing
 * in it is ever served from a public path: the documents service reads it after the policy
 * check and the audit event. Keys are opaque (random ids, no names, no personal data).
 */
export interface FileStore {
	put(key: string, bytes: Uint8Array, mediaType: string): Promise<void>;
	/**
	 * Stores the file at `path` on the local disk under `key` without reading it into memory
	 * (a package of hundreds of megabytes). The file at `path` stays the caller's to remove.
	 */
	putFile(key: string, path: string, mediaType: string): Promise<void>;
	/** Throws AppError `not_found` when there is no such file. */
	get(key: string): Promise<Uint8Array>;
	/**
	 * The file as a stream, a chunk at a time, for files too large to hold in memory. Throws
	 * AppError `not_found` (before any chunk) when there is no such file.
	 */
	openRead(key: string): Promise<Readable>;
	/** No error when the file is already gone. */
	delete(key: string): Promise<void>;
	exists(key: string): Promise<boolean>;
	/** Keys under `prefix` (all when left out), sorted; for tests and the retention sweep. */
	list(prefix?: string): Promise<string[]>;
}

/** Keys are relative paths of safe characters: no `..`, no leading slash, no backslash. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]*(\/[A-Za-z0-9][A-Za-z0-9_.-]*)*$/;

export function assertKey(key: string): void {
	if (!KEY.test(key) || key.length > 500 || key.split('/').some((p) => p === '..' || p === '.')) {
		throw new AppError('invalid', 'document.error.storage_key');
	}
}

/** A new, unguessable key: `<prefix>/<yyyy>/<mm>/<uuid>`. */
export function newStorageKey(prefix: string, now: Date = new Date()): string {
	const yyyy = String(now.getUTCFullYear());
	const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
	const key = `${prefix}/${yyyy}/${mm}/${randomUUID()}`;
	assertKey(key);
	return key;
}

/** Files in a folder on the local disk. Writes go to a temporary name first, then rename. */
export function createLocalFileStore(root: string): FileStore {
	const base = resolve(root);
	const pathOf = (key: string) => {
		assertKey(key);
		const p = resolve(base, ...key.split('/'));
		if (!p.startsWith(base + sep)) throw new AppError('invalid', 'document.error.storage_key');
		return p;
	};
	const isMissing = (e: unknown) => (e as NodeJS.ErrnoException)?.code === 'ENOENT';
	/** Writes through a temporary name next to the file, then renames: never half a file. */
	const writeThrough = async (key: string, write: (tmp: string) => Promise<void>) => {
		const path = pathOf(key);
		await mkdir(dirname(path), { recursive: true });
		const tmp = `${path}.${randomUUID()}.part`;
		try {
			await write(tmp);
			await rename(tmp, path);
		} catch (e) {
			await rm(tmp, { force: true });
			throw e;
		}
	};
	return {
		put(key, bytes) {
			return writeThrough(key, (tmp) => writeFile(tmp, bytes, { flag: 'wx', mode: 0o600 }));
		},
		putFile(key, source) {
			return writeThrough(key, async (tmp) => {
				await copyFile(source, tmp, fsConstants.COPYFILE_EXCL);
				await chmod(tmp, 0o600);
			});
		},
		async get(key) {
			try {
				return new Uint8Array(await readFile(pathOf(key)));
			} catch (e) {
				if (isMissing(e)) throw notFound();
				throw e;
			}
		},
		async openRead(key) {
			try {
				const handle = await open(pathOf(key), 'r');
				return handle.createReadStream();
			} catch (e) {
				if (isMissing(e)) throw notFound();
				throw e;
			}
		},
		async delete(key) {
			await rm(pathOf(key), { force: true });
		},
		async exists(key) {
			try {
				return (await stat(pathOf(key))).isFile();
			} catch (e) {
				if (isMissing(e)) return false;
				throw e;
			}
		},
		async list(prefix = '') {
			const out: string[] = [];
			const walk = async (dir: string) => {
				let entries;
				try {
					entries = await readdir(dir, { withFileTypes: true });
				} catch (e) {
					if (isMissing(e)) return;
					throw e;
				}
				for (const entry of entries) {
					const full = join(dir, entry.name);
					if (entry.isDirectory()) await walk(full);
					else if (entry.isFile() && !entry.name.endsWith('.part')) {
						const key = relative(base, full).split(sep).join('/');
						if (key.startsWith(prefix)) out.push(key);
					}
				}
			};
			await walk(base);
			return out.sort();
		}
	};
}

export interface S3Options {
	bucket: string;
	endpoint?: string;
	region: string;
	accessKeyId?: string;
	secretAccessKey?: string;
	forcePathStyle?: boolean;
}

/** Objects in an S3-compatible bucket (AWS, MinIO, Ceph, Garage, …). */
export function createS3FileStore(opts: S3Options): FileStore {
	const client = new S3Client({
		// Checksums only where S3 requires them: with the SDK's default, a streamed upload (a
		// quarterly package from its file) is sent in aws-chunked encoding with a trailing
		// checksum, which S3-compatible stores that do not know it (s3rver, older MinIO, Garage)
		// keep as part of the object.
		requestChecksumCalculation: 'WHEN_REQUIRED',
		region: opts.region,
		endpoint: opts.endpoint,
		forcePathStyle: opts.forcePathStyle,
		credentials:
			opts.accessKeyId && opts.secretAccessKey
				? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey }
				: undefined
	});
	const Bucket = opts.bucket;
	const isMissing = (e: unknown) => {
		const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
		return (
			err?.name === 'NoSuchKey' ||
			err?.name === 'NotFound' ||
			err?.$metadata?.httpStatusCode === 404
		);
	};
	return {
		async put(key, bytes, mediaType) {
			assertKey(key);
			await client.send(
				new PutObjectCommand({
					Bucket,
					Key: key,
					Body: bytes,
					ContentType: mediaType,
					ContentLength: bytes.byteLength
				})
			);
		},
		async putFile(key, path, mediaType) {
			assertKey(key);
			const { size } = await stat(path);
			await client.send(
				new PutObjectCommand({
					Bucket,
					Key: key,
					Body: createReadStream(path),
					ContentType: mediaType,
					ContentLength: size
				})
			);
		},
		async get(key) {
			assertKey(key);
			try {
				const res = await client.send(new GetObjectCommand({ Bucket, Key: key }));
				if (!res.Body) throw notFound();
				return await res.Body.transformToByteArray();
			} catch (e) {
				if (isMissing(e)) throw notFound();
				throw e;
			}
		},
		async openRead(key) {
			assertKey(key);
			try {
				const res = await client.send(new GetObjectCommand({ Bucket, Key: key }));
				if (!res.Body) throw notFound();
				// On Node.js the body is a readable stream (an IncomingMessage).
				if (res.Body instanceof Readable) return res.Body;
				return Readable.fromWeb(res.Body.transformToWebStream() as never);
			} catch (e) {
				if (isMissing(e)) throw notFound();
				throw e;
			}
		},
		async delete(key) {
			assertKey(key);
			try {
				await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
			} catch (e) {
				if (!isMissing(e)) throw e;
			}
		},
		async exists(key) {
			assertKey(key);
			try {
				await client.send(new HeadObjectCommand({ Bucket, Key: key }));
				return true;
			} catch (e) {
				if (isMissing(e)) return false;
				throw e;
			}
		},
		async list(prefix = '') {
			const out: string[] = [];
			let token: string | undefined;
			do {
				const res = await client.send(
					new ListObjectsV2Command({
						Bucket,
						Prefix: prefix || undefined,
						ContinuationToken: token
					})
				);
				for (const o of res.Contents ?? []) if (o.Key) out.push(o.Key);
				token = res.IsTruncated ? res.NextContinuationToken : undefined;
			} while (token);
			return out.sort();
		}
	};
}

/** The store the configuration asks for: S3 when `S3_BUCKET` is set, else `DATA_DIR/files`. */
export function createFileStore(config: AppConfig): FileStore {
	if (config.S3_BUCKET) {
		return createS3FileStore({
			bucket: config.S3_BUCKET,
			endpoint: config.S3_ENDPOINT,
			region: config.S3_REGION,
			accessKeyId: config.S3_ACCESS_KEY_ID,
			secretAccessKey: config.S3_SECRET_ACCESS_KEY,
			forcePathStyle: config.S3_FORCE_PATH_STYLE
		});
	}
	return createLocalFileStore(resolve(config.DATA_DIR, 'files'));
}

/**
 * Where large files are made before they go to the store (a quarterly package): `DATA_DIR/tmp`,
 * on the data volume with the rest of the personal data (not /tmp, often a RAM disk and
 * readable by other users' processes), readable by the server's user only.
 */
export function tempDir(config: Pick<AppConfig, 'DATA_DIR'>): string {
	return resolve(config.DATA_DIR, 'tmp');
}

/** A new path in the temporary folder (the file is not made); the caller removes the file. */
export async function newTempPath(
	config: Pick<AppConfig, 'DATA_DIR'>,
	prefix: string
): Promise<string> {
	const dir = tempDir(config);
	await mkdir(dir, { recursive: true, mode: 0o700 });
	return join(dir, `${prefix}-${randomUUID()}`);
}

/**
 * Removes temporary files older than `maxAgeMs` (left behind by a crash while a package was
 * being made); by the daily sweep (runtime.ts). Returns how many went.
 */
export async function sweepTempFiles(
	config: Pick<AppConfig, 'DATA_DIR'>,
	now: Date,
	maxAgeMs = 24 * 3600_000
): Promise<number> {
	const dir = tempDir(config);
	let names: string[];
	try {
		names = await readdir(dir);
	} catch (e) {
		if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') return 0;
		throw e;
	}
	let removed = 0;
	for (const name of names) {
		const path = join(dir, name);
		const info = await stat(path).catch(() => null);
		if (info?.isFile() && now.getTime() - info.mtimeMs > maxAgeMs) {
			await rm(path, { force: true });
			removed++;
		}
	}
	return removed;
}
