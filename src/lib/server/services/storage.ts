import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
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
	/** Throws AppError `not_found` when there is no such file. */
	get(key: string): Promise<Uint8Array>;
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
	return {
		async put(key, bytes) {
			const path = pathOf(key);
			await mkdir(dirname(path), { recursive: true });
			const tmp = `${path}.${randomUUID()}.part`;
			try {
				await writeFile(tmp, bytes, { flag: 'wx', mode: 0o600 });
				await rename(tmp, path);
			} catch (e) {
				await rm(tmp, { force: true });
				throw e;
			}
		},
		async get(key) {
			try {
				return new Uint8Array(await readFile(pathOf(key)));
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
