import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { documents, socialPartners, volunteerApplications } from '$lib/server/db/schema';
import {
	countyByName,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import { AppError } from '$lib/server/errors';
import type { Actor } from '$lib/server/policy/actor';
import type { ServiceContext } from '$lib/server/services/core/context';
import {
	deleteDocument,
	documentAccess,
	documentSection,
	listDocuments,
	openDocument,
	readDocumentBytes,
	uploadDocument
} from '$lib/server/services/documents/documents';
import {
	deleteStoredFiles,
	purgeDocumentRows,
	sweepOrphanFiles
} from '$lib/server/services/documents/purge';
import type { DocumentOwner } from '$lib/server/services/documents/owners';
import { clientAccessLog } from '$lib/server/services/admin/audit-log';
import {
	createFileStore,
	createLocalFileStore,
	newStorageKey,
	type FileStore
} from '$lib/server/infra/storage';
import { loadConfig } from '$lib/server/config';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import {
	sampleDocx,
	sampleExe,
	sampleJpeg,
	sampleOdt,
	samplePdf,
	samplePng
} from '../helpers/files';
import { startS3 } from '../helpers/s3';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * The documents service (R-DOC-1, R-MAP-3): type by content, size limit, SHA-256, nothing
 * left behind by a failed upload, policy and audit on every download, purge for R-VOL-6.
 */
const NOW = new Date('2026-11-23T10:00:00Z');

let t: TestDatabase;
let harju: { id: string };
let tartu: { id: string };
let admin: Actor;
let coordinator: Actor;
let tartuCoordinator: Actor;
let expert: Actor;
let client: { id: string };
let pdf: Uint8Array;

const ctx = (actor: Actor | null) => t.ctx(actor, { now: NOW });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);
const clientOwner = (): DocumentOwner => ({ kind: 'client', clientId: client.id });

async function counts() {
	const rows = await db().select({ id: documents.id }).from(documents);
	return { rows: rows.length, files: (await t.files.list()).length };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
	t = await createTestDatabase();
	harju = await countyByName(db(), 'Harju maakond');
	tartu = await countyByName(db(), 'Tartu maakond');
	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju.id }] }))
		.actor;
	tartuCoordinator = (
		await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu.id }] })
	).actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
	client = await seedClient(db(), { countyId: harju.id });
	pdf = await samplePdf();
});

afterAll(async () => {
	await t?.close();
});

describe('uploadDocument: type from the content', () => {
	const cases: [string, () => Uint8Array | Promise<Uint8Array>, string][] = [
		['scan-nousolek', () => samplePdf(), 'application/pdf'],
		['pilt', () => samplePng(), 'image/png'],
		['foto.bin', () => sampleJpeg(), 'image/jpeg'],
		[
			'leping',
			() => sampleDocx(),
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
		],
		['protokoll.dat', () => sampleOdt(), 'application/vnd.oasis.opendocument.text']
	];
	for (const [name, make, mediaType] of cases) {
		it(`accepts ${mediaType} whatever its name (${name})`, async () => {
			const bytes = await make();
			const doc = await uploadDocument(ctx(coordinator), clientOwner(), {
				kind: 'consent',
				file: { name, bytes },
				description: 'allkirjastatud'
			});
			expect(doc).toMatchObject({
				mediaType,
				sizeBytes: bytes.byteLength,
				sha256: sha(bytes),
				fileName: name,
				clientId: client.id,
				countyId: harju.id,
				uploadedBy: coordinator.userId,
				canDelete: true
			});
			const [row] = await db().select().from(documents).where(eq(documents.id, doc.id));
			expect(await t.files.exists(row!.storageKey)).toBe(true);
			expect(row!.storageKey).toMatch(/^documents\/2026\/11\/[0-9a-f-]{36}$/);
			expect(Buffer.from(await t.files.get(row!.storageKey)).equals(Buffer.from(bytes))).toBe(true);
			const event = await lastEvent('document.upload');
			expect(event).toMatchObject({
				entityType: 'client',
				entityId: client.id,
				countyId: harju.id,
				outcome: 'success'
			});
			expect(event!.details).toMatchObject({ documentId: doc.id, kind: 'consent', mediaType });
			// No file name or description in the log (could carry personal data).
			expect(JSON.stringify(event!.details)).not.toContain(name);
			expect(JSON.stringify(event!.details)).not.toContain('allkirjastatud');
		});
	}

	it('accepts a File object as a form post gives it', async () => {
		const file = new File([pdf as BlobPart], 'Nõusolek Mäe.pdf', { type: 'application/pdf' });
		const doc = await uploadDocument(ctx(admin), clientOwner(), { kind: 'consent', file });
		expect(doc.fileName).toBe('Nõusolek Mäe.pdf');
		expect(doc.mediaType).toBe('application/pdf');
	});

	it('keeps only a tidy last segment of the uploader’s file name', async () => {
		const doc = await uploadDocument(ctx(coordinator), clientOwner(), {
			kind: 'other',
			file: { name: 'C:\\fakepath\\..\\"evil"\r\nname.pdf', bytes: pdf }
		});
		expect(doc.fileName).toBe('_evil___name.pdf');
	});
});

