import { unzipSync } from 'fflate';

/**
 * Pure rules of the documents service (R-DOC-1): which file types are accepted, how a file's
 * structure is checked beyond its first bytes, and how an uploaded file name is tidied for
 * display. No I/O here; services/documents/documents.ts does the storing.
 */

export const DOCUMENT_MEDIA_TYPES = {
	'application/pdf': 'pdf',
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.oasis.opendocument.text': 'odt'
} as const;
export type DocumentMediaType = keyof typeof DOCUMENT_MEDIA_TYPES;

export function isAllowedMediaType(mime: string | undefined): mime is DocumentMediaType {
	return mime !== undefined && Object.hasOwn(DOCUMENT_MEDIA_TYPES, mime);
}

/**
 * A story's photo (issue 22, R-STORY-1): JPEG, PNG or WebP only, and smaller than documents.
 * WebP is accepted for photos only (phones save it); the general list above is unchanged.
 */
export const PHOTO_MEDIA_TYPES = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp'
} as const;
export type PhotoMediaType = keyof typeof PHOTO_MEDIA_TYPES;
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

export function isPhotoMediaType(mime: string | undefined): mime is PhotoMediaType {
	return mime !== undefined && Object.hasOwn(PHOTO_MEDIA_TYPES, mime);
}

/** File name extensions that claim one of the accepted types (for a clearer "renamed" message). */
const CLAIMED_TYPES: Record<string, DocumentMediaType> = {
	pdf: 'application/pdf',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	odt: 'application/vnd.oasis.opendocument.text'
};

/** The accepted type a file name claims by its extension, if any. */
export function claimedMediaType(fileName: string): DocumentMediaType | null {
	const m = /\.([A-Za-z0-9]{1,5})$/.exec(fileName);
	return m ? (CLAIMED_TYPES[m[1]!.toLowerCase()] ?? null) : null;
}

const enc = new TextEncoder();

function indexOf(bytes: Uint8Array, needle: Uint8Array, from = 0): number {
	outer: for (let i = Math.max(0, from); i <= bytes.length - needle.length; i++) {
		for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
		return i;
	}
	return -1;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
	return prefix.every((b, i) => bytes[i] === b);
}

/**
 * Whether a file whose first bytes say `mediaType` is whole: a PDF ends with `%%EOF`, a PNG
 * starts with its header chunk and ends with IEND, a JPEG ends with its end-of-image marker,
 * and a DOCX or ODT is a readable ZIP with the parts a word processor needs. A file cut short
 * in transfer, or damaged, fails here; a renamed file fails the type check before.
 */
export function isStructurallySound(
	bytes: Uint8Array,
	mediaType: DocumentMediaType | PhotoMediaType
): boolean {
	switch (mediaType) {
		case 'image/webp': {
			// RIFF, the length of what follows (little-endian), WEBP; the file holds all of it.
			if (!startsWith(bytes, [...enc.encode('RIFF')]) || bytes.length < 20) return false;
			if (!startsWith(bytes.subarray(8), [...enc.encode('WEBP')])) return false;
			const size = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
			return size + 8 <= bytes.length;
		}
		case 'application/pdf': {
			if (!startsWith(bytes, [...enc.encode('%PDF-')])) return false;
			// Writers may add a few bytes (newlines, padding) after the last %%EOF.
			return indexOf(bytes, enc.encode('%%EOF'), bytes.length - 1024) >= 0;
		}
		case 'image/png': {
			const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
			if (!startsWith(bytes, signature) || bytes.length < 8 + 25 + 12) return false;
			// The first chunk is IHDR with 13 bytes of data; the last one is IEND.
			const ihdr = bytes.subarray(8, 16);
			if (!startsWith(ihdr, [0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])) return false;
			return indexOf(bytes, enc.encode('IEND'), bytes.length - 64) >= 0;
		}
		case 'image/jpeg': {
			if (!startsWith(bytes, [0xff, 0xd8, 0xff])) return false;
			// End of image (FF D9), allowing for padding some cameras and scanners add.
			return indexOf(bytes, new Uint8Array([0xff, 0xd9]), bytes.length - 4096) >= 0;
		}
		case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
			return zipHas(bytes, ['[Content_Types].xml', 'word/document.xml']);
		case 'application/vnd.oasis.opendocument.text':
			return zipHas(bytes, ['mimetype', 'content.xml']);
	}
}

/** Reads a ZIP's central directory (without inflating anything) and checks for entries. */
function zipHas(bytes: Uint8Array, required: readonly string[]): boolean {
	const names = new Set<string>();
	try {
		unzipSync(bytes, {
			filter: (file) => {
				names.add(file.name);
				return false;
			}
		});
	} catch {
		return false;
	}
	return required.every((n) => names.has(n));
}

/**
 * The uploader's file name as shown in lists and offered on download: the last path segment,
 * without control characters or characters that break a Content-Disposition header, at most
 * 200 characters (the extension kept). Never used to pick the type or the storage key.
 */
export function cleanFileName(name: string): string {
	const last = name.split(/[\\/]/).pop() ?? '';
	const cleaned = last
		.normalize('NFC')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f"<>|*?:;]/g, '_')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^\.+/, '');
	if (!cleaned) return 'dokument';
	if (cleaned.length <= 200) return cleaned;
	const dot = cleaned.lastIndexOf('.');
	const ext = dot > 0 && cleaned.length - dot <= 6 ? cleaned.slice(dot) : '';
	return cleaned.slice(0, 200 - ext.length) + ext;
}

/** The name a download is offered under: the stored name with the extension of its real type. */
export function downloadFileName(fileName: string, mediaType: string): string {
	const ext = isAllowedMediaType(mediaType) ? DOCUMENT_MEDIA_TYPES[mediaType] : null;
	if (!ext) return fileName;
	const claimed = claimedMediaType(fileName);
	if (claimed === mediaType) return fileName;
	return `${fileName}.${ext}`;
}

/**
 * A Content-Disposition header value for an attachment: an ASCII fallback name and the UTF-8
 * name (RFC 6266 / RFC 5987), so õ ä ö ü š ž survive in every browser.
 */
export function attachmentDisposition(fileName: string): string {
	const ascii = fileName
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\x20-\x7e]/g, '_')
		.replace(/["\\]/g, '_');
	const encoded = encodeURIComponent(fileName).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** `owner_type:id` references of owners added by later features (survey responses, claims …). */
const OWNER_REF = /^([a-z][a-z_]{0,39}):([A-Za-z0-9-]{1,100})$/;

export function parseOwnerRef(ref: string): { type: string; id: string } | null {
	const m = OWNER_REF.exec(ref);
	return m ? { type: m[1]!, id: m[2]! } : null;
}
