import { describe, expect, it } from 'vitest';
import {
	CHANNEL_CODE_ALPHABET,
	CHANNEL_CODE_LENGTH,
	channelCodeFrom,
	channelLinkPath,
	channelShare,
	normaliseChannelCode
} from '$lib/server/domain/channels';
import {
	INTAKE_RETENTION_MONTHS,
	intakeDestroyDueOn,
	intakeDueCutoff,
	intakeDueForDestruction
} from '$lib/server/domain/intake';

/** Issue 22: recruitment channel codes (R-VOL-1) and the intake inbox's retention (R-MAP-3). */

describe('recruitment channel codes', () => {
	it('makes six letters and digits without the confusable ones', () => {
		const code = channelCodeFrom(new Uint8Array([0, 1, 2, 3, 250, 255, 9, 9]));
		expect(code).toHaveLength(CHANNEL_CODE_LENGTH);
		expect(code).toMatch(new RegExp(`^[${CHANNEL_CODE_ALPHABET}]+$`));
		expect(CHANNEL_CODE_ALPHABET).not.toMatch(/[01ilo]/);
	});

	it('refuses too few bytes', () => {
		expect(() => channelCodeFrom(new Uint8Array(3))).toThrow();
	});

	it('reads a code as typed or copied, and nothing else', () => {
		expect(normaliseChannelCode(' AB3XYZ ')).toBe('ab3xyz');
		expect(normaliseChannelCode('ab3xy')).toBeNull();
		expect(normaliseChannelCode('ab3xy0')).toBeNull();
		expect(normaliseChannelCode("ab3'yz")).toBeNull();
		expect(normaliseChannelCode(null)).toBeNull();
		expect(normaliseChannelCode(['ab3xyz'])).toBeNull();
	});

	it('links to the public form with the code', () => {
		expect(channelLinkPath('ab3xyz')).toBe('/apply?kanal=ab3xyz');
	});

	it('gives a share only when someone applied', () => {
		expect(channelShare(1, 3)).toBe(33);
		expect(channelShare(0, 0)).toBeNull();
	});
});

describe('intake retention (R-MAP-3)', () => {
	it('keeps an unused item three calendar months', () => {
		expect(INTAKE_RETENTION_MONTHS).toBe(3);
		expect(intakeDestroyDueOn('2026-09-07')).toBe('2026-12-07');
		// A day that does not exist three months later is that month's last day.
		expect(intakeDestroyDueOn('2026-11-30')).toBe('2027-02-28');
	});

	it('is due from its due day on, not before', () => {
		expect(intakeDueForDestruction('2026-09-07', '2026-12-06')).toBe(false);
		expect(intakeDueForDestruction('2026-09-07', '2026-12-07')).toBe(true);
		expect(intakeDueForDestruction('2026-09-07', '2027-01-01')).toBe(true);
	});

	it('gives the latest receiving day that is due today, also across short months', () => {
		expect(intakeDueCutoff('2026-12-07')).toBe('2026-09-07');
		// 28 Feb 2027: items of 28, 29, 30 Nov 2026 are all due (their due day clamps to 28 Feb).
		expect(intakeDueCutoff('2027-02-28')).toBe('2026-11-30');
		for (const day of ['2026-11-27', '2026-11-28', '2026-11-30', '2026-12-01']) {
			expect(day <= intakeDueCutoff('2027-02-28')).toBe(intakeDueForDestruction(day, '2027-02-28'));
		}
	});
});
