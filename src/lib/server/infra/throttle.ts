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
	/**
	 * Takes one attempt for the account and the address *before* the password is checked, in
	 * one atomic upsert each (issue 17, item 4): of N attempts sent at once at most the limit
	 * get to a password check. Returns the minutes blocked (the attempt is refused) or 0.
	 */
	takeAttempt(accountKey: string, ip: string | null): Promise<number>;
	recordFailure(accountKey: string, ip: string | null): Promise<void>;
	/** A right password: the account's counter is cleared, the address gets its attempt back. */
	recordSuccess(accountKey: string, ip?: string | null): Promise<void>;
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
		async takeAttempt(accountKey, ip) {
			const take = async (limiter: RateLimiterDrizzle, key: string, max: number) => {
				try {
					await limiter.consume(k(key), 1);
					return 0;
				} catch (e) {
					if (e instanceof RateLimiterRes) return used(e, max) || 1;
					throw e;
				}
			};
			const account = await take(perAccount, accountKey, opts.maxPerAccount);
			if (account > 0) return account;
			return ip ? take(perIp, ip, opts.maxPerIp) : 0;
		},
		async recordFailure(accountKey, ip) {
			await perAccount.penalty(k(accountKey), 1);
			if (ip) await perIp.penalty(k(ip), 1);
		},
		async recordSuccess(accountKey, ip) {
			await perAccount.delete(k(accountKey));
			if (ip) await perIp.reward(k(ip), 1);
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
