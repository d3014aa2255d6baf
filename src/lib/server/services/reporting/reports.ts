import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { appSettings, quarterlyReports, users } from '../../db/schema';
import type { Tx } from '../../db/client';
import { tallinnDayStart, addDays } from '../../domain/dates';
import {
	lastCompletedQuarter,
	nextReportDue,
	parseQuarterKey,
	previousQuarter,
	quarterKey,
	quarterPeriod,
	tallinnLocal,
	tallinnLocalToInstant,
	type Quarter
} from '../../domain/periods';
import { canAnywhere } from '../../policy/policy';
import { AppError, invalid } from '../../errors';
import { logger } from '../../log';
import { newStorageKey, newTempPath } from '../../infra/storage';
import { recordAudit } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { buildQuarterlyPackage, type PackageResult } from './quarterly-package';
import {
	PARTICIPANT_COLUMNS,
	SETTING_PARTICIPANT_COLUMNS,
	columnsSchema,
	participantColumns
} from './report-settings';

/**
 * The quarterly report to the ministry (R-REP-1…3): one ZIP with the extract of the quarter's
 * activities with clients, the ESF participants' table, the clients who started with their
 * consent forms, a hand-over/acceptance act (PDF) and the totals — tables as XLSX and CSV.
 *
 * Reproducible: only what was recorded by the cut-off counts (see analysis/figure-sources.ts),
 * the package is in Estonian whatever the administrator's language, every file inside has a
 * fixed timestamp, and nothing in it says when or by whom it was made (that is in
 * `quarterly_report`). Producing it again for the same cut-off gives the same bytes unless
 * data of that time was changed since. Clients appear under pseudonyms (an HMAC of the id with
 * a secret kept in app_setting), never by name.
 *
 * Only the administrator (`report:manage`); every production and download is audited.
 *
 * The use cases are here. The package is built by quarterly-package.ts (its parts:
 * package-activities.ts, package-participants.ts, package-act.ts, package-files.ts); the
 * column setting and the pseudonyms are in report-settings.ts.
 */

async function requireReports(ctx: ServiceContext, auditAction: string, entityId?: string) {
	await authorize(
		ctx,
		'report:manage',
		{ kind: 'system' },
		{ action: auditAction, entityType: 'quarterly_report', entityId: entityId ?? null }
	);
}

