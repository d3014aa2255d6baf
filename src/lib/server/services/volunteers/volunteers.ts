import { and, asc, eq, ilike, inArray, ne, or, sql, type SQL, count } from 'drizzle-orm';
import { z } from 'zod';
import { counties, municipalities, pairings, volunteers, roleGrants } from '../../db/schema';
import { VOLUNTEER_STATUSES, PAIRING_ACCESS_STATUSES } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import { can, canAnywhere } from '../../policy/policy';
import { countyScope, volunteerScope } from '../../policy/scope';
import { invalid } from '../../errors';
import { isIsoDay } from '../../domain/dates';
import { statusChangeEffects, statusChangeProblems } from '../../domain/volunteers';
import { recordAudit } from '../core/audit';
import { authorize, requireVolunteer } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { emptyToNull, validate, changedFields, personName, wholeNumber } from '../core/validation';
import { listMunicipalities, countiesIn } from '../core/reference';
import { containing } from '../../db/like';
import { changedRow, formVersion, nextVersion, refuseStale } from '../core/versions';
import { listPage, pageRows } from '../core/paging';

/** Volunteers (vabatahtlikud). Issue 3 adds the recruitment pipeline; this is the core. */

export interface VolunteerListFilter {
	q?: string;
	countyId?: string;
	status?: string;
	page?: number;
	pageSize?: number;
}

export async function listVolunteers(ctx: ServiceContext, filter: VolunteerListFilter = {}) {
	if (!canAnywhere(ctx.actor, 'volunteer:list')) {
		await authorize(ctx, 'volunteer:list', { kind: 'system' }, { action: 'volunteer.list' });
	}
	const where: SQL[] = [volunteerScope(ctx.actor, 'volunteer:list')];
	if (filter.countyId && z.string().uuid().safeParse(filter.countyId).success) {
		where.push(eq(volunteers.countyId, filter.countyId));
	}
	if (filter.status && (VOLUNTEER_STATUSES as readonly string[]).includes(filter.status)) {
		where.push(eq(volunteers.status, filter.status as (typeof VOLUNTEER_STATUSES)[number]));
	}
	if (filter.q?.trim()) {
		const q = containing(filter.q.trim());
		where.push(
			or(
				ilike(volunteers.firstName, q),
				ilike(volunteers.lastName, q),
				ilike(sql`${volunteers.firstName} || ' ' || ${volunteers.lastName}`, q)
			)!
		);
	}
	const paging = listPage(filter);
	const read = await ctx.db
		.select({
			id: volunteers.id,
			firstName: volunteers.firstName,
			lastName: volunteers.lastName,
			status: volunteers.status,
			maxClients: volunteers.maxClients,
			countyName: counties.name,
			municipalityName: municipalities.name
		})
		.from(volunteers)
		.innerJoin(counties, eq(counties.id, volunteers.countyId))
		.leftJoin(municipalities, eq(municipalities.id, volunteers.municipalityId))
		.where(and(...where))
		.orderBy(asc(volunteers.lastName), asc(volunteers.firstName), asc(volunteers.id))
		.limit(paging.limit)
		.offset(paging.offset);
	const { rows, hasMore } = pageRows(read, paging);
	await recordAudit(ctx.db, ctx, {
		action: 'volunteer.list',
		entityType: 'volunteer',
		details: { count: rows.length, page: paging.page }
	});
	return { rows, hasMore, page: paging.page };
}

