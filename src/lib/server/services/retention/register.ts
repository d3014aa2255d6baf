import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { counties, destructionRegister } from '../../db/schema';
import type { Tx } from '../../db/client';
import { canAnywhere } from '../../policy/policy';
import { toCsv, toXlsx, type Cell } from '../../files/spreadsheet';
import { forbidden } from '../../errors';
import { authorize } from '../core/access';
import { recordAudit } from '../core/audit';
import { today, type ServiceContext } from '../core/context';
import { listPage, pageRows, type PageRequest } from '../core/paging';
import { upcomingItems } from './engine';
import { translate } from '$lib/server/i18n';

/**
 * The destruction register (issue 24, item 4): viewed and downloaded (CSV, XLSX) by the
 * administrator (every county) and a coordinator (their counties). No personal data in it.
 */

export type RegisterFormat = 'csv' | 'xlsx';

/** The counties whose register the actor reads: null = all (the administrator). */
function registerCounties(ctx: ServiceContext): string[] | null {
	const actor = ctx.actor;
	if (actor?.isAdmin) return null;
	return actor?.coordinatorCountyIds ? [...actor.coordinatorCountyIds] : [];
}

async function gate(
	ctx: ServiceContext,
	action: 'retention.register_view' | 'retention.register_download'
) {
	if (!canAnywhere(ctx.actor, 'retention:read')) {
		await authorize(ctx, 'retention:read', { kind: 'system' }, { action });
		throw forbidden();
	}
}

function scope(countyIds: string[] | null, countyId?: string | null): SQL | undefined {
	const filters: SQL[] = [];
	if (countyIds)
		filters.push(
			inArray(
				destructionRegister.countyId,
				countyIds.length ? countyIds : ['00000000-0000-0000-0000-000000000000']
			)
		);
	if (countyId && z.string().uuid().safeParse(countyId).success) {
		filters.push(eq(destructionRegister.countyId, countyId));
	}
	return filters.length ? and(...filters) : undefined;
}

async function registerRows(db: Tx, where: SQL | undefined, limit?: number, offset?: number) {
	const q = db
		.select({
			id: destructionRegister.id,
			performedAt: destructionRegister.performedAt,
			ruleKey: destructionRegister.ruleKey,
			requirement: destructionRegister.requirement,
			itemKind: destructionRegister.itemKind,
			itemId: destructionRegister.itemId,
			action: destructionRegister.action,
			county: counties.name,
			byEngine: sql<boolean>`${destructionRegister.performedBy} is null`,
			rowsCount: destructionRegister.rowsCount,
			filesCount: destructionRegister.filesCount,
			fileSha256: destructionRegister.fileSha256
		})
		.from(destructionRegister)
		.leftJoin(counties, eq(counties.id, destructionRegister.countyId))
		.where(where)
		.orderBy(desc(destructionRegister.performedAt), desc(destructionRegister.id));
	if (limit !== undefined) return q.limit(limit).offset(offset ?? 0);
	return q;
}

/** A page of the register, newest first. */
export async function listRegister(
	ctx: ServiceContext,
	request: PageRequest & { countyId?: string | null } = {}
) {
	await gate(ctx, 'retention.register_view');
	const paging = listPage(request, { size: 50, maxSize: 200 });
	const where = scope(registerCounties(ctx), request.countyId);
	const rows = await registerRows(ctx.db, where, paging.limit, paging.offset);
	const page = pageRows(rows, paging);
	await recordAudit(ctx.db, ctx, {
		action: 'retention.register_view',
		entityType: 'system',
		details: { count: page.rows.length, page: paging.page }
	});
	return { ...page, page: paging.page };
}

const COLUMNS = [
	'performed_at',
	'rule',
	'requirement',
	'item_kind',
	'item_id',
	'action',
	'county',
	'by',
	'rows',
	'files',
	'sha256'
] as const;

/** The register as CSV or XLSX (the actor's counties), audited with the count and format. */
export async function downloadRegister(ctx: ServiceContext, format: RegisterFormat) {
	await gate(ctx, 'retention.register_download');
	const locale = ctx.actor!.locale;
	const rows = await registerRows(ctx.db, scope(registerCounties(ctx)));
	const headers = COLUMNS.map((c) => translate(locale, `retention.col.${c}`));
	const table: Cell[][] = rows.map((r) => [
		r.performedAt,
		r.ruleKey,
		r.requirement,
		r.itemKind,
		r.itemId,
		r.action,
		r.county,
		r.byEngine ? 'engine' : 'user',
		r.rowsCount,
		r.filesCount,
		r.fileSha256.join(' ')
	]);
	const kinds = COLUMNS.map((c) => (c === 'performed_at' ? ('datetime' as const) : undefined));
	await recordAudit(ctx.db, ctx, {
		action: 'retention.register_download',
		entityType: 'system',
		details: { count: rows.length, format }
	});
	const stem = `havitamisregister-${today(ctx)}`;
	if (format === 'csv') {
		return {
			body: new TextEncoder().encode(toCsv({ headers, rows: table, kinds })),
			contentType: 'text/csv; charset=utf-8',
			fileName: `${stem}.csv`,
			count: rows.length
		};
	}
	const body = await toXlsx(
		[{ name: translate(locale, 'retention.register.sheet'), headers, rows: table, kinds }],
		ctx.now()
	);
	return {
		body,
		contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		fileName: `${stem}.xlsx`,
		count: rows.length
	};
}

/**
 * A county's destructions of the next 14 days, for the coordinator's attention page: the
 * counties the actor coordinates (all for the administrator). Held items are listed as held.
 */
export async function upcomingForCounties(ctx: ServiceContext) {
	if (!canAnywhere(ctx.actor, 'retention:read')) return [];
	const countyIds = registerCounties(ctx);
	const items = await upcomingItems(ctx.db, today(ctx));
	return countyIds ? items.filter((i) => countyIds.includes(i.countyId)) : items;
}
