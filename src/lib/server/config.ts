import { resolve } from 'node:path';
import { z } from 'zod';

/** Environment, validated once (zod at every boundary). Documented in README.md. */
const envSchema = z.object({
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://')
		.optional()
		.or(z.literal('').transform(() => undefined)),
	/**
	 * The owner role's connection for the migrations (issue 21): with it the app runs as the
	 * role of DATABASE_URL, which may only read and add audit events. Without it one URL does
	 * both (PGlite, or an operator who accepts it with AUDIT_OWNER_ACCEPTED=1).
	 */
	DATABASE_OWNER_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'DATABASE_OWNER_URL must start with postgres://')
		.optional()
		.or(z.literal('').transform(() => undefined)),
	/** 1: run even though the app's role could rewrite the audit log (its owner, a superuser). */
	AUDIT_OWNER_ACCEPTED: z
		.enum(['0', '1', ''])
		.optional()
		.transform((v) => v === '1'),
	DATA_DIR: z.string().default('./data'),
	MIGRATIONS_DIR: z.string().optional(),
	ORIGIN: z.string().url().optional(),
	ADMIN_EMAIL: z.string().email().optional(),
	ADMIN_PASSWORD: z.string().optional(),
	ADMIN_NAME: z.string().default('Administrator'),
	SMTP_URL: z.string().optional(),
	MAIL_FROM: z.string().default('Seltsiline <noreply@seltsiline.invalid>'),
	SESSION_IDLE_MINUTES: z.coerce
		.number()
		.int()
		.min(5)
		.max(24 * 60)
		.default(120),
	SESSION_ABSOLUTE_HOURS: z.coerce
		.number()
		.int()
		.min(1)
		.max(24 * 30)
		.default(12),
	PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(15),
	LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
	LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
	LOGIN_BLOCK_MINUTES: z.coerce.number().int().min(1).default(15),
	/** Largest accepted document, in megabytes (documents service). */
	UPLOAD_MAX_MB: z.coerce.number().positive().max(1024).default(20),
	/** S3-compatible object storage for documents; without S3_BUCKET files go to DATA_DIR/files. */
	S3_BUCKET: z.string().optional(),
	S3_ENDPOINT: z
		.string()
		.url()
		.optional()
		.or(z.literal('').transform(() => undefined)),
	S3_REGION: z.string().default('us-east-1'),
	S3_ACCESS_KEY_ID: z.string().optional(),
	S3_SECRET_ACCESS_KEY: z.string().optional(),
	S3_FORCE_PATH_STYLE: z
		.enum(['0', '1', 'true', 'false', ''])
		.optional()
		.transform((v) => v === '1' || v === 'true'),
	/** Scheduled backups (services/backup): where, how many to keep, at which Tallinn hour. */
	BACKUP_DIR: z
		.string()
		.optional()
		.or(z.literal('').transform(() => undefined)),
	BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
	BACKUP_HOUR: z.coerce.number().int().min(0).max(23).default(2),
	/** After SIGTERM: how long requests under way may take before connections are cut. */
	SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	SELTSILINE_DEMO: z
		.enum(['0', '1', ''])
		.optional()
		.transform((v) => v === '1')
});

export type AppConfig = z.infer<typeof envSchema> & { pgliteDir: string; migrationsDir: string };

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
	const parsed = envSchema.safeParse(env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid environment:\n${lines.join('\n')}`);
	}
	const c = parsed.data;
	return {
		...c,
		pgliteDir: resolve(c.DATA_DIR, 'pglite'),
		migrationsDir: resolve(c.MIGRATIONS_DIR ?? 'drizzle')
	};
}
