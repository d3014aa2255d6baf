import type { Actor } from '$lib/server/policy/actor';
import type { ServiceContext } from '$lib/server/services/core/context';
import type { Locale } from '$lib/i18n';

declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
		}
		interface Locals {
			ctx: ServiceContext;
			actor: Actor | null;
			sessionId: string | null;
			locale: Locale;
			requestId: string;
			/** A save failed for lack of storage: the form page renders without reading. */
			writeFailed?: boolean;
		}
		interface PageData {
			locale?: Locale;
		}
	}
}

export {};
