import { describe, expect, it } from 'vitest';
import { containing } from '$lib/server/db/like';

describe('a search text in an ILIKE pattern', () => {
	it('is matched anywhere, its wildcards and escape taken literally', () => {
		expect(containing('Tamm')).toBe('%Tamm%');
		expect(containing('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
		expect(containing('')).toBe('%%');
	});
});
