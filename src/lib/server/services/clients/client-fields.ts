import { and, asc, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { clients, counties, municipalities } from '../../db/schema';
import {
	GENDERS,
	HELP_PERIODS,
	HELP_PROFILES,
	HELP_UNITS,
	LANGUAGES,
	LIVING_SITUATIONS
} from '../../domain/vocabulary';
import type { Tx } from '../../db/client';
import { clientScope } from '../../policy/scope';
import { AppError, invalid } from '../../errors';
import { isIsoDay, tallinnDay } from '../../domain/dates';
import { birthDateProblem } from '../../domain/text-input';
import { reconcileIdentity } from '../../domain/mapping';
import { today, type ServiceContext } from '../core/context';
import { emptyToNull, personName, wholeNumber } from '../core/validation';

/**
 * The fields of a client's mapping entry (issue 3, R-MAP-1…4) and the rules that need the
 * database: the isikukood (prefill, agreement) and the duplicate warning. Used by
 * clients/clients.ts (create, update); no import of it, so no import cycle.
 *
 * Input comes from a form (strings, and string arrays for the checkbox groups) or from code
 * (booleans, arrays). A field left out is "not given" (null on create, unchanged on update);
 * an empty one clears it.
 */

const isoDay = z.string().refine(isIsoDay, 'error.date');

const optionalText = (max: number) =>
	z.preprocess(emptyToNull, z.string().trim().max(max, 'error.too_long').nullable()).optional();

const optionalDay = z.preprocess(emptyToNull, isoDay.nullable()).optional();

const optionalName = (max: number) =>
	z.preprocess(emptyToNull, personName(max).nullable()).optional();

/** A birth date that can be true: from 1900 to today (Tallinn). */
const birthDay = z
	.preprocess(
		emptyToNull,
		isoDay
			.superRefine((day, ctx) => {
				const problem = birthDateProblem(day, tallinnDay(new Date()));
				if (problem) ctx.addIssue({ code: 'custom', message: problem });
			})
			.nullable()
	)
	.optional();

const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
	z.preprocess(emptyToNull, z.enum(values, { message: 'error.choice' }).nullable()).optional();

/**
 * A checkbox group: the form sends an empty hidden value first (so that "none ticked" clears
 * the field), then one value per ticked box. Duplicates are dropped, order kept.
 */
const choiceList = <T extends readonly [string, ...string[]]>(values: T) =>
	z
		.preprocess(
			(v) =>
				v === undefined
					? undefined
					: (Array.isArray(v) ? v : [v]).filter((x) => !(typeof x === 'string' && !x.trim())),
			z
				.array(z.enum(values, { message: 'error.choice' }))
				.max(values.length * 2, 'error.choice')
				.transform((a) => [...new Set(a)])
		)
		.optional();

/**
 * A yes/no field: `true`, or a form's 'true'/'on'/'yes' (also among several values: a hidden
 * 'false' followed by a ticked checkbox's 'true').
 */
const flag = z
	.preprocess((v) => {
		if (v === undefined || typeof v === 'boolean') return v;
		const all = Array.isArray(v) ? v : [v];
		return all.some((x) => x === 'true' || x === 'on' || x === 'yes');
	}, z.boolean())
	.optional();

/** The fields a coordinator fills in for a client (all optional: mapping may start general). */
export const clientFields = {
	// General, not identifying (R-MAP-2)
	municipalityId: z.preprocess(emptyToNull, z.string().uuid('error.choice').nullable()).optional(),
	settlement: optionalText(100),
	livingSituation: optionalChoice(LIVING_SITUATIONS),
	situation: optionalText(4000),
	referralPartnerId: z
		.preprocess(emptyToNull, z.string().uuid('error.choice').nullable())
		.optional(),
	referralPerson: optionalText(200),
	referredOn: optionalDay,
	// Personal data (R-MAP-4)
	firstName: optionalName(100),
	lastName: optionalName(100),
	isikukood: optionalText(20),
	dateOfBirth: birthDay,
	gender: optionalChoice(GENDERS),
	languages: choiceList(LANGUAGES),
	languageOther: optionalText(100),
	phone: optionalText(40),
	street: optionalText(200),
	contactPersonName: optionalText(200),
	contactPersonPhone: optionalText(40),
	contactPersonRelation: optionalText(100),
	// Expectations of a volunteer (R-MAP-4)
	helpProfilesWanted: choiceList(HELP_PROFILES),
	tasks: optionalText(4000),
	helpAmount: z
		.preprocess(
			emptyToNull,
			wholeNumber('mapping.help_amount_range')
				.pipe(z.number().min(1, 'mapping.help_amount_range').max(200, 'mapping.help_amount_range'))
				.nullable()
		)
		.optional(),
	helpUnit: optionalChoice(HELP_UNITS),
	helpPeriod: optionalChoice(HELP_PERIODS),
	preferredVolunteerGender: optionalChoice(GENDERS),
	preferredLanguage: optionalChoice(LANGUAGES),
	hasPets: flag,
	smokesAtHome: flag,
	notes: optionalText(4000),
	// Consent to data processing (R-MAP-2, R-PAIR-2): the date; the signed document is a document.
	consentGivenOn: optionalDay,
	/** "I checked: this is a different person" after a duplicate warning. */
	duplicateConfirmed: flag
};

/** Columns that `clientFields` writes (everything but the confirmation). */
export type ClientFieldValues = Omit<
	z.infer<z.ZodObject<typeof clientFields>>,
	'duplicateConfirmed'
>;

/** The form posts strings, and arrays of strings for the checkbox groups. */
export const clientFormFields = z.record(
	z.string(),
	z.union([
		z.string().max(10_000, 'error.too_long'),
		z.array(z.string().max(200, 'error.too_long')).max(20, 'error.form_invalid')
	])
);

/** Values of a posted client form to show again after an error (arrays kept whole). */
export function clientFormValues(form: FormData): Record<string, string | string[]> {
	const values: Record<string, string | string[]> = {};
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key).filter((v): v is string => typeof v === 'string');
		values[key] = all.length > 1 ? all : (all[0] ?? '');
	}
	return values;
}

