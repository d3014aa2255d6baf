import { zipSync, unzipSync, type Zippable } from 'fflate';

/**
 * ZIP packages (quarterly report, data hand-over). Entries get one fixed timestamp and are
 * added in name order, so the same content gives the same bytes (and the same SHA-256).
 */
export function makeZip(
	files: Readonly<Record<string, Uint8Array | string>>,
	mtime: Date = new Date('2000-01-01T00:00:00Z')
): Uint8Array {
	const enc = new TextEncoder();
	const entries: Zippable = {};
	for (const name of Object.keys(files).sort()) {
		const v = files[name]!;
		entries[name] = [typeof v === 'string' ? enc.encode(v) : v, { mtime, level: 6 }];
	}
	return zipSync(entries);
}

/** Reads a ZIP into name → bytes (tests, imports). */
export function readZip(bytes: Uint8Array): Record<string, Uint8Array> {
	return unzipSync(bytes);
}
