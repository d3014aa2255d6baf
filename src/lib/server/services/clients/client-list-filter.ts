import {
	and,
	arrayContains,
	eq,
	ilike,
	isNotNull,
	isNull,
	lte,
	ne,
	not,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { z } from 'zod';
import { clients, documents } from '../../db/schema';
import { containing } from '../../db/like';
import { CLIENT_STATUSES } from '../../domain/statuses';
import { HELP_PROFILES, type HelpProfile } from '../../domain/vocabulary';
import { addDays } from '../../domain/dates';
import { IDENTIFYING_FIELDS } from '../../domain/mapping';
import { clientScope } from '../../policy/scope';
import type { ServiceContext } from '../core/context';

/**
 * The client list's filters, one meaning for the list page (client-list.ts `listClients`) and
 * its download (reporting/list-downloads.ts `downloadClients`), so a download holds the rows the
 * list shows.
 */

/** The client list's filters, as its address carries them (`/clients?…` → `/clients/export?…`). */
export interface ClientListFilter {
	/** A name or a settlement; an 11-digit isikukood where the actor may read identifiers. */
	q?: string;
	countyId?: string;
	municipalityId?: string;
	status?: string;
	/** A help profile the client wants (P1–P4). */
	profile?: string;
	/** Waiting for a volunteer for at least this many days. */
	waitingDays?: number | string;
	/** 'missing': personal entries without both the consent date and the signed consent. */
	consent?: string;
}

/** A row is personal when any identifying field is filled in (domain/mapping.ts isPersonal). */
const personalSql = or(...IDENTIFYING_FIELDS.map((f) => isNotNull(clients[f])))!;

const hasConsentDocumentSql = sql`exists (select 1 from ${documents} where ${documents.clientId} = ${clients.id} and ${documents.kind} = 'consent')`;

/** SQL of domain/mapping.ts consentMissing. */
export const consentMissingSql = and(
	ne(clients.status, 'anonymised'),
	personalSql,
	or(isNull(clients.consentGivenOn), not(hasConsentDocumentSql))
)!;

/**
 * The WHERE conditions of the client list's filters (not the list's scope). An empty or
 * malformed filter (from a query string) means "all". The consent flag is for the roles that
 * work with the county's records (`client:export`), so its filter never finds a client for
 * anyone else (a volunteer); the isikukood is searched only where the actor may read it.
 * `used` names the filters applied and `countyId` is the county filtered on (for the audit
 * event; never the other values).
 */
export function clientFilterConditions(
	ctx: ServiceContext,
	filter: ClientListFilter,
	day: string
): { where: SQL[]; used: string[]; countyId: string | null } {
	const where: SQL[] = [];
	const used: string[] = [];
	const staff = clientScope(ctx.actor, 'client:export', day, ctx.db);
	const uuid = (v: string | undefined) => (v && z.string().uuid().safeParse(v).success ? v : null);
	const countyId = uuid(filter.countyId);
	if (countyId) {
		where.push(eq(clients.countyId, countyId));
		used.push('county');
	}
	const municipalityId = uuid(filter.municipalityId);
	if (municipalityId) {
		where.push(eq(clients.municipalityId, municipalityId));
		used.push('municipality');
	}
	if (filter.status && (CLIENT_STATUSES as readonly string[]).includes(filter.status)) {
		where.push(eq(clients.status, filter.status as (typeof CLIENT_STATUSES)[number]));
		used.push('status');
	}
	if (filter.profile && (HELP_PROFILES as readonly string[]).includes(filter.profile)) {
		where.push(arrayContains(clients.helpProfilesWanted, [filter.profile as HelpProfile]));
		used.push('profile');
	}
	const waitingDays = Number(filter.waitingDays);
	if (Number.isInteger(waitingDays) && waitingDays > 0 && waitingDays <= 3650) {
		where.push(
			eq(clients.status, 'waiting'),
			lte(clients.waitingSince, addDays(day, -waitingDays))
		);
		used.push('waiting');
	}
	if (filter.consent === 'missing') {
		where.push(and(staff, consentMissingSql)!);
		used.push('consent');
	}
	const q = filter.q?.trim().slice(0, 100);
	if (q) {
		const like = containing(q);
		const matches: SQL[] = [
			ilike(clients.firstName, like),
			ilike(clients.lastName, like),
			ilike(sql`${clients.firstName} || ' ' || ${clients.lastName}`, like),
			ilike(clients.settlement, like)
		];
		const code = q.replace(/\s+/g, '');
		if (/^\d{11}$/.test(code)) {
			matches.push(
				and(
					eq(clients.isikukood, code),
					clientScope(ctx.actor, 'client:read_identifiers', day, ctx.db)
				)!
			);
		}
		where.push(or(...matches)!);
		used.push('q');
	}
	return { where, used, countyId };
}
