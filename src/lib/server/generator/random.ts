import { createHash } from 'node:crypto';

/**
 * Seeded randomness for the data generator: the same seed gives the same data set, record ids
 * included, on every run and every machine.
 */

/** mulberry32: a tiny, good-enough 32-bit PRNG (public domain, Tommy Ettinger). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** FNV-1a of a text, to derive a stream's seed from a name. */
export function hash32(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

export class Random {
	private readonly next: () => number;
	constructor(seed: number) {
		this.next = mulberry32(seed);
	}
	/** A new independent stream derived from this seed and a label. */
	static derive(seed: number, label: string | number): Random {
		return new Random((seed ^ hash32(String(label))) >>> 0);
	}
	/** [0, 1) */
	float(): number {
		return this.next();
	}
	/** Integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)]!;
	}
	/** One of `items` with probability proportional to its weight. */
	weighted<T>(items: readonly (readonly [T, number])[]): T {
		const total = items.reduce((s, [, w]) => s + w, 0);
		let x = this.next() * total;
		for (const [item, w] of items) {
			x -= w;
			if (x < 0) return item;
		}
		return items[items.length - 1]![0];
	}
	/** Roughly normal (sum of three uniforms), mean 0, sd about 1. */
	normal(): number {
		return (this.next() + this.next() + this.next() - 1.5) * 2;
	}
}

/** A version-4-shaped UUID from the SHA-256 of a text: deterministic and, in practice, unique. */
export function uuidFrom(text: string): string {
	const h = createHash('sha256').update(text).digest('hex');
	const variant = ((parseInt(h[16]!, 16) & 3) | 8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Record ids of one kind: `uuidFrom(seed/kind/n)` for n = 0, 1, 2 … A 32-bit random stream
 * cannot give millions of unique ids (its streams overlap), a counter under a hash can.
 */
export class Ids {
	private n = 0;
	constructor(
		private readonly seed: number,
		private readonly kind: string
	) {}
	next(): string {
		return uuidFrom(`${this.seed}/${this.kind}/${this.n++}`);
	}
}
