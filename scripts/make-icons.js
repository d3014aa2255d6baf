// Draws the app icons (issue 19: the installable web app) as PNG files into static/icons/:
// the logo of favicon.svg — two overlapping circles — on a white square, anti-aliased by
// supersampling. No dependency: PNG is zlib-compressed rows with a CRC per chunk.
// Run once after changing the logo: `node scripts/make-icons.js` (the PNGs are committed).
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const TEAL = [0x1d, 0x5c, 0x63];
const GOLD = [0xe0, 0xa5, 0x26];
const WHITE = [0xff, 0xff, 0xff];

function crc32(buf) {
	let c = ~0;
	for (const b of buf) {
		c ^= b;
		for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
	}
	return ~c >>> 0;
}

function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}

/** The colour at (x, y) in logo units (0…32), `scale` is the logo's share of the square. */
function colourAt(x, y, scale) {
	const u = 16 + (x - 16) / scale;
	const v = 16 + (y - 16) / scale;
	const inTeal = (u - 12) ** 2 + (v - 16) ** 2 <= 81;
	const inGold = (u - 20) ** 2 + (v - 16) ** 2 <= 81;
	if (inGold) {
		const under = inTeal ? TEAL : WHITE;
		return GOLD.map((g, i) => Math.round(g * 0.85 + under[i] * 0.15));
	}
	return inTeal ? TEAL : WHITE;
}

function png(size, scale) {
	const S = 4; // supersampling per axis
	const rows = [];
	for (let y = 0; y < size; y++) {
		const row = Buffer.alloc(1 + size * 3);
		for (let x = 0; x < size; x++) {
			const sum = [0, 0, 0];
			for (let sy = 0; sy < S; sy++) {
				for (let sx = 0; sx < S; sx++) {
					const c = colourAt(
						((x + (sx + 0.5) / S) * 32) / size,
						((y + (sy + 0.5) / S) * 32) / size,
						scale
					);
					for (let i = 0; i < 3; i++) sum[i] += c[i];
				}
			}
			for (let i = 0; i < 3; i++) row[1 + x * 3 + i] = Math.round(sum[i] / (S * S));
		}
		rows.push(row);
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // RGB
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

mkdirSync('static/icons', { recursive: true });
// "any" icons fill most of the square; maskable ones keep the logo inside the 80 % safe zone.
writeFileSync('static/icons/icon-192.png', png(192, 0.95));
writeFileSync('static/icons/icon-512.png', png(512, 0.95));
writeFileSync('static/icons/maskable-512.png', png(512, 0.7));
writeFileSync('static/icons/apple-touch-icon.png', png(180, 0.85));
console.log('static/icons: icon-192.png, icon-512.png, maskable-512.png, apple-touch-icon.png');