const IDENTITY_FIELDS = ['isikukood', 'firstName', 'lastName', 'dateOfBirth'] as const;

type Row = typeof clients.$inferSelect;

/**
 * The values a change will leave in the row: given values over the stored ones (`row` is null
 * on create). Checks what needs several fields together, and returns the final identity:
 * - the isikukood is valid; date of birth and gender agree with it, or are filled in from it;
 * - no birth, referral or consent date lies in the future;
 * - an amount of help comes with its unit and period;
 * - a language named under "other" ticks "other".
 * Throws `invalid` with every field error found.
 */
export function settleClientFields(
	data: ClientFieldValues,
	row: Row | null,
	day: string
): { values: ClientFieldValues; prefilled: string[] } {
	const pick = <K extends keyof ClientFieldValues & keyof Row>(k: K) =>
		(data[k] !== undefined ? data[k] : (row?.[k] ?? null)) as NonNullable<
			ClientFieldValues[K]
		> | null;
	const errors: Record<string, string> = {};
	const values: ClientFieldValues = { ...data };

	const identity = reconcileIdentity(
		{ isikukood: pick('isikukood'), dateOfBirth: pick('dateOfBirth'), gender: pick('gender') },
		day
	);
	let prefilled: string[] = [];
	if (!identity.ok) {
		Object.assign(errors, identity.errors);
	} else {
		prefilled = identity.prefilled;
		for (const k of ['isikukood', 'dateOfBirth', 'gender'] as const) {
			if (data[k] !== undefined || identity.identity[k] !== (row?.[k] ?? null)) {
				(values as Record<string, unknown>)[k] = identity.identity[k];
			}
		}
	}
	for (const k of ['referredOn', 'consentGivenOn'] as const) {
		const v = pick(k);
		if (v && v > day) errors[k] = 'mapping.date_future';
	}
	if (pick('helpAmount') !== null) {
		if (!pick('helpUnit')) errors.helpUnit = 'mapping.help_unit_required';
		if (!pick('helpPeriod')) errors.helpPeriod = 'mapping.help_period_required';
	}
	const other = pick('languageOther');
	const languages = pick('languages') ?? [];
	if (other && !languages.includes('other')) values.languages = [...languages, 'other'];
	if (Object.keys(errors).length > 0) throw invalid(errors);
	return { values, prefilled };
}

