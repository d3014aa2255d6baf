import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { diaryEntries, diaryEntryVersions, pairings, users, volunteers } from '../../db/schema';
import { CONTACT_KINDS, HELP_PROFILES } from '../../domain/vocabulary';
import type { Tx } from '../../db/client';
import { conflict, invalid } from '../../errors';
import { isIsoDay } from '../../domain/dates';
import {
	DIARY_DESCRIPTION_MAX,
	DIARY_FLAG_NOTE_MAX,
	DIARY_MAX_MINUTES,
	DIARY_MIN_MINUTES,
	changedDiaryFields,
	contactDateError,
	isStale
} from '../../domain/diary';
import { can, pairingGivesAccess } from '../../policy/policy';
import { recordAudit } from '../core/audit';
import { listPage, pageRows } from '../core/paging';
import {
	requireClient,
	diaryEditor,
	diaryEntryColumns,
	diaryEntryResource,
	deniedOthersEntry,
	requireDiaryEntry,
	requireEditableDiaryEntry
} from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { emptyToNull, validate, wholeNumber } from '../core/validation';
import { claimSubmission, settleSubmission, submissionKeyOf } from '../core/submissions';
import { deleteDraft, keepDraftOnFailure, readDraft } from './diary-drafts';

/**
 * The client diary (klienditoimik, R-PAIR-3, R-PAIR-8): one entry per contact with the client.
 *
 * - Who: the paired volunteer for their own visits; the coordinator for their own contacts, or
 *   from a volunteer's paper diary (`fromPaper`, the volunteer named through the pairing).
 * - Reading is on the client ('diary:read'): a later volunteer of the same client sees the
 *   whole history, whoever wrote it (R-ROLE-6). Nothing here filters by volunteer.
 * - Never silently overwritten: a change names the version it was made from; a stale version
 *   is a conflict showing the newer text. The earlier version is kept (diary_entry_version)
 *   with who wrote it and when. A removal is soft (`removedAt`, `removedBy`) and audited:
 *   mileage and reports read the entries, removed ones stay for history.
 * - A long text is never lost: when a save fails (invalid input, conflict) or on "save draft",
 *   the form is kept in diary_draft for that user, client and entry, and restored on the form
 *   (diary-drafts.ts).
 */

const isoDay = z.string().refine(isIsoDay, 'error.date');

