import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { invalid } from '../../errors';
import {
	claimedMediaType,
	cleanFileName,
	isAllowedMediaType,
	isPhotoMediaType,
	isStructurallySound,
	PHOTO_MAX_BYTES
} from '../../domain/documents';
import type { ServiceContext } from '../core/context';

/**
 * What an upload must be (R-DOC-1): present, not empty, within UPLOAD_MAX_MB, one of the
 * accepted types by its content (not its name), and whole. Messages are i18n keys.
 */

const MB = 1024 * 1024;

/** The largest accepted upload in bytes (UPLOAD_MAX_MB, default 20). */
function uploadLimitBytes(ctx: Pick<ServiceContext, 'config'>): number {
	return Math.floor((ctx.config.UPLOAD_MAX_MB ?? 20) * MB);
}

/**
 * Checks an uploaded file: not missing, not empty, not larger than the limit, one of the
 * accepted types by its content (not its name), and whole. Throws `invalid` with the field
 * `file` and a message key the upload form shows.
 */
export async function inspectUpload(
	ctx: Pick<ServiceContext, 'config'>,
	file: { name: string; bytes: Uint8Array } | null,
	/** `photo`: a story's photo, JPEG, PNG or WebP only and at most PHOTO_MAX_BYTES (issue 22). */
	accept: 'document' | 'photo' = 'document'
): Promise<{ mediaType: string; sha256: string; fileName: string }> {
	if (!file || (file.bytes.byteLength === 0 && !file.name)) {
		throw invalid({ file: 'document.error.no_file' });
	}
	if (file.bytes.byteLength === 0) throw invalid({ file: 'document.error.empty' });
	if (file.bytes.byteLength > uploadLimitBytes(ctx)) {
		throw invalid({ file: 'document.error.too_large' });
	}
	if (accept === 'photo') return inspectPhoto(file);
	let detected: string | undefined;
	try {
		detected = (await fileTypeFromBuffer(file.bytes))?.mime;
	} catch {
		detected = undefined;
	}
	const claimed = claimedMediaType(file.name);
	if (!isAllowedMediaType(detected)) {
		// A name that promises an accepted type over content that is not: renamed or broken.
		throw invalid({ file: claimed ? 'document.error.not_what_name_says' : 'document.error.type' });
	}
	if (!isStructurallySound(file.bytes, detected)) throw invalid({ file: 'document.error.broken' });
	return {
		mediaType: detected,
		sha256: createHash('sha256').update(file.bytes).digest('hex'),
		fileName: cleanFileName(file.name)
	};
}

/** A story's photo: within PHOTO_MAX_BYTES, JPEG, PNG or WebP by its content, and whole. */
async function inspectPhoto(file: {
	name: string;
	bytes: Uint8Array;
}): Promise<{ mediaType: string; sha256: string; fileName: string }> {
	if (file.bytes.byteLength > PHOTO_MAX_BYTES) throw invalid({ file: 'stories.photo.too_large' });
	let detected: string | undefined;
	try {
		detected = (await fileTypeFromBuffer(file.bytes))?.mime;
	} catch {
		detected = undefined;
	}
	if (!isPhotoMediaType(detected)) throw invalid({ file: 'stories.photo.type' });
	if (!isStructurallySound(file.bytes, detected)) throw invalid({ file: 'document.error.broken' });
	return {
		mediaType: detected,
		sha256: createHash('sha256').update(file.bytes).digest('hex'),
		fileName: cleanFileName(file.name)
	};
}
