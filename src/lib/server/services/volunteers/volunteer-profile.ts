import { and, asc, eq, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { counties, municipalities, pairings, users, volunteers } from '../../db/schema';
import {
	EDUCATION_LEVELS,
	EMPLOYMENT_STATUSES,
	GENDERS,
	HELP_PROFILES,
	LANGUAGES
} from '../../domain/vocabulary';
import { VOLUNTEER_STATUSES } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import type { Actor } from '../../policy/actor';
import { can } from '../../policy/policy';
import { countyScope, volunteerScope } from '../../policy/scope';
import { invalid } from '../../errors';
import { isIsoDay } from '../../domain/dates';
import { validateIsikukood } from '../../domain/isikukood';
import {
	activationMissing,
	contractOriginalState,
	statusChangeEffects,
	statusChangeProblems,
	volunteerTransitions
} from '../../domain/volunteers';
import { recordAudit } from '../core/audit';
import { today, type ServiceContext } from '../core/context';
import { emptyToNull, validate, changedFields } from '../core/validation';
import { requireVolunteer } from '../core/access';
import { listMunicipalities } from '../core/reference';
import { StaleVersionError, formVersion, latestChange, refuseStale } from '../core/versions';
import { writeVolunteer } from './volunteers';
import { recordBaseTrainingAttendance } from '../programme/base-training';
import { applicationOfVolunteer } from './recruitment';

/**
 * A selected volunteer's details and vetting (R-VOL-4, 5, 7, 8): the profile the coordinator
 * fills in after selection (isikukood or date of birth, languages, expectations, employment,
 * help profiles, capacity, availability, car, exclusions), the criminal-record check, the
 * contract and its paper original, the base training, and the status path
 * candidate → active → paused → ended (rules in domain/volunteers.ts).
 */

type VolunteerRow = typeof volunteers.$inferSelect;

// --- Duplicates -----------------------------------------------------------------------------

export interface DuplicateVolunteer {
	id: string;
	name: string;
	countyName: string;
	reason: 'isikukood' | 'name_and_birth';
}

/**
 * Other volunteers who may be the same person: the same isikukood, or the same first and last
 * name (case-insensitive) and date of birth. A coordinator is warned about those in the
 * record's county; the administrator about those anywhere.
 */
export async function findVolunteerDuplicates(
	tx: Tx,
	actor: Actor,
	v: {
		id: string | null;
		countyId: string;
		isikukood: string | null;
		firstName: string;
		lastName: string;
		dateOfBirth: string | null;
	}
): Promise<DuplicateVolunteer[]> {
	const match: SQL[] = [];
	if (v.isikukood) match.push(eq(volunteers.isikukood, v.isikukood));
	if (v.dateOfBirth) {
		match.push(
			and(
				sql`lower(${volunteers.firstName}) = lower(${v.firstName.trim()})`,
				sql`lower(${volunteers.lastName}) = lower(${v.lastName.trim()})`,
				eq(volunteers.dateOfBirth, v.dateOfBirth)
			)!
		);
	}
	if (match.length === 0) return [];
	const where: SQL[] = [or(...match)!];
	if (v.id) where.push(ne(volunteers.id, v.id));
	if (!actor.isAdmin) where.push(eq(volunteers.countyId, v.countyId));
	const rows = await tx
		.select({
			id: volunteers.id,
			firstName: volunteers.firstName,
			lastName: volunteers.lastName,
			isikukood: volunteers.isikukood,
			countyName: counties.name
		})
		.from(volunteers)
		.innerJoin(counties, eq(counties.id, volunteers.countyId))
		.where(and(...where))
		.orderBy(asc(volunteers.lastName), asc(volunteers.firstName))
		.limit(20);
	return rows.map((r) => ({
		id: r.id,
		name: `${r.firstName} ${r.lastName}`,
		countyName: r.countyName,
		reason: v.isikukood && r.isikukood === v.isikukood ? 'isikukood' : 'name_and_birth'
	}));
}

// --- Reading -------------------------------------------------------------------------------

async function openPairingCount(tx: Tx, volunteerId: string): Promise<number> {
	const [row] = await tx
		.select({ n: sql<number>`count(*)::int` })
		.from(pairings)
		.where(and(eq(pairings.volunteerId, volunteerId), ne(pairings.status, 'ended')));
	return Number(row?.n ?? 0);
}

async function userName(tx: Tx, id: string | null): Promise<string | null> {
	if (!id) return null;
	const [u] = await tx.select({ name: users.name }).from(users).where(eq(users.id, id));
	return u?.name ?? null;
}

/** Vetting state of a row on `day`: what activation still needs and the contract original. */
function vettingOf(row: VolunteerRow, day: string) {
	return {
		missing: activationMissing(row, day),
		contractOriginal: contractOriginalState(row, day),
		transitions: volunteerTransitions(row.status)
	};
}

/**
 * Everything the edit page needs: the whole record, the county's municipalities, the vetting
 * state, possible duplicates and the application the volunteer came from. Only for those who
 * may change the record (coordinators of the county, the administrator); audited as a view.
 */
export async function volunteerProfile(ctx: ServiceContext, volunteerId: string) {
	const { row } = await requireVolunteer(ctx, volunteerId, 'volunteer:update', 'volunteer.view');
	const day = today(ctx);
	const [county] = await ctx.db
		.select({ name: counties.name })
		.from(counties)
		.where(eq(counties.id, row.countyId));
	const municipalityRows = await listMunicipalities(ctx, row.countyId);
	const duplicates = await findVolunteerDuplicates(ctx.db, ctx.actor!, row);
	const application = await applicationOfVolunteer(ctx.db, volunteerId);
	await recordAudit(ctx.db, ctx, {
		action: 'volunteer.view',
		entityType: 'volunteer',
		entityId: volunteerId,
		countyId: row.countyId,
		details: { part: 'profile' }
	});
	return {
		volunteer: {
			...row,
			countyName: county?.name ?? '',
			criminalRecordCheckedByName: await userName(ctx.db, row.criminalRecordCheckedBy)
		},
		municipalities: municipalityRows.map((m) => ({ id: m.id, name: m.name })),
		vetting: vettingOf(row, day),
		openPairings: await openPairingCount(ctx.db, volunteerId),
		duplicates,
		applicationId: application?.id ?? null,
		/** Who saved the version shown (for the conflict notice). */
		changedBy: await latestChange(ctx.db, 'volunteer', volunteerId, [
			'volunteer.update',
			'volunteer.status_change',
			'volunteer.create'
		]),
		today: day,
		canInvite: can(
			ctx.actor,
			'volunteer:invite',
			{ kind: 'volunteer', countyId: row.countyId, volunteerId },
			day
		)
	};
}

export type VolunteerProfile = Awaited<ReturnType<typeof volunteerProfile>>;

/**
 * The recruitment part of a volunteer's page: vetting dates, who checked the extract, the
 * contract original's state and what activation still needs. For those who see the
 * volunteer's identifiers (coordinators of the county, the administrator); null for others.
 */
export async function volunteerRecruitmentSummary(ctx: ServiceContext, volunteerId: string) {
	const { row, resource } = await requireVolunteer(
		ctx,
		volunteerId,
		'volunteer:read',
		'volunteer.view'
	);
	const day = today(ctx);
	if (!can(ctx.actor, 'volunteer:read_identifiers', resource, day)) return null;
	const application = await applicationOfVolunteer(ctx.db, volunteerId);
	return {
		status: row.status,
		criminalRecordCheckedOn: row.criminalRecordCheckedOn,
		criminalRecordCheckedByName: await userName(ctx.db, row.criminalRecordCheckedBy),
		contractSignedOn: row.contractSignedOn,
		contractHasPaperOriginal: row.contractHasPaperOriginal,
		contractOriginalReceivedOn: row.contractOriginalReceivedOn,
		baseTrainingCompletedOn: row.baseTrainingCompletedOn,
		startedOn: row.startedOn,
		endedOn: row.endedOn,
		endReason: row.endReason,
		...vettingOf(row, day),
		applicationId: application?.id ?? null,
		canEdit: can(ctx.actor, 'volunteer:update', resource, day),
		canReadApplication: can(
			ctx.actor,
			'application:read',
			{ kind: 'county', countyId: row.countyId },
			day
		)
	};
}

export type VolunteerRecruitmentSummary = NonNullable<
	Awaited<ReturnType<typeof volunteerRecruitmentSummary>>
>;

// --- The profile ---------------------------------------------------------------------------

/** A field left out of the form, or left empty, is "not given" (null). */
const blank = (v: unknown) => (v === undefined ? null : emptyToNull(v));
const optionalText = (max: number) =>
	z.preprocess(blank, z.string().trim().max(max, 'error.too_long').nullable());
const flag = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());
const list = <T extends readonly [string, ...string[]]>(values: T) =>
	z.preprocess(
		(v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
		z.array(z.enum(values, { message: 'error.choice' })).max(values.length, 'error.choice')
	);
const optionalDay = z.preprocess(blank, z.string().refine(isIsoDay, 'error.date').nullable());

const profileSchema = z.object({
	firstName: z.string().trim().min(1, 'error.required').max(100, 'error.too_long'),
	lastName: z.string().trim().min(1, 'error.required').max(100, 'error.too_long'),
	email: z.preprocess(
		blank,
		z.string().trim().toLowerCase().max(254, 'error.too_long').email('error.email').nullable()
	),
	phone: optionalText(40),
	municipalityId: z.preprocess(blank, z.string().uuid('error.choice').nullable()),
	settlement: optionalText(100),
	street: optionalText(200),
	isikukood: z.preprocess(
		(v) => (typeof v === 'string' ? v.replace(/\s+/g, '') : v),
		z.preprocess(blank, z.string().max(20, 'isikukood.format').nullable())
	),
	dateOfBirth: optionalDay,
	gender: z.preprocess(blank, z.enum(GENDERS, { message: 'error.choice' }).nullable()),
	languages: list(LANGUAGES),
	languageOther: optionalText(100),
	expectations: optionalText(4000),
	employment: z.preprocess(
		blank,
		z.enum(EMPLOYMENT_STATUSES, { message: 'error.choice' }).nullable()
	),
	education: z.preprocess(blank, z.enum(EDUCATION_LEVELS, { message: 'error.choice' }).nullable()),
	helpProfilesOffered: list(HELP_PROFILES),
	maxClients: z.coerce
		.number({ message: 'error.choice' })
		.int('error.choice')
		.min(0, 'error.choice')
		.max(20, 'error.choice'),
	availability: optionalText(2000),
	hasCar: flag,
	petAllergy: flag,
	avoidsSmoke: flag,
	notes: optionalText(4000),
	/** The coordinator saw the duplicate warning and saves anyway. */
	confirmDuplicates: flag
});

export type ProfileResult = { saved: true } | { saved: false; duplicates: DuplicateVolunteer[] };

/**
 * Saves the volunteer's profile. An isikukood is validated in full and fills in the date of
 * birth and gender (a date or gender that contradicts it is an error). When the identity
 * (isikukood, names, date of birth) changes so that it matches another volunteer, nothing is
 * saved until the coordinator confirms (`confirmDuplicates`): the result lists the matches.
 */
export async function updateVolunteerProfile(
	ctx: ServiceContext,
	volunteerId: string,
	input: unknown
): Promise<ProfileResult> {
	const { row } = await requireVolunteer(ctx, volunteerId, 'volunteer:update', 'volunteer.update');
	const data = validate(profileSchema, input);
	const errors: Record<string, string> = {};
	let { dateOfBirth, gender } = data;
	if (data.isikukood) {
		const code = validateIsikukood(data.isikukood);
		if (!code.ok) errors.isikukood = code.error;
		else {
			if (dateOfBirth && dateOfBirth !== code.dateOfBirth) {
				errors.dateOfBirth = 'volunteer_profile.error.birth_mismatch';
			}
			if (gender && gender !== code.sex) errors.gender = 'volunteer_profile.error.gender_mismatch';
			dateOfBirth = code.dateOfBirth;
			gender = code.sex;
		}
	}
	if (dateOfBirth && dateOfBirth > today(ctx))
		errors.dateOfBirth ??= 'volunteer_profile.error.birth_future';
	if (data.languageOther && !data.languages.includes('other')) {
		errors.languageOther = 'volunteer_profile.error.language_other';
	}
	if (Object.keys(errors).length > 0) throw invalid(errors);
	const version = formVersion(input);
	const { confirmDuplicates, ...fields } = data;
	const values = { ...fields, dateOfBirth, gender };
	const identityChanged =
		values.isikukood !== row.isikukood ||
		values.dateOfBirth !== row.dateOfBirth ||
		values.firstName.toLowerCase() !== row.firstName.toLowerCase() ||
		values.lastName.toLowerCase() !== row.lastName.toLowerCase();
	const audit = { action: 'volunteer.update', entityType: 'volunteer', entityId: volunteerId };
	return refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			if (values.municipalityId) {
				const [m] = await tx
					.select({ id: municipalities.id })
					.from(municipalities)
					.where(
						and(
							eq(municipalities.id, values.municipalityId),
							eq(municipalities.countyId, row.countyId)
						)
					);
				if (!m) throw invalid({ municipalityId: 'error.choice' });
			}
			if (identityChanged && !confirmDuplicates) {
				const duplicates = await findVolunteerDuplicates(tx, ctx.actor!, {
					id: volunteerId,
					countyId: row.countyId,
					isikukood: values.isikukood,
					firstName: values.firstName,
					lastName: values.lastName,
					dateOfBirth: values.dateOfBirth
				});
				if (duplicates.length > 0) return { saved: false, duplicates } as const;
			}
			await writeVolunteer(tx, ctx, volunteerId, version, values);
			await recordAudit(tx, ctx, {
				action: 'volunteer.update',
				entityType: 'volunteer',
				entityId: volunteerId,
				countyId: row.countyId,
				details: {
					fields: changedFields(row, values),
					...(identityChanged && confirmDuplicates ? { duplicatesConfirmed: true } : {})
				}
			});
			return { saved: true } as const;
		})
	);
}

