import { asc, eq, inArray } from 'drizzle-orm';
import {
	consents,
	destructionRegister,
	documents,
	pairings,
	retentionRules
} from '../../db/schema';
import { tallinnDay } from '../../domain/dates';
import { recordAudit } from '../core/audit';
import { requireVolunteer } from '../core/access';
import type { ServiceContext } from '../core/context';

/**
 * A volunteer's extract of their data (issue 24, item 5, the volunteer side): what is stored
 * about them as machine-readable JSON — their record, the list of their documents (kind, name,
 * day; not the files), their pairings (days and status, no client's name: others' data stays
 * out), their consents by purpose, the retention rules their records are kept by, and the
 * destruction-register rows about them (kinds, rules, counts).
 *
 * Produced by the county's coordinator or the administrator (`volunteer:extract`); every
 * extract is audited (`volunteer.extract`), so it shows in the access log of the volunteer.
 * There was no volunteer extract before; the client's (clients/extract.ts) also has a PDF.
 */

/** Retention rules that apply to a volunteer's records. */
export const VOLUNTEER_RULES = [
	'volunteer_contract',
	'application_not_selected',
	'consent_document'
];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function volunteerExtract(ctx: ServiceContext, volunteerId: string) {
	const { row } = await requireVolunteer(
		ctx,
		volunteerId,
		'volunteer:extract',
		'volunteer.extract'
	);
	const db = ctx.db;
	const docs = await db
		.select({
			kind: documents.kind,
			fileName: documents.fileName,
			sizeBytes: documents.sizeBytes,
			uploadedAt: documents.uploadedAt
		})
		.from(documents)
		.where(eq(documents.volunteerId, volunteerId))
		.orderBy(asc(documents.uploadedAt));
	const pairingRows = await db
		.select({ status: pairings.status, startsOn: pairings.startsOn, endsOn: pairings.endsOn })
		.from(pairings)
		.where(eq(pairings.volunteerId, volunteerId))
		.orderBy(asc(pairings.startsOn));
	const consentRows = await db
		.select({
			purpose: consents.purpose,
			textVersion: consents.textVersion,
			method: consents.method,
			givenOn: consents.givenOn,
			withdrawnOn: consents.withdrawnOn
		})
		.from(consents)
		.where(eq(consents.volunteerId, volunteerId))
		.orderBy(asc(consents.purpose), asc(consents.givenOn));
	const rules = await db
		.select({
			key: retentionRules.key,
			requirement: retentionRules.requirement,
			startsFrom: retentionRules.startsFrom,
			periodMonths: retentionRules.periodMonths,
			action: retentionRules.action
		})
		.from(retentionRules)
		.where(inArray(retentionRules.key, VOLUNTEER_RULES))
		.orderBy(asc(retentionRules.key));
	const register = await db
		.select({
			ruleKey: destructionRegister.ruleKey,
			requirement: destructionRegister.requirement,
			itemKind: destructionRegister.itemKind,
			action: destructionRegister.action,
			performedAt: destructionRegister.performedAt,
			rowsCount: destructionRegister.rowsCount,
			filesCount: destructionRegister.filesCount
		})
		.from(destructionRegister)
		.where(eq(destructionRegister.volunteerId, volunteerId))
		.orderBy(asc(destructionRegister.performedAt));
	await recordAudit(db, ctx, {
		action: 'volunteer.extract',
		entityType: 'volunteer',
		entityId: volunteerId,
		countyId: row.countyId,
		details: { format: 'json' }
	});
	const { createdAt, updatedAt, ...person } = row;
	return {
		madeOn: tallinnDay(ctx.now()),
		volunteer: { ...person, createdAt: iso(createdAt), updatedAt: iso(updatedAt) },
		documents: docs.map((d) => ({ ...d, uploadedAt: iso(d.uploadedAt) })),
		pairings: pairingRows,
		retention: {
			consents: consentRows,
			rules,
			register: register.map((r) => ({ ...r, performedAt: iso(r.performedAt) }))
		}
	};
}

export type VolunteerExtract = Awaited<ReturnType<typeof volunteerExtract>>;

/** The extract as a JSON file to download. */
export async function volunteerExtractFile(ctx: ServiceContext, volunteerId: string) {
	const data = await volunteerExtract(ctx, volunteerId);
	return {
		bytes: new TextEncoder().encode(JSON.stringify(data, null, 2) + '\n'),
		fileName: `valjavote-vabatahtlik-${volunteerId.slice(0, 8)}-${data.madeOn}.json`,
		mediaType: 'application/json; charset=utf-8'
	};
}
