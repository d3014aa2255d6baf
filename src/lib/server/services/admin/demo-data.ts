import { and, count, eq, gt, inArray, isNull, like, lte, or } from 'drizzle-orm';
import { clients, counties, pairings, roleGrants, users, volunteers } from '../../db/schema';
import { PAIRING_ACCESS_STATUSES, type Role } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import { DEMO_ADMIN_EMAIL, DEMO_DOMAIN, writeDemoData } from '../../generator/demo';
import { logger } from '../../log';
import { hashPassword } from '../auth/passwords';
import { hasAdministrator } from '../auth/setup';
import { recordAudit } from '../core/audit';
import { today, type ServiceContext } from '../core/context';

/**
 * The demo data set (issue 2): `npm run demo` loads 15 counties' worth of coordinators,
 * volunteers, clients, pairings and diary entries and prints the demo logins, so a newcomer
 * can look around as each role within a minute. The data itself is the generator's demo
 * profile (generator/demo.ts); this service decides whether to load it and prints the logins.
 *
 * - Deterministic: a seeded PRNG and the day of loading decide every name, date and text.
 * - Idempotent: when the demo administrator exists, only the logins are printed again.
 * - Safe: refused (with a message; the server still starts) on a database that already holds
 *   clients or volunteers, so it never mixes with real people's data.
 * - Fast: one transaction, one argon2 hash shared by every demo account, multi-row inserts.
 * - True to the rules (issue 17, item 10): serving volunteers are vetted (extract, contract,
 *   base training) as activation requires, candidates are part of the way; clients have signed
 *   consents (scans in the file store) except a few due or late, which the attention list shows.
 *   A coordinator trained on the demo sees the gates work.
 *
 * Writes below the policy layer, like the test factories: loading demo data is not a user's
 * action. One audit event records the load (counts only).
 */

export {
	DEMO_ADMIN_EMAIL,
	DEMO_DOMAIN,
	DEMO_EXPERT_EMAIL,
	countySlug,
	planDemoData,
	type DemoCountyInput,
	type DemoPlan
} from '../../generator/demo';
/** Passes the password policy (domain/password-policy.ts, 15+ characters); public by design. */
export const DEMO_PASSWORD = 'demo seltsiline 2026';

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

export interface DemoLogin {
	role: Role;
	email: string;
	name: string;
	county: string | null;
	/** Volunteer accounts: clients reachable today. */
	clients?: number;
}

export interface DemoResult {
	status: 'loaded' | 'already_loaded' | 'refused';
	logins: DemoLogin[];
	reason?: string;
	counts?: Record<'users' | 'volunteers' | 'clients' | 'pairings' | 'diaryEntries', number>;
}

export interface DemoOptions {
	/** Where the logins block goes; stdout by default. */
	print?: (text: string) => void;
}

/** Loads the demo data set (once) and prints the demo logins. See the module comment. */
export async function loadDemoData(
	ctx: ServiceContext,
	opts: DemoOptions = {}
): Promise<DemoResult> {
	const print = opts.print ?? ((text: string) => process.stdout.write(text));
	const day = today(ctx);
	logger.warn('demo mode: demo data must never be loaded into a production database');

	const [existingAdmin] = await ctx.db
		.select({ id: users.id })
		.from(users)
		.where(eq(users.email, DEMO_ADMIN_EMAIL));
	if (existingAdmin) {
		const logins = await demoLogins(ctx.db, day);
		print(loginsBlock(baseUrl(ctx), logins));
		return { status: 'already_loaded', logins };
	}

	const refusal = await refusalReason(ctx.db);
	if (refusal) {
		logger.warn({ reason: refusal }, 'demo data not loaded');
		print(
			`\nSeltsiline demo: demo data NOT loaded — ${refusal}.\n` +
				'Demo data is only ever loaded into an empty database (no clients, no volunteers).\n\n'
		);
		return { status: 'refused', logins: [], reason: refusal };
	}

	// With no administrator, the start-up printed a one-time setup link just before this.
	const setupLinkPrinted = !(await hasAdministrator(ctx));
	const started = Date.now();
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const counts = await ctx.db.transaction(async (tx) => {
		const result = await writeDemoData(tx, day, passwordHash, ctx.files);
		await recordAudit(tx, ctx, {
			action: 'demo.load',
			entityType: 'system',
			details: { ...result }
		});
		return result;
	});
	logger.info({ ...counts, ms: Date.now() - started }, 'demo data loaded');
	const logins = await demoLogins(ctx.db, day);
	print(loginsBlock(baseUrl(ctx), logins, setupLinkPrinted));
	return { status: 'loaded', logins, counts };
}