export async function getVolunteer(ctx: ServiceContext, volunteerId: string) {
	const { row, resource } = await requireVolunteer(
		ctx,
		volunteerId,
		'volunteer:read',
		'volunteer.view'
	);
	const day = today(ctx);
	const identifiers = can(ctx.actor, 'volunteer:read_identifiers', resource, day);
	const [county] = await ctx.db.select().from(counties).where(eq(counties.id, row.countyId));
	const [municipality] = row.municipalityId
		? await ctx.db.select().from(municipalities).where(eq(municipalities.id, row.municipalityId))
		: [];
	const [{ active }] = (await ctx.db
		.select({ active: count() })
		.from(pairings)
		.where(
			and(
				eq(pairings.volunteerId, volunteerId),
				inArray(pairings.status, [...PAIRING_ACCESS_STATUSES])
			)
		)) as [{ active: number }];
	const [account] = await ctx.db
		.select({ id: roleGrants.userId })
		.from(roleGrants)
		.where(eq(roleGrants.volunteerId, volunteerId));
	await recordAudit(ctx.db, ctx, {
		action: 'volunteer.view',
		entityType: 'volunteer',
		entityId: volunteerId,
		countyId: row.countyId
	});
	return {
		id: row.id,
		/** The version the edit form is read at (services/core/versions.ts). */
		version: row.version,
		countyId: row.countyId,
		countyName: county?.name ?? '',
		municipalityId: row.municipalityId,
		municipalityName: municipality?.name ?? null,
		status: row.status,
		firstName: row.firstName,
		lastName: row.lastName,
		email: row.email,
		phone: row.phone,
		maxClients: row.maxClients,
		activeClients: Number(active),
		isikukood: identifiers ? row.isikukood : null,
		dateOfBirth: identifiers ? row.dateOfBirth : null,
		hasAccount: account !== undefined,
		permissions: {
			update: can(ctx.actor, 'volunteer:update', resource, day),
			/** The volunteer's consents by purpose (issue 24): not the volunteer themselves. */
			consents: can(ctx.actor, 'consent:read', resource, day),
			extract: can(ctx.actor, 'volunteer:extract', resource, day),
			// Only an active volunteer with no account yet is invited (the page says why not).
			invite:
				can(ctx.actor, 'volunteer:invite', resource, day) &&
				account === undefined &&
				row.status === 'active',
			identifiers
		}
	};
}

const optionalText = (max: number) =>
	z.preprocess(emptyToNull, z.string().trim().max(max, 'error.too_long').nullable()).optional();
const volunteerStatus = z.enum(VOLUNTEER_STATUSES, { message: 'error.choice' });
// Digits only: `1e1` or `0x5` are not a number of places (issue 17).
const maxClients = wholeNumber('error.choice').pipe(
	z.number().min(0, 'error.choice').max(20, 'error.choice')
);

/**
 * A volunteer's editable fields. Optional fields left out of the input are not given (null on
 * create, unchanged on update); an empty field clears it.
 */
export const volunteerInputSchema = z.object({
	countyId: z.string().uuid('error.choice'),
	municipalityId: z.preprocess(emptyToNull, z.string().uuid('error.choice').nullable()).optional(),
	// NFC, trimmed, no hidden characters (issue 17).
	firstName: personName(100).refine((v) => v.length > 0, 'error.required'),
	lastName: personName(100).refine((v) => v.length > 0, 'error.required'),
	email: z
		.preprocess(
			emptyToNull,
			z.string().trim().toLowerCase().email('error.email').max(254, 'error.too_long').nullable()
		)
		.optional(),
	phone: optionalText(40),
	dateOfBirth: z
		.preprocess(emptyToNull, z.string().refine(isIsoDay, 'error.date').nullable())
		.optional(),
	status: volunteerStatus.default('candidate'),
	maxClients: maxClients.default(1)
});

/** On update, a status or capacity left out stays as it is (no silent reset to the default). */
const volunteerUpdateSchema = volunteerInputSchema
	.omit({ countyId: true })
	.extend({ status: volunteerStatus.optional(), maxClients: maxClients.optional() });

async function checkMunicipality(
	tx: Tx,
	countyId: string,
	municipalityId: string | null | undefined
) {
	if (!municipalityId) return;
	const [m] = await tx
		.select({ id: municipalities.id })
		.from(municipalities)
		.where(and(eq(municipalities.id, municipalityId), eq(municipalities.countyId, countyId)));
	if (!m) throw invalid({ municipalityId: 'error.choice' });
}

export async function createVolunteer(ctx: ServiceContext, input: unknown): Promise<string> {
	const data = validate(volunteerInputSchema, input);
	await authorize(
		ctx,
		'volunteer:create',
		{ kind: 'county', countyId: data.countyId },
		{ action: 'volunteer.create', entityType: 'volunteer' }
	);
	return ctx.db.transaction(async (tx) => {
		await checkMunicipality(tx, data.countyId, data.municipalityId);
		const [row] = await tx
			.insert(volunteers)
			.values({ ...data, createdBy: ctx.actor!.userId })
			.returning({ id: volunteers.id });
		await recordAudit(tx, ctx, {
			action: 'volunteer.create',
			entityType: 'volunteer',
			entityId: row!.id,
			countyId: data.countyId
		});
		return row!.id;
	});
}

