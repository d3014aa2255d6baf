import { and, asc, eq, ilike, inArray, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { clientExclusions, clients, municipalities, pairings, volunteers } from '../../db/schema';
import { HELP_PROFILES, LANGUAGES } from '../../domain/vocabulary';
import type { Tx } from '../../db/client';
import { conflict, invalid } from '../../errors';
import { rankCandidates, type RankedCandidate } from '../../domain/matching';
import { OPEN_PAIRING_STATUSES } from '../../domain/pairing';
import { recordAudit } from '../core/audit';
import { listPage, pageRows } from '../core/paging';
import { requireClient } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { emptyToNull, validate } from '../core/validation';
import { containing } from '../../db/like';

/**
 * Matching (R-PAIR-1): the county's active volunteers ranked for a client (domain/matching.ts)
 * on the coordinator's matching page, and the client's exclusions — volunteers the client asked
 * not to be visited by, a hard exclusion in the ranking. Creating the pairing from a suggestion
 * is pairing-lifecycle.ts `createPairing`, which ranks again with `candidatesOf`.
 */

const uuid = z.string().uuid();
const optionalText = (max: number) =>
	z.preprocess(emptyToNull, z.string().trim().max(max, 'error.too_long').nullish());

/** The open pairings of a client or volunteer (they count, and keep the client "paired"). */
export const openStatus = () => inArray(pairings.status, [...OPEN_PAIRING_STATUSES]);

// ---------------------------------------------------------------------------------------------
// Suggestions (R-PAIR-1)
// ---------------------------------------------------------------------------------------------

/**
 * The matching inputs of a client's county: every active volunteer, in three queries sent
 * side by side (on a server pool they run at once; in a transaction, one after the other).
 */
export async function candidatesOf(tx: Tx, client: typeof clients.$inferSelect, day: string) {
	// Every active volunteer of the county with their load: open pairings now and the latest
	// end (one aggregate over the county's pairings). Written as SQL and read as plain rows: a
	// county has a thousand and more volunteers, and mapping them through the query builder
	// took longer than the query (BENCHMARKS.md).
	const candidateRows = tx
		.execute(
			sql`select v.id, v.first_name as "firstName", v.last_name as "lastName",
				v.municipality_id as "municipalityId", m.name as "municipalityName", v.settlement,
				v.latitude, v.longitude, v.languages, v.help_profiles_offered as "helpProfilesOffered",
				v.max_clients as "maxClients", v.gender, v.has_car as "hasCar",
				v.pet_allergy as "petAllergy", v.avoids_smoke as "avoidsSmoke",
				v.started_on::text as "startedOn", coalesce(l.current, 0)::int as "currentClients",
				l.last_ended as "lastPairingEndedOn"
			from volunteer v
			left join municipality m on m.id = v.municipality_id
			left join (
				select p.volunteer_id,
					count(*) filter (where p.status in (${sql.join(
						OPEN_PAIRING_STATUSES.map((st) => sql`${st}`),
						sql`, `
					)})) as current,
					(max(p.ends_on) filter (where p.status = 'ended'))::text as last_ended
				from pairing p join volunteer pv on pv.id = p.volunteer_id
				where pv.county_id = ${client.countyId} and pv.status = 'active'
				group by p.volunteer_id
			) l on l.volunteer_id = v.id
			where v.county_id = ${client.countyId} and v.status = 'active'`
		)
		.then((r) => (r as unknown as { rows: CandidateRow[] }).rows);
	const [rows, excluded, alreadyPaired] = await Promise.all([
		candidateRows,
		tx
			.select({ volunteerId: clientExclusions.volunteerId })
			.from(clientExclusions)
			.where(eq(clientExclusions.clientId, client.id)),
		tx
			.select({ volunteerId: pairings.volunteerId })
			.from(pairings)
			.where(and(eq(pairings.clientId, client.id), openStatus()))
	]);
	const paired = new Set(alreadyPaired.map((p) => p.volunteerId));
	const candidates = rows.filter((r) => !paired.has(r.id));
	const ranking = rankCandidates(client, candidates, {
		today: day,
		excludedByClient: excluded.map((e) => e.volunteerId)
	});
	return { candidates, ranking };
}

interface SuggestionFilter {
	municipalityId?: string;
	language?: string;
	profile?: string;
	hasCar?: boolean;
	includeExcluded?: boolean;
	page?: number;
	pageSize?: number;
	/** A name to find a volunteer to exclude by (the exclusion form's search). */
	excludeQuery?: string;
}

/** Volunteers listed at most for one search of the exclusion form. */
const EXCLUDE_SEARCH_LIMIT = 20;

/**
 * The county's volunteers (not ended, not excluded already) whose name has every word of
 * `query`, to exclude from the client's suggestions: up to EXCLUDE_SEARCH_LIMIT by name, and whether there were more. A
 * county has a thousand and more volunteers: listing them all made the matching page a few
 * hundred kilobytes, and a list that long is no help to anyone on a phone.
 */
async function excludeSearch(tx: Tx, client: { id: string; countyId: string }, query: string) {
	const words = query.split(' ').filter((w) => w.length > 0);
	const rows = await tx
		.select({
			id: volunteers.id,
			firstName: volunteers.firstName,
			lastName: volunteers.lastName,
			municipalityName: municipalities.name
		})
		.from(volunteers)
		.leftJoin(municipalities, eq(municipalities.id, volunteers.municipalityId))
		.where(
			and(
				eq(volunteers.countyId, client.countyId),
				ne(volunteers.status, 'ended'),
				sql`not exists (select 1 from client_exclusion ce
					where ce.client_id = ${client.id} and ce.volunteer_id = ${volunteers.id})`,
				...words.map((w) =>
					or(ilike(volunteers.firstName, containing(w)), ilike(volunteers.lastName, containing(w)))
				)
			)
		)
		.orderBy(asc(volunteers.lastName), asc(volunteers.firstName), asc(volunteers.id))
		.limit(EXCLUDE_SEARCH_LIMIT + 1);
	return { results: rows.slice(0, EXCLUDE_SEARCH_LIMIT), more: rows.length > EXCLUDE_SEARCH_LIMIT };
}

const filterSchema = z.object({
	municipalityId: z.preprocess(emptyToNull, uuid.nullish()).catch(null),
	language: z.preprocess(emptyToNull, z.enum(LANGUAGES).nullish()).catch(null),
	profile: z.preprocess(emptyToNull, z.enum(HELP_PROFILES).nullish()).catch(null),
	hasCar: z.boolean().optional().catch(false),
	includeExcluded: z.boolean().optional().catch(false)
});

/**
 * The matching page: the client's needs and the county's active volunteers ranked by fit,
 * with reasons and exclusions, filtered as asked. Ranks are the ranks of the whole list, so a
 * filter never changes "who is the best suggestion". Audited (`pairing.suggest`, counts only).
 */
export async function matchSuggestions(
	ctx: ServiceContext,
	clientId: string,
	filter: SuggestionFilter = {}
) {
	const { row: client } = await requireClient(ctx, clientId, 'pairing:create', 'pairing.suggest');
	const f = filterSchema.parse(filter);
	const day = today(ctx);
	// Spaces collapsed, at most 100 characters; searched from two characters on.
	const excludeQuery = (filter.excludeQuery ?? '').replace(/\s+/g, ' ').trim().slice(0, 100);
	// The candidates and the page's lists, read side by side.
	const [{ candidates, ranking }, [municipality], countyMunicipalities, exclusions, found] =
		await Promise.all([
			candidatesOf(ctx.db, client, day),
			client.municipalityId
				? ctx.db
						.select({ name: municipalities.name })
						.from(municipalities)
						.where(eq(municipalities.id, client.municipalityId))
				: [],
			ctx.db
				.select({ id: municipalities.id, name: municipalities.name })
				.from(municipalities)
				.where(eq(municipalities.countyId, client.countyId))
				.orderBy(municipalities.sortOrder, municipalities.name),
			listExclusionRows(ctx.db, clientId),
			excludeQuery.length >= 2 ? excludeSearch(ctx.db, client, excludeQuery) : null
		]);
	const byId = new Map(candidates.map((c) => [c.id, c]));
	const shown = ranking.filter((r) => {
		const v = byId.get(r.volunteerId)!;
		if (!f.includeExcluded && r.rank === null) return false;
		if (f.municipalityId && v.municipalityId !== f.municipalityId) return false;
		if (f.language && !v.languages.includes(f.language)) return false;
		if (f.profile && !v.helpProfilesOffered.includes(f.profile)) return false;
		if (f.hasCar && !v.hasCar) return false;
		return true;
	});
	// The ranking is in memory: page it there (20 a page, at most 100).
	const paging = listPage(filter, { size: 20 });
	const { rows: slice, hasMore } = pageRows(
		shown.slice(paging.offset, paging.offset + paging.limit),
		paging
	);
	await recordAudit(ctx.db, ctx, {
		action: 'pairing.suggest',
		entityType: 'client',
		entityId: clientId,
		countyId: client.countyId,
		details: { count: slice.length, candidates: ranking.length, page: paging.page }
	});
	return {
		client: {
			id: client.id,
			firstName: client.firstName,
			lastName: client.lastName,
			status: client.status,
			municipalityName: municipality?.name ?? null,
			settlement: client.settlement,
			languages: client.languages,
			preferredLanguage: client.preferredLanguage,
			helpProfilesWanted: client.helpProfilesWanted,
			preferredVolunteerGender: client.preferredVolunteerGender,
			hasPets: client.hasPets,
			smokesAtHome: client.smokesAtHome,
			hasCoordinates: client.latitude !== null && client.longitude !== null
		},
		suggestions: slice.map((r) => suggestionRow(r, byId.get(r.volunteerId)!)),
		total: shown.length,
		allowedTotal: ranking.filter((r) => r.rank !== null).length,
		topVolunteerId: ranking[0]?.rank === 1 ? ranking[0].volunteerId : null,
		page: paging.page,
		hasMore,
		filter: f,
		municipalities: countyMunicipalities,
		exclusions,
		// The exclusion form's search: null until a name of two characters or more is asked for.
		excludeSearch: found && { query: excludeQuery, ...found },
		canCreate: !['ended', 'anonymised'].includes(client.status),
		today: day
	};
}

type Volunteer = typeof volunteers.$inferSelect;

/** An active volunteer of the client's county as matching sees them. */
type CandidateRow = Pick<
	Volunteer,
	| 'id'
	| 'firstName'
	| 'lastName'
	| 'municipalityId'
	| 'settlement'
	| 'latitude'
	| 'longitude'
	| 'languages'
	| 'helpProfilesOffered'
	| 'maxClients'
	| 'gender'
	| 'hasCar'
	| 'petAllergy'
	| 'avoidsSmoke'
	| 'startedOn'
> & { municipalityName: string | null; currentClients: number; lastPairingEndedOn: string | null };

function suggestionRow(r: RankedCandidate, v: CandidateRow) {
	return {
		volunteerId: r.volunteerId,
		rank: r.rank,
		score: r.score,
		reasons: r.reasons,
		exclusions: r.exclusions,
		distanceKm: r.distanceKm,
		firstName: v.firstName,
		lastName: v.lastName,
		municipalityName: v.municipalityName,
		languages: v.languages,
		helpProfilesOffered: v.helpProfilesOffered,
		currentClients: v.currentClients,
		maxClients: v.maxClients,
		hasCar: v.hasCar
	};
}

// ---------------------------------------------------------------------------------------------
// Client exclusions: people the client asked not to be visited by (R-PAIR-1)
// ---------------------------------------------------------------------------------------------

async function listExclusionRows(tx: Tx, clientId: string) {
	return tx
		.select({
			id: clientExclusions.id,
			volunteerId: clientExclusions.volunteerId,
			firstName: volunteers.firstName,
			lastName: volunteers.lastName,
			reason: clientExclusions.reason,
			createdAt: clientExclusions.createdAt
		})
		.from(clientExclusions)
		.innerJoin(volunteers, eq(volunteers.id, clientExclusions.volunteerId))
		.where(eq(clientExclusions.clientId, clientId))
		.orderBy(asc(volunteers.lastName), asc(volunteers.firstName));
}

const exclusionSchema = z.object({
	volunteerId: z.string({ message: 'error.choice' }).uuid('error.choice'),
	reason: optionalText(500)
});

/** Records that the client does not want this volunteer (a hard exclusion in matching). */
export async function addClientExclusion(ctx: ServiceContext, clientId: string, input: unknown) {
	const { row: client } = await requireClient(
		ctx,
		clientId,
		'client:update',
		'client.exclusion_add'
	);
	const data = validate(exclusionSchema, input);
	return ctx.db.transaction(async (tx) => {
		const [volunteer] = await tx
			.select({ countyId: volunteers.countyId })
			.from(volunteers)
			.where(eq(volunteers.id, data.volunteerId));
		if (!volunteer || volunteer.countyId !== client.countyId) {
			throw invalid({ volunteerId: 'error.choice' });
		}
		const [row] = await tx
			.insert(clientExclusions)
			.values({
				clientId,
				volunteerId: data.volunteerId,
				reason: data.reason ?? null,
				createdBy: ctx.actor!.userId
			})
			.onConflictDoNothing()
			.returning({ id: clientExclusions.id });
		if (!row) throw conflict('exclusion.exists');
		await recordAudit(tx, ctx, {
			action: 'client.exclusion_add',
			entityType: 'client',
			entityId: clientId,
			countyId: client.countyId,
			details: { volunteerId: data.volunteerId, exclusionId: row.id }
		});
		return row.id;
	});
}

export async function removeClientExclusion(
	ctx: ServiceContext,
	clientId: string,
	exclusionId: string
) {
	const { row: client } = await requireClient(
		ctx,
		clientId,
		'client:update',
		'client.exclusion_remove'
	);
	await ctx.db.transaction(async (tx) => {
		const [row] = uuid.safeParse(exclusionId).success
			? await tx
					.delete(clientExclusions)
					.where(and(eq(clientExclusions.id, exclusionId), eq(clientExclusions.clientId, clientId)))
					.returning({ volunteerId: clientExclusions.volunteerId })
			: [];
		if (!row) throw invalid({ exclusionId: 'error.choice' });
		await recordAudit(tx, ctx, {
			action: 'client.exclusion_remove',
			entityType: 'client',
			entityId: clientId,
			countyId: client.countyId,
			details: { volunteerId: row.volunteerId, exclusionId }
		});
	});
}
