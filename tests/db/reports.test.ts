import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
	documents,
	diaryEntries,
	diaryEntryVersions,
	pairings,
	quarterlyReports
} from '$lib/server/db/schema';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedDiaryEntry,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { readZip } from '$lib/server/files/zip';
import { uploadDocument } from '$lib/server/services/documents/documents';
import { sweepTempFiles, tempDir } from '$lib/server/infra/storage';
import {
	downloadQuarterlyReport,
	produceQuarterlyReport,
	reportDueForHome,
	reportsOverview,
	reproduceQuarterlyReport,
	updateParticipantColumns
} from '$lib/server/services/reporting/reports';
import { participantColumns } from '$lib/server/services/reporting/report-settings';
import { handoverPackage } from '$lib/server/services/admin/handover';
import { computeFigures } from '$lib/server/services/analysis/analysis-figures';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { pdfTagging, pdfText } from '../helpers/pdf';
import { chainHeadAt } from '$lib/server/services/audit-chain/chain';
import { auditLog } from '../helpers/audit';

/**
 * The quarterly report to the ministry (R-REP-1…3) and the data hand-over (R-CTRL-2): what is
 * in the package, that only data recorded by the cut-off counts, that producing it again for
 * the same cut-off gives the same bytes, the due date on the administrator's home, and who
 * may do it (the administrator only).
 */

let t: TestDatabase;
const { lastEventBy } = auditLog(() => t.handle.db);
let admin: Actor;
let expert: Actor;
let coordinator: Actor;
let startedClientId: string;
let consentBytes: Uint8Array;
const NOV = new Date('2026-11-23T10:00:00Z');
/** The cut-off: 3 October 2026 12:00 Tallinn time (09:00 UTC). */
const CUTOFF = '2026-10-03T12:00';
const CUTOFF_AT = new Date('2026-10-03T09:00:00Z');

