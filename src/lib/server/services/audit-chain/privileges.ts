import { sql } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '../../db/client';

/**
 * Least privilege on a PostgreSQL server (issue 21): migrations run as an owner role
 * (`DATABASE_OWNER_URL`), the app as a role that may read and add audit events but not change,
 * remove, alter or un-trigger them. The embedded database has no roles: none of this applies.
 */

/** The tables the app may only read and add to (never change, remove or alter). */
export const APPEND_ONLY_TABLES = ['audit_event'] as const;
/** The tables only the database's own trigger writes; the app may read them. */
export const CHAIN_TABLES = ['audit_chain', 'audit_chain_lock'] as const;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function rows<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
	return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export async function currentRole(db: Database): Promise<string> {
	const [row] = await rows<{ role: string }>(db, sql`select current_user as role`);
	return row!.role;
}

/**
 * Run as the owner after the migrations: gives `appRole` what the app needs on every table
 * (so tables of later migrations are covered at the next start) and takes back every right
 * to change the audit log. Idempotent.
 */
export async function grantAppPrivileges(owner: Database, appRole: string): Promise<void> {
	const app = quoteIdent(appRole);
	const statements = [
		`grant usage on schema public to ${app}`,
		`grant select, insert, update, delete on all tables in schema public to ${app}`,
		`grant usage, select on all sequences in schema public to ${app}`,
		// The health check (/readyz) counts the applied migrations.
		`grant usage on schema drizzle to ${app}`,
		`grant select on drizzle.__drizzle_migrations to ${app}`,
		`revoke update, delete, truncate, references, trigger on ${APPEND_ONLY_TABLES.join(', ')} from ${app}`,
		`revoke insert, update, delete, truncate, references, trigger on ${CHAIN_TABLES.join(', ')} from ${app}`
	];
	for (const s of statements) await owner.execute(sql.raw(s));
}

/**
 * What the connected role could do to the audit log beyond reading and adding: own it (then
 * it may alter it and disable its triggers), be a superuser, or hold UPDATE, DELETE, TRUNCATE
 * or TRIGGER on it or on the chain. Empty when the role has least privilege. Null on PGlite.
 */
export async function auditLogPowers(handle: DatabaseHandle): Promise<string[] | null> {
	if (handle.driver !== 'postgres') return null;
	const [row] = await rows<Record<string, boolean>>(
		handle.db,
		sql`select
			(select rolsuper from pg_roles where rolname = current_user) as superuser,
			pg_has_role(current_user, c.relowner, 'MEMBER') as owner,
			has_table_privilege(current_user, 'audit_event', 'UPDATE') as update,
			has_table_privilege(current_user, 'audit_event', 'DELETE') as delete,
			has_table_privilege(current_user, 'audit_event', 'TRUNCATE') as truncate,
			has_table_privilege(current_user, 'audit_event', 'TRIGGER') as trigger,
			has_table_privilege(current_user, 'audit_chain', 'INSERT, UPDATE, DELETE, TRUNCATE') as chain
		from pg_class c where c.oid = 'audit_event'::regclass`
	);
	return Object.entries(row ?? {})
		.filter(([, v]) => v === true)
		.map(([k]) => k);
}

export class AuditOwnerError extends Error {}

/**
 * Refuses to run the app as a role that could rewrite the audit log unseen, unless the
 * operator said they accept it (`AUDIT_OWNER_ACCEPTED=1`): then it only returns the powers.
 */
export async function assertLeastPrivilege(
	handle: DatabaseHandle,
	accepted: boolean
): Promise<string[]> {
	const powers = await auditLogPowers(handle);
	if (!powers || powers.length === 0 || accepted) return powers ?? [];
	const role = await currentRole(handle.db);
	throw new AuditOwnerError(
		`The app's database role "${role}" can rewrite the audit log (${powers.join(', ')}). ` +
			'Run the app as a role with only SELECT and INSERT on audit_event and give the ' +
			'owner role to the migrations with DATABASE_OWNER_URL (docs/operations.md, ' +
			'"Database roles"), or set AUDIT_OWNER_ACCEPTED=1 to accept this.'
	);
}