describe('uploadDocument: refusals store nothing', () => {
	async function refused(
		file: { name: string; bytes: Uint8Array } | null,
		c: ServiceContext = ctx(coordinator)
	) {
		const before = await counts();
		const err = await appError(
			uploadDocument(c, clientOwner(), {
				kind: 'consent',
				file: file as { name: string; bytes: Uint8Array }
			})
		);
		expect(err.code).toBe('invalid');
		expect(await counts()).toEqual(before);
		return err.fields.file;
	}

	it('refuses a renamed .exe and a text file named .pdf', async () => {
		expect(await refused({ name: 'nousolek.pdf', bytes: sampleExe() })).toBe(
			'document.error.not_what_name_says'
		);
		const text = new TextEncoder().encode('See ei ole PDF, vaid tavaline tekst.\n');
		expect(await refused({ name: 'nousolek.pdf', bytes: text })).toBe(
			'document.error.not_what_name_says'
		);
		expect(await refused({ name: 'markmed.txt', bytes: text })).toBe('document.error.type');
		expect(await refused({ name: 'programm.exe', bytes: sampleExe() })).toBe('document.error.type');
	});

	it('refuses a ZIP that is not a document, and an HTML page', async () => {
		const { makeZip } = await import('$lib/server/files/zip');
		expect(await refused({ name: 'arhiiv.docx', bytes: makeZip({ 'a.txt': 'x' }) })).toBe(
			'document.error.not_what_name_says'
		);
		const html = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
		expect(await refused({ name: 'leht.png', bytes: html })).toBe(
			'document.error.not_what_name_says'
		);
	});

	it('refuses broken files: cut short PDF, PNG, JPEG, DOCX, ODT', async () => {
		const half = (b: Uint8Array) => b.slice(0, Math.floor(b.length / 2));
		for (const [name, bytes] of [
			['a.pdf', pdf],
			['a.png', samplePng()],
			['a.jpg', sampleJpeg()],
			['a.docx', sampleDocx()],
			['a.odt', sampleOdt()]
		] as const) {
			expect(await refused({ name, bytes: half(bytes) }), name).toMatch(
				/^document\.error\.(broken|not_what_name_says)$/
			);
		}
		// A PDF whose end is missing is recognised as a PDF but is not whole.
		expect(await refused({ name: 'a.pdf', bytes: half(pdf) })).toBe('document.error.broken');
	});

	it('refuses an empty file and a missing one', async () => {
		expect(await refused({ name: 'tyhi.pdf', bytes: new Uint8Array() })).toBe(
			'document.error.empty'
		);
		expect(await refused({ name: '', bytes: new Uint8Array() })).toBe('document.error.no_file');
		expect(await refused(null)).toBe('document.error.no_file');
	});

	it('refuses a file over the limit: 20 MB by default, UPLOAD_MAX_MB when set', async () => {
		expect(t.config.UPLOAD_MAX_MB).toBe(20);
		const big = new Uint8Array(20 * 1024 * 1024 + 1);
		big.set(pdf);
		expect(await refused({ name: 'suur.pdf', bytes: big })).toBe('document.error.too_large');
		const small = { ...ctx(coordinator), config: { ...t.config, UPLOAD_MAX_MB: 0.001 } };
		expect(await refused({ name: 'a.pdf', bytes: pdf }, small)).toBe('document.error.too_large');
		// Exactly at the limit is fine.
		const exact = {
			...ctx(coordinator),
			config: { ...t.config, UPLOAD_MAX_MB: pdf.length / 2 ** 20 }
		};
		await expect(
			uploadDocument(exact, clientOwner(), { kind: 'other', file: { name: 'a.pdf', bytes: pdf } })
		).resolves.toMatchObject({ sizeBytes: pdf.length });
	});

	it('refuses an unknown kind', async () => {
		const err = await appError(
			uploadDocument(ctx(coordinator), clientOwner(), {
				kind: 'passport' as 'other',
				file: { name: 'a.pdf', bytes: pdf }
			})
		);
		expect(err.fields).toEqual({ kind: 'document.error.kind' });
	});
});