/** Names of the given fields whose value differs from the stored one (arrays by content). */
export function changedClientFields(row: Row | null, values: ClientFieldValues): string[] {
	const before = (row ?? {}) as Record<string, unknown>;
	return Object.entries(values)
		.filter(([k, v]) => {
			if (v === undefined) return false;
			const old = before[k] ?? null;
			if (Array.isArray(v)) {
				const o = Array.isArray(old) ? old : [];
				return v.length !== o.length || v.some((x, i) => x !== o[i]);
			}
			return row === null ? v !== null && v !== false : old !== v;
		})
		.map(([k]) => k);
}

/** Did a change touch the fields a duplicate is recognised by? */
export function identityChanged(row: Row, values: ClientFieldValues): boolean {
	return IDENTITY_FIELDS.some((k) => values[k] !== undefined && values[k] !== row[k]);
}

export interface DuplicateMatch {
	id: string;
	firstName: string | null;
	lastName: string | null;
	status: string;
	countyName: string;
	municipalityName: string | null;
	/** How it matched: the same isikukood, or the same first and last name and date of birth. */
	match: 'isikukood' | 'name_and_birth';
}

/**
 * Other clients that may be the same person (issue 3, "Duplicates"): the same isikukood, or the
 * same first and last name (case-insensitive) and date of birth. Anonymised records are not
 * compared (there is nothing left to compare).
 *
 * Searched only among the clients whose identifiers the actor may read
 * (`client:read_identifiers`): a coordinator is warned about clients of their own counties, the
 * administrator about clients anywhere. A coordinator is told nothing about a match in another
 * county — not even that one exists: that a person is a client of the service in another county
 * is itself personal data about their care, and the coordinator could not open the record
 * anyway. (The administrator sees such cross-county matches.)
 */
export async function findDuplicates(
	tx: Tx,
	ctx: ServiceContext,
	person: {
		selfId?: string;
		isikukood: string | null;
		firstName: string | null;
		lastName: string | null;
		dateOfBirth: string | null;
	}
): Promise<DuplicateMatch[]> {
	const byCode = person.isikukood ? eq(clients.isikukood, person.isikukood) : null;
	const byName =
		person.firstName && person.lastName && person.dateOfBirth
			? and(
					sql`lower(trim(${clients.firstName})) = lower(${person.firstName.trim()})`,
					sql`lower(trim(${clients.lastName})) = lower(${person.lastName.trim()})`,
					eq(clients.dateOfBirth, person.dateOfBirth)
				)!
			: null;
	const matches = [byCode, byName].filter((c): c is SQL => c !== null);
	if (matches.length === 0) return [];
	const where: SQL[] = [
		clientScope(ctx.actor, 'client:read_identifiers', today(ctx), tx),
		ne(clients.status, 'anonymised'),
		or(...matches)!
	];
	if (person.selfId) where.push(ne(clients.id, person.selfId));
	const rows = await tx
		.select({
			id: clients.id,
			firstName: clients.firstName,
			lastName: clients.lastName,
			status: clients.status,
			isikukood: clients.isikukood,
			countyName: counties.name,
			municipalityName: municipalities.name
		})
		.from(clients)
		.innerJoin(counties, eq(counties.id, clients.countyId))
		.leftJoin(municipalities, eq(municipalities.id, clients.municipalityId))
		.where(and(...where))
		.orderBy(asc(clients.lastName), asc(clients.firstName), asc(clients.id))
		.limit(10);
	return rows.map(({ isikukood, ...r }) => ({
		...r,
		match: person.isikukood && isikukood === person.isikukood ? 'isikukood' : 'name_and_birth'
	}));
}

/**
 * "This may be someone already in the register": the change is not saved until the coordinator
 * confirms it is a different person (`duplicateConfirmed`) or opens the existing record.
 */
export class DuplicateClientError extends AppError {
	constructor(readonly duplicates: DuplicateMatch[]) {
		super('conflict', 'mapping.duplicate.warning', {
			duplicateConfirmed: 'mapping.duplicate.confirm_needed'
		});
		this.name = 'DuplicateClientError';
	}
}

/**
 * For a form action: runs a create or update and turns a duplicate warning into a value the
 * page can show (the list of possible duplicates), instead of an error.
 */
export async function catchDuplicates<T>(
	run: () => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; duplicates: DuplicateMatch[] }> {
	try {
		return { ok: true, value: await run() };
	} catch (e) {
		if (e instanceof DuplicateClientError) return { ok: false, duplicates: e.duplicates };
		throw e;
	}
}
