import { and, asc, count, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import {
	clients,
	counties,
	documents,
	municipalities,
	pairings,
	socialPartners,
	volunteers
} from '../../db/schema';
import type { Tx } from '../../db/client';
import { can } from '../../policy/policy';
import { countyScope } from '../../policy/scope';
import { AppError, conflict, invalid } from '../../errors';
import { isIsoDay } from '../../domain/dates';
import { planStatusChange, type StatusFields } from '../../domain/client-status';
import { ageGroup, consentMissing, daysBetween, isPersonal } from '../../domain/mapping';
import { recordAudit } from '../core/audit';
import { authorize, requireClient } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { emptyToNull, validate } from '../core/validation';
import { listMunicipalities, countiesIn } from '../core/reference';
import { changedRow, formVersion, nextVersion, refuseStale } from '../core/versions';
import {
	DuplicateClientError,
	changedClientFields,
	clientFields,
	findDuplicates,
	identityChanged,
	settleClientFields,
	type ClientFieldValues
} from './client-fields';
import { checkReferralPartner, referralChoices } from '../partners/partners';

/**
 * Clients (abivajajad). Every read and write checks the policy and writes the audit log.
 * Issue 3: the mapping entry (general first, personal later — R-MAP-2, R-MAP-4), the
 * isikukood and duplicates (client-fields.ts), referral by a social partner (partners.ts),
 * consent, and the status life cycle (domain/client-status.ts). The list: client-list.ts.
 */

/**
 * One client as the actor may see them (R-ROLE-3, minimisation):
 * - everyone who may read the client: the general entry, name, contacts, address, languages,
 *   living situation and the expectations of a volunteer — what a volunteer needs to help;
 *   the age group instead of the date of birth;
 * - `client:read_identifiers` (the county's coordinators, the administrator): the isikukood,
 *   date of birth, the coordinator's notes and why the service ended;
 * - the roles that work with the county's records (administrator, experts, coordinators), not
 *   a volunteer: who referred the client, and the consent.
 */
export async function getClient(ctx: ServiceContext, clientId: string) {
	const { row, resource } = await requireClient(ctx, clientId, 'client:read', 'client.view');
	const day = today(ctx);
	const identifiers = can(ctx.actor, 'client:read_identifiers', resource, day);
	const staff = can(ctx.actor, 'client:export', { kind: 'county', countyId: row.countyId }, day);
	const [county] = await ctx.db.select().from(counties).where(eq(counties.id, row.countyId));
	const [municipality] = row.municipalityId
		? await ctx.db.select().from(municipalities).where(eq(municipalities.id, row.municipalityId))
		: [];
	const [partner] =
		staff && row.referralPartnerId
			? await ctx.db
					.select({
						id: socialPartners.id,
						name: socialPartners.name,
						kind: socialPartners.kind
					})
					.from(socialPartners)
					.where(eq(socialPartners.id, row.referralPartnerId))
			: [];
	const [consentDocs] = staff
		? await ctx.db
				.select({ n: count() })
				.from(documents)
				.where(and(eq(documents.clientId, clientId), eq(documents.kind, 'consent')))
		: [];
	const clientPairings = await ctx.db
		.select({
			id: pairings.id,
			status: pairings.status,
			startsOn: pairings.startsOn,
			endsOn: pairings.endsOn,
			endReason: pairings.endReason,
			volunteerId: volunteers.id,
			volunteerFirstName: volunteers.firstName,
			volunteerLastName: volunteers.lastName
		})
		.from(pairings)
		.innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
		.where(eq(pairings.clientId, clientId))
		.orderBy(asc(pairings.startsOn));
	await recordAudit(ctx.db, ctx, {
		action: 'client.view',
		entityType: 'client',
		entityId: clientId,
		countyId: row.countyId
	});
	const personal = isPersonal(row);
	const hasConsentDocument = (consentDocs?.n ?? 0) > 0;
	return {
		id: row.id,
		countyId: row.countyId,
		countyName: county?.name ?? '',
		municipalityId: row.municipalityId,
		municipalityName: municipality?.name ?? null,
		status: row.status,
		personal,
		// General entry (R-MAP-2)
		settlement: row.settlement,
		livingSituation: row.livingSituation,
		situation: row.situation,
		mappedOn: row.mappedOn,
		waitingSince: row.status === 'waiting' ? row.waitingSince : null,
		waitingDays: row.status === 'waiting' ? daysBetween(row.waitingSince, day) : null,
		endedOn: row.endedOn,
		// Personal data (R-MAP-4)
		firstName: row.firstName,
		lastName: row.lastName,
		gender: row.gender,
		ageGroup: ageGroup(row.dateOfBirth, day),
		languages: row.languages,
		languageOther: row.languageOther,
		phone: row.phone,
		street: row.street,
		contactPersonName: row.contactPersonName,
		contactPersonPhone: row.contactPersonPhone,
		contactPersonRelation: row.contactPersonRelation,
		// Expectations of a volunteer (R-MAP-4)
		helpProfilesWanted: row.helpProfilesWanted,
		tasks: row.tasks,
		helpAmount: row.helpAmount,
		helpUnit: row.helpUnit,
		helpPeriod: row.helpPeriod,
		preferredVolunteerGender: row.preferredVolunteerGender,
		preferredLanguage: row.preferredLanguage,
		hasPets: row.hasPets,
		smokesAtHome: row.smokesAtHome,
		// Only with the identifiers permission
		notes: identifiers ? row.notes : null,
		isikukood: identifiers ? row.isikukood : null,
		dateOfBirth: identifiers ? row.dateOfBirth : null,
		endReason: identifiers ? row.endReason : null,
		// Only for the roles that work with the county's records
		referral: staff
			? {
					partner: partner ?? null,
					person: row.referralPerson,
					referredOn: row.referredOn
				}
			: null,
		consent: staff
			? {
					givenOn: row.consentGivenOn,
					hasDocument: hasConsentDocument,
					missing: consentMissing({
						personal,
						status: row.status,
						consentGivenOn: row.consentGivenOn,
						hasConsentDocument
					})
				}
			: null,
		createdAt: row.createdAt,
		pairings: clientPairings,
		permissions: {
			update: can(ctx.actor, 'client:update', resource, day),
			pair: can(ctx.actor, 'pairing:create', resource, day),
			endPairing: can(ctx.actor, 'pairing:end', resource, day),
			readDiary: can(ctx.actor, 'diary:read', resource, day),
			addDiary: can(ctx.actor, 'diary:create', resource, day),
			readAccessLog: can(ctx.actor, 'client:read_access_log', resource, day),
			identifiers
		}
	};
}

export type ClientView = Awaited<ReturnType<typeof getClient>>;

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

/**
 * A client's mapping entry (client-fields.ts). Everything but the county is
 * optional: mapping may start in general form (R-MAP-2). A new entry starts "mapped", or
 * "waiting" for a volunteer straight away.
 */
const clientInputSchema = z.object({
	countyId: z.string().uuid('error.choice'),
	...clientFields,
	status: z.preprocess(
		emptyToNull,
		z.enum(['mapped', 'waiting'], { message: 'error.choice' }).nullish()
	)
});

/**
 * Warns about possible duplicates (unless confirmed): the warning itself is audited with the
 * ids of the records it named, so an auditor sees who was shown which record.
 */
async function warnAboutDuplicates(
	ctx: ServiceContext,
	countyId: string,
	selfId: string | null,
	values: ClientFieldValues,
	row: typeof clients.$inferSelect | null,
	confirmed: boolean
): Promise<string[]> {
	const pick = <K extends 'isikukood' | 'firstName' | 'lastName' | 'dateOfBirth'>(k: K) =>
		values[k] !== undefined ? (values[k] ?? null) : (row?.[k] ?? null);
	const duplicates = await findDuplicates(ctx.db, ctx, {
		selfId: selfId ?? undefined,
		isikukood: pick('isikukood'),
		firstName: pick('firstName'),
		lastName: pick('lastName'),
		dateOfBirth: pick('dateOfBirth')
	});
	if (duplicates.length > 0 && !confirmed) {
		await recordAudit(ctx.db, ctx, {
			action: 'client.duplicate_warning',
			entityType: 'client',
			entityId: selfId,
			countyId,
			details: { duplicateIds: duplicates.map((d) => d.id) }
		});
		throw new DuplicateClientError(duplicates);
	}
	return duplicates.map((d) => d.id);
}

export async function createClient(ctx: ServiceContext, input: unknown): Promise<string> {
	const { countyId, status, duplicateConfirmed, ...data } = validate(clientInputSchema, input);
	await authorize(
		ctx,
		'client:create',
		{ kind: 'county', countyId },
		{ action: 'client.create', entityType: 'client' }
	);
	const day = today(ctx);
	const { values, prefilled } = settleClientFields(data, null, day);
	await checkMunicipality(ctx.db, countyId, values.municipalityId);
	await checkReferralPartner(ctx.db, countyId, values.referralPartnerId);
	const duplicateOf = await warnAboutDuplicates(
		ctx,
		countyId,
		null,
		values,
		null,
		duplicateConfirmed === true
	);
	const waiting = status === 'waiting';
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(clients)
			.values({
				...values,
				countyId,
				status: waiting ? 'waiting' : 'mapped',
				waitingSince: waiting ? day : null,
				createdBy: ctx.actor!.userId
			})
			.returning({ id: clients.id });
		const fields = changedClientFields(null, values);
		if (waiting) fields.push('status');
		// Field names and ids only, never the values (the audit log holds no personal data).
		await recordAudit(tx, ctx, {
			action: 'client.create',
			entityType: 'client',
			entityId: row!.id,
			countyId,
			details: {
				fields,
				...(prefilled.length > 0 ? { prefilled } : {}),
				...(duplicateOf.length > 0 ? { duplicateConfirmed: true, duplicateOf } : {})
			}
		});
		return row!.id;
	});
}