// --- Vetting: extract, contract, training --------------------------------------------------

const REQUIRED_WHILE_SERVING = 'volunteer_vetting.error.needed_while_active';
const serving = (row: VolunteerRow) => row.status === 'active' || row.status === 'paused';

async function saveVetting(
	ctx: ServiceContext,
	row: VolunteerRow,
	input: unknown,
	values: Partial<typeof volunteers.$inferInsert>
) {
	const version = formVersion(input);
	const audit = { action: 'volunteer.update', entityType: 'volunteer', entityId: row.id };
	await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			await writeVolunteer(tx, ctx, row.id, version, values);
			await recordAudit(tx, ctx, {
				...audit,
				countyId: row.countyId,
				details: { fields: changedFields(row, values) }
			});
		})
	);
}

function notAfterToday(ctx: ServiceContext, field: string, day: string | null) {
	if (day && day > today(ctx)) throw invalid({ [field]: 'volunteer_vetting.error.future' });
}

/**
 * The criminal-record extract was checked (R-VOL-5): the day, and who checked it — the user
 * recording it. The extract itself is a document (kind criminal_record_extract).
 */
export async function recordCriminalRecordCheck(
	ctx: ServiceContext,
	volunteerId: string,
	input: unknown
) {
	const { row } = await requireVolunteer(ctx, volunteerId, 'volunteer:update', 'volunteer.update');
	const { checkedOn } = validate(z.object({ checkedOn: optionalDay }), input);
	notAfterToday(ctx, 'checkedOn', checkedOn);
	if (!checkedOn && serving(row)) throw invalid({ checkedOn: REQUIRED_WHILE_SERVING });
	await saveVetting(ctx, row, input, {
		criminalRecordCheckedOn: checkedOn,
		criminalRecordCheckedBy: checkedOn ? ctx.actor!.userId : null
	});
}

