import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
	clients,
	counties,
	municipalities,
	pairings,
	socialPartners,
	volunteers
} from '../../db/schema';
import { PAIRING_ACCESS_STATUSES, VOLUNTEER_STATUSES } from '../../domain/statuses';
import { canAnywhere, type Action } from '../../policy/policy';
import { clientScope, volunteerScope } from '../../policy/scope';
import { clientAgeGroup } from '../../domain/client-rights';
import { toCsv, toXlsx, type Cell, type ColumnKind } from '../../files/spreadsheet';
import { recordAudit } from '../core/audit';
import { authorize } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { containing } from '../../db/like';
import { clientFilterConditions, type ClientListFilter } from '../clients/client-list-filter';
import { m } from '$lib/paraglide/messages';
import { translate } from '$lib/server/i18n';
import type { Locale } from '$lib/i18n';

/**
 * Downloads of the client and volunteer lists (R-ROLE-4) as CSV or XLSX: for coordinators
 * (their counties), the administrator and experts; the rows of the list's current filters,
 * scoped in SQL like the list; the columns the role may see; every download audited with
 * the count, format, the names of the filters used and whether identifiers were included. The
 * client list's filters mean here what they mean on the list (clients/client-list-filter.ts).
 *
 * Column sets (docs/security.md, "Downloads"):
 * - everyone who may download: pseudonymous, structured columns — record id, county,
 *   municipality, settlement, status, gender, age group, languages, help profiles and amounts,
 *   dates of the process. No names, no free text (notes, situation, end reasons), no street,
 *   no phone, no e-mail, no isikukood, no date of birth.
 * - with `client:read_identifiers` / `volunteer:read_identifiers` (county coordinators, the
 *   administrator) also the identifying columns (never the isikukood); filled only on rows of the counties where
 *   the actor holds that permission.
 */

export type DownloadFormat = 'csv' | 'xlsx';

export interface Download {
	body: Uint8Array;
	contentType: string;
	fileName: string;
	count: number;
}

export function downloadFormat(value: string | null | undefined): DownloadFormat {
	return value === 'xlsx' ? 'xlsx' : 'csv';
}

const uuidOrNull = (v: string | null | undefined) =>
	v && z.string().uuid().safeParse(v).success ? v : null;

// ---------------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------------

/** The client list's filters from the list's address (`/clients?…` → `/clients/export?…`). */
export function clientFilterFromUrl(url: URL): ClientListFilter {
	const get = (name: string, max: number) =>
		(url.searchParams.get(name) ?? '').trim().slice(0, max) || undefined;
	return {
		q: get('q', 100),
		countyId: get('county', 36),
		municipalityId: get('municipality', 36),
		status: get('status', 20),
		profile: get('profile', 4),
		waitingDays: get('waiting', 5),
		consent: get('consent', 10)
	};
}

/** Columns every role that may download clients gets (pseudonymous, structured). */
export const CLIENT_BASE_COLUMNS = [
	'id',
	'county',
	'municipality',
	'settlement',
	'status',
	'gender',
	'age_group',
	'languages',
	'living_situation',
	'help_profiles_wanted',
	'help_amount',
	'help_unit',
	'help_period',
	'preferred_volunteer_gender',
	'preferred_language',
	'referral_partner',
	'referred_on',
	'mapped_on',
	'waiting_since',
	'consent_given_on',
	'ended_on',
	'created_at'
] as const;

/** Added for `client:read_identifiers` (coordinators of the county, the administrator). */
/**
 * Never the isikukood: a spreadsheet leaves the system's access control and audit, and no list
 * work needs the code — it stays on the record page (data minimisation).
 */
export const CLIENT_IDENTIFIER_COLUMNS = [
	'first_name',
	'last_name',
	'date_of_birth',
	'phone',
	'street',
	'contact_person_name',
	'contact_person_phone',
	'contact_person_relation'
] as const;

