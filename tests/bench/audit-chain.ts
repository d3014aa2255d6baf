/**
 * The audit chain's cost (issue 21, docs/decisions/0007-audit-chain.md): audit events written
 * per second with the chain's trigger off ("before") and on ("after"), on PGlite and on the
 * PostgreSQL server, by W writers side by side, each event in its own transaction as the
 * services write them. Not a test; run by hand:
 *
 *   node scripts/run.js tests/bench/audit-chain.ts [--events N] [--writers W] [--rounds R]
 *                                                  [--database-url URL]
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { loadConfig } from '$lib/server/config';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '$lib/server/db/client';
import { recordAudit } from '$lib/server/services/core/audit';
import { verifyAuditChain } from '$lib/server/services/audit-chain/chain';
import type { ServiceContext } from '$lib/server/services/core/context';

async function writeEvents(handle: DatabaseHandle, events: number, writers: number) {
	const ctx = {
		db: handle.db,
		actor: null,
		requestId: 'bench',
		ip: '127.0.0.1',
		now: () => new Date()
	} as unknown as ServiceContext;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: writers }, async () => {
			while (next < events) {
				const n = next++;
				await handle.db.transaction(async (tx) => {
					await recordAudit(tx, ctx, {
						// A synthetic event with a counter (not a listed action: a view carries no `n`).
						action: 'bench.write',
						entityType: 'client',
						entityId: '00000000-0000-4000-8000-000000000000',
						details: { n }
					});
				});
			}
		})
	);
	return Math.round(events / ((performance.now() - started) / 1000));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Rounds alternate off and on, so a busy moment of the machine hits both; the median counts. */
async function measure(handle: DatabaseHandle, events: number, writers: number, rounds: number) {
	const rates: Record<string, number[]> = { 'chain off': [], 'chain on': [] };
	for (let round = 1; round <= rounds; round++) {
		for (const chain of ['off', 'on'] as const) {
			await handle.db.execute(
				sql.raw(
					`alter table audit_event ${chain === 'on' ? 'enable' : 'disable'} trigger audit_event_chain`
				)
			);
			const rate = await writeEvents(handle, events, writers);
			rates[`chain ${chain}`]!.push(rate);
			console.log(`  round ${round}, chain ${chain}: ${rate} events/s`);
		}
	}
	const out = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, median(v)]));
	// The chain's own work per event, with little scheduling in it: one statement inserting
	// 5,000 events in one transaction, the trigger off and on (µs per event, median).
	const bulk: Record<string, number[]> = { off: [], on: [] };
	for (let round = 1; round <= rounds; round++) {
		for (const chain of ['off', 'on'] as const) {
			await handle.db.execute(
				sql.raw(
					`alter table audit_event ${chain === 'on' ? 'enable' : 'disable'} trigger audit_event_chain`
				)
			);
			const started = performance.now();
			await handle.db.execute(
				sql`insert into audit_event (occurred_at, action, outcome, request_id, details)
					select now(), 'client.view', 'success', 'bench', jsonb_build_object('n', g)
					from generate_series(1, 5000) g`
			);
			bulk[chain]!.push(Math.round(((performance.now() - started) * 1000) / 5000));
		}
	}
	out['bulk µs/event off'] = median(bulk.off!);
	out['bulk µs/event on'] = median(bulk.on!);
	console.log(`  one statement of 5,000 events: µs per event off ${bulk.off} / on ${bulk.on}`);
	await handle.db.execute(sql`alter table audit_event enable trigger audit_event_chain`);
	const started = performance.now();
	const check = await verifyAuditChain(handle.db);
	const ms = performance.now() - started;
	console.log(
		`  verification: ${check.checked} links in ${Math.round(ms)} ms (${Math.round(check.checked / (ms / 1000))} links/s); ` +
			`unchained events of the "off" rounds: ${check.break?.reason ?? 'none'}`
	);
	return out;
}

export async function main(args: string[]) {
	const { values } = parseArgs({
		args,
		options: {
			events: { type: 'string', default: '2000' },
			writers: { type: 'string', default: '8' },
			rounds: { type: 'string', default: '3' },
			'database-url': { type: 'string' }
		}
	});
	const events = Number(values.events);
	const writers = Number(values.writers);
	const rounds = Number(values.rounds);
	const migrations = loadConfig({}).migrationsDir;

	console.log(`PGlite (in memory), ${events} events, ${writers} writers`);
	const embedded = await openDatabase({ pgliteDir: 'memory://' });
	await migrateDatabase(embedded, migrations);
	const pglite = await measure(embedded, events, writers, rounds);
	await embedded.close();

	const adminUrl = values['database-url'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
	const name = `seltsiline_chain_bench_${process.pid}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`create database "${name}"`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	let server: Record<string, number> = {};
	try {
		console.log(`PostgreSQL, ${events} events, ${writers} writers`);
		const handle = await openDatabase({ url: url.toString(), poolMax: writers });
		await migrateDatabase(handle, migrations);
		server = await measure(handle, events, writers, rounds);
		await handle.close();
	} finally {
		await admin.query(`drop database if exists "${name}" with (force)`);
		await admin.end();
	}
	console.log(JSON.stringify({ events, writers, rounds, pglite, server }));
}