const contractSchema = z.object({
	signedOn: optionalDay,
	hasPaperOriginal: flag,
	originalReceivedOn: optionalDay
});

/**
 * The contract (R-VOL-7): the day it was signed, whether a hand-signed original exists, and the
 * day that original reached the office (due by the 3rd of the following month).
 */
export async function recordContract(ctx: ServiceContext, volunteerId: string, input: unknown) {
	const { row } = await requireVolunteer(ctx, volunteerId, 'volunteer:update', 'volunteer.update');
	const data = validate(contractSchema, input);
	notAfterToday(ctx, 'signedOn', data.signedOn);
	notAfterToday(ctx, 'originalReceivedOn', data.originalReceivedOn);
	if (!data.signedOn && serving(row)) throw invalid({ signedOn: REQUIRED_WHILE_SERVING });
	if (data.originalReceivedOn) {
		if (!data.hasPaperOriginal) {
			throw invalid({ originalReceivedOn: 'volunteer_vetting.error.no_original' });
		}
		if (!data.signedOn || data.originalReceivedOn < data.signedOn) {
			throw invalid({ originalReceivedOn: 'volunteer_vetting.error.received_before_signed' });
		}
	}
	await saveVetting(ctx, row, input, {
		contractSignedOn: data.signedOn,
		contractHasPaperOriginal: data.signedOn ? data.hasPaperOriginal : false,
		contractOriginalReceivedOn: data.signedOn ? data.originalReceivedOn : null
	});
}

