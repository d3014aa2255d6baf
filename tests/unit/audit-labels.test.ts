import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import et from '../../messages/et.json';
import en from '../../messages/en.json';
import {
	auditActionKey,
	auditDetailsText,
	auditEntityKey,
	auditOutcomeKey,
	auditRoleKeys
} from '$lib/i18n/audit-labels';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, AUDIT_OUTCOMES } from '$lib/server/services/core/audit';
import { auditFilterFromUrl } from '$lib/server/web/audit-filter';
import { tallinnDayStart } from '$lib/server/domain/dates';

/** Issue 2, "Audit log": the log page names every event, and its filter reads the address. */

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory()
			? sourceFiles(join(dir, e.name))
			: /\.(ts|svelte)$/.test(e.name)
				? [join(dir, e.name)]
				: []
	);
}

describe('labels of audit events', () => {
	it.each([...AUDIT_ACTIONS])('%s has a label in Estonian and English', (action) => {
		const key = `audit.action.${action.replace(/\./g, '_')}`;
		expect(Object.keys(et)).toContain(key);
		expect((et as Record<string, unknown>)[key]).toBeTruthy();
		expect((en as Record<string, unknown>)[key]).toBeTruthy();
		expect(auditActionKey(action)).toBe(key);
	});

	it('every action the code writes to the log is a known action (so it has a label)', () => {
		const written = new Set<string>();
		for (const file of sourceFiles(resolve('src/lib/server'))) {
			for (const m of readFileSync(file, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_]+)'/g)) {
				written.add(m[1]!);
			}
		}
		expect(written.size).toBeGreaterThan(10);
		const unknown = [...written].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a));
		expect(unknown, 'add these to AUDIT_ACTIONS and messages/*.json').toEqual([]);
	});

	it('falls back to the raw name of an action, record type or outcome it does not know', () => {
		expect(auditActionKey('future.action')).toBe('future.action');
		expect(auditEntityKey('survey')).toBe('survey');
		expect(auditOutcomeKey('odd')).toBe('odd');
	});

	it('labels every record type and outcome', () => {
		for (const type of AUDIT_ENTITY_TYPES)
			expect(auditEntityKey(type)).toBe(`audit.entity.${type}`);
		for (const o of AUDIT_OUTCOMES) expect(auditOutcomeKey(o)).toBe(`audit.outcome.${o}`);
	});

	it('names the roles of the actor', () => {
		expect(auditRoleKeys('admin,expert')).toEqual(['role.admin', 'role.expert']);
		expect(auditRoleKeys(null)).toEqual([]);
		expect(auditRoleKeys('')).toEqual([]);
	});

	it('shows details as short text', () => {
		expect(auditDetailsText({ fields: ['phone', 'notes'], count: 2 })).toBe(
			'fields: phone, notes; count: 2'
		);
		expect(auditDetailsText(null)).toBe('');
	});
});

describe('tallinnDayStart', () => {
	it.each([
		['2025-01-15', '2025-01-14T22:00:00.000Z'], // winter, UTC+2
		['2025-06-15', '2025-06-14T21:00:00.000Z'], // summer, UTC+3
		['2025-03-30', '2025-03-29T22:00:00.000Z'], // clocks go forward at 03:00 that day
		['2025-10-26', '2025-10-25T21:00:00.000Z'], // clocks go back at 04:00 that day
		['2024-02-29', '2024-02-28T22:00:00.000Z']
	])('%s begins at %s', (day, instant) => {
		expect(tallinnDayStart(day).toISOString()).toBe(instant);
	});
});

describe('the audit filter read from the address', () => {
	const parse = (query: string) => auditFilterFromUrl(new URL(`http://localhost/audit?${query}`));

	it('reads nothing from an empty address', () => {
		const { filter, errors, form } = parse('');
		expect(filter).toEqual({ page: 1 });
		expect(errors).toEqual({});
		expect(form.page).toBe(1);
	});

	it('turns days into Tallinn instants, the end day included', () => {
		const { filter, errors } = parse('from=2025-06-01&to=2025-06-15');
		expect(errors).toEqual({});
		expect(filter.from?.toISOString()).toBe('2025-05-31T21:00:00.000Z');
		expect(filter.to?.toISOString()).toBe('2025-06-15T21:00:00.000Z');
	});

	it('passes the other filters on', () => {
		const county = '0b4f6a0e-6a55-4a8e-9d1a-3b7c2e9f0a11';
		const { filter, errors } = parse(
			`action=client.view&outcome=denied&type=client&id=abc&county=${county}&request=r-1&page=3`
		);
		expect(errors).toEqual({});
		expect(filter).toEqual({
			action: 'client.view',
			outcome: 'denied',
			entityType: 'client',
			entityId: 'abc',
			countyId: county,
			requestId: 'r-1',
			page: 3
		});
	});

	it('leaves out what it cannot use and says why', () => {
		const { filter, errors } = parse('from=15.06.2025&outcome=maybe&county=harju&page=-2');
		expect(filter).toEqual({ page: 1 });
		expect(errors).toEqual({ from: 'error.date', outcome: 'error.choice', county: 'error.choice' });
	});

	it('refuses an end day before the start day', () => {
		const { filter, errors } = parse('from=2025-06-15&to=2025-06-01');
		expect(errors.to).toBe('audit.filter.to_before_from');
		expect(filter.to).toBeUndefined();
		expect(filter.from).toBeDefined();
	});

	it('keeps the same day as a one-day range', () => {
		const { filter, errors } = parse('from=2025-06-15&to=2025-06-15');
		expect(errors).toEqual({});
		expect(filter.to!.getTime() - filter.from!.getTime()).toBe(24 * 3600 * 1000);
	});
});
