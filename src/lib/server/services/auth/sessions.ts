import { and, eq, lt, or } from 'drizzle-orm';
import { roleGrants, sessions, users } from '../../db/schema';
import type { Database, Tx } from '../../db/client';
import { actorFromGrants, type Actor } from '../../policy/actor';
import { generateToken, hashToken } from './tokens';

export const SESSION_COOKIE = 'seltsiline_session';

export interface SessionSettings {
	idleMinutes: number;
	absoluteHours: number;
}

export interface NewSession {
	token: string;
	expiresAt: Date;
}

/** A new session with a fresh random id (never reused across logins). */
export async function createSession(
	tx: Tx,
	user: { id: string; securityVersion: number },
	now: Date,
	settings: SessionSettings,
	meta: { ip: string | null; userAgent: string | null }
): Promise<NewSession> {
	const token = generateToken();
	const expiresAt = new Date(now.getTime() + settings.absoluteHours * 3600_000);
	await tx.insert(sessions).values({
		id: hashToken(token),
		userId: user.id,
		securityVersion: user.securityVersion,
		createdAt: now,
		lastSeenAt: now,
		expiresAt,
		ip: meta.ip,
		userAgent: meta.userAgent?.slice(0, 300) ?? null
	});
	return { token, expiresAt };
}

export interface ValidSession {
	sessionId: string;
	actor: Actor;
	expiresAt: Date;
}

/**
 * Resolves a session token to its actor, or null when the session is unknown, past its
 * absolute or idle expiry, from before the user's last password/role change, or the user is
 * not active. Touches the idle clock at most once a minute.
 */
export async function validateSession(
	db: Database,
	token: string,
	now: Date,
	settings: SessionSettings
): Promise<ValidSession | null> {
	const id = hashToken(token);
	const [row] = await db
		.select({
			session: sessions,
			user: {
				id: users.id,
				name: users.name,
				email: users.email,
				locale: users.locale,
				status: users.status,
				securityVersion: users.securityVersion
			}
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, id))
		.limit(1);
	if (!row) return null;
	const idleDeadline = row.session.lastSeenAt.getTime() + settings.idleMinutes * 60_000;
	if (
		row.session.expiresAt.getTime() <= now.getTime() ||
		idleDeadline <= now.getTime() ||
		row.user.status !== 'active' ||
		row.user.securityVersion !== row.session.securityVersion
	) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
		await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
	}
	const grants = await db
		.select({
			role: roleGrants.role,
			countyId: roleGrants.countyId,
			volunteerId: roleGrants.volunteerId
		})
		.from(roleGrants)
		.where(eq(roleGrants.userId, row.user.id));
	return {
		sessionId: id,
		actor: actorFromGrants(row.user, grants),
		expiresAt: row.session.expiresAt
	};
}

export async function deleteSession(tx: Tx, sessionId: string): Promise<void> {
	await tx.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user (log out everywhere; password or role change). */
export async function deleteUserSessions(tx: Tx, userId: string): Promise<void> {
	await tx.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Database, now: Date, settings: SessionSettings) {
	const idleCutoff = new Date(now.getTime() - settings.idleMinutes * 60_000);
	await db
		.delete(sessions)
		.where(and(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff))));
}
