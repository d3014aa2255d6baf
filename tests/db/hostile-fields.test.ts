import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { clients } from '$lib/server/db/schema';
import type { Actor } from '$lib/server/policy/actor';
import { createClient } from '$lib/server/services/clients/clients';
import { DuplicateClientError } from '$lib/server/services/clients/client-fields';
import { countyByName, seedUser } from '$lib/server/fixtures/factories';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { refusal } from '../helpers/errors';

/** Issue 17, item 3 (b): what cannot be true is refused; names are stored as NFC. */
let t: TestDatabase;
let harju: { id: string };
let coordinator: Actor;

beforeAll(async () => {
	t = await createTestDatabase();
	harju = await countyByName(t.handle.db, 'Harju maakond');
	coordinator = (
		await seedUser(t.handle.db, { grants: [{ role: 'coordinator', countyId: harju.id }] })
	).actor;
});
afterAll(async () => {
	await t?.close();
});

const clientCount = async () => (await t.handle.db.select({ n: count() }).from(clients))[0]!.n;

describe('names', () => {
	it('stores names in NFC and warns about a duplicate written with a combining mark or a trailing zero-width space', async () => {
		const ctx = t.ctx(coordinator);
		const id = await createClient(ctx, {
			countyId: harju.id,
			firstName: 'Jüri',
			lastName: 'Õunapuu',
			dateOfBirth: '1940-05-06'
		});
		for (const [firstName, lastName] of [
			['Ju\u0308ri', 'Õunapuu'],
			['Jüri\u200B', 'O\u0303unapuu '],
			['\uFEFFJüri', 'Õunapuu\u200B']
		]) {
			const before = await clientCount();
			const e = await refusal(
				createClient(ctx, { countyId: harju.id, firstName, lastName, dateOfBirth: '1940-05-06' })
			);
			expect(e, JSON.stringify(firstName)).toBeInstanceOf(DuplicateClientError);
			expect((e as DuplicateClientError).duplicates.map((d) => d.id)).toEqual([id]);
			expect(await clientCount()).toBe(before);
		}
		const other = await createClient(ctx, {
			countyId: harju.id,
			firstName: ' Ma\u0308rt ',
			lastName: 'Kask'
		});
		const [row] = await t.handle.db.select().from(clients).where(eq(clients.id, other));
		expect(row!.firstName).toBe('Märt');
	});

	it('refuses bidirectional overrides, isolates and zero-width characters inside a name', async () => {
		const ctx = t.ctx(coordinator);
		for (const name of [
			'Ma\u202Eri',
			'\u2066Mari\u2069',
			'Ma\u200Bri',
			'Ma\u200Dri',
			'Mari\u200F'
		]) {
			const before = await clientCount();
			const e = await refusal(createClient(ctx, { countyId: harju.id, firstName: name }));
			expect(e.code, JSON.stringify(name)).toBe('invalid');
			expect(e.fields.firstName).toBe('error.name_characters');
			expect(await clientCount()).toBe(before);
		}
	});
});

describe('dates and numbers', () => {
	it('refuses a birth date before 1900 or in the future', async () => {
		const ctx = t.ctx(coordinator);
		const e1 = await refusal(
			createClient(ctx, { countyId: harju.id, firstName: 'Vana', dateOfBirth: '1899-12-31' })
		);
		expect(e1.fields.dateOfBirth).toBe('error.birth_date_too_early');
		const e2 = await refusal(
			createClient(ctx, { countyId: harju.id, firstName: 'Uus', dateOfBirth: '2999-01-01' })
		);
		expect(e2.fields.dateOfBirth).toBe('error.birth_date_future');
		await expect(
			createClient(ctx, { countyId: harju.id, firstName: 'Piir', dateOfBirth: '1900-01-01' })
		).resolves.toBeTruthy();
	});

	it('takes only decimal digits as a number', async () => {
		const ctx = t.ctx(coordinator);
		for (const helpAmount of ['1e2', '0x1E', 'Infinity', '-5', '1.5', ' 1 0 ']) {
			const e = await refusal(createClient(ctx, { countyId: harju.id, helpAmount }));
			expect(e.fields.helpAmount, helpAmount).toBe('mapping.help_amount_range');
		}
		const id = await createClient(ctx, {
			countyId: harju.id,
			helpAmount: ' 12 ',
			helpUnit: 'visits',
			helpPeriod: 'week'
		});
		const [row] = await t.handle.db.select().from(clients).where(eq(clients.id, id));
		expect(row!.helpAmount).toBe(12);
	});
});
