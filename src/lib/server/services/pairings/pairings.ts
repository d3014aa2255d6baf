import { and, asc, desc, eq, inArray, isNull, max } from 'drizzle-orm';
import { clients, diaryEntries, documents, pairings, volunteers } from '../../db/schema';
import { addDays } from '../../domain/dates';
import { allowedEvents, consentDue, consentDueOn } from '../../domain/pairing';
import { goodwillDueOn, goodwillState } from '../../domain/paper';
import { tallinnDay } from '../../domain/dates';
import { can } from '../../policy/policy';
import { recordAudit } from '../core/audit';
import { requirePairing, requireVolunteer } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import type { PairingOptions } from './pairing-lifecycle';

/**
 * Reading pairings: one pairing's page, the pairings of a volunteer's record and of a client's
 * page. Matching is matching.ts, the changes pairing-lifecycle.ts.
 */

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
	// The good-will agreement (R-PAIR-2, issue 22): a document of its kind on this pairing.
	const [goodwill] = await ctx.db
		.select({ uploadedAt: documents.uploadedAt })
		.from(documents)
		.where(and(eq(documents.pairingId, pairingId), eq(documents.kind, 'goodwill_agreement')))
		.orderBy(asc(documents.uploadedAt))
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
		goodwill: {
			state: goodwillState(pairing, !!goodwill, day),
			dueOn: goodwillDueOn(pairing),
			/** The day the signed agreement was uploaded (Tallinn). */
			uploadedOn: goodwill ? tallinnDay(goodwill.uploadedAt) : null
		},
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

/**
 * The client page's pairing list, newest first, with the steps open to those who manage
 * pairings. The caller (clients/record-pages.ts clientRecord) has checked `client:read` and audited the view.
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
