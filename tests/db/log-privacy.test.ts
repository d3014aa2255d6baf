import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { clients, users } from '$lib/server/db/schema';
import { createLogger, logUnhandledError } from '$lib/server/log';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * Issue 17, item 6: a failed query is logged with its code and the statement's kind, never
 * with its parameters or the database's message (both can hold what the user typed).
 */
let t: TestDatabase;
let lines: string[];
const log = createLogger(
	new Writable({
		write(chunk, _enc, done) {
			lines.push(chunk.toString());
			done();
		}
	})
);
log.level = 'info';

beforeAll(async () => {
	t = await createTestDatabase();
	lines = [];
});
afterAll(async () => {
	await t?.close();
});

async function failure(p: Promise<unknown>): Promise<unknown> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(Error);
	return e;
}

describe('no personal data in the server log', () => {
	it('logs a failed query by its code and statement, never its values', async () => {
		const secrets: string[] = [];
		const errors: unknown[] = [];
		const db = t.handle.db;

		// A constraint violation (duplicate e-mail).
		const email = 'salajane.maasikas.4711@example.ee';
		secrets.push(email, 'Maasika Mari');
		await db.insert(users).values({ email, name: 'Maasika Mari' });
		errors.push(await failure(db.insert(users).values({ email, name: 'Maasika Mari' })));

		// A value the column cannot hold: PostgreSQL's message quotes it.
		secrets.push('Tiina Tamm 38001010000');
		errors.push(
			await failure(db.select().from(clients).where(eq(clients.id, 'Tiina Tamm 38001010000')))
		);

		// An over-long value (bigger than an index entry may be).
		const long = 'PikkTekstVanaemaleKylla' + randomBytes(6000).toString('hex');
		secrets.push('PikkTekstVanaemaleKylla');
		errors.push(await failure(db.insert(users).values({ email: long, name: 'Pikk Nimi Ülle' })));

		// A closed database.
		const closed = await createTestDatabase();
		await closed.handle.close();
		secrets.push('suletud.andmebaas.mari@example.ee');
		errors.push(
			await failure(
				closed.handle.db
					.select()
					.from(users)
					.where(eq(users.email, 'suletud.andmebaas.mari@example.ee'))
			)
		);
		await closed.close().catch(() => {});

		for (const e of errors)
			logUnhandledError(log, e, { requestId: 'r1', route: '/x', status: 500 });
		const out = lines.join('');
		expect(lines.length).toBe(errors.length);
		for (const secret of secrets) expect(out, secret).not.toContain(secret);
		expect(out).not.toContain('params');
		expect(out).not.toContain('Failed query');
		// What is logged still says what failed.
		expect(out).toContain('"code":"23505"');
		expect(out).toContain('"statement":"insert app_user"');
		expect(out).toContain('"code":"22P02"');
		expect(out).toContain('"statement":"select client"');
		expect(out).toContain('"stack":[');
	});

	it('describes a programming error with its message, but a string thrown as its type only', () => {
		lines = [];
		logUnhandledError(log, new TypeError('x.y is not a function'), {});
		logUnhandledError(log, 'Mari Maasikas 38001010000', {});
		const out = lines.join('');
		expect(out).toContain('x.y is not a function');
		expect(out).not.toContain('Maasikas');
	});
});
