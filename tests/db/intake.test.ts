import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditEvents, documents, intakeItems } from '$lib/server/db/schema';
import { countyByName, seedClient, seedUser, seedVolunteer } from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import {
	addIntakeDocument,
	attachIntakeItem,
	createIntakeItem,
	destroyIntakeItem,
	getIntakeItem,
	listIntake
} from '$lib/server/services/intake/intake';
import { countyFolder } from '$lib/server/services/documents/county-folder';
import {
	deleteDocument,
	openDocument,
	uploadDocument
} from '$lib/server/services/documents/documents';
import { attentionCounts, attentionList } from '$lib/server/services/pairings/attention';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';
import { samplePdf, samplePng } from '../helpers/files';

/**
 * Issue 22: the county's project folder (R-DOC-1) and its intake inbox (R-MAP-3). Folder
 * documents go through the documents service, listed by kind; intake items are attached to the
 * client they turn into (the scans move to the client) or destroyed (files and rows gone, the
 * destruction audited without the note); unused items past three months are on the attention
 * list. Coordinators of another county, volunteers and the expert get nothing and change nothing.
 */

const NOW = new Date('2026-12-07T10:00:00Z');
const TODAY = '2026-12-07';

let t: TestDatabase;
let harju: string;
let tartu: string;
let admin: Actor;
let coordinator: Actor;
let tartuCoordinator: Actor;
let expert: Actor;
let volunteerActor: Actor;

const ctx = (actor: Actor | null, now = NOW) => t.ctx(actor, { now });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);

const item = async (id: string) =>
	(await db().select().from(intakeItems).where(eq(intakeItems.id, id)))[0];
const docsOf = (id: string) =>
	db()
		.select()
		.from(documents)
		.where(eq(documents.ownerRef, `intake_item:${id}`));

const NOTE = 'Naaber helistas: Maali Mets, 84, Kassari küla, üksi';

async function newItem(actor: Actor, over: Record<string, unknown> = {}, withScan = true) {
	return createIntakeItem(
		ctx(actor),
		{ countyId: harju, source: 'paper', receivedOn: TODAY, note: NOTE, ...over },
		withScan ? { name: 'kaardistus.pdf', bytes: await samplePdf('Kaardistus') } : null
	);
}

const storedFiles = () => t.files.list('documents/');

beforeAll(async () => {
	t = await createTestDatabase();
	harju = (await countyByName(db(), 'Harju maakond')).id;
	tartu = (await countyByName(db(), 'Tartu maakond')).id;
	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju }] }))
		.actor;
	tartuCoordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu }] }))
		.actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
	const v = await seedVolunteer(db(), { countyId: harju, status: 'active' });
	volunteerActor = (await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: v.id }] }))
		.actor;
});

afterAll(async () => {
	await t?.close();
});

describe('the county folder (R-DOC-1)', () => {
	it('lists the county’s documents by kind through the documents service, deletable with audit', async () => {
		const owner = { kind: 'county', countyId: harju } as const;
		const minutes = await uploadDocument(ctx(coordinator), owner, {
			kind: 'minutes',
			file: { name: 'protokoll.pdf', bytes: await samplePdf('Protokoll') }
		});
		await uploadDocument(ctx(coordinator), owner, {
			kind: 'recruitment_message',
			file: { name: 'plakat.png', bytes: samplePng() }
		});
		const folder = await countyFolder(ctx(coordinator));
		expect(folder.countyId).toBe(harju);
		const byKind = Object.fromEntries(folder.groups.map((g) => [g.kind, g.documents.length]));
		expect(byKind).toMatchObject({ minutes: 1, recruitment_message: 1, agenda: 0 });
		expect(folder.canUpload).toBe(true);
		expect((await lastEvent('document.list')).entityId).toBe(harju);

		// A wrong file is refused with its message; nothing is stored.
		const e = await appError(
			uploadDocument(ctx(coordinator), owner, {
				kind: 'agenda',
				file: { name: 'paevakord.pdf', bytes: new Uint8Array(0) }
			})
		);
		expect(e.fields.file).toBe('document.error.empty');
		expect((await countyFolder(ctx(coordinator))).total).toBe(2);

		const opened = await openDocument(ctx(coordinator), minutes.id);
		expect(opened.doc.fileName).toBe('protokoll.pdf');
		await deleteDocument(ctx(coordinator), minutes.id);
		expect((await countyFolder(ctx(coordinator))).total).toBe(1);
		expect((await lastEvent('document.delete')).entityId).toBe(harju);
	});

	it('another county’s coordinator, the expert and a volunteer neither read nor add', async () => {
		for (const actor of [tartuCoordinator, expert, volunteerActor]) {
			expect((await appError(countyFolder(ctx(actor), harju))).code).toBe('not_found');
			expect(
				(
					await appError(
						uploadDocument(
							ctx(actor),
							{ kind: 'county', countyId: harju },
							{ kind: 'minutes', file: { name: 'p.pdf', bytes: await samplePdf() } }
						)
					)
				).code
			).toBe('not_found');
		}
		// Tartu's coordinator opens their own county's folder.
		expect((await countyFolder(ctx(tartuCoordinator))).countyId).toBe(tartu);
		expect((await countyFolder(ctx(admin), harju)).total).toBe(1);
	});
});