describe('uploadDocument: a failure half-way leaves no row and no file', () => {
	it('when the database fails after the file was written', async () => {
		const before = await counts();
		const base = ctx(coordinator);
		const failingDb = new Proxy(base.db, {
			get(target, prop, receiver) {
				if (prop === 'transaction') {
					return (fn: (tx: unknown) => Promise<unknown>) =>
						target.transaction(async (tx) => {
							await fn(tx);
							throw new Error('database went away');
						});
				}
				return Reflect.get(target, prop, receiver);
			}
		});
		let written: string | null = null;
		const watching: FileStore = {
			...base.files,
			put: async (key, bytes, type) => {
				written = key;
				await base.files.put(key, bytes, type);
			}
		};
		await expect(
			uploadDocument({ ...base, db: failingDb, files: watching }, clientOwner(), {
				kind: 'consent',
				file: { name: 'a.pdf', bytes: pdf }
			})
		).rejects.toThrow('database went away');
		expect(written).not.toBeNull();
		expect(await t.files.exists(written!)).toBe(false);
		expect(await counts()).toEqual(before);
	});

	it('when the file store fails while writing', async () => {
		const before = await counts();
		const base = ctx(coordinator);
		const broken: FileStore = {
			...base.files,
			put: async () => {
				throw new Error('disk full');
			}
		};
		await expect(
			uploadDocument({ ...base, files: broken }, clientOwner(), {
				kind: 'consent',
				file: { name: 'a.pdf', bytes: pdf }
			})
		).rejects.toThrow('disk full');
		expect(await counts()).toEqual(before);
	});

	it('when the pairing named does not belong to the client (checked in the transaction)', async () => {
		const other = await seedClient(db(), { countyId: harju.id });
		const volunteer = await seedVolunteer(db(), { countyId: harju.id });
		const pairing = await seedPairing(db(), {
			clientId: other.id,
			volunteerId: volunteer.id,
			startsOn: '2026-01-01'
		});
		const before = await counts();
		const err = await appError(
			uploadDocument(
				ctx(coordinator),
				{ kind: 'client', clientId: client.id, pairingId: pairing.id },
				{ kind: 'goodwill_agreement', file: { name: 'a.pdf', bytes: pdf } }
			)
		);
		expect(err.fields).toEqual({ pairingId: 'error.choice' });
		expect(await counts()).toEqual(before);
		// The right pairing works, and the document is listed under it.
		const ok = await uploadDocument(
			ctx(coordinator),
			{ kind: 'client', clientId: other.id, pairingId: pairing.id },
			{ kind: 'goodwill_agreement', file: { name: 'a.pdf', bytes: pdf } }
		);
		expect(ok.pairingId).toBe(pairing.id);
		const listed = await listDocuments(ctx(coordinator), {
			kind: 'client',
			clientId: other.id,
			pairingId: pairing.id
		});
		expect(listed.map((d) => d.id)).toEqual([ok.id]);
	});
});

