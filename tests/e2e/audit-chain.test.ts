import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/lib/server/db/client';
import {
	et,
	expectAccessible,
	launchBrowser,
	login,
	newSession,
	startApp,
	type RunningApp
} from './harness';

/**
 * Issue 21 end to end: the administrator's home page says the audit log is intact up to an
 * event, from the check the server runs soon after it starts; after an event is changed
 * behind the app's back (the embedded database opened directly, the triggers off), the next
 * start's check shows the break at that event, prominently. Without JavaScript.
 */

const ADMIN = {
	name: 'Anu Admin',
	email: 'anu.admin@example.ee',
	password: 'kolm rohelist õuna laual'
};

let browser: Browser;
let dataDir: string;

beforeAll(async () => {
	browser = await launchBrowser();
	dataDir = mkdtempSync(join(tmpdir(), 'seltsiline-e2e-chain-'));
});

afterAll(async () => {
	await browser?.close();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const start = () =>
	startApp({
		DATA_DIR: dataDir,
		ADMIN_EMAIL: ADMIN.email,
		ADMIN_PASSWORD: ADMIN.password,
		ADMIN_NAME: ADMIN.name
	});

/** Logs in as the administrator and reloads the home page until `text` shows (the first check runs 15 s after start). */
async function homeShows(app: RunningApp, text: RegExp | string) {
	const session = await newSession(browser, { javaScript: false });
	const { page } = session;
	await login(page, app.url, ADMIN.email, ADMIN.password);
	await expect
		.poll(
			async () => {
				await page.goto(`${app.url}/`);
				return page.getByText(text).count();
			},
			{ timeout: 90_000, interval: 2_000 }
		)
		.toBeGreaterThan(0);
	await expectAccessible(page);
	return session;
}

describe('the audit log’s integrity on the administrator’s home page', () => {
	let changedEvent = 0;

	it('says the log is intact up to the last event checked', async () => {
		const app = await start();
		try {
			const session = await homeShows(app, /Logi on terviklik kuni sündmuseni \d+, kontrollitud/);
			await session.context.close();
		} finally {
			await app.stop();
		}
	}, 180_000);

	it('shows the first break, at the event changed behind the app’s back', async () => {
		const handle = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
		try {
			const result = (await handle.db.execute(
				sql`select min(id)::int as id from audit_event where action = 'auth.login'`
			)) as unknown as { rows: { id: number }[] };
			changedEvent = result.rows[0]!.id;
			await handle.db.execute(sql`alter table audit_event disable trigger user`);
			await handle.db.execute(
				sql`update audit_event set ip = '192.0.2.1' where id = ${changedEvent}`
			);
			await handle.db.execute(sql`alter table audit_event enable trigger user`);
		} finally {
			await handle.close();
		}
		const app = await start();
		try {
			const broken = et('auditchain.broken', {
				event: changedEvent,
				reason: et('auditchain.reason.changed')
			});
			const session = await homeShows(app, broken);
			const alert = session.page.getByRole('alert');
			expect(await alert.innerText()).toContain(broken);
			expect(await alert.innerText()).toContain(et('auditchain.broken_todo'));
			await session.context.close();
		} finally {
			await app.stop();
		}
	}, 180_000);
});
