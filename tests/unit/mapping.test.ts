import { describe, expect, it } from 'vitest';
import {
	ageGroup,
	ageOn,
	consentMissing,
	daysBetween,
	isPersonal,
	reconcileIdentity,
	type IdentifyingFields
} from '$lib/server/domain/mapping';
import { buildIsikukood } from '$lib/server/domain/isikukood';

/** Issue 3, mapping: the isikukood prefill and agreement, general vs personal, consent. */
const TODAY = '2026-11-23';
const CODE = buildIsikukood('1941-03-07', 'female', 12); // 441030701…

describe('reconcileIdentity', () => {
	it('fills in the date of birth and gender from the code', () => {
		expect(reconcileIdentity({ isikukood: CODE, dateOfBirth: null, gender: null }, TODAY)).toEqual({
			ok: true,
			identity: { isikukood: CODE, dateOfBirth: '1941-03-07', gender: 'female' },
			prefilled: ['dateOfBirth', 'gender']
		});
	});

	it('stores the code without the spaces people type', () => {
		const spaced = `${CODE.slice(0, 3)} ${CODE.slice(3, 7)} ${CODE.slice(7)}`;
		const r = reconcileIdentity(
			{ isikukood: ` ${spaced} `, dateOfBirth: null, gender: null },
			TODAY
		);
		expect(r).toMatchObject({ ok: true, identity: { isikukood: CODE } });
	});

	it('accepts a date of birth and gender that agree with the code', () => {
		expect(
			reconcileIdentity({ isikukood: CODE, dateOfBirth: '1941-03-07', gender: 'female' }, TODAY)
		).toEqual({
			ok: true,
			identity: { isikukood: CODE, dateOfBirth: '1941-03-07', gender: 'female' },
			prefilled: []
		});
	});

	it('refuses a date of birth or gender that contradicts the code, on that field', () => {
		expect(
			reconcileIdentity({ isikukood: CODE, dateOfBirth: '1941-03-08', gender: 'male' }, TODAY)
		).toEqual({
			ok: false,
			errors: { dateOfBirth: 'mapping.dob_mismatch', gender: 'mapping.gender_mismatch' }
		});
	});

	it.each([
		['1234', 'isikukood.format'],
		['94103070125', 'isikukood.century'],
		['44102300121', 'isikukood.date'],
		[CODE.slice(0, 10) + String((Number(CODE[10]) + 1) % 10), 'isikukood.checksum']
	])('passes on the isikukood’s own message for %s', (code, error) => {
		expect(reconcileIdentity({ isikukood: code, dateOfBirth: null, gender: null }, TODAY)).toEqual({
			ok: false,
			errors: { isikukood: error }
		});
	});

	it('refuses a code or a date of birth in the future', () => {
		const future = buildIsikukood('2027-01-01', 'male', 1);
		expect(
			reconcileIdentity({ isikukood: future, dateOfBirth: null, gender: null }, TODAY)
		).toEqual({
			ok: false,
			errors: { isikukood: 'mapping.isikukood_future' }
		});
		expect(
			reconcileIdentity({ isikukood: null, dateOfBirth: '2026-11-24', gender: null }, TODAY)
		).toEqual({ ok: false, errors: { dateOfBirth: 'mapping.dob_future' } });
	});

	it('takes a date of birth without a code as it is (R-VOL-4: code or date of birth)', () => {
		expect(
			reconcileIdentity({ isikukood: null, dateOfBirth: '1930-12-31', gender: 'male' }, TODAY)
		).toEqual({
			ok: true,
			identity: { isikukood: null, dateOfBirth: '1930-12-31', gender: 'male' },
			prefilled: []
		});
		expect(reconcileIdentity({ isikukood: '  ', dateOfBirth: null, gender: null }, TODAY)).toEqual({
			ok: true,
			identity: { isikukood: null, dateOfBirth: null, gender: null },
			prefilled: []
		});
	});
});

describe('age', () => {
	it('counts full years, the birthday itself included', () => {
		expect(ageOn('1941-11-23', TODAY)).toBe(85);
		expect(ageOn('1941-11-24', TODAY)).toBe(84);
		expect(ageOn('1944-02-29', '2025-02-28')).toBe(80);
		expect(ageOn('1944-02-29', '2025-03-01')).toBe(81);
	});

	it.each([
		['1961-11-24', 'under_65'],
		['1961-11-23', '65_74'],
		['1951-11-24', '65_74'],
		['1951-11-23', '75_84'],
		['1941-11-24', '75_84'],
		['1941-11-23', '85_plus']
	])('puts someone born %s in %s', (dob, group) => {
		expect(ageGroup(dob, TODAY)).toBe(group);
	});

	it('has no age group without a date of birth', () => {
		expect(ageGroup(null, TODAY)).toBeNull();
	});
});

describe('daysBetween', () => {
	it('counts calendar days, over month and year ends and a leap day', () => {
		expect(daysBetween(TODAY, TODAY)).toBe(0);
		expect(daysBetween('2026-10-24', TODAY)).toBe(30);
		expect(daysBetween('2023-12-31', '2024-03-01')).toBe(61);
		expect(daysBetween(null, TODAY)).toBeNull();
	});
});

describe('general or personal, and consent', () => {
	const general: IdentifyingFields = {
		firstName: null,
		lastName: null,
		isikukood: null,
		dateOfBirth: null,
		phone: null,
		street: null,
		contactPersonName: null,
		contactPersonPhone: null
	};

	it('calls an entry personal as soon as one identifying field is there', () => {
		expect(isPersonal(general)).toBe(false);
		expect(isPersonal({ ...general, firstName: '  ' })).toBe(false);
		for (const field of Object.keys(general) as (keyof IdentifyingFields)[]) {
			expect(isPersonal({ ...general, [field]: 'x' }), field).toBe(true);
		}
	});

	it('needs both the consent date and the signed document for a personal entry', () => {
		const base = {
			personal: true,
			status: 'waiting',
			consentGivenOn: null,
			hasConsentDocument: false
		};
		expect(consentMissing(base)).toBe(true);
		expect(consentMissing({ ...base, consentGivenOn: '2026-11-01' })).toBe(true);
		expect(consentMissing({ ...base, hasConsentDocument: true })).toBe(true);
		expect(
			consentMissing({ ...base, consentGivenOn: '2026-11-01', hasConsentDocument: true })
		).toBe(false);
	});

	it('needs no consent for a general entry or an anonymised client', () => {
		const base = { status: 'mapped', consentGivenOn: null, hasConsentDocument: false };
		expect(consentMissing({ ...base, personal: false })).toBe(false);
		expect(consentMissing({ ...base, personal: true, status: 'anonymised' })).toBe(false);
	});
});
