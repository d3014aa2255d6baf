import { describe, expect, it } from 'vitest';
import { auditCheckDue } from '$lib/server/domain/audit-chain';

describe('when the audit chain is walked', () => {
	it('runs once after start-up, then at night, and after two days at the latest', () => {
		const started = new Date('2026-12-07T10:00:00Z');
		expect(auditCheckDue(null, started)).toBe(true);
		expect(auditCheckDue(started, new Date('2026-12-07T22:00:00Z'))).toBe(false);
		// 03:30 in Tallinn (UTC+2 in December), more than 20 hours later.
		expect(auditCheckDue(started, new Date('2026-12-08T01:30:00Z'))).toBe(false);
		expect(auditCheckDue(started, new Date('2026-12-09T01:30:00Z'))).toBe(true);
		expect(auditCheckDue(started, new Date('2026-12-09T12:00:00Z'))).toBe(true);
	});
});