/** A checkbox list from a form: one value, several, or none. */
const profileList = z.preprocess(
	(v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
	z.array(z.enum(HELP_PROFILES, { message: 'error.choice' })).max(4)
);
/** A checkbox: present ("on", "true", "1") means yes. */
const checkbox = z.preprocess(
	(v) => v === true || v === 'on' || v === 'true' || v === '1',
	z.boolean()
);

const contentSchema = z.object({
	contactDate: isoDay,
	contactKind: z.preprocess(
		emptyToNull,
		z.enum(CONTACT_KINDS, { message: 'error.choice' }).nullish().default('home_visit')
	),
	helpProfiles: profileList.optional(),
	// Digits only: `1e2`, `0x1E` and `Infinity` are not minutes (issue 17).
	durationMinutes: wholeNumber('diary.duration_invalid').pipe(
		z
			.number()
			.min(DIARY_MIN_MINUTES, 'diary.duration_invalid')
			.max(DIARY_MAX_MINUTES, 'diary.duration_invalid')
	),
	description: z
		.string({ message: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(DIARY_DESCRIPTION_MAX, 'error.too_long'),
	flagged: checkbox.optional(),
	flagNote: z.preprocess(
		emptyToNull,
		z.string().trim().max(DIARY_FLAG_NOTE_MAX, 'error.too_long').nullish()
	)
});

const entrySchema = contentSchema.extend({
	/**
	 * Optional, for a coordinator entering a paper diary (R-PAIR-8): the pairing whose volunteer
	 * met the client. Ignored when the paired volunteer writes their own entry.
	 */
	pairingId: z.preprocess(emptyToNull, z.string().uuid('error.choice').nullish())
});

const updateSchema = contentSchema.extend({
	version: z.coerce.number({ message: 'error.form_invalid' }).int().min(1)
});

type Content = z.infer<typeof contentSchema>;

function normalise(data: Content) {
	const flagged = data.flagged ?? false;
	return {
		contactDate: data.contactDate,
		contactKind: data.contactKind ?? 'home_visit',
		helpProfiles: [...new Set(data.helpProfiles ?? [])].sort(),
		durationMinutes: data.durationMinutes,
		description: data.description,
		flagged,
		// A note belongs to a flag; without the flag it is dropped.
		flagNote: flagged ? (data.flagNote ?? null) : null
	};
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

interface DiaryPageOptions {
	page?: number;
	pageSize?: number;
}

/**
 * One page of the client's diary, newest first, removed entries left out (index
 * diary_entry_client_date_idx; one query with the names joined). For those who manage the
 * diary, the flagged entries nobody has marked seen come first, on page 1 (R-PAIR-3).
 * Audited (`diary.view`, counts only).
 */
export async function diaryPage(
	ctx: ServiceContext,
	clientId: string,
	opts: DiaryPageOptions = {}
) {
	const { row, resource } = await requireClient(ctx, clientId, 'diary:read', 'diary.view');
	const paging = listPage(opts, { size: 25, maxSize: 200, maxPage: 10_000 });
	const rows = await ctx.db
		.select(diaryEntryColumns)
		.from(diaryEntries)
		.leftJoin(volunteers, eq(volunteers.id, diaryEntries.volunteerId))
		.leftJoin(diaryEditor, eq(diaryEditor.id, diaryEntries.updatedBy))
		.where(and(eq(diaryEntries.clientId, clientId), isNull(diaryEntries.removedAt)))
		.orderBy(desc(diaryEntries.contactDate), desc(diaryEntries.createdAt), desc(diaryEntries.id))
		.limit(paging.limit)
		.offset(paging.offset);
	const manage = can(ctx.actor, 'diary:manage', resource, today(ctx));
	const flagged =
		manage && paging.page === 1
			? await ctx.db
					.select(diaryEntryColumns)
					.from(diaryEntries)
					.leftJoin(volunteers, eq(volunteers.id, diaryEntries.volunteerId))
					.leftJoin(diaryEditor, eq(diaryEditor.id, diaryEntries.updatedBy))
					.where(
						and(
							eq(diaryEntries.clientId, clientId),
							eq(diaryEntries.flagged, true),
							isNull(diaryEntries.flagSeenAt),
							isNull(diaryEntries.removedAt)
						)
					)
					.orderBy(desc(diaryEntries.contactDate), desc(diaryEntries.createdAt))
					.limit(50)
			: [];
	const { rows: shown, hasMore } = pageRows(rows, paging);
	await recordAudit(ctx.db, ctx, {
		action: 'diary.view',
		entityType: 'client',
		entityId: clientId,
		countyId: row.countyId,
		details: { count: shown.length, page: paging.page }
	});
	const withRights = (e: (typeof rows)[number]) => ({
		...e,
		canEdit: can(ctx.actor, 'diary_entry:edit', diaryEntryResource(resource, e), today(ctx))
	});
	return {
		clientId,
		client: { id: row.id, firstName: row.firstName, lastName: row.lastName },
		canAdd: can(ctx.actor, 'diary:create', resource, today(ctx)),
		rows: shown.map(withRights),
		flagged: flagged.map(withRights),
		hasMore,
		page: paging.page,
		manage
	};
}

/** The first page of the diary as a list (the client page shows the latest entries). */
export async function listDiary(ctx: ServiceContext, clientId: string, opts?: DiaryPageOptions) {
	return (await diaryPage(ctx, clientId, opts)).rows;
}

/** The pairing the acting volunteer reaches the client through today, if any. */
function ownAccessPairing(
	ownPairings: readonly (typeof pairings.$inferSelect)[],
	day: string
): typeof pairings.$inferSelect | undefined {
	return ownPairings
		.filter((p) => pairingGivesAccess(p, day))
		.sort((a, b) => (a.startsOn < b.startsOn ? 1 : a.startsOn > b.startsOn ? -1 : 0))[0];
}

/**
 * What the "add a visit" or "change an entry" form needs: the client's name, the volunteer's
 * pairing window (for the date field), the pairings a coordinator may enter a paper diary on,
 * the entry with its earlier versions, and the user's saved draft. `entryId` null: a new entry.
 */
export async function diaryForm(ctx: ServiceContext, clientId: string, entryId: string | null) {
	const action = entryId ? 'diary:update' : 'diary:create';
	const auditAction = entryId ? 'diary.view' : 'diary.create';
	const found = await requireClient(ctx, clientId, action, auditAction);
	const { row: client, resource, ownPairings } = found;
	const day = today(ctx);
	const manage = can(ctx.actor, 'diary:manage', resource, day);
	const own = ownAccessPairing(ownPairings, day);
	let entry: Awaited<ReturnType<typeof requireEditableDiaryEntry>> | null = null;
	let versions: Awaited<ReturnType<typeof entryVersions>> = [];
	if (entryId) {
		entry = await requireEditableDiaryEntry(ctx, found, entryId, 'diary.view');
		versions = await entryVersions(ctx.db, entryId);
	}
	// Paper diaries (R-PAIR-8): any pairing of the client that got as far as a first meeting.
	const pairingChoice =
		!entryId && manage && !own
			? await ctx.db
					.select({
						id: pairings.id,
						status: pairings.status,
						startsOn: pairings.startsOn,
						endsOn: pairings.endsOn,
						volunteerFirstName: volunteers.firstName,
						volunteerLastName: volunteers.lastName
					})
					.from(pairings)
					.innerJoin(volunteers, eq(volunteers.id, pairings.volunteerId))
					.where(and(eq(pairings.clientId, clientId), sql`${pairings.status} <> 'proposed'`))
					.orderBy(desc(pairings.startsOn))
			: [];
	const window = entry?.pairingId
		? await pairingWindow(ctx.db, entry.pairingId)
		: own
			? { startsOn: own.startsOn, endsOn: own.endsOn }
			: null;
	const draft = ctx.actor ? await readDraft(ctx, clientId, entryId) : null;
	await recordAudit(ctx.db, ctx, {
		action: entryId ? 'diary.view' : 'client.view',
		entityType: 'client',
		entityId: clientId,
		countyId: client.countyId,
		details: entryId ? { diaryEntryId: entryId, versions: versions.length } : { form: 'diary' }
	});
	return {
		client: { id: client.id, firstName: client.firstName, lastName: client.lastName },
		entry,
		versions,
		draft,
		pairingChoice,
		window,
		manage,
		canRemove: !!entry && !entry.removedAt,
		today: day,
		maxMinutes: DIARY_MAX_MINUTES
	};
}

async function pairingWindow(tx: Tx, pairingId: string) {
	const [p] = await tx
		.select({ startsOn: pairings.startsOn, endsOn: pairings.endsOn })
		.from(pairings)
		.where(eq(pairings.id, pairingId));
	return p ?? null;
}

/** Earlier versions, newest first, with who wrote each. */
async function entryVersions(tx: Tx, entryId: string) {
	return tx
		.select({
			version: diaryEntryVersions.version,
			contactDate: diaryEntryVersions.contactDate,
			contactKind: diaryEntryVersions.contactKind,
			helpProfiles: diaryEntryVersions.helpProfiles,
			durationMinutes: diaryEntryVersions.durationMinutes,
			description: diaryEntryVersions.description,
			flagged: diaryEntryVersions.flagged,
			flagNote: diaryEntryVersions.flagNote,
			writtenAt: diaryEntryVersions.writtenAt,
			writtenByName: users.name
		})
		.from(diaryEntryVersions)
		.leftJoin(users, eq(users.id, diaryEntryVersions.writtenBy))
		.where(eq(diaryEntryVersions.entryId, entryId))
		.orderBy(desc(diaryEntryVersions.version));
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/**
 * Adds a diary entry: the paired volunteer for their meeting, or the coordinator (from a paper
 * diary, naming the pairing the meeting belonged to; without one, their own contact). The date
 * may not be in the future nor before the pairing started (nor on or after the day it ended).
 * A refused save keeps the form as the user's draft.
 */
export async function addDiaryEntry(ctx: ServiceContext, clientId: string, input: unknown) {
	const { row, ownPairings } = await requireClient(ctx, clientId, 'diary:create', 'diary.create');
	return keepDraftOnFailure(ctx, row, null, input, async () => {
		const { pairingId: chosenPairingId, ...content } = validate(entrySchema, input);
		const data = normalise(content);
		const day = today(ctx);
		const actor = ctx.actor!;
		let pairing = ownAccessPairing(ownPairings, day);
		let fromPaper = false;
		if (!pairing && chosenPairingId) {
			[pairing] = await ctx.db
				.select()
				.from(pairings)
				.where(
					and(
						eq(pairings.id, chosenPairingId),
						eq(pairings.clientId, clientId),
						sql`${pairings.status} <> 'proposed'`
					)
				);
			if (!pairing) throw invalid({ pairingId: 'error.choice' });
			fromPaper = true;
		}
		const e = contactDateError(data.contactDate, day, pairing ?? null);
		if (e) throw invalid({ contactDate: e });
		const key = submissionKeyOf(input);
		return ctx.db.transaction(async (tx) => {
			// Exactly once: a repeat of this form answers with the entry saved the first time.
			const prior = await claimSubmission(tx, ctx, key, 'diary_entry');
			if (prior) return prior[0]!;
			const [entry] = await tx
				.insert(diaryEntries)
				.values({
					clientId,
					countyId: row.countyId,
					pairingId: pairing?.id ?? null,
					volunteerId: pairing?.volunteerId ?? null,
					...data,
					fromPaper,
					createdBy: actor.userId,
					createdAt: ctx.now(),
					updatedAt: ctx.now()
				})
				.returning({ id: diaryEntries.id });
			await settleSubmission(tx, ctx, key, [entry!.id]);
			await deleteDraft(tx, actor.userId, clientId, null);
			await recordAudit(tx, ctx, {
				action: 'diary.create',
				entityType: 'client',
				entityId: clientId,
				countyId: row.countyId,
				details: {
					diaryEntryId: entry!.id,
					pairingId: pairing?.id ?? null,
					fromPaper,
					flagged: data.flagged
				}
			});
			return entry!.id;
		});
	});
}

/**
 * Changes an entry. `version` is the version the form was made from: if someone saved in
 * between, the change is refused with a conflict (the page shows the newer text and keeps the
 * user's own as a draft). The earlier version is kept with who wrote it and when. A volunteer
 * changes only their own entries, and only while they reach the client.
 */
export async function updateDiaryEntry(
	ctx: ServiceContext,
	clientId: string,
	entryId: string,
	input: unknown
) {
	const found = await requireClient(ctx, clientId, 'diary:update', 'diary.update');
	const client = found.row;
	const current = await requireEditableDiaryEntry(ctx, found, entryId, 'diary.update');
	return keepDraftOnFailure(ctx, client, entryId, input, async () => {
		const { version, ...content } = validate(updateSchema, input);
		const data = normalise(content);
		if (current.removedAt) throw conflict('diary.entry_removed');
		const window = current.pairingId ? await pairingWindow(ctx.db, current.pairingId) : null;
		const e = contactDateError(data.contactDate, today(ctx), window);
		if (e) throw invalid({ contactDate: e });
		const key = submissionKeyOf(input);
		await ctx.db.transaction(async (tx) => {
			// A repeat of a change that was saved is not a conflict with itself.
			if (await claimSubmission(tx, ctx, key, 'diary_update')) return;
			await settleSubmission(tx, ctx, key, [entryId]);
			const [locked] = await tx
				.select()
				.from(diaryEntries)
				.where(eq(diaryEntries.id, entryId))
				.for('update');
			if (!locked || locked.removedAt) throw conflict('diary.entry_removed');
			if (isStale(version, locked.version)) throw conflict('diary.conflict');
			const changed = changedDiaryFields(locked, data);
			if (changed.length === 0) return;
			await tx.insert(diaryEntryVersions).values({
				entryId,
				version: locked.version,
				contactDate: locked.contactDate,
				contactKind: locked.contactKind,
				helpProfiles: locked.helpProfiles,
				durationMinutes: locked.durationMinutes,
				description: locked.description,
				flagged: locked.flagged,
				flagNote: locked.flagNote,
				writtenBy: locked.updatedBy ?? locked.createdBy,
				writtenAt: locked.updatedAt
			});
			await tx
				.update(diaryEntries)
				.set({
					...data,
					// A newly raised flag is news for the coordinator again.
					flagSeenAt: data.flagged && !locked.flagged ? null : locked.flagSeenAt,
					version: locked.version + 1,
					updatedBy: ctx.actor!.userId,
					updatedAt: ctx.now()
				})
				.where(eq(diaryEntries.id, entryId));
			await deleteDraft(tx, ctx.actor!.userId, clientId, entryId);
			await recordAudit(tx, ctx, {
				action: 'diary.update',
				entityType: 'client',
				entityId: clientId,
				countyId: client.countyId,
				details: { diaryEntryId: entryId, version: locked.version + 1, fields: changed }
			});
		});
	});
}

const removeSchema = z.object({ version: z.coerce.number().int().min(1) });

/**
 * Removes an entry softly: it leaves the diary (and mileage stops counting it) but stays in the
 * database with who removed it and when. Same rights and version check as a change.
 */
export async function removeDiaryEntry(
	ctx: ServiceContext,
	clientId: string,
	entryId: string,
	input: unknown
) {
	const found = await requireClient(ctx, clientId, 'diary:update', 'diary.remove');
	const client = found.row;
	await requireEditableDiaryEntry(ctx, found, entryId, 'diary.remove');
	const { version } = validate(removeSchema, input);
	await ctx.db.transaction(async (tx) => {
		const [locked] = await tx
			.select()
			.from(diaryEntries)
			.where(eq(diaryEntries.id, entryId))
			.for('update');
		if (!locked || locked.removedAt) throw conflict('diary.entry_removed');
		if (isStale(version, locked.version)) throw conflict('diary.conflict');
		await tx
			.update(diaryEntries)
			.set({ removedAt: ctx.now(), removedBy: ctx.actor!.userId })
			.where(eq(diaryEntries.id, entryId));
		await recordAudit(tx, ctx, {
			action: 'diary.remove',
			entityType: 'client',
			entityId: clientId,
			countyId: client.countyId,
			details: { diaryEntryId: entryId, version: locked.version }
		});
	});
}

/** The coordinator has read a flagged entry ("the coordinator should know", R-PAIR-3). */
export async function markFlagSeen(ctx: ServiceContext, clientId: string, entryId: string) {
	const { row: client, resource } = await requireClient(
		ctx,
		clientId,
		'diary:update',
		'diary.flag_seen'
	);
	if (!can(ctx.actor, 'diary:manage', resource, today(ctx))) {
		await deniedOthersEntry(ctx, client.countyId, clientId, entryId, 'diary.flag_seen');
	}
	await requireDiaryEntry(ctx, clientId, entryId, 'diary.flag_seen');
	await ctx.db.transaction(async (tx) => {
		await tx
			.update(diaryEntries)
			.set({ flagSeenAt: ctx.now() })
			.where(
				and(
					eq(diaryEntries.id, entryId),
					eq(diaryEntries.flagged, true),
					isNull(diaryEntries.flagSeenAt)
				)
			);
		await recordAudit(tx, ctx, {
			action: 'diary.flag_seen',
			entityType: 'client',
			entityId: clientId,
			countyId: client.countyId,
			details: { diaryEntryId: entryId }
		});
	});
}