describe('openDocument and listDocuments: policy and audit', () => {
	let docId: string;
	beforeAll(async () => {
		docId = (
			await uploadDocument(ctx(coordinator), clientOwner(), {
				kind: 'intake_form',
				file: { name: 'kaardistus.pdf', bytes: pdf }
			})
		).id;
	});

	it('downloads the same bytes, audited against the client', async () => {
		const { doc, bytes } = await openDocument(ctx(coordinator), docId);
		expect(Buffer.from(bytes).equals(Buffer.from(pdf))).toBe(true);
		expect(doc).toMatchObject({ id: docId, kind: 'intake_form', fileName: 'kaardistus.pdf' });
		expect(doc.uploadedByName).toBe(coordinator.name);
		const event = await lastEvent('document.download');
		expect(event).toMatchObject({
			actorUserId: coordinator.userId,
			entityType: 'client',
			entityId: client.id,
			countyId: harju.id,
			outcome: 'success'
		});
		expect(event!.details).toEqual({ documentId: docId, kind: 'intake_form' });
		// The client's "who looked at my data" shows the download.
		const log = await clientAccessLog(ctx(coordinator), client.id);
		expect(log.rows.some((r) => r.action === 'document.download' && r.outcome === 'success')).toBe(
			true
		);
	});

	it('lists the client’s documents with uploader, newest first, audited as a count', async () => {
		const list = await listDocuments(ctx(coordinator), clientOwner());
		expect(list.length).toBeGreaterThan(3);
		expect(list[0]!.uploadedAt.getTime()).toBeGreaterThanOrEqual(list.at(-1)!.uploadedAt.getTime());
		expect(list.find((d) => d.id === docId)).toMatchObject({
			uploadedByName: coordinator.name,
			canDelete: true
		});
		expect((await lastEvent('document.list'))!.details).toEqual({ count: list.length });
	});

	it('a coordinator of another county gets "not found" and a denied event', async () => {
		const err = await appError(openDocument(ctx(tartuCoordinator), docId));
		expect(err.code).toBe('not_found');
		const event = await lastEvent('document.download');
		expect(event).toMatchObject({
			actorUserId: tartuCoordinator.userId,
			outcome: 'denied',
			entityType: 'client',
			entityId: client.id
		});
		expect(event!.details).toMatchObject({ documentId: docId, permission: 'document:read' });
		expect((await appError(listDocuments(ctx(tartuCoordinator), clientOwner()))).code).toBe(
			'not_found'
		);
		expect(
			(
				await appError(
					uploadDocument(ctx(tartuCoordinator), clientOwner(), {
						kind: 'consent',
						file: { name: 'a.pdf', bytes: pdf }
					})
				)
			).code
		).toBe('not_found');
		expect((await appError(deleteDocument(ctx(tartuCoordinator), docId))).code).toBe('not_found');
	});

	it('an unknown or malformed id is "not found", audited', async () => {
		for (const id of ['00000000-0000-4000-8000-000000000000', "x'; drop table document; --"]) {
			expect((await appError(openDocument(ctx(admin), id))).code).toBe('not_found');
			const event = await lastEvent('document.download');
			expect(event).toMatchObject({ outcome: 'denied', entityType: 'document' });
		}
	});

	it('an expert may neither upload, list nor download documents', async () => {
		const up = await appError(
			uploadDocument(ctx(expert), clientOwner(), {
				kind: 'consent',
				file: { name: 'a.pdf', bytes: pdf }
			})
		);
		expect(up.code).toBe('forbidden');
		expect(await lastEvent('document.upload')).toMatchObject({
			actorUserId: expert.userId,
			outcome: 'denied'
		});
		expect((await appError(openDocument(ctx(expert), docId))).code).toBe('not_found');
		expect(await lastEvent('document.download')).toMatchObject({
			actorUserId: expert.userId,
			outcome: 'denied'
		});
		expect((await appError(listDocuments(ctx(expert), clientOwner()))).code).toBe('forbidden');
		expect(await documentSection(ctx(expert), clientOwner())).toBeNull();
	});

	it('a paired volunteer does not get the client’s documents', async () => {
		const volunteer = await seedVolunteer(db(), { countyId: harju.id });
		await seedPairing(db(), {
			clientId: client.id,
			volunteerId: volunteer.id,
			startsOn: '2026-01-01'
		});
		const { actor } = await seedUser(db(), {
			grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
		});
		expect((await appError(openDocument(ctx(actor), docId))).code).toBe('not_found');
		expect(await documentAccess(ctx(actor), clientOwner())).toEqual({
			read: false,
			upload: false,
			delete: false
		});
	});
});

