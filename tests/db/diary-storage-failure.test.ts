import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import { diaryDrafts, diaryEntries } from '$lib/server/db/schema';
import { diaryFormActions, diaryFormLoad } from '$lib/server/web/diary-form';
import { m } from '$lib/paraglide/messages';
import { forgetWriteFailures, recentWriteFailure } from '$lib/server/infra/write-health';
import type { Database } from '$lib/server/db/client';
import type { ServiceContext } from '$lib/server/services/core/context';
import {
	countyByName,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { GET as readyz } from '../../src/routes/readyz/+server';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * Issue 17, item 7: with the disk full every write fails. A diary save answers with the form,
 * the typed text kept and a clear message (503, never an error page), and /readyz reports
 * the failing writes.
 */
let t: TestDatabase;
let actor: Actor;
let clientId: string;

const TEXT = 'Käisime koos turul ja ostsime maasikaid; Ellen rääkis oma lapselapsest.';

/** The database with a full disk: reads answer, every write throws SQLSTATE 53100. */
function diskFull(db: Database): Database {
	const fail = () => {
		const e = Object.assign(new Error('could not extend file: No space left on device'), {
			code: '53100'
		});
		throw e;
	};
	return new Proxy(db, {
		get(target, prop, receiver) {
			if (prop === 'transaction') return async () => fail();
			if (prop === 'insert' || prop === 'update' || prop === 'delete') return () => fail();
			return Reflect.get(target, prop, receiver);
		}
	});
}

function event(ctx: ServiceContext, form: Record<string, string>): RequestEvent {
	const body = new URLSearchParams(form);
	const url = new URL(`http://localhost/clients/${clientId}/diary/new?/save`);
	return {
		request: new Request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body
		}),
		url,
		params: { id: clientId },
		locals: { ctx, actor, sessionId: null, locale: 'et', requestId: ctx.requestId },
		cookies: { set() {}, get() {}, delete() {} }
	} as unknown as RequestEvent;
}

beforeAll(async () => {
	t = await createTestDatabase();
	const db = t.handle.db;
	const county = await countyByName(db, 'Viljandi maakond');
	const client = await seedClient(db, { countyId: county.id, status: 'paired' });
	const volunteer = await seedVolunteer(db, { countyId: county.id });
	await seedPairing(db, { clientId: client.id, volunteerId: volunteer.id, startsOn: '2026-01-01' });
	actor = (await seedUser(db, { grants: [{ role: 'volunteer', volunteerId: volunteer.id }] }))
		.actor;
	clientId = client.id;
});
beforeEach(() => forgetWriteFailures());
afterAll(async () => {
	await t?.close();
});

const entries = async () =>
	(
		await t.handle.db
			.select({ n: count() })
			.from(diaryEntries)
			.where(eq(diaryEntries.clientId, clientId))
	)[0]!.n;

describe('a diary save on a full disk', () => {
	it('answers 503 with the form and the typed text, stores nothing, and readiness fails', async () => {
		const ctx = { ...t.ctx(actor), db: diskFull(t.handle.db) };
		const before = await entries();
		const e = event(ctx, {
			contactDate: new Date().toISOString().slice(0, 10),
			contactKind: 'outing',
			helpProfiles: 'P1',
			durationMinutes: '90',
			description: TEXT
		});
		const result = (await diaryFormActions(() => null).save(e)) as {
			status: number;
			data: { message: string; values: Record<string, string>; form: string };
		};
		expect(result.status).toBe(503);
		// Failures reach the page translated on the server (issue 20), here in Estonian.
		expect(result.data.message).toBe(m['diary.storage_failed']({}, { locale: 'et' }));
		expect(result.data.form).toBe('diary');
		expect(result.data.values.description).toBe(TEXT);
		expect(await entries()).toBe(before);
		const drafts = await t.handle.db.select().from(diaryDrafts);
		expect(drafts).toHaveLength(0);

		// The page after the action renders the form without reading the record (no write).
		const data = await diaryFormLoad(e, null);
		expect(data).toMatchObject({ expired: true, unavailable: true, clientId });

		// Readiness reports the failing writes; liveness of the database is unchanged.
		expect(recentWriteFailure()?.code).toBe('53100');
		const res = await readyz({ locals: { ctx: t.ctx(null) } } as never);
		expect(res.status).toBe(503);
		expect(await res.json()).toMatchObject({ ready: false, writes: 'failing', code: '53100' });
	});

	it('the draft button keeps the text the same way', async () => {
		const ctx = { ...t.ctx(actor), db: diskFull(t.handle.db) };
		const e = event(ctx, { description: TEXT, durationMinutes: '30' });
		const result = (await diaryFormActions(() => null).draft(e)) as {
			status: number;
			data: { values: Record<string, string> };
		};
		expect(result.status).toBe(503);
		expect(result.data.values.description).toBe(TEXT);
	});

	it('readiness is back once writes stop failing', async () => {
		const res = await readyz({ locals: { ctx: t.ctx(null) } } as never);
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ ready: true, writes: 'ok' });
	});
});