/**
 * Statuses a coordinator may set by hand (domain/client-status.ts). `paired` follows the
 * pairings and `anonymised` the erasure process (R-PAIR-5), never the edit form.
 */
const CLIENT_MANUAL_STATUSES = ['mapped', 'waiting', 'ended'] as const;

const clientUpdateSchema = z.object({
	...clientFields,
	/** Optional: left out, the status stays as it is. */
	status: z.preprocess(
		emptyToNull,
		z.enum(CLIENT_MANUAL_STATUSES, { message: 'error.choice' }).nullish()
	),
	/** Required (with the reason) when the status becomes "ended". */
	endedOn: z
		.preprocess(emptyToNull, z.string().refine(isIsoDay, 'error.date').nullable())
		.optional(),
	endReason: z
		.preprocess(emptyToNull, z.string().trim().max(2000, 'error.too_long').nullable())
		.optional()
});

/**
 * Changes a client's mapping entry: makes a general entry personal (R-MAP-4), checks the
 * isikukood and duplicates like createClient, and moves the status by the rules of
 * domain/client-status.ts (waiting sets `waitingSince`; ending needs a date and a reason).
 * The county never changes here. Audits the names of the changed fields.
 */
export async function updateClient(ctx: ServiceContext, clientId: string, input: unknown) {
	const { row } = await requireClient(ctx, clientId, 'client:update', 'client.update');
	const { status, endedOn, endReason, duplicateConfirmed, ...data } = validate(
		clientUpdateSchema,
		input
	);
	const version = formVersion(input);
	if (row.status === 'anonymised') throw conflict('client.anonymised');
	const day = today(ctx);
	let statusErrors: Record<string, string> = {};
	let plan: StatusFields | null = null;
	if (status || endedOn !== undefined || endReason !== undefined) {
		const current: StatusFields = {
			status: row.status,
			waitingSince: row.waitingSince,
			endedOn: row.endedOn,
			endReason: row.endReason
		};
		const planned = planStatusChange(current, status ?? row.status, 'coordinator', day, {
			endedOn,
			endReason
		});
		if (!planned.ok) statusErrors = planned.errors as Record<string, string>;
		else if (planned.changed) plan = planned.fields;
	}
	let settled: ReturnType<typeof settleClientFields>;
	try {
		settled = settleClientFields(data, row, day);
	} catch (e) {
		if (e instanceof AppError) throw invalid({ ...e.fields, ...statusErrors });
		throw e;
	}
	if (Object.keys(statusErrors).length > 0) throw invalid(statusErrors);
	const { values, prefilled } = settled;
	await checkMunicipality(ctx.db, row.countyId, values.municipalityId);
	await checkReferralPartner(ctx.db, row.countyId, values.referralPartnerId, row.referralPartnerId);
	const duplicateOf = identityChanged(row, values)
		? await warnAboutDuplicates(
				ctx,
				row.countyId,
				clientId,
				values,
				row,
				duplicateConfirmed === true
			)
		: [];
	const audit = { action: 'client.update', entityType: 'client', entityId: clientId };
	await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			changedRow(
				await tx
					.update(clients)
					.set({
						...values,
						...(plan ?? {}),
						version: nextVersion(clients.version),
						updatedAt: ctx.now()
					})
					.where(
						and(
							eq(clients.id, clientId),
							eq(clients.version, version),
							ne(clients.status, 'anonymised')
						)
					)
					.returning({ id: clients.id })
			);
			// Field names only, never the values (the audit log holds no personal data).
			const fields = changedClientFields(row, values);
			if (plan) {
				for (const k of ['status', 'endedOn', 'endReason'] as const) {
					if (plan[k] !== row[k]) fields.push(k);
				}
			}
			await recordAudit(tx, ctx, {
				action: 'client.update',
				entityType: 'client',
				entityId: clientId,
				countyId: row.countyId,
				details: {
					fields,
					...(prefilled.length > 0 ? { prefilled } : {}),
					...(duplicateOf.length > 0 ? { duplicateConfirmed: true, duplicateOf } : {})
				}
			});
		})
	);
}

/**
 * The choices of the "new client" form: the counties the actor may create clients in, each
 * with its municipalities (for `<optgroup>`). Refused (404) to anyone who may create nowhere.
 */
export async function clientFormOptions(ctx: ServiceContext) {
	const scope = countyScope(ctx.actor, 'client:create');
	if (scope !== null && scope.length === 0) {
		await authorize(ctx, 'client:create', { kind: 'system' }, { action: 'client.create' });
	}
	const counties = await countiesIn(ctx, scope);
	const municipalities = await listMunicipalities(ctx);
	const partners = await referralChoices(
		ctx.db,
		counties.map((c) => c.id)
	);
	return {
		/** For the date inputs' `max` (no birthday in the future). */
		today: today(ctx),
		counties: counties.map((c) => ({
			...c,
			municipalities: municipalities
				.filter((m) => m.countyId === c.id)
				.map((m) => ({ id: m.id, name: m.name })),
			/** Social partners who may have referred the client (R-MAP-1, R-PART-2). */
			partners: partners
				.filter((p) => p.countyId === c.id)
				.map((p) => ({ id: p.id, name: p.name, kind: p.kind }))
		}))
	};
}