/**
 * The base training ("starter pack", R-VOL-8) was completed on this day: recorded as attendance
 * at that day's base training of the county (issue 22, services/programme/events.ts); the
 * database derives `base_training_completed_on` from the attendance.
 */
export async function recordBaseTraining(ctx: ServiceContext, volunteerId: string, input: unknown) {
	const { row } = await requireVolunteer(ctx, volunteerId, 'volunteer:update', 'volunteer.update');
	const { completedOn } = validate(z.object({ completedOn: optionalDay }), input);
	notAfterToday(ctx, 'completedOn', completedOn);
	if (!completedOn && serving(row)) throw invalid({ completedOn: REQUIRED_WHILE_SERVING });
	const version = formVersion(input);
	const audit = { action: 'volunteer.update', entityType: 'volunteer', entityId: row.id };
	await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			// The version first (a stale form changes nothing), then the attendance the date
			// is derived from (issue 22).
			await writeVolunteer(tx, ctx, row.id, version, {});
			await recordBaseTrainingAttendance(tx, ctx, row, completedOn);
			await recordAudit(tx, ctx, {
				...audit,
				countyId: row.countyId,
				details: { fields: changedFields(row, { baseTrainingCompletedOn: completedOn }) }
			});
		})
	);
}

// --- Status ---------------------------------------------------------------------------------

