import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '$lib/server/db/schema';
import { AppError } from '$lib/server/errors';
import { getSurveyResponse } from '$lib/server/services/pairings/surveys';
import { auditUnrecordedRefusal } from '$lib/server/web/route-refusals';
import { countyByName, seedClient, seedUser } from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/** Issue 17, item 5: every refused request leaves a `denied` event, once. */
let t: TestDatabase;
let expert: Actor;
let clientId: string;

beforeAll(async () => {
	t = await createTestDatabase();
	const db = t.handle.db;
	expert = (await seedUser(db, { grants: [{ role: 'expert' }] })).actor;
	const harju = await countyByName(db, 'Harju maakond');
	clientId = (await seedClient(db, { countyId: harju.id })).id;
});
afterAll(async () => {
	await t?.close();
});

const deniedOf = (requestId: string) =>
	t.handle.db
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.requestId, requestId), eq(auditEvents.outcome, 'denied')));

describe('denied requests are audited', () => {
	it("records the expert's request for a survey response that is not there", async () => {
		const ctx = t.ctx(expert);
		const e = await getSurveyResponse(ctx, clientId, crypto.randomUUID()).catch((x) => x);
		expect(e).toBeInstanceOf(AppError);
		expect((e as AppError).code).toBe('not_found');
		const rows = await deniedOf(ctx.requestId);
		expect(rows.map((r) => r.action)).toEqual(['survey.view']);
	});

	it('the route guard writes route.denied when no service recorded the refusal, once', async () => {
		const ctx = t.ctx(expert);
		const since = new Date(Date.now() - 1000);
		const req = { routeId: '/mileage', status: 404, method: 'GET', since };
		expect(await auditUnrecordedRefusal(ctx, req)).toBe(true);
		expect(await auditUnrecordedRefusal(ctx, req)).toBe(false);
		const rows = await deniedOf(ctx.requestId);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			action: 'route.denied',
			actorUserId: expert.userId,
			details: { route: '/mileage', method: 'GET', status: 404, permission: 'mileage:read' }
		});
	});

	it('adds nothing when the service already recorded the refusal', async () => {
		const ctx = t.ctx(expert);
		const since = new Date(Date.now() - 1000);
		await getSurveyResponse(ctx, clientId, 'not-an-id').catch(() => null);
		const req = { routeId: '/clients/[id]/survey/[responseId]', status: 404, method: 'GET', since };
		expect(await auditUnrecordedRefusal(ctx, { ...req, entityId: clientId })).toBe(false);
		expect(await deniedOf(ctx.requestId)).toHaveLength(1);
	});
});
