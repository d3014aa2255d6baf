import { and, eq, gt, isNull } from 'drizzle-orm';
import { userTokens } from '../../db/schema';
import { type TokenPurpose } from '../../domain/statuses';
import type { Tx } from '../../db/client';
import { invalid } from '../../errors';
import { generateToken, hashToken } from './tokens';

/** How long each kind of e-mail link lives. */
export const LINK_TTL_HOURS: Record<TokenPurpose, number> = {
	setup: 24,
	invite: 24 * 7,
	password_reset: 1
};

export async function issueLink(
	tx: Tx,
	purpose: TokenPurpose,
	userId: string | null,
	now: Date
): Promise<string> {
	const token = generateToken();
	await tx.insert(userTokens).values({
		id: hashToken(token),
		purpose,
		userId,
		createdAt: now,
		expiresAt: new Date(now.getTime() + LINK_TTL_HOURS[purpose] * 3600_000)
	});
	return token;
}

/** Is the link still usable? (For showing the form; using it is `consumeLink`.) */
export async function linkIsValid(
	tx: Tx,
	token: string,
	purpose: TokenPurpose,
	now: Date
): Promise<boolean> {
	const [row] = await tx
		.select({ id: userTokens.id })
		.from(userTokens)
		.where(
			and(
				eq(userTokens.id, hashToken(token)),
				eq(userTokens.purpose, purpose),
				isNull(userTokens.usedAt),
				gt(userTokens.expiresAt, now)
			)
		);
	return row !== undefined;
}

/**
 * Uses a link once: the conditional UPDATE lets exactly one request win even when two arrive
 * together. Throws "link invalid or expired" otherwise.
 */
export async function consumeLink(
	tx: Tx,
	token: string,
	purpose: TokenPurpose,
	now: Date
): Promise<{ userId: string | null }> {
	const [row] = await tx
		.update(userTokens)
		.set({ usedAt: now })
		.where(
			and(
				eq(userTokens.id, hashToken(token)),
				eq(userTokens.purpose, purpose),
				isNull(userTokens.usedAt),
				gt(userTokens.expiresAt, now)
			)
		)
		.returning({ userId: userTokens.userId });
	if (!row) throw invalid({}, 'auth.link_invalid');
	return row;
}

/**
 * The address e-mailed links point to: ORIGIN when set (production behind a proxy), otherwise
 * the local server. No trailing slash.
 */
export function publicBaseUrl(config: { ORIGIN?: string | undefined }): string {
	const base = config.ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`;
	return base.replace(/\/+$/, '');
}

/** The user a still-usable link belongs to, or null (used, expired, unknown or wrong kind). */
export async function linkUserId(
	tx: Tx,
	token: string,
	purpose: TokenPurpose,
	now: Date
): Promise<string | null> {
	const [row] = await tx
		.select({ userId: userTokens.userId })
		.from(userTokens)
		.where(
			and(
				eq(userTokens.id, hashToken(token)),
				eq(userTokens.purpose, purpose),
				isNull(userTokens.usedAt),
				gt(userTokens.expiresAt, now)
			)
		);
	return row?.userId ?? null;
}

/** Voids every unused link of one kind for a user (new invitation sent, password reset done). */
export async function revokeLinks(
	tx: Tx,
	userId: string,
	purpose: TokenPurpose,
	now: Date
): Promise<void> {
	await tx
		.update(userTokens)
		.set({ usedAt: now })
		.where(
			and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt))
		);
}