async function refuseUnless(ctx: ServiceContext, action: Action, auditAction: string) {
	if (!canAnywhere(ctx.actor, action)) {
		await authorize(ctx, action, { kind: 'system' }, { action: auditAction });
	}
}

const list = (v: readonly string[] | null | undefined) => (v && v.length ? v.join(', ') : null);

/** The name of a code (a status, a gender …) in the reader's language; nothing for nothing. */
function named(locale: Locale, prefix: string, code: string | null | undefined): string | null {
	return code ? translate(locale, `${prefix}.${code}`) : null;
}

/** Languages (`et`, `ru`, `other`) by their names in the reader's language. */
function languages(locale: Locale, codes: readonly string[] | null | undefined): string | null {
	return list(codes?.map((c) => translate(locale, `mapping.language.${c}`)));
}

/** Columns that are days, instants or phone numbers (files/spreadsheet.ts writes them so). */
const COLUMN_KINDS: Record<string, ColumnKind> = {
	referred_on: 'date',
	mapped_on: 'date',
	waiting_since: 'date',
	consent_given_on: 'date',
	ended_on: 'date',
	date_of_birth: 'date',
	criminal_record_checked_on: 'date',
	contract_signed_on: 'date',
	contract_original_received_on: 'date',
	base_training_completed_on: 'date',
	started_on: 'date',
	created_at: 'datetime',
	phone: 'phone',
	contact_person_phone: 'phone'
};

/** The client list as the actor may download it, with the list's filters applied. */
export async function downloadClients(
	ctx: ServiceContext,
	filter: ClientListFilter,
	format: DownloadFormat
): Promise<Download> {
	await refuseUnless(ctx, 'client:export', 'client.export');
	const day = today(ctx);
	const { where, used, countyId } = clientFilterConditions(ctx, filter, day);
	const identScope = clientScope(ctx.actor, 'client:read_identifiers', day, ctx.db);
	const identifiers = canAnywhere(ctx.actor, 'client:read_identifiers');
	const rows = await ctx.db
		.select({
			row: clients,
			county: counties.name,
			municipality: municipalities.name,
			partner: socialPartners.name,
			mayIdentify: sql<boolean>`(${identScope})`
		})
		.from(clients)
		.innerJoin(counties, eq(counties.id, clients.countyId))
		.leftJoin(municipalities, eq(municipalities.id, clients.municipalityId))
		.leftJoin(socialPartners, eq(socialPartners.id, clients.referralPartnerId))
		.where(and(clientScope(ctx.actor, 'client:export', day, ctx.db), ...where))
		.orderBy(asc(counties.name), asc(clients.lastName), asc(clients.firstName), asc(clients.id));
	const headers: string[] = [
		...CLIENT_BASE_COLUMNS,
		...(identifiers ? CLIENT_IDENTIFIER_COLUMNS : [])
	];
	const locale = ctx.actor!.locale;
	const table: Cell[][] = rows.map(({ row: c, county, municipality, partner, mayIdentify }) => {
		const base: Cell[] = [
			c.id,
			county,
			municipality,
			c.settlement,
			named(locale, 'client.status', c.status),
			named(locale, 'extract.gender', c.gender),
			clientAgeGroup(c, day),
			languages(locale, c.languages),
			named(locale, 'extract.living', c.livingSituation),
			list(c.helpProfilesWanted),
			c.helpAmount,
			named(locale, 'mapping.help_unit', c.helpUnit),
			named(locale, 'mapping.help_period', c.helpPeriod),
			named(locale, 'extract.gender', c.preferredVolunteerGender),
			named(locale, 'mapping.language', c.preferredLanguage),
			partner,
			c.referredOn,
			c.mappedOn,
			c.status === 'waiting' ? c.waitingSince : null,
			c.consentGivenOn,
			c.endedOn,
			c.createdAt
		];
		if (!identifiers) return base;
		const ident: Cell[] = mayIdentify
			? [
					c.firstName,
					c.lastName,
					c.dateOfBirth,
					c.phone,
					c.street,
					c.contactPersonName,
					c.contactPersonPhone,
					c.contactPersonRelation
				]
			: CLIENT_IDENTIFIER_COLUMNS.map(() => null);
		return [...base, ...ident];
	});
	await recordAudit(ctx.db, ctx, {
		action: 'client.export',
		entityType: 'client',
		countyId,
		details: { count: rows.length, format, filters: used, identifiers }
	});
	return packTable(ctx, format, {
		name: m['download.sheet.clients']({}, { locale }),
		fileStem: `abivajajad-${day}`,
		headers,
		rows: table
	});
}

