/**
 * Pure rules of recruitment channels (issue 22, R-VOL-1): a county's channels (a ferry poster,
 * a parish newsletter, a local paper, a social-media post), each with a short code that its own
 * link to the public application form carries (`/apply?kanal=<code>`). No I/O.
 */

/** What kind of channel it is (labels in messages: `channels.kind.<kind>`). */
export const CHANNEL_KINDS = [
	'poster',
	'newspaper',
	'newsletter',
	'social_media',
	'radio_tv',
	'event',
	'word_of_mouth',
	'other'
] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The query parameter of the public form that names the channel ("kanal" is Estonian). */
export const CHANNEL_PARAM = 'kanal';

/**
 * Letters and digits of a channel code: lower case, without the ones people confuse when they
 * copy a link from a poster by hand (0/o, 1/l/i).
 */
export const CHANNEL_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const CHANNEL_CODE_LENGTH = 6;

const CODE = new RegExp(`^[${CHANNEL_CODE_ALPHABET}]{${CHANNEL_CODE_LENGTH}}$`);

/** A code as typed or copied (trimmed, lower-cased), or null when it cannot be one. */
export function normaliseChannelCode(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const code = value.trim().toLowerCase();
	return CODE.test(code) ? code : null;
}

/** A code from random bytes (one byte per letter; the caller gives crypto-random bytes). */
export function channelCodeFrom(bytes: Uint8Array): string {
	if (bytes.length < CHANNEL_CODE_LENGTH) throw new Error('not enough bytes for a channel code');
	let code = '';
	for (let i = 0; i < CHANNEL_CODE_LENGTH; i++) {
		code += CHANNEL_CODE_ALPHABET[bytes[i]! % CHANNEL_CODE_ALPHABET.length];
	}
	return code;
}

/** The path of a channel's link to the public application form. */
export function channelLinkPath(code: string): string {
	return `/apply?${CHANNEL_PARAM}=${code}`;
}

/** Per-channel counts: who applied, was selected, became an active volunteer. */
export interface ChannelCounts {
	applied: number;
	selected: number;
	active: number;
}

/** Share of `part` in `whole` as a whole percent, or null when nobody applied. */
export function channelShare(part: number, whole: number): number | null {
	return whole > 0 ? Math.round((part / whole) * 100) : null;
}
