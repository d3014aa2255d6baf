import { authorize } from '../core/access';
import type { ServiceContext } from '../core/context';
import { runRetention } from './engine';

/** The administrator's "run now" (the daily job does the same as the engine, no actor). */
export async function runRetentionNow(ctx: ServiceContext) {
	await authorize(ctx, 'retention:manage', { kind: 'system' }, { action: 'retention.run' });
	return runRetention(ctx);
}