function plainPdf(text: string): Uint8Array {
	const content = `BT /F1 12 Tf 20 100 Td (${text}) Tj ET`;
	return new TextEncoder().encode(
		[
			'%PDF-1.4',
			'1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj',
			'2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj',
			'3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R>> endobj',
			`4 0 obj <</Length ${Buffer.byteLength(content)}>> stream`,
			content,
			'endstream endobj',
			'trailer <</Root 1 0 R>>',
			'%%EOF',
			''
		].join('\n')
	);
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const csvRows = (bytes: Uint8Array | undefined) =>
	text(bytes)
		.replace(/^\uFEFF/, '')
		.trim()
		.split('\r\n')
		.map((line) => line.split(';'));

beforeAll(async () => {
	t = await createTestDatabase();
	const db = t.handle.db;
	const harju = await countyByName(db, 'Harju maakond');
	const tartu = await countyByName(db, 'Tartu maakond');
	const hm = await firstMunicipality(db, harju.id);
	admin = (await seedUser(db, { name: 'Mari Admin', grants: [{ role: 'admin' }] })).actor;
	expert = (await seedUser(db, { grants: [{ role: 'expert' }] })).actor;
	coordinator = (await seedUser(db, { grants: [{ role: 'coordinator', countyId: harju.id }] }))
		.actor;
	const created = new Date('2026-06-01T10:00:00Z');

	const v1 = await seedVolunteer(db, {
		countyId: harju.id,
		municipalityId: hm.id,
		startedOn: '2025-05-01',
		gender: 'female',
		dateOfBirth: '1958-04-02',
		employment: 'retired',
		education: 'isced_5_8',
		createdAt: created
	});
	const v2 = await seedVolunteer(db, {
		countyId: tartu.id,
		startedOn: '2026-06-15',
		gender: 'male',
		dateOfBirth: '1999-01-10',
		employment: 'student',
		education: 'isced_3_4',
		createdAt: created
	});
	// An old client, paired since 2025; and a client who started in the quarter (Q3 2026).
	const old = await seedClient(db, {
		countyId: harju.id,
		municipalityId: hm.id,
		firstName: 'Salme',
		lastName: 'Saladus',
		gender: 'female',
		dateOfBirth: '1940-03-03',
		status: 'paired',
		mappedOn: '2025-05-01',
		createdAt: created
	});
	const started = await seedClient(db, {
		countyId: tartu.id,
		firstName: 'Heino',
		lastName: 'Hoiatus',
		gender: 'male',
		dateOfBirth: '1950-08-08',
		status: 'paired',
		mappedOn: '2026-07-01',
		consentGivenOn: '2026-08-10',
		createdAt: created
	});
	startedClientId = started.id;
	const p1 = await seedPairing(db, {
		clientId: old.id,
		volunteerId: v1.id,
		startsOn: '2025-05-20'
	});
	const p2 = await seedPairing(db, {
		clientId: started.id,
		volunteerId: v2.id,
		startsOn: '2026-08-10'
	});
	await db.execute(sql`update pairing set created_at = ${created.toISOString()}::timestamptz`);

	const entry = (
		p: { id: string; clientId: string; volunteerId: string },
		contactDate: string,
		durationMinutes: number,
		createdAt: Date
	) =>
		seedDiaryEntry(db, {
			clientId: p.clientId,
			pairingId: p.id,
			volunteerId: p.volunteerId,
			contactDate,
			durationMinutes,
			contactKind: 'home_visit',
			helpProfiles: ['P2'],
			description: 'Salme Saladus rääkis oma lastest.',
			createdAt,
			updatedAt: createdAt
		});
	const before = new Date('2026-10-01T10:00:00Z');
	const after = new Date('2026-10-10T10:00:00Z');
	await entry(p1, '2026-07-01', 60, before);
	await entry(p1, '2026-09-30', 90, before); // the quarter's last day
	await entry(p2, '2026-08-12', 45, before);
	// Written from a paper diary after the cut-off: not in the report made at the cut-off.
	await entry(p2, '2026-09-15', 30, after);
	// Edited after the cut-off (120 → 100 minutes): the report shows it as it was (120).
	const edited = await entry(p1, '2026-08-01', 100, before);
	await db
		.update(diaryEntries)
		.set({ version: 2, updatedAt: after })
		.where(eq(diaryEntries.id, edited.id));
	await db.insert(diaryEntryVersions).values({
		entryId: edited.id,
		version: 1,
		contactDate: '2026-08-01',
		contactKind: 'home_visit',
		helpProfiles: ['P2'],
		durationMinutes: 120,
		description: 'Esialgne tekst.',
		flagged: false,
		writtenAt: before
	});
	// Removed after the cut-off: still counted at the cut-off.
	await seedDiaryEntry(db, {
		clientId: old.id,
		pairingId: p1.id,
		volunteerId: v1.id,
		contactDate: '2026-07-15',
		durationMinutes: 15,
		description: 'Kõne.',
		contactKind: 'call',
		createdAt: before,
		updatedAt: before,
		removedAt: after
	});

	consentBytes = plainPdf('Heino Hoiatus nõusolek');
	await uploadDocument(
		t.ctx(admin, { now: new Date('2026-09-20T10:00:00Z') }),
		{ kind: 'client', clientId: started.id },
		{ kind: 'consent', file: { name: 'Hoiatus_nousolek.pdf', bytes: consentBytes } }
	);
}, 60_000);

afterAll(async () => {
	await t?.close();
});

/** A stored report's ZIP as the administrator downloads it. */
async function downloaded(id: string): Promise<Uint8Array> {
	const { stream } = await downloadQuarterlyReport(t.ctx(admin, { now: NOV }), id);
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('the quarterly report package (R-REP-1…3)', () => {
	let produced: Awaited<ReturnType<typeof produceQuarterlyReport>>;
	let files: Record<string, Uint8Array>;

	beforeAll(async () => {
		produced = await produceQuarterlyReport(t.ctx(admin, { now: NOV }), {
			quarter: '2026-Q3',
			cutoff: CUTOFF
		});
		files = readZip(await downloaded(produced.id));
	});

	it('is stored with who, when, the cut-off, the totals and the SHA-256 of the ZIP', async () => {
		const [row] = await t.handle.db
			.select()
			.from(quarterlyReports)
			.where(eq(quarterlyReports.id, produced.id));
		expect(row).toMatchObject({
			year: 2026,
			quarter: 3,
			createdBy: admin.userId,
			sha256: produced.sha256
		});
		expect(row!.cutoffAt.toISOString()).toBe(CUTOFF_AT.toISOString());
		expect(row!.createdAt.toISOString()).toBe(NOV.toISOString());
		const { stream, size, fileName } = await downloadQuarterlyReport(
			t.ctx(admin, { now: NOV }),
			produced.id
		);
		const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
		expect(createHash('sha256').update(bytes).digest('hex')).toBe(row!.sha256);
		expect(bytes.length).toBe(size);
		expect(row!.sizeBytes).toBe(size);
		expect(fileName).toBe('kvartaliaruanne-2026-Q3-20261003-1200.zip');
		expect(await lastEventBy(admin, 'report.download')).toMatchObject({
			outcome: 'success',
			entityId: produced.id
		});
		expect(await lastEventBy(admin, 'report.create')).toMatchObject({ entityId: produced.id });
	});

	it('counts only what was recorded by the cut-off, as it read then', () => {
		// Four entries: 60 + 90 + 45 + 120 (the edited one as it was) + 15 (removed later).
		expect(produced.totals).toMatchObject({
			contacts: 5,
			minutes: 330,
			clientsServed: 2,
			activeVolunteers: 2,
			newPairings: 1,
			clientsStarted: 1,
			consentDocuments: 1,
			consentMissing: 0
		});
	});

	it('holds the extract per client and per contact under pseudonyms, never names', () => {
		const names = Object.keys(files).sort();
		expect(names).toEqual(
			expect.arrayContaining([
				'0-kokkuvote/kokkuvote.xlsx',
				'1-tegevused/tegevused.xlsx',
				'1-tegevused/tegevused-kliendid.csv',
				'1-tegevused/tegevused-kontaktid.csv',
				'2-osalejad/osalejad.csv',
				'2-osalejad/osalejad.xlsx',
				'3-alustanud/alustanud-kliendid.csv',
				'3-alustanud/alustanud-kliendid.xlsx',
				'4-akt/uleandmise-vastuvotmise-akt.pdf',
				'LOEMIND.txt',
				'manifest.json'
			])
		);
		const contacts = csvRows(files['1-tegevused/tegevused-kontaktid.csv']);
		expect(contacts[0]).toEqual([
			'Kliendi kood',
			'Maakond',
			'Omavalitsus',
			'Kuupäev',
			'Kontakti liik',
			'Abiprofiilid',
			'Kestus (min)',
			'Vabatahtliku kood',
			'Sidumise algus'
		]);
		expect(contacts).toHaveLength(6);
		expect(contacts.slice(1).every((r) => /^K-[0-9A-F]{10}$/.test(r[0]!))).toBe(true);
		expect(
			contacts
				.slice(1)
				.map((r) => r[3])
				.sort()
		).toEqual(['2026-07-01', '2026-07-15', '2026-08-01', '2026-08-12', '2026-09-30']);
		expect(contacts.find((r) => r[3] === '2026-08-01')![6]).toBe('120');
		const all = Object.entries(files)
			.filter(([n]) => /\.(csv|json|txt)$/.test(n))
			.map(([, b]) => text(b))
			.join('\n');
		for (const secret of ['Salme', 'Saladus', 'Heino', 'Hoiatus', startedClientId]) {
			expect(all).not.toContain(secret);
		}
		const perClient = csvRows(files['1-tegevused/tegevused-kliendid.csv']);
		expect(perClient).toHaveLength(3);
		expect(
			perClient
				.map((r) => r[3])
				.slice(1)
				.sort()
		).toEqual(['1', '4']);
	});

	it('has one row per participant with the ESF indicators of the configured columns', () => {
		const rows = csvRows(files['2-osalejad/osalejad.csv']);
		expect(rows[0]).toEqual([
			'Osaleja kood',
			'Osaleja liik',
			'Sugu',
			'Vanuserühm',
			'Tööturu staatus',
			'Haridustase',
			'Maakond',
			'Alguskuupäev',
			'Lõpukuupäev'
		]);
		expect(rows).toHaveLength(5); // two clients, two volunteers
		const volunteer = rows.find(
			(r) => r[1] === 'vabatahtlik' && r[4] === 'õpilane või üliõpilane'
		)!;
		expect(volunteer).toEqual([
			expect.stringMatching(/^V-/),
			'vabatahtlik',
			'mees',
			'18-29',
			'õpilane või üliõpilane',
			'ISCED 3–4 (kesk- või keskeriharidus)',
			'Tartu maakond',
			'2026-06-15',
			''
		]);
		const client = rows.find((r) => r[1] === 'klient' && r[6] === 'Harju maakond')!;
		expect(client.slice(1, 4)).toEqual(['klient', 'naine', '85+']);
		expect(client[7]).toBe('2025-05-20');
	});

	it('lists the clients who started with their consent forms inside the ZIP', () => {
		const rows = csvRows(files['3-alustanud/alustanud-kliendid.csv']);
		expect(rows).toHaveLength(2);
		const [code, county, , start, consent, fileNames] = rows[1]!;
		expect(county).toBe('Tartu maakond');
		expect(start).toBe('2026-08-10');
		expect(consent).toBe('2026-08-10');
		expect(fileNames).toBe(`nousolekud/${code}-1.pdf`);
		expect(Buffer.from(files[`3-alustanud/nousolekud/${code}-1.pdf`]!)).toEqual(
			Buffer.from(consentBytes)
		);
	});

	it('has a hand-over act with the totals and the files, ready to sign', async () => {
		const pdf = await pdfText(files['4-akt/uleandmise-vastuvotmise-akt.pdf']!);
		expect(pdf).toContain('Üleandmise-vastuvõtmise akt');
		expect(pdf).toContain('3. kvartal 2026');
		expect(pdf).toContain('03.10.2026 12:00');
		expect(pdf).toMatch(/Kontaktid\s*5/);
		expect(pdf).toContain('1-tegevused/tegevused.xlsx');
		expect(pdf).toContain('Vastu võttis (Sotsiaalministeerium)');
		// A tagged PDF in Estonian (issue 20): structure tree, headings, tables.
		const tags = pdfTagging(files['4-akt/uleandmise-vastuvotmise-akt.pdf']!);
		expect(tags).toMatchObject({
			structTreeRoot: true,
			marked: true,
			lang: 'et',
			displayTitle: true
		});
		for (const type of ['H1', 'H2', 'P', 'Table', 'TH', 'TD']) {
			expect(tags.types.has(type), type).toBe(true);
		}
		const manifest = JSON.parse(text(files['manifest.json']));
		expect(manifest).toMatchObject({ quarter: '2026-Q3', cutoffAt: CUTOFF_AT.toISOString() });
		// The audit chain's head at the cut-off, in the manifest and the act (issue 21).
		const head = await chainHeadAt(t.handle.db, CUTOFF_AT);
		expect(head.eventId).not.toBeNull();
		expect(manifest.auditChain).toEqual(head);
		expect(pdf).toContain(`sündmus ${head.eventId}, lüli ${head.seq}`);
		expect(pdf.replace(/\s+/g, '')).toContain(head.hash);
		for (const f of manifest.files as { name: string; sha256: string }[]) {
			expect(createHash('sha256').update(files[f.name]!).digest('hex'), f.name).toBe(f.sha256);
		}
	});

	it("has the analysis module's figures of the quarter at the cut-off, for the country and each county", async () => {
		const figures = await computeFigures(t.handle.db, {
			period: { from: '2026-07-01', to: '2026-09-30' },
			countyId: null,
			asOf: CUTOFF_AT,
			today: '2026-10-03'
		});
		const s = figures.summary;
		expect(produced.totals).toMatchObject({
			clientsServed: s.clients,
			contacts: s.contacts,
			minutes: s.minutes,
			activeVolunteers: s.activeVolunteers,
			newPairings: s.newPairings,
			endedPairings: s.endedPairings,
			clientsWaiting: s.clientsWaiting
		});
		const counties = csvRows(files['0-kokkuvote/kokkuvote-maakonniti.csv']).slice(1);
		expect(counties).toHaveLength(figures.counties.length);
		expect(counties).toEqual(
			figures.counties.map((c) => [
				c.countyName,
				String(c.clients),
				String(c.contacts),
				String(Math.round((c.minutes / 60) * 10) / 10).replace('.', ','),
				String(c.activeVolunteers),
				String(c.newPairings)
			])
		);
		expect(counties.find((c) => c[0] === 'Harju maakond')!.slice(1, 3)).toEqual(['1', '4']);
	});

	it('lists the contacts by county, municipality, client and date, each client once in a row', () => {
		const contacts = csvRows(files['1-tegevused/tegevused-kontaktid.csv']).slice(1);
		expect(contacts.map((r) => [r[1], r[3]])).toEqual([
			['Harju maakond', '2026-07-01'],
			['Harju maakond', '2026-07-15'],
			['Harju maakond', '2026-08-01'],
			['Harju maakond', '2026-09-30'],
			['Tartu maakond', '2026-08-12']
		]);
		const perClient = csvRows(files['1-tegevused/tegevused-kliendid.csv']).slice(1);
		expect(perClient.map((r) => r[0])).toEqual([...new Set(contacts.map((r) => r[0]))]);
		// The sheets hold the same rows as the CSV files.
		expect(perClient[0]).toEqual([
			contacts[0]![0],
			'Harju maakond',
			contacts[0]![2],
			'4',
			'285',
			'4,75',
			'2026-07-01',
			'2026-09-30',
			'Kodukülastus, Telefonikõne',
			'P2'
		]);
	});

	it('holds the same rows in the workbook as in the CSV files', async () => {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(files['1-tegevused/tegevused.xlsx']!) as unknown as ArrayBuffer);
		const sheetRows = (name: string) => {
			const sheet = wb.getWorksheet(name)!;
			const width = sheet.getRow(1).cellCount;
			const rows: string[][] = [];
			sheet.eachRow((row) => {
				const values = row.values as unknown[];
				rows.push(
					Array.from({ length: width }, (_, i) => values[i + 1]).map((v) =>
						v === undefined || v === null ? '' : String(v).replace('.', ',')
					)
				);
			});
			return rows;
		};
		expect(sheetRows('Kontaktid')).toEqual(csvRows(files['1-tegevused/tegevused-kontaktid.csv']));
		expect(sheetRows('Kliendid')).toEqual(csvRows(files['1-tegevused/tegevused-kliendid.csv']));
	});

	it('gives the same bytes when produced again for the same cut-off, despite later entries', async () => {
		await seedDiaryEntry(t.handle.db, {
			clientId: startedClientId,
			contactDate: '2026-09-20',
			durationMinutes: 60,
			createdAt: new Date('2026-11-01T10:00:00Z')
		});
		const again = await reproduceQuarterlyReport(t.ctx(admin, { now: NOV }), produced.id);
		expect(again.id).not.toBe(produced.id);
		expect(again.sha256).toBe(produced.sha256);
		expect(again.matches).toBe(true);
		expect((await lastEventBy(admin, 'report.create'))!.details).toMatchObject({
			reproducedFrom: produced.id
		});
		// A later cut-off sees the later entries.
		const later = await produceQuarterlyReport(t.ctx(admin, { now: NOV }), { quarter: '2026-Q3' });
		expect(later.totals.contacts).toBe(6); // +30 min (after the cut-off), +60 (new); −15 removed
		expect(later.sha256).not.toBe(produced.sha256);
	});
});

describe('report settings, due date and validation', () => {
	it('lets the administrator choose the participant columns', async () => {
		await updateParticipantColumns(t.ctx(admin, { now: NOV }), {
			columns: ['participant_id', 'county', 'languages']
		});
		expect(await participantColumns(t.handle.db)).toEqual([
			'participant_id',
			'county',
			'languages'
		]);
		const p = await produceQuarterlyReport(t.ctx(admin, { now: NOV }), {
			quarter: '2026-Q3',
			cutoff: CUTOFF
		});
		expect(csvRows(readZip(await downloaded(p.id))['2-osalejad/osalejad.csv'])[0]).toEqual([
			'Osaleja kood',
			'Maakond',
			'Keeled'
		]);
		await expect(
			updateParticipantColumns(t.ctx(admin, { now: NOV }), { columns: [] })
		).rejects.toMatchObject({ code: 'invalid', fields: { columns: 'report.error.columns' } });
		await expect(
			updateParticipantColumns(t.ctx(admin, { now: NOV }), { columns: ['isikukood'] })
		).rejects.toMatchObject({ code: 'invalid' });
		await updateParticipantColumns(t.ctx(admin, { now: NOV }), {
			columns: [
				'participant_id',
				'participant_type',
				'sex',
				'age_group',
				'employment',
				'education',
				'county',
				'start_date',
				'end_date'
			]
		});
	});

	it('refuses a quarter that has not ended and a cut-off in the future or inside the quarter', async () => {
		const ctx = t.ctx(admin, { now: NOV });
		await expect(produceQuarterlyReport(ctx, { quarter: '2026-Q4' })).rejects.toMatchObject({
			fields: { quarter: 'report.error.future' }
		});
		await expect(
			produceQuarterlyReport(ctx, { quarter: '2026-Q3', cutoff: '2026-12-01T10:00' })
		).rejects.toMatchObject({ fields: { cutoff: 'report.error.cutoff_future' } });
		await expect(
			produceQuarterlyReport(ctx, { quarter: '2026-Q3', cutoff: '2026-09-30T23:00' })
		).rejects.toMatchObject({ fields: { cutoff: 'report.error.cutoff_early' } });
		await expect(produceQuarterlyReport(ctx, { quarter: '2026-Q5' })).rejects.toMatchObject({
			code: 'invalid'
		});
	});

	it("shows on the administrator's home when the next report is due and whether it was made", async () => {
		// Q3 2026 was made (above): the next is Q4, due 7 January 2027.
		expect(await reportDueForHome(t.ctx(admin, { now: NOV }))).toMatchObject({
			quarter: { year: 2026, quarter: 4 },
			dueOn: '2027-01-07',
			state: 'upcoming',
			lastMade: { year: 2026, quarter: 3 }
		});
		// In January 2027 the Q4 report is not made yet: due on the 7th, then overdue.
		expect(
			await reportDueForHome(t.ctx(admin, { now: new Date('2027-01-05T10:00:00Z') }))
		).toMatchObject({ key: '2026-Q4', state: 'due', daysLeft: 2 });
		expect(
			await reportDueForHome(t.ctx(admin, { now: new Date('2027-01-08T10:00:00Z') }))
		).toMatchObject({ state: 'overdue' });
		expect(await reportDueForHome(t.ctx(coordinator, { now: NOV }))).toBeNull();
		expect(await reportDueForHome(t.ctx(expert, { now: NOV }))).toBeNull();
		const overview = await reportsOverview(t.ctx(admin, { now: NOV }));
		expect(overview.quarters[0]!.key).toBe('2026-Q3');
		expect(overview.reports.length).toBeGreaterThanOrEqual(3);
		expect(overview.reports[0]!.createdByName).toBe('Mari Admin');
	});
});

describe('the package on disk and in the store (consent scans are streamed, never all in memory)', () => {
	const tempFiles = () => readdir(tempDir(t.config)).catch(() => [] as string[]);

	it('refuses a package whose consent scan no longer matches its SHA-256, and leaves nothing behind', async () => {
		const [doc] = await t.handle.db
			.select()
			.from(documents)
			.where(and(eq(documents.clientId, startedClientId), eq(documents.kind, 'consent')));
		const reportsBefore = await t.handle.db.select().from(quarterlyReports);
		const storedBefore = await t.files.list('reports/');
		// Same length, other bytes: only the hash tells.
		const altered = Uint8Array.from(consentBytes, (b, i) => (i === 20 ? b ^ 1 : b));
		await t.files.put(doc!.storageKey, altered, 'application/pdf');
		try {
			await expect(
				produceQuarterlyReport(t.ctx(admin, { now: NOV }), { quarter: '2026-Q3', cutoff: CUTOFF })
			).rejects.toMatchObject({ code: 'conflict', messageKey: 'document.error.integrity' });
		} finally {
			await t.files.put(doc!.storageKey, consentBytes, 'application/pdf');
		}
		expect(await t.handle.db.select().from(quarterlyReports)).toHaveLength(reportsBefore.length);
		expect(await t.files.list('reports/')).toEqual(storedBefore);
		expect(await tempFiles()).toEqual([]);
	});

	it('breaks the download off when the stored package was changed after it was made', async () => {
		const p = await produceQuarterlyReport(t.ctx(admin, { now: NOV }), {
			quarter: '2026-Q3',
			cutoff: CUTOFF
		});
		expect(await tempFiles()).toEqual([]);
		const [row] = await t.handle.db
			.select()
			.from(quarterlyReports)
			.where(eq(quarterlyReports.id, p.id));
		const good = await t.files.get(row!.storageKey);
		const altered = Uint8Array.from(good, (b, i) => (i === good.length - 30 ? b ^ 1 : b));
		await t.files.put(row!.storageKey, altered, 'application/zip');
		const { stream, size } = await downloadQuarterlyReport(t.ctx(admin, { now: NOV }), p.id);
		// Read as the server sends it: the last bytes never go out, so the client, which was
		// told the length, sees a broken download rather than a complete one.
		const reader = stream.getReader();
		let received = 0;
		const failure = await (async () => {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return null;
				received += value.length;
			}
		})().catch((e: unknown) => e);
		expect(failure).toMatchObject({ code: 'conflict', messageKey: 'document.error.integrity' });
		expect(received).toBeLessThan(size);
		// The audit log says the download broke off.
		expect(await lastEventBy(admin, 'report.download')).toMatchObject({
			entityId: p.id,
			outcome: 'failure',
			details: { integrity: false }
		});
		// A package cut short is refused the same way.
		await t.files.put(row!.storageKey, good.subarray(0, good.length - 1), 'application/zip');
		const short = await downloadQuarterlyReport(t.ctx(admin, { now: NOV }), p.id);
		await expect(new Response(short.stream).arrayBuffer()).rejects.toMatchObject({
			code: 'conflict'
		});
		await t.files.put(row!.storageKey, good, 'application/zip');
		expect(Buffer.from(await downloaded(p.id)).equals(Buffer.from(good))).toBe(true);
	});

	it('reads an entry moved out of the quarter after the cut-off at its date then', async () => {
		const [p2] = await t.handle.db
			.select()
			.from(pairings)
			.where(eq(pairings.clientId, startedClientId));
		const before = new Date('2026-10-01T10:00:00Z');
		const moved = await seedDiaryEntry(t.handle.db, {
			clientId: startedClientId,
			pairingId: p2!.id,
			volunteerId: p2!.volunteerId,
			contactDate: '2026-10-05',
			durationMinutes: 40,
			contactKind: 'outing',
			createdAt: before,
			updatedAt: new Date('2026-10-10T10:00:00Z')
		});
		await t.handle.db.insert(diaryEntryVersions).values({
			entryId: moved.id,
			version: 1,
			contactDate: '2026-09-20',
			contactKind: 'outing',
			helpProfiles: ['P2'],
			durationMinutes: 40,
			description: 'Esialgne kuupäev.',
			flagged: false,
			writtenAt: before
		});
		try {
			const p = await produceQuarterlyReport(t.ctx(admin, { now: NOV }), {
				quarter: '2026-Q3',
				cutoff: CUTOFF
			});
			expect(p.totals).toMatchObject({ contacts: 6, minutes: 370 });
			const rows = csvRows(readZip(await downloaded(p.id))['1-tegevused/tegevused-kontaktid.csv']);
			const row = rows.find((r) => r[3] === '2026-09-20')!;
			expect(row.slice(4, 7)).toEqual(['Väljasõit või saatmine', 'P2', '40']);
			// The rows of its client stay in date order.
			const dates = rows.filter((r) => r[0] === row[0]).map((r) => r[3]);
			expect(dates).toEqual([...dates].sort());
		} finally {
			await t.handle.db.delete(diaryEntryVersions).where(eq(diaryEntryVersions.entryId, moved.id));
			await t.handle.db.delete(diaryEntries).where(eq(diaryEntries.id, moved.id));
		}
	});

	it('removes temporary files a crash left behind, after a day, and nothing newer', async () => {
		const dir = tempDir(t.config);
		await mkdir(dir, { recursive: true });
		await writeFile(join(dir, 'report-old'), 'x');
		await writeFile(join(dir, 'report-new'), 'x');
		const dayAgo = new Date(NOV.getTime() - 25 * 3600_000);
		await utimes(join(dir, 'report-old'), dayAgo, dayAgo);
		const nov = new Date(NOV.getTime() - 3600_000);
		await utimes(join(dir, 'report-new'), nov, nov);
		expect(await sweepTempFiles(t.config, NOV)).toBe(1);
		expect(await tempFiles()).toEqual(['report-new']);
		await rm(join(dir, 'report-new'));
	});
});