// ---------------------------------------------------------------------------------------------
// Volunteers
// ---------------------------------------------------------------------------------------------

interface VolunteerDownloadFilter {
	q?: string;
	countyId?: string;
	status?: string;
}

export function volunteerFilterFromUrl(url: URL): VolunteerDownloadFilter {
	const get = (name: string, max: number) =>
		(url.searchParams.get(name) ?? '').trim().slice(0, max) || undefined;
	return { q: get('q', 100), countyId: get('county', 36), status: get('status', 20) };
}

/** The volunteer list's filters (volunteers/volunteers.ts listVolunteers), as WHERE conditions. */
function volunteerFilterConditions(filter: VolunteerDownloadFilter): {
	where: SQL[];
	used: string[];
} {
	const where: SQL[] = [];
	const used: string[] = [];
	const countyId = uuidOrNull(filter.countyId);
	if (countyId) {
		where.push(eq(volunteers.countyId, countyId));
		used.push('county');
	}
	if (filter.status && (VOLUNTEER_STATUSES as readonly string[]).includes(filter.status)) {
		where.push(eq(volunteers.status, filter.status as (typeof VOLUNTEER_STATUSES)[number]));
		used.push('status');
	}
	const q = filter.q?.trim().slice(0, 100);
	if (q) {
		const like = containing(q);
		where.push(
			or(
				ilike(volunteers.firstName, like),
				ilike(volunteers.lastName, like),
				ilike(sql`${volunteers.firstName} || ' ' || ${volunteers.lastName}`, like)
			)!
		);
		used.push('q');
	}
	return { where, used };
}

export const VOLUNTEER_BASE_COLUMNS = [
	'id',
	'county',
	'municipality',
	'settlement',
	'status',
	'gender',
	'age_group',
	'languages',
	'help_profiles_offered',
	'max_clients',
	'active_clients',
	'has_car',
	'employment',
	'education',
	'criminal_record_checked_on',
	'contract_signed_on',
	'contract_original_received_on',
	'base_training_completed_on',
	'started_on',
	'ended_on',
	'created_at'
] as const;

export const VOLUNTEER_IDENTIFIER_COLUMNS = [
	'first_name',
	'last_name',
	'date_of_birth',
	'email',
	'phone',
	'street'
] as const;

