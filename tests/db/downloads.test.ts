import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { municipalities } from '$lib/server/db/schema';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { listClients } from '$lib/server/services/clients/client-list';
import type { ClientListFilter } from '$lib/server/services/clients/client-list-filter';
import { listVolunteers } from '$lib/server/services/volunteers/volunteers';
import { uploadDocument } from '$lib/server/services/documents/documents';
import {
	CLIENT_BASE_COLUMNS,
	CLIENT_IDENTIFIER_COLUMNS,
	VOLUNTEER_BASE_COLUMNS,
	VOLUNTEER_IDENTIFIER_COLUMNS,
	clientFilterFromUrl,
	downloadClients,
	downloadVolunteers,
	type Download
} from '$lib/server/services/reporting/list-downloads';
import { translate } from '$lib/server/i18n';
import type { Locale } from '$lib/i18n';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { samplePdf } from '../helpers/files';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * Downloads of the client and volunteer lists (R-ROLE-4): the rows of the list's filters in the
 * actor's scope, the column set of the role (no identifiers for experts), CSV for Estonian Excel
 * with formula injection neutralised, XLSX checked by opening it with exceljs, every download
 * audited. For the people who open them (issue 20, decision 0009): headers and statuses in the
 * reader's language, dates as dates, times in Tallinn, phone numbers as text.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';

let t: TestDatabase;
let harju: { id: string };
let tartu: { id: string };
let harjuMunicipality: { id: string };
let otherHarjuMunicipality: { id: string };
let admin: Actor;
let coordinator: Actor;
let expert: Actor;
let expertAndCoordinator: Actor;
let volunteerActor: Actor;
let harjuVolunteerId: string;
let nobody: Actor;

const ISIKUKOOD = '34501234215';
const ctx = (actor: Actor) => t.ctx(actor, { now: NOW });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);

const ALL_COLUMNS = [
	...CLIENT_BASE_COLUMNS,
	...CLIENT_IDENTIFIER_COLUMNS,
	...VOLUNTEER_BASE_COLUMNS,
	...VOLUNTEER_IDENTIFIER_COLUMNS
];
/** A column's header in a language. */
const header = (code: string, locale: Locale = 'et') => translate(locale, `download.col.${code}`);

/**
 * A CSV download as rows of cells (BOM checked and removed; `;` separated, CRLF), keyed by the
 * columns' codes: the headers are read back from the language's column names (`locale`).
 */
function parseCsv(
	file: Download,
	locale: Locale = 'et'
): { headers: string[]; rows: Record<string, string>[] } {
	const codes = new Map(ALL_COLUMNS.map((c) => [header(c, locale), c]));
	// UTF-8 with a byte order mark, so Excel reads õ ä ö ü š ž right.
	expect([...file.body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.body);
	expect(text.startsWith('\uFEFF')).toBe(true);
	const lines = text.slice(1).trimEnd().split('\r\n');
	const split = (line: string) => {
		const cells: string[] = [];
		let cur = '';
		let quoted = false;
		for (let i = 0; i < line.length; i++) {
			const ch = line[i]!;
			if (quoted) {
				if (ch === '"' && line[i + 1] === '"') {
					cur += '"';
					i++;
				} else if (ch === '"') quoted = false;
				else cur += ch;
			} else if (ch === '"') quoted = true;
			else if (ch === ';') {
				cells.push(cur);
				cur = '';
			} else cur += ch;
		}
		cells.push(cur);
		return cells;
	};
	const headers = split(lines[0]!).map((h) => codes.get(h) ?? h);
	return {
		headers,
		rows: lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [headers[i]!, v])))
	};
}

let identified: { id: string };
let waitingLong: { id: string };
let formula: { id: string };
let tartuClient: { id: string };