describe('who may make reports and the hand-over (deny tests)', () => {
	it('refuses experts and coordinators, audited', async () => {
		for (const actor of [expert, coordinator]) {
			await expect(
				produceQuarterlyReport(t.ctx(actor, { now: NOV }), { quarter: '2026-Q3' })
			).rejects.toMatchObject({ code: 'not_found' });
			expect(await lastEventBy(actor, 'report.create')).toMatchObject({ outcome: 'denied' });
			await expect(reportsOverview(t.ctx(actor, { now: NOV }))).rejects.toMatchObject({
				code: 'not_found'
			});
			await expect(handoverPackage(t.ctx(actor, { now: NOV }))).rejects.toMatchObject({
				code: 'not_found'
			});
			expect(await lastEventBy(actor, 'handover.export')).toMatchObject({ outcome: 'denied' });
		}
		const [any] = await t.handle.db.select().from(quarterlyReports).limit(1);
		await expect(
			downloadQuarterlyReport(t.ctx(expert, { now: NOV }), any!.id)
		).rejects.toMatchObject({ code: 'not_found' });
		expect(await lastEventBy(expert, 'report.download')).toMatchObject({ outcome: 'denied' });
		await expect(
			downloadQuarterlyReport(t.ctx(admin, { now: NOV }), '00000000-0000-4000-8000-000000000000')
		).rejects.toMatchObject({ code: 'not_found' });
	});
});

