import type { Database } from '../../db/client';
import { tallinnDay } from '../../domain/dates';
import type { Actor } from '../../policy/actor';
import type { AppConfig } from '../../config';
import type { Mailer } from '../../infra/mail';
import type { LoginThrottle } from '../../infra/throttle';
import type { FileStore } from '../../infra/storage';

/**
 * One gateway per request, bound to the user: built in hooks.server.ts and passed to every
 * service call. Services never reach a global database.
 */
export interface ServiceContext {
	db: Database;
	actor: Actor | null;
	requestId: string;
	ip: string | null;
	config: AppConfig;
	mailer: Mailer;
	throttle: LoginThrottle;
	/** Where the bytes of documents live (infra/storage.ts); read only through documents/documents.ts. */
	files: FileStore;
	/** The clock, injectable for tests of dates and expiry. */
	now(): Date;
}

export function today(ctx: Pick<ServiceContext, 'now'>): string {
	return tallinnDay(ctx.now());
}

/** A copy of the context acting as another actor (same request, same database). */
export function withActor(ctx: ServiceContext, actor: Actor | null): ServiceContext {
	return { ...ctx, actor };
}