beforeAll(async () => {
	t = await createTestDatabase();
	harju = await countyByName(db(), 'Harju maakond');
	tartu = await countyByName(db(), 'Tartu maakond');
	harjuMunicipality = await firstMunicipality(db(), harju.id);
	const harjuMunicipalities = await db()
		.select()
		.from(municipalities)
		.where(eq(municipalities.countyId, harju.id))
		.orderBy(municipalities.sortOrder)
		.limit(2);
	otherHarjuMunicipality = harjuMunicipalities[1]!;
	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju.id }] }))
		.actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
	expertAndCoordinator = (
		await seedUser(db(), {
			grants: [{ role: 'expert' }, { role: 'coordinator', countyId: harju.id }]
		})
	).actor;
	nobody = (await seedUser(db(), {})).actor;

	identified = await seedClient(db(), {
		countyId: harju.id,
		municipalityId: harjuMunicipality.id,
		firstName: 'Helmi',
		lastName: 'Õunapuu',
		isikukood: ISIKUKOOD,
		dateOfBirth: '1945-01-23',
		gender: 'female',
		phone: '+372 5551 2345',
		street: 'Pärna 7',
		settlement: 'Keila',
		contactPersonName: 'Mari Õunapuu',
		contactPersonPhone: '+372 5000 0001',
		contactPersonRelation: 'tütar',
		languages: ['et', 'ru'],
		helpProfilesWanted: ['P1', 'P3'],
		status: 'waiting',
		waitingSince: '2026-10-01',
		consentGivenOn: '2026-10-01'
	});
	await uploadDocument(
		ctx(coordinator),
		{ kind: 'client', clientId: identified.id },
		{ kind: 'consent', file: { name: 'n.pdf', bytes: await samplePdf() } }
	);
	waitingLong = await seedClient(db(), {
		countyId: harju.id,
		municipalityId: otherHarjuMunicipality.id,
		firstName: 'Ants',
		lastName: 'Kuusk',
		dateOfBirth: '1938-06-01',
		helpProfilesWanted: ['P2'],
		status: 'waiting',
		waitingSince: '2026-05-01'
	});
	formula = await seedClient(db(), {
		countyId: harju.id,
		firstName: '=HYPERLINK("http://evil")',
		lastName: '+Kask',
		settlement: '@SUM(A1)',
		status: 'mapped'
	});
	tartuClient = await seedClient(db(), {
		countyId: tartu.id,
		firstName: 'Tiiu',
		lastName: 'Tamm',
		isikukood: '44801015219',
		phone: '+372 5999 9999',
		status: 'mapped'
	});
	const volunteer = await seedVolunteer(db(), {
		countyId: harju.id,
		isikukood: '38001010014',
		phone: '+372 5123 4567',
		helpProfilesOffered: ['P1'],
		hasCar: true
	});
	await seedVolunteer(db(), { countyId: tartu.id, status: 'candidate' });
	await seedPairing(db(), {
		clientId: identified.id,
		volunteerId: volunteer.id,
		startsOn: '2026-11-01'
	});
	harjuVolunteerId = volunteer.id;
	volunteerActor = (
		await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: volunteer.id }] })
	).actor;
});

afterAll(async () => {
	await t?.close();
});