describe('the data hand-over (R-CTRL-2)', () => {
	it("exports every client's data as JSON and CSV per table, with the documents", async () => {
		const pkg = await handoverPackage(t.ctx(admin, { now: NOV }));
		expect(pkg.fileName).toBe('seltsiline-uleandmine-2026-11-23.zip');
		const bytes = new Uint8Array(await new Response(pkg.stream).arrayBuffer());
		const files = readZip(bytes);
		const clientsJson = JSON.parse(text(files['tabelid/client.json'])) as { firstName: string }[];
		expect(clientsJson.map((c) => c.firstName).sort()).toEqual(['Heino', 'Salme']);
		const entries = JSON.parse(text(files['tabelid/diary_entry.json'])) as unknown[];
		expect(entries).toHaveLength(7);
		expect(csvRows(files['tabelid/diary_entry.csv'])).toHaveLength(8);
		expect(JSON.parse(text(files['tabelid/diary_entry_version.json']))).toHaveLength(1);
		const pairingsJson = JSON.parse(text(files['tabelid/pairing.json'])) as {
			volunteerName: string;
		}[];
		expect(pairingsJson).toHaveLength(2);
		expect(pairingsJson.every((p) => p.volunteerName.length > 3)).toBe(true);
		for (const table of ['survey_response', 'client_exclusion', 'trip', 'document']) {
			expect(files[`tabelid/${table}.json`], table).toBeDefined();
			expect(files[`tabelid/${table}.csv`], table).toBeDefined();
		}
		const docs = Object.keys(files).filter((n) => n.startsWith(`dokumendid/${startedClientId}/`));
		expect(docs).toHaveLength(1);
		expect(Buffer.from(files[docs[0]!]!)).toEqual(Buffer.from(consentBytes));
		const manifest = JSON.parse(text(files['manifest.json'])) as {
			files: { name: string; rows?: number; sha256: string }[];
		};
		expect(manifest.files.find((f) => f.name === 'tabelid/client.json')).toMatchObject({ rows: 2 });
		for (const f of manifest.files) {
			expect(createHash('sha256').update(files[f.name]!).digest('hex'), f.name).toBe(f.sha256);
		}
		expect(await lastEventBy(admin, 'handover.export')).toMatchObject({
			outcome: 'success',
			details: { clients: 2, documents: 1 }
		});
	});
});
