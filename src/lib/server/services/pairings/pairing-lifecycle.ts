import { and, eq, inArray, isNull, max, ne } from 'drizzle-orm';
import { z } from 'zod';
import {
	clients,
	diaryDrafts,
	diaryEntries,
	pairings,
	roleGrants,
	users,
	volunteers
} from '../../db/schema';
import { type PairingStatus } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import { conflict, invalid } from '../../errors';
import { isIsoDay } from '../../domain/dates';
import { rankingSnapshot } from '../../domain/matching';
import {
	endDateError,
	introductionError,
	nextStatus,
	pauseError,
	type PairingEvent
} from '../../domain/pairing';
import { type Locale } from '$lib/i18n';
import { recordAudit, type AuditAction } from '../core/audit';
import { authorize, requireClient, requirePairing } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { emptyToNull, validate } from '../core/validation';
import { publicBaseUrl } from '../auth/links';
import { sendQueuedMail } from '../auth/emails';
import {
	StaleVersionError,
	changedRow,
	formVersion,
	nextVersion,
	refuseStale
} from '../core/versions';
import { translate } from '$lib/server/i18n';
import { candidatesOf, openStatus } from './matching';

/**
 * The pairing's life cycle (sidumine, R-PAIR-1, R-PAIR-2, R-PAIR-7, R-ROLE-6): the coordinator
 * links a client with a volunteer of the same county, chosen from a ranked list of suggestions
 * (matching.ts); the pairing then lives through proposed → introduced → active ⇄ paused → ended
 * (domain/pairing.ts). Access follows the state (policy.ts `pairingGivesAccess`). Every change
 * is audited in its own transaction; audit details carry ids and codes only.
 *
 * The client's status follows the pairings: `paired` while any pairing is open, back to
 * `waiting` (waiting since the end) when the last open one ends — unless the coordinator has
 * ended the client's service or the client is anonymised, which pairings never undo.
 */

const isoDay = z.string().refine(isIsoDay, 'error.date');
const optionalText = (max: number) =>
	z.preprocess(emptyToNull, z.string().trim().max(max, 'error.too_long').nullish());

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
