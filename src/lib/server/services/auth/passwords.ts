import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password.normalize('NFKC'), OPTIONS);
}

/**
 * Verifies a password. With no stored hash (unknown or invited user) it still does the same
 * work against a dummy hash, so timing does not reveal whether the account exists.
 */
export async function verifyPassword(
	storedHash: string | null,
	password: string
): Promise<boolean> {
	const target = storedHash ?? (await dummyHash());
	try {
		const ok = await verify(target, password.normalize('NFKC'));
		return ok && storedHash !== null;
	} catch {
		return false;
	}
}

let dummy: Promise<string> | null = null;
function dummyHash(): Promise<string> {
	dummy ??= hash('not-a-real-password-' + Math.random(), OPTIONS);
	return dummy;
}