describe('client downloads: columns per role', () => {
	it('a coordinator gets their county only, with identifiers', async () => {
		const { headers, rows } = parseCsv(await downloadClients(ctx(coordinator), {}, 'csv'));
		expect(headers).toEqual([...CLIENT_BASE_COLUMNS, ...CLIENT_IDENTIFIER_COLUMNS]);
		expect(rows.map((r) => r.id)).not.toContain(tartuClient.id);
		expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([identified.id, waitingLong.id]));
		expect(rows.find((r) => r.id === identified.id)).toMatchObject({
			county: 'Harju maakond',
			first_name: 'Helmi',
			last_name: 'Õunapuu',
			// Dates as Estonian Excel reads them.
			date_of_birth: '23.01.1945',
			// A phone number as Excel's text form: no apostrophe, never a number or a formula.
			phone: '="+372 5551 2345"',
			street: 'Pärna 7',
			contact_person_name: 'Mari Õunapuu',
			settlement: 'Keila',
			age_group: '75-84',
			gender: 'Naine',
			languages: 'eesti, vene',
			help_profiles_wanted: 'P1, P3',
			status: 'Ootab vabatahtlikku',
			consent_given_on: '01.10.2026'
		});
	});

	it('an expert gets every county, without names, codes, dates of birth, phones or streets', async () => {
		const file = await downloadClients(ctx(expert), {}, 'csv');
		const { headers, rows } = parseCsv(file);
		expect(headers).toEqual([...CLIENT_BASE_COLUMNS]);
		for (const c of CLIENT_IDENTIFIER_COLUMNS) expect(headers).not.toContain(c);
		expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([identified.id, tartuClient.id]));
		const text = new TextDecoder().decode(file.body);
		for (const secret of [
			ISIKUKOOD,
			'44801015219',
			'5551 2345',
			'Pärna',
			'Helmi',
			'1945-01-23',
			'23.01.1945'
		]) {
			expect(text).not.toContain(secret);
		}
		expect(rows.find((r) => r.id === identified.id)!.age_group).toBe('75-84');
	});

	it('the administrator gets every county with identifiers', async () => {
		const { headers, rows } = parseCsv(await downloadClients(ctx(admin), {}, 'csv'));
		expect(headers).toEqual([...CLIENT_BASE_COLUMNS, ...CLIENT_IDENTIFIER_COLUMNS]);
		expect(rows.find((r) => r.id === tartuClient.id)!.last_name).not.toBe('');
		// Never the isikukood, not even for the administrator.
		expect(headers).not.toContain('isikukood');
		expect(JSON.stringify(rows)).not.toContain('44801015219');
	});

	it('an expert who coordinates one county gets identifiers only on that county’s rows', async () => {
		const { headers, rows } = parseCsv(await downloadClients(ctx(expertAndCoordinator), {}, 'csv'));
		expect(headers).toContain('last_name');
		expect(rows.find((r) => r.id === identified.id)!.last_name).toBe('Õunapuu');
		const tartuRow = rows.find((r) => r.id === tartuClient.id)!;
		for (const c of CLIENT_IDENTIFIER_COLUMNS) expect(tartuRow[c], c).toBe('');
		expect(tartuRow.county).toBe('Tartu maakond');
	});

	it('a volunteer and a user without roles are refused, audited', async () => {
		for (const actor of [volunteerActor, nobody]) {
			expect((await appError(downloadClients(ctx(actor), {}, 'csv'))).code).toBe('not_found');
			expect(await lastEvent('client.export')).toMatchObject({
				actorUserId: actor.userId,
				outcome: 'denied'
			});
			expect((await appError(downloadVolunteers(ctx(actor), {}, 'xlsx'))).code).toBe('not_found');
			expect(await lastEvent('volunteer.export')).toMatchObject({
				actorUserId: actor.userId,
				outcome: 'denied'
			});
		}
	});
});

