import { and, asc, desc, eq, ilike, inArray, isNull, max, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
	clientExclusions,
	clients,
	diaryDrafts,
	documents,
	diaryEntries,
	municipalities,
	pairings,
	roleGrants,
	users,
	volunteers
} from '../../db/schema';
import { HELP_PROFILES, LANGUAGES } from '../../domain/vocabulary';
import { type PairingStatus } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import { conflict, invalid } from '../../errors';
import { addDays, isIsoDay } from '../../domain/dates';
import { rankCandidates, rankingSnapshot, type RankedCandidate } from '../../domain/matching';
import {
	OPEN_PAIRING_STATUSES,
	allowedEvents,
	consentDue,
	consentDueOn,
	endDateError,
	introductionError,
	nextStatus,
	pauseError,
	type PairingEvent
} from '../../domain/pairing';
import { type Locale } from '$lib/i18n';
import { can } from '../../policy/policy';
import { recordAudit, type AuditAction } from '../core/audit';
import { authorize, requireClient, requireVolunteer, requirePairing } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { emptyToNull, validate } from '../core/validation';
import { publicBaseUrl } from '../auth/links';
import { sendQueuedMail } from '../auth/emails';
import { containing } from '../../db/like';
import {
	StaleVersionError,
	changedRow,
	formVersion,
	nextVersion,
	refuseStale
} from '../core/versions';
import { translate } from '$lib/server/i18n';

/**
 * Pairings (sidumine, R-PAIR-1, R-PAIR-2, R-PAIR-7, R-ROLE-6): the coordinator links a client
 * with a volunteer of the same county, chosen from a ranked list of suggestions
 * (domain/matching.ts); the pairing then lives through proposed → introduced → active ⇄ paused
 * → ended (domain/pairing.ts). Access follows the state (policy.ts `pairingGivesAccess`). Every
 * change is audited in its own transaction; audit details carry ids and codes only.
 *
 * The client's status follows the pairings: `paired` while any pairing is open, back to
 * `waiting` (waiting since the end) when the last open one ends — unless the coordinator has
 * ended the client's service or the client is anonymised, which pairings never undo.
 */

const uuid = z.string().uuid();
const isoDay = z.string().refine(isIsoDay, 'error.date');
const optionalText = (max: number) =>
	z.preprocess(emptyToNull, z.string().trim().max(max, 'error.too_long').nullish());

/** The open pairings of a client or volunteer (they count, and keep the client "paired"). */
const openStatus = () => inArray(pairings.status, [...OPEN_PAIRING_STATUSES]);

// ---------------------------------------------------------------------------------------------
// Suggestions (R-PAIR-1)
// ---------------------------------------------------------------------------------------------

/**
 * The matching inputs of a client's county: every active volunteer, in three queries sent
 * side by side (on a server pool they run at once; in a transaction, one after the other).
 */