describe('volunteer records', () => {
	it('a volunteer reads their own documents, never another volunteer’s', async () => {
		const mine = await seedVolunteer(db(), { countyId: harju.id });
		const theirs = await seedVolunteer(db(), { countyId: harju.id });
		const { actor } = await seedUser(db(), {
			grants: [{ role: 'volunteer', volunteerId: mine.id }]
		});
		const myContract = await uploadDocument(
			ctx(coordinator),
			{ kind: 'volunteer', volunteerId: mine.id },
			{ kind: 'contract', file: { name: 'leping.docx', bytes: sampleDocx() } }
		);
		const theirExtract = await uploadDocument(
			ctx(coordinator),
			{ kind: 'volunteer', volunteerId: theirs.id },
			{ kind: 'criminal_record_extract', file: { name: 'register.pdf', bytes: pdf } }
		);
		const list = await listDocuments(ctx(actor), { kind: 'volunteer', volunteerId: mine.id });
		expect(list.map((d) => d.id)).toEqual([myContract.id]);
		expect(list[0]!.canDelete).toBe(false);
		const { bytes } = await openDocument(ctx(actor), myContract.id);
		expect(bytes.byteLength).toBe(myContract.sizeBytes);

		expect((await appError(openDocument(ctx(actor), theirExtract.id))).code).toBe('not_found');
		expect(await lastEvent('document.download')).toMatchObject({
			actorUserId: actor.userId,
			outcome: 'denied',
			entityType: 'volunteer',
			entityId: theirs.id
		});
		expect(
			(await appError(listDocuments(ctx(actor), { kind: 'volunteer', volunteerId: theirs.id })))
				.code
		).toBe('not_found');
		// Nor may they upload or delete, even on their own record.
		expect(
			(
				await appError(
					uploadDocument(
						ctx(actor),
						{ kind: 'volunteer', volunteerId: mine.id },
						{ kind: 'other', file: { name: 'a.pdf', bytes: pdf } }
					)
				)
			).code
		).toBe('forbidden');
		expect((await appError(deleteDocument(ctx(actor), myContract.id))).code).toBe('forbidden');
	});
});

describe('deleteDocument', () => {
	it('removes the row and the file, audited; an expert may not', async () => {
		const doc = await uploadDocument(ctx(coordinator), clientOwner(), {
			kind: 'other',
			file: { name: 'vale.png', bytes: samplePng() }
		});
		const [row] = await db().select().from(documents).where(eq(documents.id, doc.id));
		expect((await appError(deleteDocument(ctx(expert), doc.id))).code).toBe('forbidden');
		await deleteDocument(ctx(coordinator), doc.id);
		expect(await db().select().from(documents).where(eq(documents.id, doc.id))).toEqual([]);
		expect(await t.files.exists(row!.storageKey)).toBe(false);
		const event = await lastEvent('document.delete');
		expect(event).toMatchObject({ outcome: 'success', entityType: 'client', entityId: client.id });
		expect(event!.details).toEqual({ documentId: doc.id, kind: 'other' });
		expect((await appError(openDocument(ctx(coordinator), doc.id))).code).toBe('not_found');
	});

	it('refuses a new document on an anonymised client', async () => {
		const gone = await seedClient(db(), { countyId: harju.id, status: 'anonymised' });
		const err = await appError(
			uploadDocument(
				ctx(coordinator),
				{ kind: 'client', clientId: gone.id },
				{ kind: 'consent', file: { name: 'a.pdf', bytes: pdf } }
			)
		);
		expect(err.messageKey).toBe('client.anonymised');
	});
});

