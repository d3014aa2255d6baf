import { and, asc, count, eq, sql } from 'drizzle-orm';
import { clients, municipalities, pairings } from '../../db/schema';
import { activePairingOfVolunteer } from '../../policy/scope';
import { recordAudit } from '../core/audit';
import { today, type ServiceContext } from '../core/context';

/**
 * The volunteer's home page (R-ROLE-3, R-PAIR-3): the clients they reach today — exactly those
 * the policy gives them (scope.ts `activePairingOfVolunteer`, the rule `can` uses) — each with
 * the last contact in the client's diary (by anyone), and how many new clients are proposed but
 * not yet introduced (no client data for those: the volunteer does not reach them yet).
 * One query for the list (the last contact is a correlated max over diary_entry_client_date_idx),
 * one count. Listing the names is a read of personal data: audited as `client.list`.
 * Null for an actor without a volunteer record.
 */
export async function volunteerHome(ctx: ServiceContext) {
	const volunteerId = ctx.actor?.volunteerId;
	if (!volunteerId) return null;
	const day = today(ctx);
	const rows = await ctx.db
		.select({
			pairingId: pairings.id,
			status: pairings.status,
			startsOn: pairings.startsOn,
			clientId: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			municipalityName: municipalities.name,
			lastContactOn: sql<string | null>`(select max(d.contact_date)::text from diary_entry d
				where d.client_id = ${clients.id} and d.removed_at is null)`
		})
		.from(pairings)
		.innerJoin(clients, eq(clients.id, pairings.clientId))
		.leftJoin(municipalities, eq(municipalities.id, clients.municipalityId))
		.where(activePairingOfVolunteer(volunteerId, day))
		.orderBy(asc(clients.lastName), asc(clients.firstName), asc(pairings.id));
	const [proposed] = await ctx.db
		.select({ n: count() })
		.from(pairings)
		.where(and(eq(pairings.volunteerId, volunteerId), eq(pairings.status, 'proposed')));
	// One volunteer may have two pairings with the same client (rare): list the client once.
	const seen = new Set<string>();
	const clientsShown = rows.filter((r) => !seen.has(r.clientId) && seen.add(r.clientId));
	if (clientsShown.length > 0) {
		await recordAudit(ctx.db, ctx, {
			action: 'client.list',
			entityType: 'client',
			details: { count: clientsShown.length, volunteerId, view: 'home' }
		});
	}
	return { clients: clientsShown, proposed: proposed?.n ?? 0, today: day };
}

export type VolunteerHome = NonNullable<Awaited<ReturnType<typeof volunteerHome>>>;