describe('client downloads: the list’s filters', () => {
	// The list and the download share their filters (clientFilterConditions); each has its own
	// scope, columns and order around them, so the same filter must still select the same rows.
	const filters: [string, () => ClientListFilter][] = [
		['county', () => ({ countyId: tartu.id })],
		['municipality', () => ({ municipalityId: otherHarjuMunicipality.id })],
		['status', () => ({ status: 'mapped' })],
		['profile', () => ({ profile: 'P2' })],
		['waiting time', () => ({ waitingDays: 90 })],
		['consent missing', () => ({ consent: 'missing' })],
		['name search', () => ({ q: 'õunapuu' })],
		['isikukood search', () => ({ q: ISIKUKOOD })],
		['combined', () => ({ countyId: harju.id, status: 'waiting', profile: 'P2' })]
	];
	for (const [name, filter] of filters) {
		it(`holds exactly the rows the list shows: ${name}`, async () => {
			for (const actor of [admin, coordinator]) {
				const f = filter();
				const listed = await listClients(ctx(actor), { ...f, pageSize: 100 });
				const { rows } = parseCsv(await downloadClients(ctx(actor), f, 'csv'));
				expect(rows.map((r) => r.id).sort(), `${name} as ${actor.name}`).toEqual(
					listed.rows.map((r) => r.id).sort()
				);
			}
		});
	}

	it('the filters narrow the rows as expected', async () => {
		const ids = async (f: ClientListFilter) =>
			parseCsv(await downloadClients(ctx(admin), f, 'csv')).rows.map((r) => r.id);
		expect(await ids({ countyId: tartu.id })).toEqual([tartuClient.id]);
		expect(await ids({ waitingDays: 90 })).toEqual([waitingLong.id]);
		expect(await ids({ q: ISIKUKOOD })).toEqual([identified.id]);
		// An expert cannot find anyone by isikukood.
		const asExpert = parseCsv(await downloadClients(ctx(expert), { q: ISIKUKOOD }, 'csv'));
		expect(asExpert.rows).toEqual([]);
		// The consent filter: personal entries without consent date or document.
		const missing = await ids({ consent: 'missing' });
		expect(missing).toContain(waitingLong.id);
		expect(missing).not.toContain(identified.id);
	});

	it('reads the filters from the list’s address', () => {
		const url = new URL(
			`http://x/clients/export?q=Tamm&county=${harju.id}&municipality=${harjuMunicipality.id}&status=waiting&profile=P1&waiting=30&consent=missing&page=3&format=xlsx`
		);
		expect(clientFilterFromUrl(url)).toEqual({
			q: 'Tamm',
			countyId: harju.id,
			municipalityId: harjuMunicipality.id,
			status: 'waiting',
			profile: 'P1',
			waitingDays: '30',
			consent: 'missing'
		});
	});
});