/** Changes the participants' table columns (R-REP-2: the ESF data requirements may change). */
export async function updateParticipantColumns(ctx: ServiceContext, input: unknown): Promise<void> {
	await requireReports(ctx, 'report.settings_update');
	const raw = (input as { columns?: unknown })?.columns;
	const parsed = columnsSchema.safeParse(Array.isArray(raw) ? raw : raw ? [raw] : []);
	if (!parsed.success) throw invalid({ columns: 'report.error.columns' });
	await ctx.db.transaction(async (tx) => {
		await tx
			.insert(appSettings)
			.values({
				key: SETTING_PARTICIPANT_COLUMNS,
				value: parsed.data,
				updatedBy: ctx.actor?.userId ?? null,
				updatedAt: ctx.now()
			})
			.onConflictDoUpdate({
				target: appSettings.key,
				set: { value: parsed.data, updatedBy: ctx.actor?.userId ?? null, updatedAt: ctx.now() }
			});
		await recordAudit(tx, ctx, {
			action: 'report.settings_update',
			entityType: 'system',
			details: { columns: parsed.data }
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Overview, due date
// ---------------------------------------------------------------------------------------------

interface ReportRow {
	id: string;
	year: number;
	quarter: number;
	key: string;
	cutoffAt: Date;
	createdAt: Date;
	createdByName: string | null;
	sha256: string;
	sizeBytes: number;
	totals: Record<string, number>;
}

async function storedReports(db: Tx): Promise<ReportRow[]> {
	const list = await db
		.select({
			id: quarterlyReports.id,
			year: quarterlyReports.year,
			quarter: quarterlyReports.quarter,
			cutoffAt: quarterlyReports.cutoffAt,
			createdAt: quarterlyReports.createdAt,
			createdByName: users.name,
			sha256: quarterlyReports.sha256,
			sizeBytes: quarterlyReports.sizeBytes,
			totals: quarterlyReports.totals
		})
		.from(quarterlyReports)
		.leftJoin(users, eq(users.id, quarterlyReports.createdBy))
		.orderBy(
			desc(quarterlyReports.year),
			desc(quarterlyReports.quarter),
			desc(quarterlyReports.createdAt)
		);
	return list.map((r) => ({ ...r, key: quarterKey({ year: r.year, quarter: r.quarter as 1 }) }));
}

/** The administrator's reports page: quarters to choose, reports made, the column setting. */
export async function reportsOverview(ctx: ServiceContext) {
	await requireReports(ctx, 'report.view');
	const day = today(ctx);
	const reports = await storedReports(ctx.db);
	const quarters: Quarter[] = [];
	for (let q = lastCompletedQuarter(day), i = 0; i < 12; i++, q = previousQuarter(q))
		quarters.push(q);
	return {
		quarters: quarters.map((q) => ({ ...q, key: quarterKey(q) })),
		reports,
		columns: await participantColumns(ctx.db),
		allColumns: PARTICIPANT_COLUMNS,
		due: nextReportDue(
			day,
			reports.map((r) => ({ year: r.year, quarter: r.quarter as Quarter['quarter'] }))
		),
		now: tallinnLocal(ctx.now())
	};
}

/** For the home page: the next report's due date, only for those who make reports. */
export async function reportDueForHome(ctx: ServiceContext) {
	if (!canAnywhere(ctx.actor, 'report:manage')) return null;
	const made = await ctx.db
		.selectDistinct({ year: quarterlyReports.year, quarter: quarterlyReports.quarter })
		.from(quarterlyReports);
	const due = nextReportDue(
		today(ctx),
		made.map((r) => ({ year: r.year, quarter: r.quarter as Quarter['quarter'] }))
	);
	return {
		...due,
		key: quarterKey(due.quarter),
		lastKey: due.lastMade ? quarterKey(due.lastMade) : null
	};
}

// ---------------------------------------------------------------------------------------------
// Producing, reproducing and downloading
// ---------------------------------------------------------------------------------------------

const produceSchema = z.object({
	quarter: z.string().refine((v) => parseQuarterKey(v) !== null, 'error.choice'),
	cutoff: z.preprocess(
		(v) => (v === '' || v === null ? undefined : v),
		z
			.string()
			.refine((v) => tallinnLocalToInstant(v) !== null, 'error.date')
			.optional()
	)
});

interface Produced {
	id: string;
	key: string;
	sha256: string;
	totals: Record<string, number>;
	/** When produced again for a stored report's cut-off: whether the bytes are the same. */
	matches?: boolean;
}

/**
 * Makes the report of a quarter that has ended, with the data as of `cutoff` (Tallinn time,
 * `yyyy-mm-ddThh:mm`; now when left out), stores the ZIP in the file store and records who,
 * when, the cut-off, the totals and the SHA-256.
 */
export async function produceQuarterlyReport(
	ctx: ServiceContext,
	input: unknown,
	opts: { cutoffAt?: Date; reproducedFrom?: string } = {}
): Promise<Produced> {
	await requireReports(ctx, 'report.create');
	const parsed = produceSchema.safeParse(input);
	if (!parsed.success) {
		const fields: Record<string, string> = {};
		for (const i of parsed.error.issues) fields[String(i.path[0])] ??= i.message;
		throw invalid(fields);
	}
	const q = parseQuarterKey(parsed.data.quarter)!;
	const period = quarterPeriod(q);
	const now = ctx.now();
	if (period.to >= today(ctx)) throw invalid({ quarter: 'report.error.future' });
	const cutoffAt =
		opts.cutoffAt ?? (parsed.data.cutoff ? tallinnLocalToInstant(parsed.data.cutoff)! : now);
	if (cutoffAt.getTime() > now.getTime() + 60_000) {
		throw invalid({ cutoff: 'report.error.cutoff_future' });
	}
	if (cutoffAt < tallinnDayStart(addDays(period.to, 1))) {
		throw invalid({ cutoff: 'report.error.cutoff_early' });
	}
	const path = await newTempPath(ctx.config, 'report');
	const storageKey = newStorageKey('reports', now);
	let pkg: PackageResult;
	try {
		pkg = await buildQuarterlyPackage(ctx, q, cutoffAt, path);
		await ctx.files.putFile(storageKey, path, 'application/zip');
	} finally {
		await rm(path, { force: true });
	}
	try {
		const id = await ctx.db.transaction(async (tx) => {
			const [row] = await tx
				.insert(quarterlyReports)
				.values({
					year: q.year,
					quarter: q.quarter,
					cutoffAt,
					totals: pkg.totals,
					sha256: pkg.sha256,
					storageKey,
					sizeBytes: pkg.bytes,
					createdBy: ctx.actor?.userId ?? null,
					createdAt: now
				})
				.returning({ id: quarterlyReports.id });
			await recordAudit(tx, ctx, {
				action: 'report.create',
				entityType: 'quarterly_report',
				entityId: row!.id,
				details: {
					quarter: quarterKey(q),
					cutoffAt: cutoffAt.toISOString(),
					sha256: pkg.sha256,
					files: pkg.files.length,
					...pkg.totals,
					...(opts.reproducedFrom ? { reproducedFrom: opts.reproducedFrom } : {})
				}
			});
			return row!.id;
		});
		return { id, key: quarterKey(q), sha256: pkg.sha256, totals: pkg.totals };
	} catch (err) {
		await ctx.files.delete(storageKey).catch(() => {});
		throw err;
	}
}

async function reportRow(ctx: ServiceContext, id: string) {
	if (!z.string().uuid().safeParse(id).success) return null;
	const [row] = await ctx.db.select().from(quarterlyReports).where(eq(quarterlyReports.id, id));
	return row ?? null;
}

/** Produces a stored report again with the same cut-off and says whether the bytes match. */
export async function reproduceQuarterlyReport(ctx: ServiceContext, id: string): Promise<Produced> {
	await requireReports(ctx, 'report.create', id);
	const row = await reportRow(ctx, id);
	if (!row) {
		return deniedNotFound(ctx, {
			action: 'report.create',
			entityType: 'quarterly_report',
			entityId: id
		});
	}
	const produced = await produceQuarterlyReport(
		ctx,
		{ quarter: quarterKey({ year: row.year, quarter: row.quarter as Quarter['quarter'] }) },
		{ cutoffAt: row.cutoffAt, reproducedFrom: row.id }
	);
	return { ...produced, matches: produced.sha256 === row.sha256 };
}

/**
 * The stored ZIP of a report, as a stream (a package with its consent scans may be larger than
 * the server's memory); audited. The bytes are checked against the report's SHA-256 as they
 * go: if they do not match, the stream fails at its end, so the download breaks off instead of
 * handing over a package that is not the one recorded.
 */
export async function downloadQuarterlyReport(
	ctx: ServiceContext,
	id: string
): Promise<{ fileName: string; size: number; stream: ReadableStream<Uint8Array> }> {
	await requireReports(ctx, 'report.download', id);
	const row = await reportRow(ctx, id);
	if (!row) {
		return deniedNotFound(ctx, {
			action: 'report.download',
			entityType: 'quarterly_report',
			entityId: id
		});
	}
	const source = await ctx.files.openRead(row.storageKey);
	try {
		await recordAudit(ctx.db, ctx, {
			action: 'report.download',
			entityType: 'quarterly_report',
			entityId: row.id,
			details: { quarter: `${row.year}-Q${row.quarter}`, bytes: row.sizeBytes }
		});
	} catch (err) {
		source.destroy();
		throw err;
	}
	const stamp = tallinnLocal(row.cutoffAt).replace(/[-:]/g, '').replace('T', '-');
	return {
		fileName: `kvartaliaruanne-${row.year}-Q${row.quarter}-${stamp}.zip`,
		size: row.sizeBytes,
		stream: checkedStream(source, row.sha256, row.sizeBytes, async () => {
			logger.error({ reportId: row.id }, 'stored file does not match its SHA-256');
			// The download began as a success; the event says it broke off, and why.
			await recordAudit(ctx.db, ctx, {
				action: 'report.download',
				entityType: 'quarterly_report',
				entityId: row.id,
				outcome: 'failure',
				details: { quarter: `${row.year}-Q${row.quarter}`, integrity: false }
			});
		})
	};
}

/**
 * `source` as a web stream that fails at its end unless the bytes had `sha256` and `size`;
 * `onMismatch` runs first (its own failure is logged, not thrown). The last chunk is held
 * back until the bytes are checked: the response declares its length, so a client that got
 * every byte would take the download as complete even if the stream failed afterwards.
 */
function checkedStream(
	source: Readable,
	expected: string,
	size: number,
	onMismatch: () => Promise<void>
): ReadableStream<Uint8Array> {
	const hash = createHash('sha256');
	let seen = 0;
	let held: Uint8Array | null = null;
	const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			try {
				const next = await iterator.next();
				if (!next.done) {
					hash.update(next.value);
					seen += next.value.length;
					if (held) controller.enqueue(held);
					held = new Uint8Array(next.value);
					return;
				}
				if (seen !== size || hash.digest('hex') !== expected) {
					await onMismatch().catch((e: unknown) =>
						logger.error({ err: e }, 'could not record a broken-off download')
					);
					throw new AppError('conflict', 'document.error.integrity');
				}
				if (held) controller.enqueue(held);
				controller.close();
			} catch (err) {
				source.destroy();
				controller.error(err);
			}
		},
		cancel() {
			source.destroy();
		}
	});
}