/** The volunteer list as the actor may download it, with the list's filters applied. */
export async function downloadVolunteers(
	ctx: ServiceContext,
	filter: VolunteerDownloadFilter,
	format: DownloadFormat
): Promise<Download> {
	await refuseUnless(ctx, 'volunteer:export', 'volunteer.export');
	const day = today(ctx);
	const { where, used } = volunteerFilterConditions(filter);
	const identScope = volunteerScope(ctx.actor, 'volunteer:read_identifiers');
	const identifiers = canAnywhere(ctx.actor, 'volunteer:read_identifiers');
	const rows = await ctx.db
		.select({
			row: volunteers,
			county: counties.name,
			municipality: municipalities.name,
			mayIdentify: sql<boolean>`(${identScope})`
		})
		.from(volunteers)
		.innerJoin(counties, eq(counties.id, volunteers.countyId))
		.leftJoin(municipalities, eq(municipalities.id, volunteers.municipalityId))
		.where(and(volunteerScope(ctx.actor, 'volunteer:export'), ...where))
		.orderBy(
			asc(counties.name),
			asc(volunteers.lastName),
			asc(volunteers.firstName),
			asc(volunteers.id)
		);
	const ids = rows.map((r) => r.row.id);
	const active = new Map<string, number>();
	for (let i = 0; i < ids.length; i += 1000) {
		const part = ids.slice(i, i + 1000);
		const counted = await ctx.db
			.select({ id: pairings.volunteerId, n: count() })
			.from(pairings)
			.where(
				and(
					inArray(pairings.volunteerId, part),
					inArray(pairings.status, [...PAIRING_ACCESS_STATUSES])
				)
			)
			.groupBy(pairings.volunteerId);
		for (const c of counted) active.set(c.id, Number(c.n));
	}
	const headers: string[] = [
		...VOLUNTEER_BASE_COLUMNS,
		...(identifiers ? VOLUNTEER_IDENTIFIER_COLUMNS : [])
	];
	const locale = ctx.actor!.locale;
	const table: Cell[][] = rows.map(({ row: v, county, municipality, mayIdentify }) => {
		const base: Cell[] = [
			v.id,
			county,
			municipality,
			v.settlement,
			named(locale, 'volunteer.status', v.status),
			named(locale, 'extract.gender', v.gender),
			clientAgeGroup(v, day),
			languages(locale, v.languages),
			list(v.helpProfilesOffered),
			v.maxClients,
			active.get(v.id) ?? 0,
			translate(locale, v.hasCar ? 'common.yes' : 'common.no'),
			named(locale, 'volunteer_profile.employment', v.employment),
			named(locale, 'volunteer_profile.education', v.education),
			v.criminalRecordCheckedOn,
			v.contractSignedOn,
			v.contractOriginalReceivedOn,
			v.baseTrainingCompletedOn,
			v.startedOn,
			v.endedOn,
			v.createdAt
		];
		if (!identifiers) return base;
		const ident: Cell[] = mayIdentify
			? [v.firstName, v.lastName, v.dateOfBirth, v.email, v.phone, v.street]
			: VOLUNTEER_IDENTIFIER_COLUMNS.map(() => null);
		return [...base, ...ident];
	});
	await recordAudit(ctx.db, ctx, {
		action: 'volunteer.export',
		entityType: 'volunteer',
		countyId: uuidOrNull(filter.countyId),
		details: { count: rows.length, format, filters: used, identifiers }
	});
	return packTable(ctx, format, {
		name: m['download.sheet.volunteers']({}, { locale }),
		fileStem: `vabatahtlikud-${day}`,
		headers,
		rows: table
	});
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

/**
 * CSV (UTF-8 with BOM, `;`, CRLF, formula-like cells neutralised) or XLSX, for the people who
 * open them (docs/decisions/0009-downloads.md): the column headers, statuses and other coded
 * values in the actor's language, dates as dates, times in Tallinn, phone numbers as text. The
 * XLSX has a second sheet pairing each column's stable code with its header, for whoever
 * processes the file further.
 */
async function packTable(
	ctx: ServiceContext,
	format: DownloadFormat,
	t: { name: string; fileStem: string; headers: string[]; rows: Cell[][] }
): Promise<Download> {
	const locale = ctx.actor!.locale;
	const headers = t.headers.map((h) => translate(locale, `download.col.${h}`));
	const kinds = t.headers.map((h) => COLUMN_KINDS[h]);
	if (format === 'csv') {
		return {
			body: new TextEncoder().encode(toCsv({ headers, rows: t.rows, kinds })),
			contentType: 'text/csv; charset=utf-8',
			fileName: `${t.fileStem}.csv`,
			count: t.rows.length
		};
	}
	const body = await toXlsx(
		[
			{ name: t.name, headers, rows: t.rows, kinds },
			{
				name: m['download.sheet.columns']({}, { locale }),
				headers: [
					m['download.legend.column']({}, { locale }),
					m['download.legend.code']({}, { locale })
				],
				rows: t.headers.map((h, i) => [headers[i]!, h])
			}
		],
		ctx.now()
	);
	return {
		body,
		contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		fileName: `${t.fileStem}.xlsx`,
		count: t.rows.length
	};
}
