/**
 * What the volunteer's phone keeps (issue 19, item 4): the queue of diary entries and trips
 * saved while there was no connection — nothing else goes into IndexedDB. Plain IndexedDB (no
 * library: a few dozen lines, and it runs in the page and in the service worker alike).
 *
 * An item is the posted form as it was (field name → value pairs), its idempotency key (so a
 * replay that arrives twice is saved once), the user it belongs to (another login on the same
 * phone neither sees nor sends it), a short label for the list (the client's first name and the
 * date, shown on this phone only) and, after a refusal, the server's message.
 */

export type QueuedKind = 'diary' | 'trip';

export interface QueuedItem {
	/** The form's idempotency key (`submissionKey`), also the item's id. */
	key: string;
	userId: string;
	kind: QueuedKind;
	/** Where the form posts (path and `?/action`). */
	action: string;
	/** The page of the form, to fix a refused item. */
	page: string;
	fields: [string, string][];
	label: { name: string; date: string; clientId: string };
	queuedAt: number;
	state: 'waiting' | 'refused';
	/** The server's refusal: an i18n key for the whole form, and field → i18n key. */
	message?: string;
	errors?: Record<string, string>;
}

const DB_NAME = 'seltsiline';
const STORE = 'queue';

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

function open(): Promise<IDBDatabase> {
	const req = indexedDB.open(DB_NAME, 1);
	req.onupgradeneeded = () => {
		const db = req.result;
		if (!db.objectStoreNames.contains(STORE)) {
			db.createObjectStore(STORE, { keyPath: 'key' }).createIndex('userId', 'userId');
		}
	};
	return request(req);
}

async function withStore<T>(
	mode: IDBTransactionMode,
	fn: (store: IDBObjectStore) => IDBRequest<T>
): Promise<T> {
	const db = await open();
	try {
		const tx = db.transaction(STORE, mode);
		const result = await request(fn(tx.objectStore(STORE)));
		await new Promise<void>((resolve, reject) => {
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error);
		});
		return result;
	} finally {
		db.close();
	}
}

export function hasIndexedDb(): boolean {
	return typeof indexedDB !== 'undefined';
}

/** The user's items, oldest first. */
export async function queuedItems(userId: string): Promise<QueuedItem[]> {
	if (!hasIndexedDb()) return [];
	const items = (await withStore('readonly', (s) =>
		s.index('userId').getAll(userId)
	)) as QueuedItem[];
	return items.sort((a, b) => a.queuedAt - b.queuedAt);
}

export async function queuedItem(key: string): Promise<QueuedItem | undefined> {
	if (!hasIndexedDb()) return undefined;
	return (await withStore('readonly', (s) => s.get(key))) as QueuedItem | undefined;
}

export async function putQueued(item: QueuedItem): Promise<void> {
	await withStore('readwrite', (s) => s.put(item));
}

export async function removeQueued(key: string): Promise<void> {
	if (!hasIndexedDb()) return;
	await withStore('readwrite', (s) => s.delete(key));
}

/** Logging out: the whole queue goes (every user's; the phone keeps nothing after). */
export async function clearQueue(): Promise<void> {
	if (!hasIndexedDb()) return;
	await withStore('readwrite', (s) => s.clear());
}

/** A fresh idempotency key for a form (the phone's, for a queued item or a reopened page). */
export function newSubmissionKey(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const b = crypto.getRandomValues(new Uint8Array(16));
	b[6] = (b[6]! & 0x0f) | 0x40;
	b[8] = (b[8]! & 0x3f) | 0x80;
	const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Pages listen for this to show the count again. */
export const QUEUE_CHANGED = 'seltsiline:queue';

export function announceQueueChange(): void {
	if (typeof window !== 'undefined') window.dispatchEvent(new Event(QUEUE_CHANGED));
}