async function candidatesOf(tx: Tx, client: typeof clients.$inferSelect, day: string) {
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

export interface SuggestionFilter {
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
export const EXCLUDE_SEARCH_LIMIT = 20;

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
	const pageSize = Math.min(Math.max(filter.pageSize ?? 20, 1), 100);
	const page = Math.max(Math.trunc(filter.page ?? 1) || 1, 1);
	const slice = shown.slice((page - 1) * pageSize, page * pageSize);
	await recordAudit(ctx.db, ctx, {
		action: 'pairing.suggest',
		entityType: 'client',
		entityId: clientId,
		countyId: client.countyId,
		details: { count: slice.length, candidates: ranking.length, page }
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
		page,
		hasMore: shown.length > page * pageSize,
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

export type Suggestions = Awaited<ReturnType<typeof matchSuggestions>>;

// ---------------------------------------------------------------------------------------------
// Creating a pairing
// ---------------------------------------------------------------------------------------------

/**
 * `stage`: `proposed` (the first meeting is still to come; no access yet), `introduced` (the
 * first meeting took place on `startsOn`), or `active` (the default for callers that predate
 * the life cycle: access from `startsOn`).
 */
const createSchema = z.object({
	volunteerId: z.string({ message: 'error.choice' }).uuid('error.choice'),
	startsOn: isoDay,
	stage: z.preprocess(
		emptyToNull,
		z.enum(['proposed', 'introduced', 'active'], { message: 'error.choice' }).nullish()
	),
	matchNote: optionalText(2000)
});

export async function createPairing(ctx: ServiceContext, clientId: string, input: unknown) {
	const { row: client } = await requireClient(ctx, clientId, 'pairing:create', 'pairing.create');
	const data = validate(createSchema, input);
	const day = today(ctx);
	const stage = data.stage ?? 'active';
	if (client.status === 'ended' || client.status === 'anonymised') {
		throw conflict('pairing.client_not_available');
	}
	if (stage === 'introduced') {
		const e = introductionError(data.startsOn, day);
		if (e) throw invalid({ startsOn: e });
	}
	const id = await ctx.db.transaction(async (tx) => {
		const [volunteer] = await tx
			.select()
			.from(volunteers)
			.where(eq(volunteers.id, data.volunteerId))
			.for('update');
		// A volunteer of another county is "not a choice", whatever the actor's other counties.
		if (!volunteer || volunteer.countyId !== client.countyId || volunteer.status !== 'active') {
			throw invalid({ volunteerId: 'pairing.volunteer_not_available' });
		}
		const [existing] = await tx
			.select({ id: pairings.id })
			.from(pairings)
			.where(
				and(
					eq(pairings.clientId, clientId),
					eq(pairings.volunteerId, data.volunteerId),
					openStatus()
				)
			);
		if (existing) throw conflict('pairing.already_paired');
		// The ranking is computed here, not taken from the form: what the coordinator saw,
		// as of now, with the chosen volunteer's place in it.
		const { ranking } = await candidatesOf(tx, client, day);
		const chosen = ranking.find((r) => r.volunteerId === data.volunteerId);
		if (chosen && chosen.exclusions.length > 0) {
			throw invalid({ volunteerId: `pairing.excluded.${chosen.exclusions[0]}` });
		}
		const snapshot = rankingSnapshot(ranking, data.volunteerId, ctx.now());
		const [row] = await tx
			.insert(pairings)
			.values({
				clientId,
				volunteerId: data.volunteerId,
				startsOn: data.startsOn,
				status: stage,
				introducedOn: stage === 'proposed' ? null : data.startsOn,
				matchRanking: snapshot,
				// A reason is asked for a choice other than the top suggestion; kept either way.
				matchNote: data.matchNote ?? null,
				createdBy: ctx.actor!.userId
			})
			.returning({ id: pairings.id });
		if (client.status !== 'paired') {
			await tx
				.update(clients)
				.set({ status: 'paired', version: nextVersion(clients.version), updatedAt: ctx.now() })
				.where(eq(clients.id, clientId));
		}
		await recordAudit(tx, ctx, {
			action: 'pairing.create',
			entityType: 'pairing',
			entityId: row!.id,
			countyId: client.countyId,
			details: {
				clientId,
				volunteerId: data.volunteerId,
				status: stage,
				chosenRank: snapshot.chosenRank,
				note: data.matchNote ? true : false
			}
		});
		await enqueuePairingMail(tx, ctx, volunteer, stage);
		return row!.id;
	});
	await sendQueuedMail(ctx);
	return id;
}

/**
 * Tells the volunteer they have a new client — with no personal data of the client in the
 * body (the mail crosses other servers): only "log in to see". To the volunteer's account
 * address (in their language), or the address in their record when they have no account.
 */
async function enqueuePairingMail(
	tx: Tx,
	ctx: ServiceContext,
	volunteer: typeof volunteers.$inferSelect,
	stage: PairingStatus
) {
	const [account] = await tx
		.select({ email: users.email, locale: users.locale, name: users.name })
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.where(and(eq(roleGrants.volunteerId, volunteer.id), eq(users.status, 'active')));
	const to = account?.email ?? volunteer.email;
	if (!to) return;
	const locale: Locale = account?.locale ?? 'et';
	const kind = stage === 'proposed' ? 'proposed' : 'created';
	await ctx.mailer.enqueue(tx, {
		to,
		subject: translate(locale, `mail.pairing.${kind}.subject`),
		text: translate(locale, `mail.pairing.${kind}.body`, {
			name: volunteer.firstName,
			link: `${publicBaseUrl(ctx.config)}/`
		})
	});
}

// ---------------------------------------------------------------------------------------------
// The life cycle
// ---------------------------------------------------------------------------------------------

export interface PairingOptions {
	/** The client the page's address names (a pairing of another client is "not found"). */
	clientId?: string;
}

/**
 * One step of the life cycle in one transaction: re-reads the pairing under a row lock, checks
 * the step is allowed from its state now (a second click or another tab gets a conflict),
 * writes the change and the audit event.
 */
async function step(
	ctx: ServiceContext,
	pairingId: string,
	event: PairingEvent,
	action: Parameters<typeof authorize>[1],
	change: (
		tx: Tx,
		pairing: typeof pairings.$inferSelect
	) => Promise<Partial<typeof pairings.$inferInsert>>,
	/** The version the page was read at (services/core/versions.ts). */
	version: number,
	opts: PairingOptions = {}
) {
	const auditAction: AuditAction = `pairing.${event}`;
	const { client } = await requirePairing(ctx, pairingId, action, auditAction, opts.clientId);
	const audit = { action: auditAction, entityType: 'pairing', entityId: pairingId };
	await refuseStale(ctx, { ...audit, countyId: client.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			const [pairing] = await tx
				.select()
				.from(pairings)
				.where(eq(pairings.id, pairingId))
				.for('update');
			// The page the step was taken from showed an older state (services/core/versions.ts).
			if (pairing!.version !== version) throw new StaleVersionError();
			const to = nextStatus(pairing!.status, event);
			if (!to) {
				throw conflict(
					pairing!.status === 'ended' ? 'pairing.already_ended' : 'pairing.step_not_allowed'
				);
			}
			const patch = await change(tx, pairing!);
			changedRow(
				await tx
					.update(pairings)
					.set({
						...patch,
						status: to,
						version: nextVersion(pairings.version),
						updatedAt: ctx.now()
					})
					.where(and(eq(pairings.id, pairingId), eq(pairings.version, version)))
					.returning({ id: pairings.id })
			);
			await recordAudit(tx, ctx, {
				action: auditAction,
				entityType: 'pairing',
				entityId: pairingId,
				countyId: client.countyId,
				details: { clientId: pairing!.clientId, from: pairing!.status, to }
			});
		})
	);
}

const introduceSchema = z.object({ introducedOn: isoDay });

/**
 * The coordinator's first visit together took place (R-PAIR-2): the pairing starts that day —
 * the volunteer reaches the client and may write the diary from it. The good-will agreement
 * and the client's consent are uploaded as documents of the pairing (documents service).
 */
export async function introducePairing(
	ctx: ServiceContext,
	pairingId: string,
	input: unknown,
	opts: PairingOptions = {}
) {
	await requirePairing(ctx, pairingId, 'pairing:update', 'pairing.introduce', opts.clientId);
	const data = validate(introduceSchema, input);
	const e = introductionError(data.introducedOn, today(ctx));
	if (e) throw invalid({ introducedOn: e });
	await step(
		ctx,
		pairingId,
		'introduce',
		'pairing:update',
		async () => ({ introducedOn: data.introducedOn, startsOn: data.introducedOn }),
		formVersion(input),
		opts
	);
}

export async function activatePairing(
	ctx: ServiceContext,
	pairingId: string,
	input: unknown,
	opts: PairingOptions = {}
) {
	await step(
		ctx,
		pairingId,
		'activate',
		'pairing:update',
		async () => ({}),
		formVersion(input),
		opts
	);
}

const pauseSchema = z.object({
	pausedReason: z.string().trim().min(1, 'error.required').max(2000, 'error.too_long'),
	pausedUntil: z.preprocess(emptyToNull, isoDay.nullish())
});

/** A pause (illness, a trip): with a reason and an expected return; access stays. */
export async function pausePairing(
	ctx: ServiceContext,
	pairingId: string,
	input: unknown,
	opts: PairingOptions = {}
) {
	await requirePairing(ctx, pairingId, 'pairing:update', 'pairing.pause', opts.clientId);
	const data = validate(pauseSchema, input);
	const e = pauseError(data.pausedUntil ?? null, today(ctx));
	if (e) throw invalid({ pausedUntil: e });
	await step(
		ctx,
		pairingId,
		'pause',
		'pairing:update',
		async () => ({ pausedReason: data.pausedReason, pausedUntil: data.pausedUntil ?? null }),
		formVersion(input),
		opts
	);
}

export async function resumePairing(
	ctx: ServiceContext,
	pairingId: string,
	input: unknown,
	opts: PairingOptions = {}
) {
	await step(
		ctx,
		pairingId,
		'resume',
		'pairing:update',
		async () => ({ pausedReason: null, pausedUntil: null }),
		formVersion(input),
		opts
	);
}

const endSchema = z.object({
	endsOn: isoDay,
	reason: z.string().trim().min(1, 'error.required').max(2000, 'error.too_long'),
	/** The closing interview's main results (R-PAIR-7); may also be entered after the end. */
	closingInterview: optionalText(4000),
	/** The client's service ends with this, their last pairing (instead of waiting again). */
	endService: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()).optional()
});

/**
 * Ends a pairing (R-ROLE-6, R-PAIR-7): the volunteer no longer reaches the client — at once,
 * whatever the end date (the state decides; the date is the record of when it ended). The
 * volunteer's unsaved diary drafts for this client are deleted with the access. When no open
 * pairing is left, the client waits for a volunteer again (waiting since the end), or — when
 * the coordinator says so (`endService`) — the client's service ends too.
 */
export async function endPairing(
	ctx: ServiceContext,
	pairingId: string,
	input: unknown,
	opts: PairingOptions = {}
) {
	const { pairing: before } = await requirePairing(
		ctx,
		pairingId,
		'pairing:end',
		'pairing.end',
		opts.clientId
	);
	const data = validate(endSchema, input);
	const version = formVersion(input);
	if (before.status === 'ended') throw conflict('pairing.already_ended');
	const [latest] = await ctx.db
		.select({ day: max(diaryEntries.contactDate) })
		.from(diaryEntries)
		.where(and(eq(diaryEntries.pairingId, pairingId), isNull(diaryEntries.removedAt)));
	const e = endDateError(before, data.endsOn, latest?.day ?? null);
	if (e) throw invalid({ endsOn: e });
	const day = today(ctx);
	await step(
		ctx,
		pairingId,
		'end',
		'pairing:end',
		async (tx, pairing) => {
			const open = await tx
				.select({ id: pairings.id })
				.from(pairings)
				.where(
					and(eq(pairings.clientId, pairing.clientId), openStatus(), ne(pairings.id, pairingId))
				);
			if (open.length === 0) {
				const since = data.endsOn < day ? data.endsOn : day;
				const moved = { version: nextVersion(clients.version), updatedAt: ctx.now() };
				await tx
					.update(clients)
					.set(
						data.endService
							? { status: 'ended', endedOn: since, endReason: data.reason, ...moved }
							: { status: 'waiting', waitingSince: since, ...moved }
					)
					.where(and(eq(clients.id, pairing.clientId), eq(clients.status, 'paired')));
			}
			// Drafts of the volunteer's accounts about this client go with the access.
			const accounts = await tx
				.select({ userId: roleGrants.userId })
				.from(roleGrants)
				.where(eq(roleGrants.volunteerId, pairing.volunteerId));
			if (accounts.length > 0) {
				await tx.delete(diaryDrafts).where(
					and(
						eq(diaryDrafts.clientId, pairing.clientId),
						inArray(
							diaryDrafts.userId,
							accounts.map((a) => a.userId)
						)
					)
				);
			}
			return {
				endsOn: data.endsOn,
				endReason: data.reason,
				closingInterview: data.closingInterview ?? null,
				pausedReason: null,
				pausedUntil: null
			};
		},
		version,
		opts
	);
}

const closingSchema = z.object({
	closingInterview: z.string().trim().min(1, 'error.required').max(4000, 'error.too_long')
});

/** The closing interview's results, entered or corrected after the end (R-PAIR-7). */
export async function recordClosingInterview(
	ctx: ServiceContext,
	pairingId: string,
	input: unknown,
	opts: PairingOptions = {}
) {
	const { pairing, client } = await requirePairing(
		ctx,
		pairingId,
		'pairing:update',
		'pairing.closing_interview',
		opts.clientId
	);
	const data = validate(closingSchema, input);
	const version = formVersion(input);
	if (pairing.status !== 'ended') throw conflict('pairing.closing_interview_before_end');
	const audit = { action: 'pairing.closing_interview', entityType: 'pairing', entityId: pairingId };
	await refuseStale(ctx, { ...audit, countyId: client.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			changedRow(
				await tx
					.update(pairings)
					.set({
						closingInterview: data.closingInterview,
						version: nextVersion(pairings.version),
						updatedAt: ctx.now()
					})
					.where(and(eq(pairings.id, pairingId), eq(pairings.version, version)))
					.returning({ id: pairings.id })
			);
			await recordAudit(tx, ctx, {
				...audit,
				countyId: client.countyId,
				details: { clientId: pairing.clientId, fields: ['closingInterview'] }
			});
		})
	);
}

// ---------------------------------------------------------------------------------------------
// Reading pairings
// ---------------------------------------------------------------------------------------------

/**
 * One pairing's page: its state, dates, the steps the actor may take now, and — for those who
 * manage pairings and for experts — the reasons, the closing interview and the ranking it was
 * chosen from (with names only of volunteers the actor may see). A volunteer of the client sees
 * the state and dates only. Audited (`pairing.view`).
 */
export async function getPairing(
	ctx: ServiceContext,
	pairingId: string,
	opts: PairingOptions = {}
) {
	const { pairing, client, resource } = await requirePairing(
		ctx,
		pairingId,
		'pairing:read',
		'pairing.view',
		opts.clientId
	);
	const day = today(ctx);
	const manage = can(ctx.actor, 'pairing:update', resource, day);
	const full = manage || !!ctx.actor?.isExpert;
	const [volunteer] = await ctx.db
		.select({ id: volunteers.id, firstName: volunteers.firstName, lastName: volunteers.lastName })
		.from(volunteers)
		.where(eq(volunteers.id, pairing.volunteerId));
	let ranking: {
		volunteerId: string;
		score: number;
		reasons: string[];
		excluded: string[];
		name: string | null;
	}[] = [];
	if (full && pairing.matchRanking) {
		const ids = pairing.matchRanking.candidates.map((c) => c.volunteerId);
		const names = ids.length
			? await ctx.db
					.select({
						id: volunteers.id,
						firstName: volunteers.firstName,
						lastName: volunteers.lastName,
						countyId: volunteers.countyId
					})
					.from(volunteers)
					.where(inArray(volunteers.id, ids))
			: [];
		const visible = new Map(
			names
				.filter((n) =>
					can(
						ctx.actor,
						'volunteer:read',
						{ kind: 'volunteer', countyId: n.countyId, volunteerId: n.id },
						day
					)
				)
				.map((n) => [n.id, `${n.firstName} ${n.lastName}`])
		);
		ranking = pairing.matchRanking.candidates.map((c) => ({
			...c,
			name: visible.get(c.volunteerId) ?? null
		}));
	}
	const [latest] = await ctx.db
		.select({ day: max(diaryEntries.contactDate) })
		.from(diaryEntries)
		.where(and(eq(diaryEntries.pairingId, pairingId), isNull(diaryEntries.removedAt)));
	const consents = await ctx.db
		.select({ kind: documents.kind })
		.from(documents)
		.where(and(eq(documents.clientId, pairing.clientId), eq(documents.kind, 'consent')))
		.limit(1);
	await recordAudit(ctx.db, ctx, {
		action: 'pairing.view',
		entityType: 'pairing',
		entityId: pairingId,
		countyId: client.countyId,
		details: { clientId: pairing.clientId }
	});
	return {
		id: pairing.id,
		/** The version the page's forms are read at (services/core/versions.ts). */
		version: pairing.version,
		clientId: pairing.clientId,
		clientFirstName: client.firstName,
		clientLastName: client.lastName,
		volunteerId: pairing.volunteerId,
		volunteerFirstName: volunteer?.firstName ?? '',
		volunteerLastName: volunteer?.lastName ?? '',
		status: pairing.status,
		startsOn: pairing.startsOn,
		endsOn: pairing.endsOn,
		introducedOn: pairing.introducedOn,
		pausedUntil: pairing.pausedUntil,
		consentDueOn: consentDueOn(pairing),
		consentState: consentDue(pairing, client, consents, day),
		/** The end form's default: today, or the day after the latest entry (the end is exclusive). */
		suggestedEndsOn: latest?.day && latest.day >= day ? addDays(latest.day, 1) : day,
		createdAt: pairing.createdAt,
		pausedReason: full ? pairing.pausedReason : null,
		endReason: full ? pairing.endReason : null,
		closingInterview: full ? pairing.closingInterview : null,
		matchNote: full ? pairing.matchNote : null,
		chosenRank: full ? (pairing.matchRanking?.chosenRank ?? null) : null,
		rankedAt: full ? (pairing.matchRanking?.computedAt ?? null) : null,
		ranking,
		events: manage ? allowedEvents(pairing.status) : [],
		permissions: {
			update: manage,
			end: can(ctx.actor, 'pairing:end', resource, day) && pairing.status !== 'ended',
			uploadDocuments: can(ctx.actor, 'document:upload', resource, day)
		},
		today: day
	};
}

export type PairingView = Awaited<ReturnType<typeof getPairing>>;

/**
 * The pairings of one volunteer, for their record page: each with the client's name only when
 * the actor may read that client (a coordinator of the county, an expert, the volunteer
 * themself while the pairing is active). Pairings of clients the actor cannot see are left out.
 * Listing client names is a read of personal data, so it is audited (`client.list`).
 */
export async function volunteerPairings(ctx: ServiceContext, volunteerId: string) {
	const { row } = await requireVolunteer(ctx, volunteerId, 'volunteer:read', 'volunteer.view');
	const day = today(ctx);
	const rows = await ctx.db
		.select({
			id: pairings.id,
			status: pairings.status,
			startsOn: pairings.startsOn,
			endsOn: pairings.endsOn,
			clientId: clients.id,
			clientCountyId: clients.countyId,
			clientStatus: clients.status,
			clientFirstName: clients.firstName,
			clientLastName: clients.lastName
		})
		.from(pairings)
		.innerJoin(clients, eq(clients.id, pairings.clientId))
		.where(eq(pairings.volunteerId, volunteerId))
		.orderBy(desc(pairings.startsOn));
	const ownVolunteer = ctx.actor?.volunteerId === volunteerId;
	const visible = rows.filter((r) =>
		can(
			ctx.actor,
			'client:read',
			{
				kind: 'client',
				countyId: r.clientCountyId,
				anonymised: r.clientStatus === 'anonymised',
				// The actor's own pairings with this client: only when this is their own record.
				pairings: ownVolunteer
					? rows
							.filter((o) => o.clientId === r.clientId)
							.map((o) => ({ status: o.status, startsOn: o.startsOn, endsOn: o.endsOn }))
					: []
			},
			day
		)
	);
	if (visible.length > 0) {
		await recordAudit(ctx.db, ctx, {
			action: 'client.list',
			entityType: 'client',
			countyId: row.countyId,
			details: { count: visible.length, volunteerId }
		});
	}
	return visible.map(({ clientCountyId: _c, ...r }) => r);
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

/**
 * The client page's pairing list, newest first, with the steps open to those who manage
 * pairings. The caller (records.ts clientRecord) has checked `client:read` and audited the view.
 */
export async function clientPairings(ctx: ServiceContext, clientId: string, manage: boolean) {
	const rows = await ctx.db
		.select({
			id: pairings.id,
			status: pairings.status,
			startsOn: pairings.startsOn,
			endsOn: pairings.endsOn,
			introducedOn: pairings.introducedOn,
			pausedUntil: pairings.pausedUntil,
			volunteerId: volunteers.id,
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName
		})
		.from(pairings)
		.innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
		.where(eq(pairings.clientId, clientId))
		.orderBy(desc(pairings.startsOn), desc(pairings.createdAt));
	return rows.map((r) => ({
		...r,
		consentDueOn: consentDueOn(r),
		events: manage ? allowedEvents(r.status) : []
	}));
}
