import { COMMON_PASSWORDS } from './common-passwords';

/**
 * Password rules after NIST SP 800-63B (rev. 4): length is what counts (default minimum 15
 * for a single-factor password, at least 64 allowed), no composition rules, every character
 * allowed including spaces, and a check against common, breached, repetitive, sequential and
 * context-specific values. Returns the i18n key of the first failure, or null.
 */
export const PASSWORD_MAX_LENGTH = 128;

const BLOCKED = new Set(COMMON_PASSWORDS.map((p) => p.replace(/\s+/g, '').toLowerCase()));
const SEQUENCES = [
	'0123456789012345678901234567890123456789',
	'9876543210987654321098765432109876543210',
	'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz',
	'zyxwvutsrqponmlkjihgfedcbazyxwvutsrqponmlkjihgfedcba',
	'qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm'
];

export function checkPassword(
	password: string,
	opts: { minLength: number; context?: readonly string[] }
): string | null {
	const length = [...password.normalize('NFKC')].length;
	if (length < opts.minLength) return 'password.too_short';
	if (length > PASSWORD_MAX_LENGTH) return 'password.too_long';
	const squashed = password.replace(/\s+/g, '').toLowerCase();
	if (BLOCKED.has(squashed)) return 'password.common';
	if (new Set(squashed).size <= 2) return 'password.repetitive';
	if (SEQUENCES.some((s) => s.includes(squashed))) return 'password.sequential';
	for (const word of opts.context ?? []) {
		const w = word.replace(/\s+/g, '').toLowerCase();
		if (w.length >= 4 && (squashed === w || squashed.replace(/\d+$/, '') === w)) {
			return 'password.context';
		}
	}
	return null;
}
