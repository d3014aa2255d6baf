import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';

/**
 * A backup is a folder (docs/operations.md, "Backups"):
 *
 *     seltsiline-backup-2026-12-07T01-00-00Z/
 *       manifest.json                 what is in it, with counts and SHA-256 of every part
 *       database/<table>.jsonl.gz     one JSON object per row (row_to_json), in primary-key order
 *       files/<key>                   the file store's files (documents, quarterly packages)
 *
 * The rows are PostgreSQL's own JSON of each row, so the same backup loads into PGlite and a
 * PostgreSQL server of any version from 15 up, whichever driver wrote it.
 */
export const BACKUP_FORMAT = 'seltsiline-backup';
export const BACKUP_FORMAT_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestSchema = z.object({
	format: z.literal(BACKUP_FORMAT),
	formatVersion: z.literal(BACKUP_FORMAT_VERSION),
	appVersion: z.string(),
	createdAt: z.string(),
	source: z.object({
		driver: z.enum(['pglite', 'postgres']),
		serverVersion: z.string()
	}),
	migrations: z.object({
		count: z.number().int().min(0),
		lastWhen: z.number().nullable(),
		lastTag: z.string().nullable()
	}),
	/** In load order: each table after the tables it points at. */
	tables: z.array(
		z.object({
			name: z.string().min(1),
			file: z.string().regex(/^database\/[A-Za-z0-9_]+\.jsonl\.gz$/),
			rows: z.number().int().min(0),
			sha256
		})
	),
	sequences: z.array(
		z.object({ name: z.string().min(1), lastValue: z.string(), isCalled: z.boolean() })
	),
	files: z.object({
		count: z.number().int().min(0),
		bytes: z.number().int().min(0),
		entries: z.array(z.object({ key: z.string().min(1), size: z.number().int().min(0), sha256 }))
	})
});

export type BackupManifest = z.infer<typeof manifestSchema>;

/** SHA-256 of a file, read as a stream. */
export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
	const hash = createHash('sha256');
	let size = 0;
	for await (const chunk of createReadStream(path)) {
		hash.update(chunk as Buffer);
		size += (chunk as Buffer).length;
	}
	return { sha256: hash.digest('hex'), size };
}
