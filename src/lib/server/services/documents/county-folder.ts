import { asc, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { counties } from '../../db/schema';
import { canAnywhere } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import type { DocumentKind } from '../../domain/vocabulary';
import { authorize } from '../core/access';
import type { ServiceContext } from '../core/context';
import { documentSection, type DocumentSummary } from './documents';

/**
 * A county's project folder (issue 22, R-DOC-1): the county's own documents — training
 * materials, agendas, signature sheets, minutes, recruitment messages, reports, other — that
 * belong to no single record (owner `county`). Uploaded, listed, downloaded and deleted through
 * the documents service (type and size checks, audit). `document:*` on the county: its
 * coordinators and the administrator; experts get none (signature sheets and minutes name
 * people; decision 0011).
 */

/** The kinds of the county folder, in the order the page lists them. */
export const COUNTY_FOLDER_KINDS = [
	'training_material',
	'agenda',
	'signature_sheet',
	'minutes',
	'recruitment_message',
	'report',
	'other'
] as const satisfies readonly DocumentKind[];

/**
 * The folder of one county (the asked one, else the actor's first): its documents grouped by
 * kind, newest first within a kind, and the counties the actor may open. Listing is audited by
 * the documents service (`document.list`, a count).
 */
export async function countyFolder(ctx: ServiceContext, askedCountyId?: string | null) {
	if (!canAnywhere(ctx.actor, 'document:read')) {
		await authorize(ctx, 'document:read', { kind: 'system' }, { action: 'document.list' });
	}
	const scope = countyScope(ctx.actor, 'document:upload');
	const choices = await ctx.db
		.select({ id: counties.id, name: counties.name })
		.from(counties)
		.where(scope === null ? undefined : inArray(counties.id, [...scope]))
		.orderBy(asc(counties.name));
	const asked =
		askedCountyId && z.string().uuid().safeParse(askedCountyId).success ? askedCountyId : null;
	const countyId = asked ?? choices[0]?.id ?? null;
	if (!countyId) {
		await authorize(ctx, 'document:read', { kind: 'system' }, { action: 'document.list' });
		throw new Error('unreachable');
	}
	// A county the actor may not read: refused (404, audited) by the documents service.
	const section = await documentSection(ctx, { kind: 'county', countyId });
	if (!section) {
		await authorize(
			ctx,
			'document:read',
			{ kind: 'county', countyId },
			{ action: 'document.list', entityType: 'county', entityId: countyId }
		);
		throw new Error('unreachable');
	}
	const groups = COUNTY_FOLDER_KINDS.map((kind) => ({
		kind,
		documents: section.documents.filter((d) => d.kind === kind)
	}));
	const known = new Set<string>(COUNTY_FOLDER_KINDS);
	const rest: DocumentSummary[] = section.documents.filter((d) => !known.has(d.kind));
	if (rest.length > 0) groups.find((g) => g.kind === 'other')!.documents.push(...rest);
	return {
		countyId,
		countyName: choices.find((c) => c.id === countyId)?.name ?? '',
		counties: choices,
		groups,
		total: section.documents.length,
		canUpload: section.canUpload,
		maxMb: section.maxMb,
		kinds: COUNTY_FOLDER_KINDS
	};
}
