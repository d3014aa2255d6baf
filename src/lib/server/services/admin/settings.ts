import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { appSettings } from '../../db/schema';
import type { Tx } from '../../db/client';
import { DEFAULT_NO_CONTACT_DAYS } from '../../domain/attention';
import { recordAudit } from '../core/audit';
import { authorize } from '../core/access';
import type { ServiceContext } from '../core/context';
import { validate } from '../core/validation';
import { invalid } from '../../errors';
import { changedRow, latestChange, nextVersion, refuseStale } from '../core/versions';

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

/**
 * The stored version of each setting (0 for one never saved): the settings form sends them
 * back as `version:<key>`, so a save made from an older page is a conflict (services/core/versions.ts).
 */
async function readVersions(tx: Tx): Promise<Record<SettingKey, number>> {
	const rows = await tx
		.select({ key: appSettings.key, version: appSettings.version })
		.from(appSettings)
		.where(inArray(appSettings.key, KEYS));
	return Object.fromEntries(
		KEYS.map((k) => [k, rows.find((r) => r.key === k)?.version ?? 0])
	) as Record<SettingKey, number>;
}

/** The settings page: the administrator only. */
export async function settingsPage(ctx: ServiceContext) {
	await requireSettingsAdmin(ctx, 'settings.view');
	return {
		values: await readSettings(ctx.db),
		defaults: defaults(),
		versions: await readVersions(ctx.db),
		changedBy: await latestChange(ctx.db, 'system', 'settings', ['settings.update'])
	};
}

/** As `versionField` (services/core/versions.ts), but 0 for a setting never saved. */
const settingVersion = z.preprocess(
	(v) => (typeof v === 'string' && /^\d{1,10}$/.test(v.trim()) ? Number(v.trim()) : v),
	z
		.number({ message: 'records.version_missing' })
		.int('records.version_missing')
		.min(0, 'records.version_missing')
		.max(2_147_483_647, 'records.version_missing')
);

/** The version of each setting the form was read at (`version:<key>`, 0 = never saved). */
function formVersions(input: unknown): Record<SettingKey, number> {
	const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
	const versions = {} as Record<SettingKey, number>;
	for (const key of KEYS) {
		const parsed = settingVersion.safeParse(raw[`version:${key}`]);
		if (!parsed.success)
			throw invalid({ version: 'records.version_missing' }, 'records.version_missing');
		versions[key] = parsed.data;
	}
	return versions;
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
	const versions = formVersions(input);
	const audit = { action: 'settings.update', entityType: 'system', entityId: 'settings' };
	const version = Math.max(...KEYS.map((k) => versions[k]));
	await refuseStale(ctx, { ...audit, countyId: null, version }, () =>
		ctx.db.transaction(async (tx) => {
			const before = await readSettings(tx);
			const changed = KEYS.filter((k) => before[k] !== data[k]);
			// Every setting the form showed must still be at the version read — an unchanged one
			// too, or its old value on the page would go back over a newer one.
			for (const key of KEYS) {
				const row = { value: data[key], updatedBy: ctx.actor!.userId, updatedAt: ctx.now() };
				if (versions[key] === 0) {
					changedRow(
						await tx
							.insert(appSettings)
							.values({ key, ...row })
							.onConflictDoNothing()
							.returning({ key: appSettings.key })
					);
				} else {
					changedRow(
						await tx
							.update(appSettings)
							.set({ ...row, version: nextVersion(appSettings.version) })
							.where(and(eq(appSettings.key, key), eq(appSettings.version, versions[key])))
							.returning({ key: appSettings.key })
					);
				}
			}
			await recordAudit(tx, ctx, { ...audit, details: { fields: changed } });
		})
	);
}