describe('client downloads: files and audit', () => {
	it('neutralises cells a spreadsheet would run as formulas (CSV)', async () => {
		const { rows } = parseCsv(await downloadClients(ctx(coordinator), {}, 'csv'));
		const row = rows.find((r) => r.id === formula.id)!;
		expect(row.first_name).toBe(`'=HYPERLINK("http://evil")`);
		expect(row.last_name).toBe(`'+Kask`);
		expect(row.settlement).toBe(`'@SUM(A1)`);
	});

	it('audits every download: count, format, filters used and whether identifiers were in it', async () => {
		const file = await downloadClients(
			ctx(coordinator),
			{ countyId: harju.id, status: 'waiting', q: 'Kuusk' },
			'xlsx'
		);
		const event = await lastEvent('client.export');
		expect(event).toMatchObject({
			actorUserId: coordinator.userId,
			outcome: 'success',
			entityType: 'client',
			countyId: harju.id
		});
		expect(event!.details).toEqual({
			count: file.count,
			format: 'xlsx',
			filters: ['county', 'status', 'q'],
			identifiers: true
		});
		// Filter values (a name searched for) never reach the log.
		expect(JSON.stringify(event)).not.toContain('Kuusk');
		await downloadClients(ctx(expert), {}, 'csv');
		expect((await lastEvent('client.export'))!.details).toMatchObject({
			format: 'csv',
			identifiers: false
		});
	});

	it('XLSX: the list and a sheet explaining the columns, opened with exceljs', async () => {
		const file = await downloadClients(ctx(coordinator), { countyId: harju.id }, 'xlsx');
		expect(file.contentType).toBe(
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
		);
		expect(file.fileName).toBe(`abivajajad-${TODAY}.xlsx`);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(file.body) as unknown as ArrayBuffer);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Abivajajad', 'Veerud']);
		const sheet = wb.worksheets[0]!;
		const heads = (sheet.getRow(1).values as unknown[]).slice(1);
		const codes = [...CLIENT_BASE_COLUMNS, ...CLIENT_IDENTIFIER_COLUMNS];
		expect(heads).toEqual(codes.map((c) => header(c)));
		expect(heads).toContain('Sünniaeg');
		const col = (name: string) => codes.indexOf(name as (typeof codes)[number]) + 1;
		const rows = sheet.getRows(2, sheet.rowCount - 1)!;
		expect(rows).toHaveLength(file.count);
		const helmi = rows.find((r) => r.getCell(col('id')).value === identified.id)!;
		expect(heads).not.toContain(header('isikukood'));
		expect(helmi.getCell(col('last_name')).value).toBe('Õunapuu');
		expect(helmi.getCell(col('help_profiles_wanted')).value).toBe('P1, P3');
		expect(helmi.getCell(col('status')).value).toBe('Ootab vabatahtlikku');
		// Days are Excel dates shown dd.mm.yyyy; instants are Tallinn wall-clock times.
		const born = helmi.getCell(col('date_of_birth'));
		expect(born.type).toBe(ExcelJS.ValueType.Date);
		expect(born.value).toEqual(new Date(Date.UTC(1945, 0, 23)));
		expect(born.numFmt).toBe('dd.mm.yyyy');
		const created = helmi.getCell(col('created_at'));
		expect(created.value).toBeInstanceOf(Date);
		expect(created.numFmt).toBe('dd.mm.yyyy hh:mm');
		// A phone number is a text cell in Text format, without an apostrophe.
		const phone = helmi.getCell(col('phone'));
		expect(phone.value).toBe('+372 5551 2345');
		expect(phone.type).toBe(ExcelJS.ValueType.String);
		expect(phone.numFmt).toBe('@');
		const evil = rows.find((r) => r.getCell(col('id')).value === formula.id)!;
		expect(evil.getCell(col('first_name')).value).toBe(`'=HYPERLINK("http://evil")`);
		expect(evil.getCell(col('first_name')).formula).toBeUndefined();
		// The columns' stable codes on a sheet of their own.
		const legend = wb.worksheets[1]!;
		expect((legend.getRow(1).values as unknown[]).slice(1)).toEqual(['Veerg', 'Kood']);
		expect(legend.getRow(2).getCell(1).value).toBe(header('id'));
		expect(legend.getRow(2).getCell(2).value).toBe('id');
		expect(
			legend
				.getRows(2, legend.rowCount - 1)!
				.map((r) => r.getCell(2).value)
				.slice(0, codes.length)
		).toEqual(codes);
		// An expert's workbook has no identifier columns.
		const expertFile = await downloadClients(ctx(expert), {}, 'xlsx');
		const wb2 = new ExcelJS.Workbook();
		await wb2.xlsx.load(Buffer.from(expertFile.body) as unknown as ArrayBuffer);
		expect((wb2.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(
			CLIENT_BASE_COLUMNS.map((c) => header(c))
		);
	});

	it('English column explanations for an English-speaking user', async () => {
		const file = await downloadClients(ctx({ ...admin, locale: 'en' }), {}, 'xlsx');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(file.body) as unknown as ArrayBuffer);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Clients', 'Columns']);
		expect(wb.worksheets[0]!.getRow(1).getCell(1).value).toBe('Record ID');
	});

	it('Russian for a Russian-speaking user: headers, statuses and the sheets (XLSX and CSV)', async () => {
		const ru = { ...coordinator, locale: 'ru' as const };
		const file = await downloadClients(ctx(ru), {}, 'xlsx');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(file.body) as unknown as ArrayBuffer);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Получатели помощи', 'Столбцы']);
		const sheet = wb.worksheets[0]!;
		const heads = (sheet.getRow(1).values as unknown[]).slice(1);
		expect(heads).toContain('Статус');
		expect(heads).toContain('Дата рождения');
		const codes = [...CLIENT_BASE_COLUMNS, ...CLIENT_IDENTIFIER_COLUMNS];
		const col = (name: string) => codes.indexOf(name as (typeof codes)[number]) + 1;
		const helmi = sheet
			.getRows(2, sheet.rowCount - 1)!
			.find((r) => r.getCell(col('id')).value === identified.id)!;
		expect(helmi.getCell(col('status')).value).toBe('Ждёт волонтёра');
		expect(helmi.getCell(col('gender')).value).toBe('Женщина');
		expect(helmi.getCell(col('consent_given_on')).value).toEqual(new Date(Date.UTC(2026, 9, 1)));
		expect(helmi.getCell(col('consent_given_on')).numFmt).toBe('dd.mm.yyyy');
		const csv = parseCsv(await downloadClients(ctx(ru), {}, 'csv'), 'ru');
		expect(csv.headers).toEqual(codes);
		expect(csv.rows.find((r) => r.id === identified.id)).toMatchObject({
			status: 'Ждёт волонтёра',
			waiting_since: '01.10.2026'
		});
	});

	it('CSV for Estonian Excel: BOM, semicolons, CRLF, times in Tallinn', async () => {
		const file = await downloadClients(ctx(coordinator), { q: 'Õunapuu' }, 'csv');
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.body);
		expect(text.charCodeAt(0)).toBe(0xfeff);
		const [head, row] = text.slice(1).split('\r\n');
		expect(head!.split(';')).toHaveLength(
			CLIENT_BASE_COLUMNS.length + CLIENT_IDENTIFIER_COLUMNS.length
		);
		expect(head!.startsWith(`${header('id')};${header('county')};`)).toBe(true);
		// A record's creation time: dd.mm.yyyy hh:mm in Tallinn time, not ISO or UTC.
		expect(row).toMatch(/;\d{2}\.\d{2}\.\d{4} \d{2}:\d{2};/);
		expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
	});
});

