import { createHash } from 'node:crypto';
import { documents, paperDiaryMonths } from '../../db/schema';
import type { Tx } from '../../db/client';
import { addDays } from '../../domain/dates';
import { paperDiaryDestroyDueOn } from '../../domain/paper';
import { addMonths } from '../../domain/surveys';
import { newStorageKey, type FileStore } from '../../infra/storage';

/**
 * The papers of the demo data set (issue 22), written by the generator's demo profile:
 *
 * - a signed good-will agreement (a one-page PDF) on every pairing that has begun and whose
 *   client signed the consent, so that only a few pairings show "good-will agreement missing";
 * - for up to two pairings of a volunteer without an account in the first county (they keep a
 *   paper diary, the coordinator enters it): three months of paper pages — three months ago
 *   entered but not destroyed (past its due day: on the attention list), two months ago
 *   destroyed, last month received and not yet entered.
 */
export async function writePaperDemo(
	tx: Tx,
	input: {
		day: string;
		files: FileStore | undefined;
		pdf: Uint8Array;
		pairings: {
			id: string;
			clientId: string;
			countyId: string;
			status: string;
			startsOn: string;
			paperDiary: boolean;
			consented: boolean;
		}[];
		coordinatorOf: (countyId: string) => string | null;
	}
): Promise<{ goodwill: number; paperMonths: number }> {
	const { day } = input;
	let goodwill = 0;
	if (input.files) {
		const sha256 = createHash('sha256').update(input.pdf).digest('hex');
		const rows = [];
		for (const p of input.pairings) {
			if (p.status === 'proposed' || !p.consented || p.startsOn > day) continue;
			const storageKey = newStorageKey('documents', new Date(`${day}T08:00:00Z`));
			await input.files.put(storageKey, input.pdf, 'application/pdf');
			const uploadedOn = addDays(p.startsOn, 1) < day ? addDays(p.startsOn, 1) : day;
			rows.push({
				countyId: p.countyId,
				kind: 'goodwill_agreement' as const,
				clientId: p.clientId,
				pairingId: p.id,
				fileName: 'heatahtlikkuse-kokkulepe.pdf',
				mediaType: 'application/pdf',
				sizeBytes: input.pdf.byteLength,
				sha256,
				storageKey,
				uploadedBy: input.coordinatorOf(p.countyId),
				uploadedAt: new Date(`${uploadedOn}T10:00:00Z`)
			});
		}
		for (let i = 0; i < rows.length; i += 500) {
			await tx.insert(documents).values(rows.slice(i, i + 500));
		}
		goodwill = rows.length;
	}

	const monthOf = (months: number) => `${addMonths(day, months).slice(0, 7)}-01`;
	const third = (month: string) => addDays(addMonths(month, 1), 2);
	const [m3, m2, m1] = [monthOf(-3), monthOf(-2), monthOf(-1)];
	const paper = input.pairings
		.filter((p) => p.paperDiary && p.status === 'active' && p.startsOn <= m3)
		.slice(0, 2);
	const months = [];
	for (const p of paper) {
		const by = input.coordinatorOf(p.countyId);
		const overdue = third(m3);
		const destroyed = third(m2);
		const recent = third(m1) <= day ? third(m1) : day;
		months.push(
			{
				pairingId: p.id,
				month: m3,
				pages: 4,
				receivedOn: overdue,
				destroyDueOn: paperDiaryDestroyDueOn(overdue),
				enteredOn: addDays(overdue, 2),
				enteredBy: by,
				recordedBy: by
			},
			{
				pairingId: p.id,
				month: m2,
				pages: 3,
				receivedOn: destroyed,
				destroyDueOn: paperDiaryDestroyDueOn(destroyed),
				enteredOn: addDays(destroyed, 1),
				enteredBy: by,
				destroyedOn: addDays(destroyed, 2),
				destroyedBy: by,
				recordedBy: by
			},
			{
				pairingId: p.id,
				month: m1,
				pages: 2,
				receivedOn: recent,
				destroyDueOn: paperDiaryDestroyDueOn(recent),
				recordedBy: by
			}
		);
	}
	if (months.length > 0) await tx.insert(paperDiaryMonths).values(months);
	return { goodwill, paperMonths: months.length };
}
