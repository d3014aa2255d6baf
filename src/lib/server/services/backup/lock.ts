import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite has no lock of its own, and two processes on one data folder corrupt it. The app
 * writes its process id to `DATA_DIR/seltsiline.pid` while it has the embedded database open;
 * the offline tools (`npm run backup`, `npm run restore`) refuse a folder whose app is running.
 */
const FILE = 'seltsiline.pid';

/** The running process that has the embedded database in `dataDir` open, or null. */
export function dataDirHolder(dataDir: string): number | null {
	let pid: number;
	try {
		pid = Number(readFileSync(join(dataDir, FILE), 'utf8').trim());
	} catch {
		return null;
	}
	if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
	try {
		process.kill(pid, 0);
		return pid;
	} catch (e) {
		// EPERM: the process exists but belongs to another user — it is running.
		return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
	}
}

/** Marks `dataDir` as in use by this process; the returned function releases it. */
export function holdDataDir(dataDir: string): () => void {
	mkdirSync(dataDir, { recursive: true });
	const path = join(dataDir, FILE);
	writeFileSync(path, `${process.pid}\n`);
	return () => {
		try {
			if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
		} catch {
			/* gone already */
		}
	};
}
