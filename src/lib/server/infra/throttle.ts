import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { lt } from 'drizzle-orm';
import { rateLimits } from '../db/schema';
import type { Database } from '../db/client';
import { hashToken } from '../services/auth/tokens';

/**
 * Login throttling per account and per IP (issue 2), stored in the database so that it holds
 * across restarts and across processes on a PostgreSQL server. E-mail addresses and IP
 * addresses are personal data: the `rate_limit` table stores only the SHA-256 of each key.
 */
export interface LoginThrottle {
	/** Minutes until the key may try again, or 0 when it may. */
	blockedMinutes(accountKey: string, ip: string | null): Promise<number>;
	recordFailure(accountKey: string, ip: string | null): Promise<void>;
	recordSuccess(accountKey: string): Promise<void>;
	/** A generic limiter for other public forms (application form, password reset requests). */
	consume(bucket: string, key: string, perHour: number): Promise<boolean>;
	cleanup(now: Date): Promise<void>;
}

export function createLoginThrottle(
	db: Database,
	opts: { maxPerAccount: number; maxPerIp: number; blockMinutes: number }
): LoginThrottle {
	const duration = opts.blockMinutes * 60;
	const make = (keyPrefix: string, points: number, seconds: number) =>
		new RateLimiterDrizzle({
			storeClient: db,
			schema: rateLimits,
			keyPrefix,
			points,
			duration: seconds,
			clearExpiredByTimeout: false
		});
	const perAccount = make('login_account', opts.maxPerAccount, duration);
	const perIp = make('login_ip', opts.maxPerIp, duration);
	const buckets = new Map<string, RateLimiterDrizzle>();
	const k = (key: string) => hashToken(key);

	const used = (res: RateLimiterRes | null, max: number) =>
		res !== null && res.consumedPoints >= max
			? Math.max(1, Math.ceil(res.msBeforeNext / 60_000))
			: 0;

	return {
		async blockedMinutes(accountKey, ip) {
			const [a, i] = await Promise.all([
				perAccount.get(k(accountKey)),
				ip ? perIp.get(k(ip)) : Promise.resolve(null)
			]);
			return Math.max(used(a, opts.maxPerAccount), used(i, opts.maxPerIp));
		},
		async recordFailure(accountKey, ip) {
			await perAccount.penalty(k(accountKey), 1);
			if (ip) await perIp.penalty(k(ip), 1);
		},
		async recordSuccess(accountKey) {
			await perAccount.delete(k(accountKey));
		},
		async consume(bucket, key, perHour) {
			let limiter = buckets.get(`${bucket}:${perHour}`);
			if (!limiter) {
				limiter = make(bucket, perHour, 3600);
				buckets.set(`${bucket}:${perHour}`, limiter);
			}
			try {
				await limiter.consume(k(key), 1);
				return true;
			} catch (e) {
				if (e instanceof RateLimiterRes) return false;
				throw e;
			}
		},
		async cleanup(now) {
			await db.delete(rateLimits).where(lt(rateLimits.expire, now));
		}
	};
}
