import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import {
	documents,
	mailOutbox,
	recruitmentOutcomes,
	volunteerApplications,
	volunteers
} from '../../db/schema';
import { recordAudit } from '../core/audit';
import { authorize } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { tallinnDay } from '../../domain/dates';
import { validate } from '../core/validation';
import { deleteStoredFiles, purgeDocumentRows } from '../documents/purge';
import { recordDestruction } from '../core/destruction';
import { checked } from './application-validation';
import { CONFIRMATION_SUBJECTS } from './public-application';
import { lockForStep, requireApplication } from './recruitment';

/**
 * The two decisions on an application (R-VOL-4, R-VOL-6): selected — the volunteer record is
 * made from it — or not selected — it is destroyed with its notes and files, leaving only an
 * anonymous outcome.
 */

/**
 * Selects the candidate (R-VOL-4): the volunteer record is made from the application (names,
 * contacts, county, municipality, settlement) with status "candidate" and linked to it; the
 * scanned application is moved to the volunteer's documents (R-VOL-5: the application of each
 * volunteer who starts is kept); an anonymous outcome is counted. Returns the volunteer's id.
 */
export async function selectApplication(ctx: ServiceContext, id: string): Promise<string> {
	const row = await requireApplication(ctx, id, 'application:manage', 'application.selected');
	await authorize(
		ctx,
		'volunteer:create',
		{ kind: 'county', countyId: row.countyId },
		{ action: 'volunteer.create', entityType: 'volunteer' }
	);
	return ctx.db.transaction(async (tx) => {
		const a = await lockForStep(tx, id, 'selected');
		const now = ctx.now();
		const [volunteer] = await tx
			.insert(volunteers)
			.values({
				countyId: a.countyId,
				municipalityId: a.municipalityId,
				status: 'candidate',
				firstName: a.firstName,
				lastName: a.lastName,
				email: a.email,
				phone: a.phone,
				settlement: a.settlement,
				createdBy: ctx.actor!.userId
			})
			.returning({ id: volunteers.id });
		const volunteerId = volunteer!.id;
		await tx
			.update(volunteerApplications)
			.set({
				status: 'selected',
				volunteerId,
				decidedBy: ctx.actor!.userId,
				decidedAt: now,
				updatedAt: now
			})
			.where(eq(volunteerApplications.id, id));
		const moved = await tx
			.update(documents)
			.set({ applicationId: null, volunteerId })
			.where(and(eq(documents.applicationId, id), eq(documents.kind, 'application')))
			.returning({ id: documents.id });
		await tx.insert(recruitmentOutcomes).values({
			countyId: a.countyId,
			decidedOn: today(ctx),
			outcome: 'selected',
			recruitmentChannelId: a.recruitmentChannelId,
			appliedOn: tallinnDay(a.submittedAt)
		});
		await recordAudit(tx, ctx, {
			action: 'volunteer.create',
			entityType: 'volunteer',
			entityId: volunteerId,
			countyId: a.countyId,
			details: { applicationId: id }
		});
		await recordAudit(tx, ctx, {
			action: 'application.selected',
			entityType: 'application',
			entityId: id,
			countyId: a.countyId,
			details: { volunteerId, documentsMoved: moved.length }
		});
		return volunteerId;
	});
}

const rejectSchema = z.object({ confirm: checked('application.reject.confirm_required') });

/**
 * Not selected (R-VOL-6): after an explicit confirmation the application, the interview
 * notes, their document rows and the candidate's confirmation mails are deleted in one
 * transaction, and an anonymous outcome (county, day, "not selected") is counted; the files
 * are deleted from the store after commit. The audit event names the (now empty) id only.
 */
export async function rejectApplication(ctx: ServiceContext, id: string, input: unknown) {
	const row = await requireApplication(ctx, id, 'application:manage', 'application.not_selected');
	validate(rejectSchema, input);
	const keys = await ctx.db.transaction(async (tx) => {
		const a = await lockForStep(tx, id, 'not_selected');
		const files = await tx
			.select({ sha256: documents.sha256 })
			.from(documents)
			.where(eq(documents.applicationId, id));
		const keys = await purgeDocumentRows(tx, { kind: 'application', applicationId: id });
		let mails = 0;
		if (a.email) {
			mails = (
				await tx
					.delete(mailOutbox)
					.where(
						and(
							eq(mailOutbox.toAddress, a.email),
							inArray(mailOutbox.subject, CONFIRMATION_SUBJECTS)
						)
					)
					.returning({ id: mailOutbox.id })
			).length;
		}
		await tx.delete(volunteerApplications).where(eq(volunteerApplications.id, id));
		await tx.insert(recruitmentOutcomes).values({
			countyId: a.countyId,
			decidedOn: today(ctx),
			outcome: 'not_selected',
			// The channel and the day it arrived stay countable (R-VOL-1); nothing names anyone.
			recruitmentChannelId: a.recruitmentChannelId,
			appliedOn: tallinnDay(a.submittedAt)
		});
		await recordAudit(tx, ctx, {
			action: 'application.not_selected',
			entityType: 'application',
			entityId: id,
			countyId: row.countyId,
			details: { documentsDeleted: keys.length, interviewed: a.status === 'interviewed' }
		});
		// The destruction register (issue 24): the rule R-VOL-6, counts and file hashes only.
		await recordDestruction(tx, ctx, {
			ruleKey: 'application_not_selected',
			itemKind: 'application',
			itemId: id,
			action: 'destroyed',
			countyId: a.countyId,
			performedBy: ctx.actor?.userId ?? null,
			rowsCount: 1 + keys.length + mails,
			fileSha256: files.map((f) => f.sha256)
		});
		return keys;
	});
	await deleteStoredFiles(ctx.files, keys);
}