export async function updateVolunteer(ctx: ServiceContext, volunteerId: string, input: unknown) {
	const { row } = await requireVolunteer(ctx, volunteerId, 'volunteer:update', 'volunteer.update');
	const data = validate(volunteerUpdateSchema, input);
	const version = formVersion(input);
	const audit = { action: 'volunteer.update', entityType: 'volunteer', entityId: volunteerId };
	await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			await checkMunicipality(tx, row.countyId, data.municipalityId);
			if (data.status !== undefined && data.status !== row.status) {
				// The status path and its conditions (domain/volunteers.ts) hold here too; ending
				// needs a date and a reason, which changeVolunteerStatus (volunteer-profile.ts) takes.
				const [open] = await tx
					.select({ n: count() })
					.from(pairings)
					.where(and(eq(pairings.volunteerId, volunteerId), ne(pairings.status, 'ended')));
				const change = { to: data.status };
				const problems = statusChangeProblems(row, change, today(ctx), Number(open?.n ?? 0));
				if (Object.keys(problems).length > 0) {
					throw invalid({ status: problems.status ?? 'volunteer_status.error.use_status_form' });
				}
				Object.assign(data, statusChangeEffects(row, change, today(ctx)));
			}
			await writeVolunteer(tx, ctx, volunteerId, version, data);
			// Field names only, never the values (the audit log holds no personal data).
			const changed = changedFields(row, data);
			await recordAudit(tx, ctx, {
				action: 'volunteer.update',
				entityType: 'volunteer',
				entityId: volunteerId,
				countyId: row.countyId,
				details: { fields: changed }
			});
		})
	);
}

/**
 * What the volunteer list page offers the actor: counties to filter by, whether they may add
 * or download volunteers. Refused (404) to anyone who may not list volunteers (a volunteer).
 */
export async function volunteerListOptions(ctx: ServiceContext) {
	if (!canAnywhere(ctx.actor, 'volunteer:list')) {
		await authorize(ctx, 'volunteer:list', { kind: 'system' }, { action: 'volunteer.list' });
	}
	const actor = ctx.actor!;
	const createIn = countyScope(actor, 'volunteer:create');
	return {
		counties: await countiesIn(ctx, countyScope(actor, 'volunteer:list')),
		statuses: VOLUNTEER_STATUSES,
		canCreate: createIn === null || createIn.length > 0,
		canExport: canAnywhere(actor, 'volunteer:export')
	};
}

/**
 * The choices of the "new volunteer" form: the counties the actor may add volunteers in, each
 * with its municipalities. Refused (404) to anyone who may add volunteers nowhere.
 */
export async function volunteerFormOptions(ctx: ServiceContext) {
	const scope = countyScope(ctx.actor, 'volunteer:create');
	if (scope !== null && scope.length === 0) {
		await authorize(ctx, 'volunteer:create', { kind: 'system' }, { action: 'volunteer.create' });
	}
	const counties = await countiesIn(ctx, scope);
	const municipalities = await listMunicipalities(ctx);
	return {
		/** For the date inputs' `max` (no birthday in the future). */
		today: today(ctx),
		counties: counties.map((c) => ({
			...c,
			municipalities: municipalities
				.filter((m) => m.countyId === c.id)
				.map((m) => ({ id: m.id, name: m.name }))
		})),
		statuses: VOLUNTEER_STATUSES
	};
}

/**
 * Writes a change of a volunteer record made from the form read at `version`: one conditional
 * update that also moves the version on; none matched (someone saved since) throws
 * StaleVersionError, which `refuseStale` turns into the conflict (services/core/versions.ts).
 */
export async function writeVolunteer(
	tx: Tx,
	ctx: ServiceContext,
	volunteerId: string,
	version: number,
	values: Partial<typeof volunteers.$inferInsert>
) {
	changedRow(
		await tx
			.update(volunteers)
			.set({ ...values, version: nextVersion(volunteers.version), updatedAt: ctx.now() })
			.where(and(eq(volunteers.id, volunteerId), eq(volunteers.version, version)))
			.returning({ id: volunteers.id })
	);
}