describe('the intake inbox (R-MAP-3)', () => {
	it('keeps a note and its scan; bad input changes nothing', async () => {
		const id = await newItem(coordinator);
		expect((await item(id))!.note).toBe(NOTE);
		expect(await docsOf(id)).toHaveLength(1);
		expect((await docsOf(id))[0]!.kind).toBe('intake_form');

		const before = (await db().select().from(intakeItems)).length;
		const filesBefore = (await storedFiles()).length;
		const badFile = await appError(
			createIntakeItem(
				ctx(coordinator),
				{ countyId: harju, source: 'email', receivedOn: TODAY, note: 'x' },
				{ name: 'kiri.pdf', bytes: new TextEncoder().encode('MZ not a pdf') }
			)
		);
		expect(badFile.fields.file).toBe('document.error.not_what_name_says');
		const future = await appError(newItem(coordinator, { receivedOn: '2026-12-08' }));
		expect(future.fields.receivedOn).toBe('intake.error.future');
		const empty = await appError(newItem(coordinator, { note: ' ', source: 'fax' }));
		expect(empty.fields).toMatchObject({ note: 'error.required', source: 'error.choice' });
		expect((await db().select().from(intakeItems)).length).toBe(before);
		expect((await storedFiles()).length).toBe(filesBefore);

		// A note alone is fine; a resubmitted form makes one item.
		const key = '0d6b8c1e-3f7a-4b2e-8c91-5a4d3e2f1b0c';
		const a = await newItem(coordinator, { submissionKey: key, note: 'Telefon' }, false);
		const b = await newItem(coordinator, { submissionKey: key, note: 'Telefon' }, false);
		expect(b).toBe(a);
		expect(await docsOf(a)).toHaveLength(0);

		const list = await listIntake(ctx(coordinator));
		expect(list.items.find((i) => i.id === id)).toMatchObject({
			documents: 1,
			dueOn: '2027-03-07',
			overdue: false
		});
		// The log has the source and counts, never the note.
		const created = await lastEvent('intake.create', id);
		expect(JSON.stringify(created.details)).not.toContain('Maali');
	});

	it('attaches to the client it turned into: the scans move to the client, the item goes', async () => {
		const id = await newItem(coordinator);
		await addIntakeDocument(ctx(coordinator), id, {
			kind: 'other',
			file: { name: 'kiri.png', bytes: samplePng() }
		});
		const client = await seedClient(db(), {
			countyId: harju,
			firstName: 'Maali',
			lastName: 'Mets'
		});
		const view = await getIntakeItem(ctx(coordinator), id, 'Mets');
		expect(view.matches.map((c) => c.id)).toContain(client.id);

		await attachIntakeItem(ctx(coordinator), id, { clientId: client.id, version: '1' });
		expect(await item(id)).toBeUndefined();
		const moved = await db().select().from(documents).where(eq(documents.clientId, client.id));
		expect(moved).toHaveLength(2);
		expect(moved.every((d) => d.kind === 'intake_form' && d.ownerRef === null)).toBe(true);
		expect(moved[0]!.description).toBe(NOTE);
		const e = await lastEvent('intake.attach', id);
		expect(e.details).toEqual({ clientId: client.id, documents: 2 });
	});

	it('refuses to attach a note without a scan, to a client of a county the coordinator lacks, or a stale form', async () => {
		const noteOnly = await newItem(coordinator, {}, false);
		const client = await seedClient(db(), { countyId: harju });
		const e = await appError(
			attachIntakeItem(ctx(coordinator), noteOnly, { clientId: client.id, version: '1' })
		);
		expect(e.fields.clientId).toBe('intake.error.nothing_to_attach');
		expect(await item(noteOnly)).toBeDefined();

		const id = await newItem(coordinator);
		const tartuClient = await seedClient(db(), { countyId: tartu });
		expect(
			(
				await appError(
					attachIntakeItem(ctx(coordinator), id, { clientId: tartuClient.id, version: '1' })
				)
			).code
		).toBe('not_found');
		expect(
			(
				await appError(
					attachIntakeItem(ctx(coordinator), id, { clientId: client.id, version: '2' })
				)
			).code
		).toBe('conflict');
		expect(await docsOf(id)).toHaveLength(1);
	});

	it('destroys an item: files removed from the store, rows deleted, audited without the note', async () => {
		const id = await newItem(coordinator);
		const [doc] = await docsOf(id);
		expect(await t.files.exists(doc!.storageKey)).toBe(true);
		const refused = await appError(destroyIntakeItem(ctx(coordinator), id, { version: '1' }));
		expect(refused.fields.confirm).toBe('intake.error.confirm');
		expect(await item(id)).toBeDefined();

		await destroyIntakeItem(ctx(coordinator), id, { version: '1', confirm: 'on' });
		expect(await item(id)).toBeUndefined();
		expect(await docsOf(id)).toHaveLength(0);
		expect(await t.files.exists(doc!.storageKey)).toBe(false);
		const e = await lastEvent('intake.destroy', id);
		expect(e.outcome).toBe('success');
		expect(e.details).toEqual({ documents: 1, ageDays: 0, overdue: false });
		// Nothing in the database holds the note any more.
		const mentions = await db()
			.select({ id: auditEvents.id })
			.from(auditEvents)
			.where(sql`${auditEvents.details}::text like '%Maali%'`);
		expect(mentions).toEqual([]);
	});

	it('puts unused items past three months on the attention list', async () => {
		const old = await newItem(coordinator, { receivedOn: '2026-09-07' });
		const young = await newItem(coordinator, { receivedOn: '2026-09-08' });
		const list = await attentionList(ctx(coordinator));
		const ids = list.intake.rows.map((r) => r.id);
		expect(ids).toContain(old);
		expect(ids).not.toContain(young);
		expect(JSON.stringify(list.intake.rows)).not.toContain('Maali');
		expect((await attentionCounts(ctx(coordinator)))!.intakeDue).toBe(list.intake.total);
		expect((await lastEvent('attention.view')).details).toMatchObject({
			intakeDue: list.intake.total
		});
		// The next day the younger one is due too; another county's list never shows them.
		const tomorrow = await attentionList(ctx(coordinator, new Date('2026-12-08T10:00:00Z')));
		expect(tomorrow.intake.rows.map((r) => r.id)).toContain(young);
		const tartuList = await attentionList(ctx(tartuCoordinator));
		expect(tartuList.intake.rows.map((r) => r.id)).not.toContain(old);
		// Destroying it takes it off, and the log says it was overdue.
		await destroyIntakeItem(ctx(coordinator), old, { version: '1', confirm: 'on' });
		expect((await lastEvent('intake.destroy', old)).details).toMatchObject({ overdue: true });
		expect((await attentionList(ctx(coordinator))).intake.rows.map((r) => r.id)).not.toContain(old);
	});

	it('another county’s coordinator, a volunteer and the expert get nothing and change nothing', async () => {
		const id = await newItem(coordinator);
		const client = await seedClient(db(), { countyId: harju });
		for (const actor of [tartuCoordinator, volunteerActor, expert]) {
			const c = ctx(actor);
			expect((await appError(getIntakeItem(c, id))).code).toBe('not_found');
			const denied = await db()
				.select()
				.from(auditEvents)
				.where(eq(auditEvents.requestId, c.requestId));
			expect(denied.map((d) => [d.action, d.outcome])).toContainEqual(['intake.view', 'denied']);
			expect(
				(await appError(destroyIntakeItem(ctx(actor), id, { version: '1', confirm: 'on' }))).code
			).toBe('not_found');
			expect(
				(await appError(attachIntakeItem(ctx(actor), id, { clientId: client.id, version: '1' })))
					.code
			).toBe('not_found');
			expect((await appError(newItem(actor))).code).toBe('not_found');
			expect(
				(
					await appError(
						addIntakeDocument(ctx(actor), id, {
							kind: 'intake_form',
							file: { name: 'x.pdf', bytes: await samplePdf() }
						})
					)
				).code
			).toBe('not_found');
			const [doc] = await docsOf(id);
			expect((await appError(openDocument(ctx(actor), doc!.id))).code).toBe('not_found');
		}
		expect((await appError(listIntake(ctx(volunteerActor)))).code).toBe('not_found');
		expect((await appError(listIntake(ctx(expert)))).code).toBe('not_found');
		expect((await listIntake(ctx(tartuCoordinator))).items.map((i) => i.id)).not.toContain(id);
		expect(await item(id)).toBeDefined();
		expect(await docsOf(id)).toHaveLength(1);
		// The administrator reaches it.
		expect((await getIntakeItem(ctx(admin), id)).item.id).toBe(id);
	});
});
