import { upkeepDue } from './maintenance';

/**
 * When the audit log's hash chain is walked (issue 21): once soon after start-up, so the
 * administrator's page has a result, then every night in the upkeep hour (domain/maintenance.ts),
 * or after 48 hours at the latest on a server that sleeps at night.
 */
export function auditCheckDue(lastRun: Date | null, now: Date): boolean {
	return lastRun === null || upkeepDue(lastRun, now);
}
