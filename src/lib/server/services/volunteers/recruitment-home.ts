import { applicationCounts } from './recruitment';
import { lateContractOriginals } from './volunteer-profile';
import type { ServiceContext } from '../core/context';

/**
 * The recruitment part of a coordinator's home page: new applications and arranged
 * interviews in their counties (the county's coordinator sees a new application at once,
 * R-VOL-2) and the volunteers whose hand-signed contract original is late (R-VOL-7). Null for
 * anyone who reads no applications (volunteers, experts).
 */
export async function recruitmentHome(ctx: ServiceContext) {
	const counts = await applicationCounts(ctx);
	if (!counts) return null;
	return { ...counts, lateContracts: (await lateContractOriginals(ctx)) ?? [] };
}

export type RecruitmentHome = NonNullable<Awaited<ReturnType<typeof recruitmentHome>>>;