describe('volunteer downloads', () => {
	it('a coordinator: their county, with identifiers; the list’s filters', async () => {
		const { headers, rows } = parseCsv(await downloadVolunteers(ctx(coordinator), {}, 'csv'));
		expect(headers).toEqual([...VOLUNTEER_BASE_COLUMNS, ...VOLUNTEER_IDENTIFIER_COLUMNS]);
		expect(rows.every((r) => r.county === 'Harju maakond')).toBe(true);
		const v = rows.find((r) => r.id === harjuVolunteerId)!;
		expect(JSON.stringify(rows)).not.toContain('38001010014');
		expect(v).toMatchObject({
			active_clients: '1',
			has_car: 'Jah',
			help_profiles_offered: 'P1',
			phone: '="+372 5123 4567"'
		});
		for (const filter of [{ status: 'candidate' }, { countyId: tartu.id }, { q: v.last_name }]) {
			const listed = await listVolunteers(ctx(admin), { ...filter, pageSize: 100 });
			const got = parseCsv(await downloadVolunteers(ctx(admin), filter, 'csv'));
			expect(got.rows.map((r) => r.id).sort()).toEqual(listed.rows.map((r) => r.id).sort());
		}
		expect((await lastEvent('volunteer.export'))!.details).toMatchObject({
			format: 'csv',
			filters: ['q'],
			identifiers: true
		});
	});

	it('an expert: every county, no identifiers; XLSX opens', async () => {
		const file = await downloadVolunteers(ctx(expert), {}, 'xlsx');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(file.body) as unknown as ArrayBuffer);
		const sheet = wb.worksheets[0]!;
		expect(sheet.name).toBe('Vabatahtlikud');
		expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(
			VOLUNTEER_BASE_COLUMNS.map((c) => header(c))
		);
		expect(sheet.rowCount - 1).toBe(file.count);
		const counties = new Set(sheet.getRows(2, sheet.rowCount - 1)!.map((r) => r.getCell(2).value));
		expect(counties).toEqual(new Set(['Harju maakond', 'Tartu maakond']));
		const csv = new TextDecoder().decode((await downloadVolunteers(ctx(expert), {}, 'csv')).body);
		expect(csv).not.toContain('38001010014');
		expect(csv).not.toContain('5123 4567');
		expect(await lastEvent('volunteer.export')).toMatchObject({
			actorUserId: expert.userId,
			outcome: 'success'
		});
	});
});
