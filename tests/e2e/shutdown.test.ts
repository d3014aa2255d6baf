import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '$lib/server/db/client';
import { seedSurveyQuestionSets } from '$lib/server/services/pairings/surveys';
import {
	countyByName,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import { addDays, tallinnDay } from '$lib/server/domain/dates';
import { startApp, type RunningApp, openSeededDatabase } from './harness';

/**
 * Issue 21, a clean and quick stop: the built server under a steady stream of diary saves by a
 * volunteer gets SIGTERM. It stops taking requests, finishes those under way, closes the
 * embedded database and exits within the bound (SHUTDOWN_TIMEOUT_SECONDS); every save it
 * acknowledged (303 to the diary) is in the database, which opens again.
 */
const BOUND_SECONDS = 6;
const PASSWORD = 'seltsiline peatub korralikult';
const VOLUNTEER = 'vello.vabatahtlik@example.ee';

let app: RunningApp;
let dataDir: string;
const ids = { client: '', pairing: '' };

/** A volunteer paired with a client, in a database made before the app starts. */
async function seedData(dir: string) {
	const handle = await openSeededDatabase(dir);
	try {
		await seedSurveyQuestionSets(handle.db);
		const db = handle.db;
		const harju = await countyByName(db, 'Harju maakond');
		const volunteer = await seedVolunteer(db, { countyId: harju.id });
		await seedUser(db, {
			email: VOLUNTEER,
			password: PASSWORD,
			grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
		});
		const client = await seedClient(db, { countyId: harju.id, status: 'paired' });
		const pairing = await seedPairing(db, {
			clientId: client.id,
			volunteerId: volunteer.id,
			startsOn: addDays(tallinnDay(new Date()), -30)
		});
		ids.client = client.id;
		ids.pairing = pairing.id;
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-shutdown-'));
	await seedData(dataDir);
	app = await startApp({
		DATA_DIR: dataDir,
		SHUTDOWN_TIMEOUT_SECONDS: String(BOUND_SECONDS),
		LOG_LEVEL: 'info'
	});
}, 300_000);
afterAll(async () => {
	await app?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

/** Logs in with a plain form post and returns the session cookie. */
async function loginCookie(): Promise<string> {
	const res = await fetch(`${app.url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			Origin: app.url,
			Accept: 'text/html',
			'Content-Type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email: VOLUNTEER, password: PASSWORD })
	});
	expect(res.status).toBe(303);
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0]!)
		.find((c) => c.startsWith('seltsiline_session='));
	expect(cookie).toBeTruthy();
	return cookie!;
}

describe('SIGTERM under a stream of diary saves', () => {
	it('exits within the bound, keeps every acknowledged save, and the database opens again', async () => {
		const cookie = await loginCookie();
		const clientId = ids.client;
		const today = tallinnDay(new Date());

		const acknowledged: string[] = [];
		const refused: number[] = [];
		let sent = 0;
		let stop = false;
		const save = async (n: number) => {
			const res = await fetch(`${app.url}/clients/${clientId}/diary/new?/save`, {
				method: 'POST',
				redirect: 'manual',
				headers: {
					Origin: app.url,
					Accept: 'text/html',
					Cookie: cookie,
					'Content-Type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({
					pairingId: ids.pairing,
					contactDate: today,
					contactKind: 'call',
					durationMinutes: '15',
					description: `shutdown test save ${n}`
				})
			});
			await res.arrayBuffer();
			if (res.status === 303) {
				const entry = /[?&]entry=([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')?.[1];
				expect(entry).toBeTruthy();
				acknowledged.push(entry!);
			} else {
				refused.push(res.status);
			}
		};
		// Three volunteers' phones at once, each saving again as soon as it is answered.
		const worker = async () => {
			while (!stop) {
				const n = ++sent;
				try {
					await save(n);
				} catch {
					// Connection refused or cut: the server has stopped (or is stopping).
					await new Promise((r) => setTimeout(r, 20));
				}
			}
		};
		const workers = [worker(), worker(), worker()];
		while (acknowledged.length < 10) await new Promise((r) => setTimeout(r, 50));

		const signalled = Date.now();
		const exited = new Promise<number | null>((resolve) => {
			if (app.child.exitCode !== null) resolve(app.child.exitCode);
			else app.child.once('exit', (code) => resolve(code));
		});
		app.child.kill('SIGTERM');
		const code = await Promise.race([
			exited,
			new Promise<'hung'>((r) => setTimeout(() => r('hung'), (BOUND_SECONDS + 10) * 1000))
		]);
		const seconds = (Date.now() - signalled) / 1000;
		stop = true;
		await Promise.all(workers);

		expect(code, app.output()).toBe(0);
		expect(seconds, 'exit within the bound').toBeLessThan(BOUND_SECONDS);
		expect(app.output()).toContain('database closed');
		// Refusals during the stop are 503s, never a 5xx of a half-done save.
		expect(refused.filter((s) => s !== 503)).toEqual([]);

		// The embedded database opens again and holds every acknowledged save.
		const handle = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
		try {
			const result = (await handle.db.execute(
				sql`select id::text as id from diary_entry where description like 'shutdown test save %'`
			)) as unknown as { rows: { id: string }[] };
			const stored = new Set(result.rows.map((r) => r.id));
			expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
			expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
		} finally {
			await handle.close();
		}
	});
});