describe('other owners: application, partner, county, ref', () => {
	it('uploads, lists and purges an application’s documents (R-VOL-6)', async () => {
		const [application] = await db()
			.insert(volunteerApplications)
			.values({
				countyId: harju.id,
				firstName: 'Kandi',
				lastName: 'Daat',
				consentGivenAt: NOW
			})
			.returning();
		const owner: DocumentOwner = { kind: 'application', applicationId: application!.id };
		const a = await uploadDocument(ctx(coordinator), owner, {
			kind: 'application',
			file: { name: 'avaldus.pdf', bytes: pdf }
		});
		await uploadDocument(ctx(coordinator), owner, {
			kind: 'interview_notes',
			file: { name: 'markmed.odt', bytes: sampleOdt() }
		});
		expect((await listDocuments(ctx(coordinator), owner)).length).toBe(2);
		expect((await appError(listDocuments(ctx(tartuCoordinator), owner))).code).toBe('not_found');
		expect((await appError(listDocuments(ctx(expert), owner))).code).toBe('not_found');

		const keep = await uploadDocument(ctx(coordinator), clientOwner(), {
			kind: 'consent',
			file: { name: 'a.pdf', bytes: pdf }
		});
		const keys = await db().transaction((tx) => purgeDocumentRows(tx, owner));
		expect(keys).toHaveLength(2);
		for (const k of keys) expect(await t.files.exists(k)).toBe(true);
		await deleteStoredFiles(t.files, keys);
		for (const k of keys) expect(await t.files.exists(k)).toBe(false);
		expect(
			await db().select().from(documents).where(eq(documents.applicationId, application!.id))
		).toEqual([]);
		expect((await appError(openDocument(ctx(coordinator), a.id))).code).toBe('not_found');
		// Nothing of other owners went with it.
		expect((await openDocument(ctx(coordinator), keep.id)).bytes.byteLength).toBe(pdf.length);
		// Deleting files that are already gone is no error.
		await deleteStoredFiles(t.files, keys);
	});

	it('a purge inside a transaction that rolls back deletes nothing', async () => {
		const before = await counts();
		await expect(
			db().transaction(async (tx) => {
				expect((await purgeDocumentRows(tx, clientOwner())).length).toBeGreaterThan(0);
				throw new Error('rollback');
			})
		).rejects.toThrow('rollback');
		expect(await counts()).toEqual(before);
		expect(await purgeDocumentRows(db(), { kind: 'client', clientId: 'not-a-uuid' })).toEqual([]);
	});

	it('partner and county documents are county-scoped', async () => {
		const [partner] = await db()
			.insert(socialPartners)
			.values({ countyId: tartu.id, name: 'Tartu raamatukogu', kind: 'library' })
			.returning();
		const pOwner: DocumentOwner = { kind: 'partner', partnerId: partner!.id };
		await uploadDocument(ctx(tartuCoordinator), pOwner, {
			kind: 'goodwill_agreement',
			file: { name: 'kokkulepe.pdf', bytes: pdf }
		});
		expect((await listDocuments(ctx(tartuCoordinator), pOwner)).length).toBe(1);
		expect((await appError(listDocuments(ctx(coordinator), pOwner))).code).toBe('not_found');

		const cOwner: DocumentOwner = { kind: 'county', countyId: harju.id };
		const minutes = await uploadDocument(ctx(coordinator), cOwner, {
			kind: 'minutes',
			file: { name: 'protokoll.pdf', bytes: pdf }
		});
		const countyDocs = await listDocuments(ctx(coordinator), cOwner);
		// Only county-level documents, not the client documents of the same county.
		expect(countyDocs.map((d) => d.id)).toEqual([minutes.id]);
		expect((await appError(listDocuments(ctx(tartuCoordinator), cOwner))).code).toBe('not_found');
	});

	it('ref owners (survey responses, mileage claims) are audited against the referenced record', async () => {
		const ref = `survey_response:${crypto.randomUUID()}`;
		const owner: DocumentOwner = { kind: 'ref', ownerRef: ref, countyId: harju.id };
		const doc = await uploadDocument(ctx(coordinator), owner, {
			kind: 'survey_scan',
			file: { name: 'kysitlus.jpg', bytes: sampleJpeg() }
		});
		expect(doc.ownerRef).toBe(ref);
		expect(await lastEvent('document.upload')).toMatchObject({
			entityType: 'survey_response',
			entityId: ref.split(':')[1]
		});
		expect((await openDocument(ctx(coordinator), doc.id)).doc.id).toBe(doc.id);
		expect((await appError(openDocument(ctx(tartuCoordinator), doc.id))).code).toBe('not_found');
		expect(Buffer.from(await readDocumentBytes(ctx(null), doc.id)).length).toBe(
			sampleJpeg().length
		);
		// A national ref (no county) is for the administrator only.
		const national: DocumentOwner = { kind: 'ref', ownerRef: 'report:q3-2026', countyId: null };
		await uploadDocument(ctx(admin), national, {
			kind: 'report',
			file: { name: 'aruanne.pdf', bytes: pdf }
		});
		expect((await appError(listDocuments(ctx(coordinator), national))).code).toBe('not_found');
		expect(
			(
				await appError(
					uploadDocument(
						ctx(admin),
						{ kind: 'ref', ownerRef: '../../etc/passwd', countyId: null },
						{ kind: 'report', file: { name: 'a.pdf', bytes: pdf } }
					)
				)
			).code
		).toBe('not_found');
	});
});