const statusSchema = z.object({
	status: z.enum(VOLUNTEER_STATUSES, { message: 'error.choice' }),
	endedOn: optionalDay.optional(),
	endReason: optionalText(1000).optional()
});

/**
 * Moves the volunteer along candidate → active → paused → ended (domain/volunteers.ts):
 * activation needs the checked extract, the signed contract and the base training; ending needs
 * a date and a reason and no open pairing. Audited with the two states.
 */
export async function changeVolunteerStatus(
	ctx: ServiceContext,
	volunteerId: string,
	input: unknown
) {
	const { row } = await requireVolunteer(
		ctx,
		volunteerId,
		'volunteer:update',
		'volunteer.status_change'
	);
	const data = validate(statusSchema, input);
	const version = formVersion(input);
	const day = today(ctx);
	const change = {
		to: data.status,
		endedOn: data.endedOn ?? null,
		endReason: data.endReason ?? null
	};
	const audit = {
		action: 'volunteer.status_change',
		entityType: 'volunteer',
		entityId: volunteerId
	};
	await refuseStale(ctx, { ...audit, countyId: row.countyId, version }, () =>
		ctx.db.transaction(async (tx) => {
			const [locked] = await tx
				.select()
				.from(volunteers)
				.where(eq(volunteers.id, volunteerId))
				.for('update');
			const current = locked ?? row;
			const problems = statusChangeProblems(
				current,
				change,
				day,
				await openPairingCount(tx, volunteerId)
			);
			if (current.version !== version) throw new StaleVersionError();
			if (Object.keys(problems).length > 0) throw invalid(problems);
			await writeVolunteer(tx, ctx, volunteerId, version, {
				status: data.status,
				...statusChangeEffects(current, change, day)
			});
			await recordAudit(tx, ctx, {
				action: 'volunteer.status_change',
				entityType: 'volunteer',
				entityId: volunteerId,
				countyId: row.countyId,
				details: { from: current.status, to: data.status }
			});
		})
	);
}

// --- Late contract originals -----------------------------------------------------------------

/**
 * Volunteers whose hand-signed contract original is late (R-VOL-7: due by the 3rd of the month
 * after signing), in the counties where the actor changes volunteer records; null for those who
 * change none. The list shows names, so it is audited as a list (a count).
 */
export async function lateContractOriginals(ctx: ServiceContext) {
	const scope = countyScope(ctx.actor, 'volunteer:update');
	if (scope !== null && scope.length === 0) return null;
	const day = today(ctx);
	const rows = await ctx.db
		.select({
			id: volunteers.id,
			firstName: volunteers.firstName,
			lastName: volunteers.lastName,
			status: volunteers.status,
			countyName: counties.name,
			contractSignedOn: volunteers.contractSignedOn,
			contractHasPaperOriginal: volunteers.contractHasPaperOriginal,
			contractOriginalReceivedOn: volunteers.contractOriginalReceivedOn
		})
		.from(volunteers)
		.innerJoin(counties, eq(counties.id, volunteers.countyId))
		.where(
			and(
				volunteerScope(ctx.actor, 'volunteer:update'),
				isNotNull(volunteers.contractSignedOn),
				eq(volunteers.contractHasPaperOriginal, true),
				isNull(volunteers.contractOriginalReceivedOn)
			)
		)
		.orderBy(asc(volunteers.contractSignedOn), asc(volunteers.lastName));
	const late = rows
		.map((r) => ({ ...r, original: contractOriginalState(r, day) }))
		.filter((r) => r.original?.state === 'late')
		.map((r) => ({
			id: r.id,
			name: `${r.firstName} ${r.lastName}`,
			countyName: r.countyName,
			status: r.status,
			signedOn: r.contractSignedOn!,
			dueOn: r.original!.dueOn
		}));
	if (late.length > 0) {
		await recordAudit(ctx.db, ctx, {
			action: 'volunteer.list',
			entityType: 'volunteer',
			details: { count: late.length, filter: 'contract_original_late' }
		});
	}
	return late;
}
