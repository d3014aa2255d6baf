import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { clients, pairings, volunteers, PAIRING_ACCESS_STATUSES } from '../db/schema';
import { invalid, conflict } from '../errors';
import { isIsoDay } from '../domain/dates';
import { authorize, deniedNotFound, recordAudit } from './audit';
import { clientResource, requireClient } from './clients';
import { today, type ServiceContext } from './context';
import { requireVolunteer } from './volunteers';
import { can } from '../policy/policy';
import { validate } from './validation';

/**
 * Pairings (sidumine, R-PAIR-1, R-ROLE-6): the coordinator links a client with a volunteer of
 * the same county; the volunteer reaches the client from the start date until the pairing ends.
 * Issue 4 adds the full life cycle (proposed → introduced → active → paused → ended).
 */
const createSchema = z.object({
	volunteerId: z.string().uuid('error.choice'),
	startsOn: z.string().refine(isIsoDay, 'error.date')
});

export async function createPairing(ctx: ServiceContext, clientId: string, input: unknown) {
	const { row: client } = await requireClient(ctx, clientId, 'pairing:create', 'pairing.create');
	const data = validate(createSchema, input);
	return ctx.db.transaction(async (tx) => {
		const [volunteer] = await tx
			.select()
			.from(volunteers)
			.where(eq(volunteers.id, data.volunteerId));
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
					inArray(pairings.status, ['proposed', ...PAIRING_ACCESS_STATUSES])
				)
			);
		if (existing) throw conflict('pairing.already_paired');
		const [row] = await tx
			.insert(pairings)
			.values({
				clientId,
				volunteerId: data.volunteerId,
				startsOn: data.startsOn,
				status: 'active',
				createdBy: ctx.actor!.userId
			})
			.returning({ id: pairings.id });
		await tx
			.update(clients)
			.set({ status: 'paired', updatedAt: ctx.now() })
			.where(eq(clients.id, clientId));
		await recordAudit(tx, ctx, {
			action: 'pairing.create',
			entityType: 'pairing',
			entityId: row!.id,
			countyId: client.countyId,
			details: { clientId, volunteerId: data.volunteerId }
		});
		return row!.id;
	});
}

const endSchema = z.object({
	endsOn: z.string().refine(isIsoDay, 'error.date'),
	reason: z.string().trim().min(1, 'error.required').max(2000, 'error.too_long')
});

/** Ends a pairing: from `endsOn` on, the volunteer no longer reaches the client (R-ROLE-6). */
export async function endPairing(ctx: ServiceContext, pairingId: string, input: unknown) {
	const [pairing] = z.string().uuid().safeParse(pairingId).success
		? await ctx.db.select().from(pairings).where(eq(pairings.id, pairingId))
		: [];
	if (!pairing) {
		return deniedNotFound(ctx, {
			action: 'pairing.end',
			entityType: 'pairing',
			entityId: pairingId
		});
	}
	const found = await clientResource(ctx.db, ctx, pairing.clientId);
	await authorize(ctx, 'pairing:end', found!.resource, {
		action: 'pairing.end',
		entityType: 'pairing',
		entityId: pairingId,
		// So a refused attempt shows in the client's access log too (clientAccessLog).
		details: { clientId: pairing.clientId }
	});
	const data = validate(endSchema, input);
	if (pairing.status === 'ended') throw conflict('pairing.already_ended');
	if (data.endsOn < pairing.startsOn) throw invalid({ endsOn: 'pairing.end_before_start' });
	await ctx.db.transaction(async (tx) => {
		await tx
			.update(pairings)
			.set({ status: 'ended', endsOn: data.endsOn, endReason: data.reason, updatedAt: ctx.now() })
			.where(eq(pairings.id, pairingId));
		const open = await tx
			.select({ id: pairings.id })
			.from(pairings)
			.where(
				and(
					eq(pairings.clientId, pairing.clientId),
					inArray(pairings.status, ['proposed', ...PAIRING_ACCESS_STATUSES])
				)
			);
		if (open.length === 0) {
			await tx
				.update(clients)
				.set({ status: 'waiting', updatedAt: ctx.now() })
				.where(eq(clients.id, pairing.clientId));
		}
		await recordAudit(tx, ctx, {
			action: 'pairing.end',
			entityType: 'pairing',
			entityId: pairingId,
			countyId: found!.row.countyId,
			details: { clientId: pairing.clientId }
		});
	});
}

/**
 * Active volunteers of the client's county that the coordinator may pick, without those
 * already in an open pairing with this client, each with how many clients they have now and
 * how many they said they can take (so a full volunteer is visible, not hidden).
 */
export async function pairingCandidates(ctx: ServiceContext, clientId: string) {
	const { row } = await requireClient(ctx, clientId, 'pairing:create', 'pairing.create');
	const candidates = await ctx.db
		.select({
			id: volunteers.id,
			firstName: volunteers.firstName,
			lastName: volunteers.lastName,
			maxClients: volunteers.maxClients
		})
		.from(volunteers)
		.where(and(eq(volunteers.countyId, row.countyId), eq(volunteers.status, 'active')))
		.orderBy(volunteers.lastName, volunteers.firstName);
	if (candidates.length === 0) return [];
	const open = await ctx.db
		.select({ volunteerId: pairings.volunteerId, clientId: pairings.clientId })
		.from(pairings)
		.where(
			and(
				inArray(
					pairings.volunteerId,
					candidates.map((c) => c.id)
				),
				inArray(pairings.status, ['proposed', ...PAIRING_ACCESS_STATUSES])
			)
		);
	return candidates
		.filter((c) => !open.some((p) => p.volunteerId === c.id && p.clientId === clientId))
		.map((c) => ({
			...c,
			activeClients: open.filter((p) => p.volunteerId === c.id).length
		}));
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
