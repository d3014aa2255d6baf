import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { counties, municipalities } from '../../db/schema';
import type { Tx } from '../../db/client';
import { AppError, invalid } from '../../errors';
import { isIsoDay } from '../../domain/dates';
import { hasHiddenCharacters, normaliseName } from '../../domain/text-input';
import { APPLICATION_LOCALES, APPLICATION_QUESTIONS, cleanAnswers } from '../../domain/recruitment';
import { emptyToNull, validate } from '../core/validation';

/**
 * The fields of a volunteer's application (R-VOL-2), from the public form or typed in by a
 * coordinator from paper or e-mail, and the answers to the questions. Messages are i18n keys.
 */

const text = (max: number) =>
	z
		.string({ message: 'apply.error.required' })
		.trim()
		.min(1, 'apply.error.required')
		.max(max, 'apply.error.too_long');
/** A name: NFC, trimmed of invisible characters, none left inside (issue 17, as for clients). */
const personName = (max: number) =>
	z.preprocess(
		(v) => (typeof v === 'string' ? normaliseName(v) : v),
		text(max).refine((v) => !hasHiddenCharacters(v), 'apply.error.name_characters')
	);
const optionalText = (max: number) =>
	z
		.preprocess(emptyToNull, z.string().trim().max(max, 'apply.error.too_long').nullable())
		.optional();
export const checked = (message: string) =>
	z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.literal(true, { message }));

/** Fields common to a web application and one typed in from paper or e-mail. */
const baseApplicationSchema = z.object({
	countyId: z
		.string({ message: 'apply.error.required' })
		.min(1, 'apply.error.required')
		.uuid('apply.error.choice'),
	municipalityId: z
		.preprocess(emptyToNull, z.string().uuid('apply.error.choice').nullable())
		.optional(),
	firstName: personName(100),
	lastName: personName(100),
	email: z
		.preprocess(
			emptyToNull,
			z
				.string()
				.trim()
				.toLowerCase()
				.max(254, 'apply.error.too_long')
				.email('apply.error.email')
				.nullable()
		)
		.optional(),
	phone: z
		.preprocess(
			emptyToNull,
			z
				.string()
				.trim()
				.max(40, 'apply.error.too_long')
				.regex(/^\+?[0-9][0-9 ()-]{4,}$/, 'apply.error.phone')
				.nullable()
		)
		.optional(),
	settlement: optionalText(100),
	motivation: text(4000),
	refereeName: optionalText(200),
	refereeContact: optionalText(200)
});

const needsContact = (v: { email?: string | null; phone?: string | null }, c: z.RefinementCtx) => {
	if (!v.email && !v.phone) {
		c.addIssue({ code: 'custom', path: ['email'], message: 'apply.error.contact_required' });
	}
};

export const publicApplicationSchema = baseApplicationSchema
	.extend({
		// R-VOL-2: the web form asks for a referee.
		refereeName: text(200),
		refereeContact: text(200),
		consent: checked('apply.error.consent_required')
	})
	.superRefine(needsContact);

export const enteredApplicationSchema = baseApplicationSchema
	.extend({
		channel: z.enum(['paper', 'email'], { message: 'apply.error.choice' }),
		locale: z.enum(APPLICATION_LOCALES, { message: 'apply.error.choice' }).default('et'),
		/** The day the paper or e-mail arrived; the consent was given with it. */
		receivedOn: z.string({ message: 'error.date' }).refine(isIsoDay, 'error.date'),
		consentConfirmed: checked('application.error.consent_confirmed')
	})
	.superRefine(needsContact);

/** Answers arrive as `answer_<question id>` fields; errors are reported on the same names. */
function answersOf(input: Record<string, unknown>) {
	const raw: Record<string, unknown> = {};
	for (const q of APPLICATION_QUESTIONS) raw[q.id] = input[`answer_${q.id}`];
	const result = cleanAnswers(raw);
	if (!result.ok) {
		throw invalid({
			[`answer_${result.questionId}`]:
				result.error === 'choice' ? 'apply.error.choice' : 'apply.error.too_long'
		});
	}
	return result.answers as Record<string, string>;
}

/** Validates both the fields and the answers, so every problem is shown at once. */
export function validateApplication<S extends z.ZodType>(
	schema: S,
	input: Record<string, unknown>
) {
	let fields: Record<string, string> = {};
	let data: z.infer<S> | null = null;
	let answers: Record<string, string> = {};
	try {
		data = validate(schema, input);
	} catch (e) {
		if (!(e instanceof AppError)) throw e;
		fields = { ...e.fields };
	}
	try {
		answers = answersOf(input);
	} catch (e) {
		if (!(e instanceof AppError)) throw e;
		fields = { ...fields, ...e.fields };
	}
	if (Object.keys(fields).length > 0 || !data) throw invalid(fields, 'apply.error.form_invalid');
	return { data, answers };
}

export async function checkMunicipality(tx: Tx, countyId: string, municipalityId?: string | null) {
	if (!municipalityId) return;
	const [m] = await tx
		.select({ id: municipalities.id })
		.from(municipalities)
		.where(and(eq(municipalities.id, municipalityId), eq(municipalities.countyId, countyId)));
	if (!m) throw invalid({ municipalityId: 'apply.error.municipality' }, 'apply.error.form_invalid');
}

export async function checkCounty(tx: Tx, countyId: string) {
	const [c] = await tx
		.select({ id: counties.id, name: counties.name })
		.from(counties)
		.where(eq(counties.id, countyId));
	if (!c) throw invalid({ countyId: 'apply.error.choice' }, 'apply.error.form_invalid');
	return c;
}
