import { z } from 'zod';
import { isIsoDay } from '../../domain/dates';
import { emptyToNull } from '../core/validation';

/** Form helpers shared by the programme wing (issue 22). Messages are i18n keys. */

export const uuidOk = (id: string) => z.string().uuid().safeParse(id).success;

export const isoDay = z.string({ message: 'error.required' }).refine(isIsoDay, 'error.date');

export const optionalDay = z.preprocess(emptyToNull, isoDay.nullable()).optional();

export const optionalText = (max: number) =>
	z.preprocess(emptyToNull, z.string().trim().max(max, 'error.too_long').nullable()).optional();

export const requiredText = (max: number) =>
	z
		.string({ message: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(max, 'error.too_long');

/** A checkbox: "on" / "true" / true are ticked, anything else not. */
export const flag = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

/** One id or several (a form's repeated field) as a list of ids; bad ids are dropped. */
export function idList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : value == null ? [] : [value];
	return [...new Set(list.filter((v): v is string => typeof v === 'string' && uuidOk(v)))];
}