describe('integrity and housekeeping', () => {
	it('a stored file that changed is not served', async () => {
		const doc = await uploadDocument(ctx(coordinator), clientOwner(), {
			kind: 'other',
			file: { name: 'a.pdf', bytes: pdf }
		});
		const [row] = await db().select().from(documents).where(eq(documents.id, doc.id));
		const tampered = new Uint8Array(pdf);
		tampered[20] = tampered[20]! ^ 0xff;
		await t.files.put(row!.storageKey, tampered, 'application/pdf');
		const err = await appError(openDocument(ctx(coordinator), doc.id));
		expect(err.messageKey).toBe('document.error.integrity');
		await expect(readDocumentBytes(ctx(null), doc.id)).rejects.toThrow();
	});

	it('the orphan sweep removes old files no row points at, and nothing else', async () => {
		const oldOrphan = newStorageKey('documents', new Date('2026-09-10T00:00:00Z'));
		const freshOrphan = newStorageKey('documents', NOW);
		await t.files.put(oldOrphan, pdf, 'application/pdf');
		await t.files.put(freshOrphan, pdf, 'application/pdf');
		const kept = (await db().select({ k: documents.storageKey }).from(documents)).map((r) => r.k);
		const removed = await sweepOrphanFiles(db(), t.files, { now: NOW });
		expect(removed).toBe(1);
		expect(await t.files.exists(oldOrphan)).toBe(false);
		expect(await t.files.exists(freshOrphan)).toBe(true);
		for (const k of kept) expect(await t.files.exists(k)).toBe(true);
		await t.files.delete(freshOrphan);
	});

	it('the local store refuses keys that leave its folder', async () => {
		const store = createLocalFileStore(t.config.DATA_DIR + '/files');
		for (const key of ['../x', 'a/../../x', '/etc/passwd', 'a\\b', '', 'a//b']) {
			await expect(store.put(key, pdf, 'application/pdf'), key).rejects.toBeInstanceOf(AppError);
		}
		await expect(store.get('documents/none')).rejects.toMatchObject({ code: 'not_found' });
		await expect(store.openRead('documents/none')).rejects.toMatchObject({ code: 'not_found' });
		await expect(
			store.putFile('../x', join(t.config.DATA_DIR, 'none'), 'x')
		).rejects.toBeInstanceOf(AppError);
		await store.delete('documents/none');
		expect(await store.exists('documents/none')).toBe(false);
	});

	it('only the documents section of readable records is offered', async () => {
		const section = await documentSection(ctx(coordinator), clientOwner());
		expect(section).toMatchObject({ canUpload: true, maxMb: 20 });
		expect(section!.documents.length).toBeGreaterThan(0);
		expect(await documentSection(ctx(tartuCoordinator), clientOwner())).toBeNull();
	});
});

