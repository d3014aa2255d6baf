import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { appSettings } from '../../db/schema';
import type { Tx } from '../../db/client';
import { DEFAULT_NO_CONTACT_DAYS } from '../../domain/attention';
import { recordAudit } from '../core/audit';
import { authorize } from '../core/access';
import type { ServiceContext } from '../core/context';
import { validate } from '../core/validation';

/**
 * Settings the administrator changes at run time (`app_setting`). Each known setting has a Zod
 * schema and a default; a stored value that no longer fits its schema falls back to the default
 * rather than breaking the pages that read it. Another area adds its setting to SETTINGS.
 */
export const SETTINGS = {
	/** Days without any contact before a pairing shows on the attention list. */
	'attention.no_contact_days': {
		schema: z.coerce
			.number({ message: 'settings.days_invalid' })
			.int('settings.days_invalid')
			.min(1, 'settings.days_invalid')
			.max(365, 'settings.days_invalid'),
		default: DEFAULT_NO_CONTACT_DAYS
	}
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValues = { [K in SettingKey]: z.infer<(typeof SETTINGS)[K]['schema']> };
const KEYS = Object.keys(SETTINGS) as SettingKey[];

/** Reads settings (no access check: values are not personal data; callers check their own). */
export async function readSettings(tx: Tx): Promise<SettingValues> {
	const rows = await tx.select().from(appSettings).where(inArray(appSettings.key, KEYS));
	const values = {} as Record<SettingKey, unknown>;
	for (const key of KEYS) {
		const stored = rows.find((r) => r.key === key);
		const parsed = stored ? SETTINGS[key].schema.safeParse(stored.value) : null;
		values[key] = parsed?.success ? parsed.data : SETTINGS[key].default;
	}
	return values as SettingValues;
}

async function requireSettingsAdmin(ctx: ServiceContext, auditAction: string) {
	await authorize(ctx, 'reference:manage', { kind: 'system' }, { action: auditAction });
}

/** The settings page: the administrator only. */
export async function settingsPage(ctx: ServiceContext) {
	await requireSettingsAdmin(ctx, 'settings.view');
	return { values: await readSettings(ctx.db), defaults: defaults() };
}

function defaults(): SettingValues {
	return Object.fromEntries(KEYS.map((k) => [k, SETTINGS[k].default])) as SettingValues;
}

const formSchema = z.object(
	Object.fromEntries(KEYS.map((k) => [k, SETTINGS[k].schema])) as {
		[K in SettingKey]: (typeof SETTINGS)[K]['schema'];
	}
);

/** Saves the settings form; the audit event names the keys that changed (values are not personal). */
export async function updateSettings(ctx: ServiceContext, input: unknown): Promise<void> {
	await requireSettingsAdmin(ctx, 'settings.update');
	const data = validate(formSchema, input);
	await ctx.db.transaction(async (tx) => {
		const before = await readSettings(tx);
		const changed = KEYS.filter((k) => before[k] !== data[k]);
		for (const key of changed) {
			const [existing] = await tx
				.select({ key: appSettings.key })
				.from(appSettings)
				.where(eq(appSettings.key, key));
			const row = { value: data[key], updatedBy: ctx.actor!.userId, updatedAt: ctx.now() };
			if (existing) await tx.update(appSettings).set(row).where(eq(appSettings.key, key));
			else await tx.insert(appSettings).values({ key, ...row });
		}
		await recordAudit(tx, ctx, {
			action: 'settings.update',
			entityType: 'system',
			details: { fields: changed }
		});
	});
}
