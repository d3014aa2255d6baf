import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { appSettings } from '../../db/schema';
import type { Tx } from '../../db/client';

/**
 * The quarterly report's settings, kept in app_setting: the participants' table columns chosen
 * by the administrator (R-REP-2), and the secret behind the pseudonyms of the package.
 */

export const PARTICIPANT_COLUMNS = [
	'participant_id',
	'participant_type',
	'sex',
	'age_group',
	'employment',
	'education',
	'county',
	'municipality',
	'languages',
	'living_situation',
	'start_date',
	'end_date'
] as const;
export type ParticipantColumn = (typeof PARTICIPANT_COLUMNS)[number];
const DEFAULT_PARTICIPANT_COLUMNS: readonly ParticipantColumn[] = [
	'participant_id',
	'participant_type',
	'sex',
	'age_group',
	'employment',
	'education',
	'county',
	'start_date',
	'end_date'
];
export const SETTING_PARTICIPANT_COLUMNS = 'report.participant_columns';
const SETTING_SALT = 'report.pseudonym_salt';

export const columnsSchema = z
	.array(z.enum(PARTICIPANT_COLUMNS), { message: 'report.error.columns' })
	.min(1, 'report.error.columns')
	.transform((cols) => PARTICIPANT_COLUMNS.filter((c) => cols.includes(c)));

/** The participants' table columns chosen by the administrator (app_setting), or the default. */
export async function participantColumns(db: Tx): Promise<ParticipantColumn[]> {
	const [row] = await db
		.select()
		.from(appSettings)
		.where(eq(appSettings.key, SETTING_PARTICIPANT_COLUMNS));
	const parsed = row ? columnsSchema.safeParse(row.value) : null;
	return parsed?.success ? parsed.data : [...DEFAULT_PARTICIPANT_COLUMNS];
}

/** The secret behind the pseudonyms; made once, kept in app_setting. */
export async function pseudonymSalt(db: Tx): Promise<string> {
	await db
		.insert(appSettings)
		.values({ key: SETTING_SALT, value: randomBytes(32).toString('hex') })
		.onConflictDoNothing({ target: appSettings.key });
	const [row] = await db.select().from(appSettings).where(eq(appSettings.key, SETTING_SALT));
	return String(row!.value);
}

/** `K-3F9A1C0B2D` for a client, `V-…` for a volunteer: stable across reports, not reversible. */
export function pseudonym(salt: string, kind: 'K' | 'V', id: string): string {
	return `${kind}-${createHmac('sha256', salt).update(id).digest('hex').slice(0, 10).toUpperCase()}`;
}