describe('S3-compatible storage (s3rver on 127.0.0.1, no network)', () => {
	it('stores, lists, reads and deletes documents through the same service', async () => {
		const s3 = await startS3();
		try {
			const config = loadConfig({ ...s3.env, DATA_DIR: t.config.DATA_DIR, LOG_LEVEL: 'silent' });
			const store = createFileStore(config);
			expect(await store.list()).toEqual([]);
			const c = { ...ctx(coordinator), files: store, config };
			const doc = await uploadDocument(c, clientOwner(), {
				kind: 'consent',
				file: { name: 'pilt.png', bytes: samplePng() }
			});
			const [row] = await db().select().from(documents).where(eq(documents.id, doc.id));
			expect(await store.exists(row!.storageKey)).toBe(true);
			expect(await store.list('documents/')).toEqual([row!.storageKey]);
			// Not on the local disk.
			expect(await t.files.exists(row!.storageKey)).toBe(false);
			const { bytes } = await openDocument(c, doc.id);
			expect(Buffer.from(bytes).equals(Buffer.from(samplePng()))).toBe(true);
			await expect(store.get('documents/missing')).rejects.toMatchObject({ code: 'not_found' });
			expect(await store.exists('documents/missing')).toBe(false);
			await store.delete('documents/missing');

			// A failed upload leaves no object behind in the bucket either.
			const failingDb = new Proxy(c.db, {
				get(target, prop, receiver) {
					if (prop === 'transaction') {
						return () => Promise.reject(new Error('database went away'));
					}
					return Reflect.get(target, prop, receiver);
				}
			});
			await expect(
				uploadDocument({ ...c, db: failingDb }, clientOwner(), {
					kind: 'consent',
					file: { name: 'a.pdf', bytes: pdf }
				})
			).rejects.toThrow('database went away');
			expect(await store.list()).toEqual([row!.storageKey]);

			await deleteDocument(c, doc.id);
			expect(await store.list()).toEqual([]);
			expect(
				await db()
					.select()
					.from(documents)
					.where(and(eq(documents.id, doc.id)))
			).toEqual([]);

			// Large files (a quarterly package) go up from a file and come down as a stream.
			const big = new Uint8Array(3 << 20).map((_, i) => (i * 31) % 256);
			const path = join(t.config.DATA_DIR, 'big.zip');
			await writeFile(path, big);
			await store.putFile('reports/big', path, 'application/zip');
			const chunks: Buffer[] = [];
			for await (const chunk of await store.openRead('reports/big')) chunks.push(chunk);
			expect(chunks.length).toBeGreaterThan(1);
			expect(Buffer.concat(chunks).equals(Buffer.from(big))).toBe(true);
			await expect(store.openRead('reports/missing')).rejects.toMatchObject({
				code: 'not_found'
			});
			await store.delete('reports/big');
		} finally {
			await s3.stop();
		}
	});
});
