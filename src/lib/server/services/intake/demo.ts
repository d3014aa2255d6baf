import { intakeItems } from '../../db/schema';
import type { Tx } from '../../db/client';
import { addMonths } from '../../domain/surveys';
import { addDays } from '../../domain/dates';

/**
 * The intake inbox of the demo data set (issue 22, R-MAP-3): in the first county one note that
 * arrived last week and one that has waited four months unused — so the inbox and the
 * attention list's "intake items to destroy" show something on the first start. Notes only
 * (the demo makes no scans).
 */
export async function writeIntakeDemo(
	tx: Tx,
	input: { day: string; county: { id: string } | undefined; coordinatorId: string | null }
) {
	if (!input.county) return { intake: 0 };
	await tx.insert(intakeItems).values([
		{
			countyId: input.county.id,
			source: 'phone',
			receivedOn: addDays(input.day, -6),
			note: 'Demo: naaber helistas — eakas proua elab üksi küla serval, sooviks juttu ajada.',
			createdBy: input.coordinatorId
		},
		{
			countyId: input.county.id,
			source: 'paper',
			receivedOn: addMonths(input.day, -4),
			note: 'Demo: paberil kaardistuse leht raamatukogust; inimene ei soovinud lõpuks teenust.',
			createdBy: input.coordinatorId
		}
	]);
	return { intake: 2 };
}