/** Why demo data may not go into this database, or null when it may. */
async function refusalReason(tx: Tx): Promise<string | null> {
	const [c] = await tx.select({ n: count() }).from(clients);
	const [v] = await tx.select({ n: count() }).from(volunteers);
	if ((c?.n ?? 0) > 0 || (v?.n ?? 0) > 0) {
		return `the database already holds ${c?.n ?? 0} client(s) and ${v?.n ?? 0} volunteer(s) that are not demo data`;
	}
	const [u] = await tx
		.select({ n: count() })
		.from(users)
		.where(like(users.email, `%@${DEMO_DOMAIN}`));
	if ((u?.n ?? 0) > 0) return 'some demo accounts exist but the demo administrator is missing';
	return null;
}

const ROLE_ORDER: Record<Role, number> = { admin: 0, expert: 1, coordinator: 2, volunteer: 3 };

/** The demo accounts as they are in the database now. */
async function demoLogins(tx: Tx, day: string): Promise<DemoLogin[]> {
	const rows = await tx
		.select({
			email: users.email,
			name: users.name,
			role: roleGrants.role,
			county: counties.name,
			volunteerId: roleGrants.volunteerId
		})
		.from(users)
		.innerJoin(roleGrants, eq(roleGrants.userId, users.id))
		.leftJoin(counties, eq(counties.id, roleGrants.countyId))
		.where(and(like(users.email, `%@${DEMO_DOMAIN}`), eq(users.status, 'active')));
	const volunteerIds = rows.flatMap((r) => (r.volunteerId ? [r.volunteerId] : []));
	const reach = volunteerIds.length
		? await tx
				.select({ volunteerId: pairings.volunteerId, n: count() })
				.from(pairings)
				.where(
					and(
						inArray(pairings.volunteerId, volunteerIds),
						inArray(pairings.status, [...PAIRING_ACCESS_STATUSES]),
						lte(pairings.startsOn, day),
						or(isNull(pairings.endsOn), gt(pairings.endsOn, day))
					)
				)
				.groupBy(pairings.volunteerId)
		: [];
	const volunteerCounty = volunteerIds.length
		? await tx
				.select({ id: volunteers.id, county: counties.name })
				.from(volunteers)
				.innerJoin(counties, eq(counties.id, volunteers.countyId))
				.where(inArray(volunteers.id, volunteerIds))
		: [];
	return rows
		.map((r) => ({
			role: r.role,
			email: r.email,
			name: r.name,
			county: r.county ?? volunteerCounty.find((v) => v.id === r.volunteerId)?.county ?? null,
			...(r.volunteerId
				? { clients: reach.find((x) => x.volunteerId === r.volunteerId)?.n ?? 0 }
				: {})
		}))
		.sort(
			(a, b) =>
				ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
				(a.county ?? '').localeCompare(b.county ?? '', 'et') ||
				a.email.localeCompare(b.email)
		);
}

function baseUrl(ctx: ServiceContext): string {
	return (ctx.config.ORIGIN ?? `http://localhost:${process.env.PORT ?? '3000'}`).replace(/\/$/, '');
}

const ROLE_LABEL: Record<Role, string> = {
	admin: 'Administrator (administraator)',
	expert: 'Expert (ekspert)',
	coordinator: 'Coordinator (koordinaator)',
	volunteer: 'Volunteer (vabatahtlik)'
};

/** The text block with the URL and the logins per role. */
export function loginsBlock(
	url: string,
	logins: readonly DemoLogin[],
	setupLinkPrinted = false
): string {
	const line = '='.repeat(78);
	const out = [
		'',
		line,
		' Seltsiline DEMO — made-up people only. Never load demo data into production.',
		line,
		` Open ${url} and log in with any account below.`,
		` Password for every demo account: ${DEMO_PASSWORD}`,
		''
	];
	for (const role of ['admin', 'expert', 'coordinator', 'volunteer'] as const) {
		const group = logins.filter((l) => l.role === role);
		if (group.length === 0) continue;
		out.push(` ${ROLE_LABEL[role]}`);
		for (const l of group) {
			const where = l.county ? l.county.replace(/ maakond$/, '') : '';
			const extra =
				l.clients === undefined ? '' : `  ${l.clients} client${l.clients === 1 ? '' : 's'} today`;
			out.push(`   ${l.email.padEnd(46)} ${where.padEnd(11)}${extra}`.trimEnd());
		}
		out.push('');
	}
	if (setupLinkPrinted) {
		out.push(' The one-time setup link printed above is not needed for the demo.', '');
	}
	out.push(line, '');
	return out.join('\n');
}
