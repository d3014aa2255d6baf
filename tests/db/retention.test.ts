import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import {
	clients,
	consents,
	destructionRegister,
	documents,
	legalHolds,
	retentionRuleChanges,
	retentionRules,
	surveyQuestionSets,
	surveyResponses
} from '$lib/server/db/schema';
import {
	countyByName,
	firstMunicipality,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { buildIsikukood } from '$lib/server/domain/isikukood';
import {
	clientConsents,
	recordClientConsent,
	recordVolunteerConsent,
	volunteerConsents,
	withdrawClientConsent,
	withdrawVolunteerConsent
} from '$lib/server/services/retention/consents';
import {
	liftLegalHold,
	placeLegalHold,
	retentionOverview,
	setRetentionClock,
	updateRetentionRule
} from '$lib/server/services/retention/rules';
import { runRetention, upcomingItems } from '$lib/server/services/retention/engine';
import { runRetentionNow } from '$lib/server/services/retention/run';
import {
	downloadRegister,
	listRegister,
	upcomingForCounties
} from '$lib/server/services/retention/register';
import { clientExtract } from '$lib/server/services/clients/extract';
import { volunteerExtract } from '$lib/server/services/volunteers/extract';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { scanDatabase } from '../helpers/scan';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * Issue 24: consents as records, retention rules with legal holds, the engine with a clock
 * moved forward (each engine rule destroys exactly what it should, leaves no trace of the
 * person, one register row per item, respects a hold, survives a crash halfway), and the
 * destruction register's access.
 */

const NOW = new Date('2026-03-10T10:00:00Z');
const at = (day: string) => new Date(`${day}T10:00:00Z`);

let t: TestDatabase;
let harju: { id: string };
let tartu: { id: string };
let municipalityId: string;
let admin: Actor;
let coordinator: Actor;
let tartuCoordinator: Actor;
let expert: Actor;
let volunteerActor: Actor;
let pairedClientId: string;
let volunteerId: string;

const db = () => t.handle.db;
const ctx = (actor: Actor | null, now = NOW) => t.ctx(actor, { now });
const { lastEvent } = auditLog(db);

async function storeFile(text: string) {
	const key = `documents/2026/01/${randomUUID()}`;
	const bytes = new TextEncoder().encode(`%PDF-1.4\n${text}\n%%EOF\n`);
	await t.files.put(key, bytes, 'application/pdf');
	return { key, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

async function clientDocument(clientId: string, text: string) {
	const f = await storeFile(text);
	const [row] = await db()
		.insert(documents)
		.values({
			countyId: harju.id,
			kind: 'consent',
			clientId,
			fileName: 'nousolek.pdf',
			mediaType: 'application/pdf',
			sizeBytes: f.size,
			sha256: f.sha256,
			storageKey: f.key
		})
		.returning();
	return row!;
}

async function unusedClient(name: string, code: string) {
	const c = await seedClient(db(), {
		countyId: harju.id,
		municipalityId,
		status: 'waiting',
		firstName: name,
		lastName: 'Unustatud',
		isikukood: code,
		consentGivenOn: '2026-01-05'
	});
	await clientDocument(c.id, `${name} Unustatud ${code}`);
	return c;
}

beforeAll(async () => {
	t = await createTestDatabase();
	harju = await countyByName(db(), 'Harju maakond');
	tartu = await countyByName(db(), 'Tartu maakond');
	municipalityId = (await firstMunicipality(db(), harju.id)).id;
	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju.id }] }))
		.actor;
	tartuCoordinator = (
		await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu.id }] })
	).actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
	const v = await seedVolunteer(db(), { countyId: harju.id });
	volunteerId = v.id;
	volunteerActor = (await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: v.id }] }))
		.actor;
	const paired = await seedClient(db(), {
		countyId: harju.id,
		municipalityId,
		status: 'paired',
		firstName: 'Salme',
		lastName: 'Seotud',
		consentGivenOn: '2026-01-10'
	});
	pairedClientId = paired.id;
	await seedPairing(db(), { clientId: paired.id, volunteerId: v.id, startsOn: '2026-01-15' });
});

afterAll(async () => {
	await t?.close();
});

describe('consents as records', () => {
	it('the client form’s consent date became a processing consent (migration trigger)', async () => {
		const page = await clientConsents(ctx(coordinator), pairedClientId);
		const processing = page.purposes.find((p) => p.purpose === 'processing')!;
		expect(processing.state).toBe('given');
		expect(processing.current).toMatchObject({ givenOn: '2026-01-10', method: 'paper_scan' });
		expect(page.purposes.find((p) => p.purpose === 'story')!.state).toBe('missing');
	});

	it('records a consent per purpose once; a repeated form is told it exists', async () => {
		const input = {
			purpose: 'survey_research',
			method: 'first_meeting',
			textVersion: '2024-1',
			givenOn: '2026-03-01'
		};
		await recordClientConsent(ctx(coordinator), pairedClientId, input);
		expect((await lastEvent('consent.record')).outcome).toBe('success');
		const again = await appError(recordClientConsent(ctx(coordinator), pairedClientId, input));
		expect(again).toMatchObject({ code: 'conflict', messageKey: 'consents.error.live' });
		const rows = await db()
			.select()
			.from(consents)
			.where(and(eq(consents.clientId, pairedClientId), eq(consents.purpose, 'survey_research')));
		expect(rows).toHaveLength(1);
	});

	it('refuses bad input with a message and changes nothing', async () => {
		const future = await appError(
			recordClientConsent(ctx(coordinator), pairedClientId, {
				purpose: 'story',
				method: 'paper_scan',
				textVersion: '2024-1',
				givenOn: '2026-04-01'
			})
		);
		expect(future).toMatchObject({ code: 'invalid', fields: { givenOn: 'consents.error.future' } });
		const bad = await appError(
			recordClientConsent(ctx(coordinator), pairedClientId, { purpose: 'x', method: 'y' })
		);
		expect(bad?.code).toBe('invalid');
	});

	it('denies another county’s coordinator, the paired volunteer and an expert’s change', async () => {
		const input = {
			purpose: 'story',
			method: 'paper_scan',
			textVersion: '2024-1',
			givenOn: '2026-03-01'
		};
		expect(
			(await appError(recordClientConsent(ctx(tartuCoordinator), pairedClientId, input)))?.code
		).toBe('not_found');
		expect((await appError(clientConsents(ctx(volunteerActor), pairedClientId)))?.code).toBe(
			'forbidden'
		);
		expect((await appError(recordClientConsent(ctx(expert), pairedClientId, input)))?.code).toBe(
			'forbidden'
		);
		expect((await lastEvent('consent.record')).outcome).toBe('denied');
		// The expert reads the consent state (as on the client page), never changes it.
		expect((await clientConsents(ctx(expert), pairedClientId)).purposes).toHaveLength(4);
	});

	it('withdrawing names the version read; processing clears the client’s consent date', async () => {
		const page = await clientConsents(ctx(coordinator), pairedClientId);
		const live = page.purposes.find((p) => p.purpose === 'processing')!.current!;
		const stale = await appError(
			withdrawClientConsent(ctx(coordinator), pairedClientId, live.id, {
				withdrawnOn: '2026-03-09',
				version: String(live.version + 5)
			})
		);
		expect(stale).toMatchObject({ code: 'conflict', messageKey: 'records.conflict' });
		const before = await appError(
			withdrawClientConsent(ctx(coordinator), pairedClientId, live.id, {
				withdrawnOn: '2025-01-01',
				version: String(live.version)
			})
		);
		expect(before?.fields).toEqual({ withdrawnOn: 'consents.error.before_given' });
		await withdrawClientConsent(ctx(coordinator), pairedClientId, live.id, {
			withdrawnOn: '2026-03-09',
			version: String(live.version)
		});
		const [client] = await db().select().from(clients).where(eq(clients.id, pairedClientId));
		expect(client!.consentGivenOn).toBeNull();
		const after = await clientConsents(ctx(coordinator), pairedClientId);
		expect(after.purposes.find((p) => p.purpose === 'processing')!.state).toBe('withdrawn');
		// A new consent after a withdrawal is a new record; the client's date follows it.
		await recordClientConsent(ctx(coordinator), pairedClientId, {
			purpose: 'processing',
			method: 'paper_scan',
			textVersion: '2024-1',
			givenOn: '2026-03-10'
		});
		const [again] = await db().select().from(clients).where(eq(clients.id, pairedClientId));
		expect(again!.consentGivenOn).toBe('2026-03-10');
	});
});

describe('a volunteer’s consents (the same records, volunteer_id)', () => {
	const input = {
		purpose: 'story',
		method: 'first_meeting',
		textVersion: '2024-1',
		givenOn: '2026-03-02'
	};

	it('the county’s coordinator records one per purpose; a repeated form is told it exists', async () => {
		const before = await volunteerConsents(ctx(coordinator), volunteerId);
		expect(before.purposes.every((p) => p.state === 'missing')).toBe(true);
		await recordVolunteerConsent(ctx(coordinator), volunteerId, input);
		const event = await lastEvent('consent.record');
		expect(event).toMatchObject({ outcome: 'success', entityType: 'volunteer' });
		expect(event.entityId).toBe(volunteerId);
		const again = await appError(recordVolunteerConsent(ctx(coordinator), volunteerId, input));
		expect(again).toMatchObject({ code: 'conflict', messageKey: 'consents.error.live' });
		const rows = await db().select().from(consents).where(eq(consents.volunteerId, volunteerId));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ clientId: null, countyId: harju.id, purpose: 'story' });
		const after = await volunteerConsents(ctx(admin), volunteerId);
		expect(after.purposes.find((p) => p.purpose === 'story')).toMatchObject({
			state: 'given',
			current: { givenOn: '2026-03-02', method: 'first_meeting', textVersion: '2024-1' }
		});
		// The client's page does not see the volunteer's consent.
		const client = await clientConsents(ctx(coordinator), pairedClientId);
		expect(client.purposes.find((p) => p.purpose === 'story')!.state).toBe('missing');
	});

	it('refuses bad input and another person’s document with a message, changing nothing', async () => {
		const future = await appError(
			recordVolunteerConsent(ctx(coordinator), volunteerId, {
				...input,
				purpose: 'processing',
				givenOn: '2026-04-01'
			})
		);
		expect(future).toMatchObject({ code: 'invalid', fields: { givenOn: 'consents.error.future' } });
		const clientsDoc = await clientDocument(pairedClientId, 'Salme');
		const foreign = await appError(
			recordVolunteerConsent(ctx(coordinator), volunteerId, {
				...input,
				purpose: 'processing',
				documentId: clientsDoc.id
			})
		);
		expect(foreign).toMatchObject({ code: 'invalid', fields: { documentId: 'error.choice' } });
		const bad = await appError(
			recordVolunteerConsent(ctx(coordinator), volunteerId, { purpose: 'x', method: 'y' })
		);
		expect(bad?.code).toBe('invalid');
		const rows = await db().select().from(consents).where(eq(consents.volunteerId, volunteerId));
		expect(rows).toHaveLength(1);
	});

	it('denies another county’s coordinator, the volunteer themselves and an expert’s change', async () => {
		const other = { ...input, purpose: 'processing' };
		expect(
			(await appError(recordVolunteerConsent(ctx(tartuCoordinator), volunteerId, other)))?.code
		).toBe('not_found');
		expect((await appError(volunteerConsents(ctx(tartuCoordinator), volunteerId)))?.code).toBe(
			'not_found'
		);
		expect(
			(await appError(recordVolunteerConsent(ctx(volunteerActor), volunteerId, other)))?.code
		).toBe('forbidden');
		expect((await appError(volunteerConsents(ctx(volunteerActor), volunteerId)))?.code).toBe(
			'forbidden'
		);
		expect((await appError(recordVolunteerConsent(ctx(expert), volunteerId, other)))?.code).toBe(
			'forbidden'
		);
		expect((await lastEvent('consent.record')).outcome).toBe('denied');
		const page = await volunteerConsents(ctx(coordinator), volunteerId);
		const live = page.purposes.find((p) => p.purpose === 'story')!.current!;
		for (const who of [tartuCoordinator, volunteerActor, expert]) {
			const refused = await appError(
				withdrawVolunteerConsent(ctx(who), volunteerId, live.id, {
					withdrawnOn: '2026-03-09',
					version: String(live.version)
				})
			);
			expect(['not_found', 'forbidden']).toContain(refused?.code);
		}
		const rows = await db().select().from(consents).where(eq(consents.volunteerId, volunteerId));
		expect(rows.map((r) => r.purpose)).toEqual(['story']);
		expect(rows[0]!.withdrawnOn).toBeNull();
		// The expert reads the state, as the volunteer's page.
		expect((await volunteerConsents(ctx(expert), volunteerId)).purposes).toHaveLength(4);
	});

	it('withdrawing names the version read and cannot reach a client’s consent', async () => {
		const page = await volunteerConsents(ctx(coordinator), volunteerId);
		const live = page.purposes.find((p) => p.purpose === 'story')!.current!;
		const stale = await appError(
			withdrawVolunteerConsent(ctx(coordinator), volunteerId, live.id, {
				withdrawnOn: '2026-03-09',
				version: String(live.version + 5)
			})
		);
		expect(stale).toMatchObject({ code: 'conflict', messageKey: 'records.conflict' });
		const clientsLive = (await clientConsents(ctx(coordinator), pairedClientId)).purposes.find(
			(p) => p.state === 'given'
		)!.current!;
		const crossed = await appError(
			withdrawVolunteerConsent(ctx(coordinator), volunteerId, clientsLive.id, {
				withdrawnOn: '2026-03-09',
				version: String(clientsLive.version)
			})
		);
		expect(crossed).toMatchObject({ code: 'invalid', fields: { consentId: 'error.choice' } });
		await withdrawVolunteerConsent(ctx(coordinator), volunteerId, live.id, {
			withdrawnOn: '2026-03-09',
			version: String(live.version)
		});
		expect((await lastEvent('consent.withdraw')).entityType).toBe('volunteer');
		const after = await volunteerConsents(ctx(coordinator), volunteerId);
		expect(after.purposes.find((p) => p.purpose === 'story')!.state).toBe('withdrawn');
		const twice = await appError(
			withdrawVolunteerConsent(ctx(coordinator), volunteerId, live.id, {
				withdrawnOn: '2026-03-09',
				version: String(live.version + 1)
			})
		);
		expect(twice).toMatchObject({ code: 'conflict', messageKey: 'consents.error.withdrawn' });
	});
});

describe('a volunteer’s extract (issue 24, item 5)', () => {
	it('lists their consents, the rules of their records and the register rows about them', async () => {
		const itemId = randomUUID();
		await db().insert(destructionRegister).values({
			ruleKey: 'application_not_selected',
			requirement: 'R-VOL-6',
			itemKind: 'document',
			itemId,
			action: 'destroyed',
			countyId: harju.id,
			volunteerId,
			rowsCount: 1,
			filesCount: 1
		});
		// Another volunteer's row stays out.
		const other = await seedVolunteer(db(), { countyId: harju.id, firstName: 'Teine' });
		await db().insert(destructionRegister).values({
			ruleKey: 'application_not_selected',
			requirement: 'R-VOL-6',
			itemKind: 'document',
			itemId: randomUUID(),
			action: 'destroyed',
			countyId: harju.id,
			volunteerId: other.id
		});
		const extract = await volunteerExtract(ctx(coordinator), volunteerId);
		expect(extract.volunteer.id).toBe(volunteerId);
		expect(extract.retention.consents).toEqual([
			expect.objectContaining({
				purpose: 'story',
				givenOn: '2026-03-02',
				withdrawnOn: '2026-03-09'
			})
		]);
		expect(extract.retention.rules.map((r) => r.key)).toContain('volunteer_contract');
		expect(extract.retention.rules.find((r) => r.key === 'volunteer_contract')).toMatchObject({
			requirement: 'R-CTRL-2',
			periodMonths: 84
		});
		expect(extract.retention.register).toEqual([
			expect.objectContaining({ ruleKey: 'application_not_selected', rowsCount: 1, filesCount: 1 })
		]);
		expect(extract.pairings).toHaveLength(1);
		// Nobody else's personal data: not the paired client's name.
		expect(JSON.stringify(extract)).not.toContain('Salme');
		const event = await lastEvent('volunteer.extract');
		expect(event).toMatchObject({ outcome: 'success', entityType: 'volunteer' });
	});

	it('is refused to another county’s coordinator, the volunteer and the expert', async () => {
		expect((await appError(volunteerExtract(ctx(tartuCoordinator), volunteerId)))?.code).toBe(
			'not_found'
		);
		expect((await appError(volunteerExtract(ctx(volunteerActor), volunteerId)))?.code).toBe(
			'forbidden'
		);
		expect((await appError(volunteerExtract(ctx(expert), volunteerId)))?.code).toBe('forbidden');
		expect((await lastEvent('volunteer.extract')).outcome).toBe('denied');
	});
});

describe('retention rules as data', () => {
	it('are seeded with their R-ids', async () => {
		const rules = await db().select().from(retentionRules);
		expect(rules.find((r) => r.key === 'survey_paper_scan')).toMatchObject({
			requirement: 'R-PAIR-6',
			startsFrom: 'entry',
			periodMonths: 3,
			action: 'destroy'
		});
		expect(rules.find((r) => r.key === 'mapping_unused')?.requirement).toBe('R-MAP-5');
		expect(rules.find((r) => r.key === 'volunteer_contract')?.periodMonths).toBe(84);
	});

	it('change only with a reason, audited, under the version read', async () => {
		const [rule] = await db()
			.select()
			.from(retentionRules)
			.where(eq(retentionRules.key, 'volunteer_contract'));
		const noReason = await appError(
			updateRetentionRule(ctx(admin), {
				key: 'volunteer_contract',
				periodMonths: '85',
				action: 'destroy',
				reason: '',
				version: String(rule!.version)
			})
		);
		expect(noReason?.fields).toMatchObject({ reason: 'retention.error.reason' });
		await updateRetentionRule(ctx(admin), {
			key: 'volunteer_contract',
			periodMonths: '85',
			action: 'destroy',
			reason: 'Raamatupidamise seadus muutus, kontrollitud juristiga.',
			version: String(rule!.version)
		});
		const changes = await db().select().from(retentionRuleChanges);
		expect(changes).toHaveLength(1);
		expect(changes[0]).toMatchObject({ fromPeriodMonths: 84, toPeriodMonths: 85 });
		const event = await lastEvent('retention.rule_update');
		expect(event).toMatchObject({ action: 'retention.rule_update', outcome: 'success' });
		expect(JSON.stringify(event!.details)).not.toContain('Raamatupidamise');
		const stale = await appError(
			updateRetentionRule(ctx(admin), {
				key: 'volunteer_contract',
				periodMonths: '84',
				action: 'destroy',
				reason: 'Tagasi endise juurde, viga.',
				version: String(rule!.version)
			})
		);
		expect(stale?.messageKey).toBe('records.conflict');
	});

	it('denies a coordinator and an expert', async () => {
		for (const actor of [coordinator, expert, volunteerActor]) {
			expect((await appError(retentionOverview(ctx(actor))))?.code).toBe('not_found');
			expect(
				(
					await appError(
						setRetentionClock(ctx(actor), {
							clock: 'project_end',
							onDay: '2026-03-10',
							confirm: 'on'
						})
					)
				)?.code
			).toBe('not_found');
			expect(
				(await appError(placeLegalHold(ctx(actor), { personId: pairedClientId, reason: 'court' })))
					?.code
			).toBe('not_found');
			expect((await appError(runRetentionNow(ctx(actor))))?.code).toBe('not_found');
		}
	});
});

describe('the engine: paper survey scans (R-PAIR-6), 3 months after entry', () => {
	let scanId: string;
	let keepId: string;
	let scanKey: string;
	beforeAll(async () => {
		const [set] = await db().select().from(surveyQuestionSets).limit(1);
		const mk = async (onPaper: boolean) => {
			const [r] = await db()
				.insert(surveyResponses)
				.values({
					clientId: pairedClientId,
					questionSetId: set!.id,
					conductedOn: '2026-03-05',
					answers: {},
					onPaper,
					paperDestroyDueOn: onPaper ? '2026-06-10' : null,
					enteredAt: at('2026-03-10')
				})
				.returning();
			const f = await storeFile(`ankeet ${r!.id}`);
			const [d] = await db()
				.insert(documents)
				.values({
					countyId: harju.id,
					kind: 'survey_scan',
					ownerRef: `survey_response:${r!.id}`,
					fileName: 'ankeet.pdf',
					mediaType: 'application/pdf',
					sizeBytes: f.size,
					sha256: f.sha256,
					storageKey: f.key
				})
				.returning();
			return { doc: d!, key: f.key };
		};
		const scan = await mk(true);
		scanId = scan.doc.id;
		scanKey = scan.key;
		keepId = (await mk(false)).doc.id;
	});

	it('is listed 14 days ahead, not destroyed a day early, destroyed on the day', async () => {
		const ahead = await upcomingItems(db(), '2026-05-28');
		expect(ahead.filter((i) => i.itemId === scanId)).toMatchObject([
			{ ruleKey: 'survey_paper_scan', dueOn: '2026-06-10' }
		]);
		expect((await upcomingForCounties(ctx(coordinator, at('2026-05-28')))).length).toBeGreaterThan(
			0
		);
		expect(await upcomingForCounties(ctx(tartuCoordinator, at('2026-05-28')))).toEqual([]);
		const early = await runRetention(ctx(null, at('2026-06-09')));
		expect(early.destroyed).toBe(0);
		const run = await runRetention(ctx(null, at('2026-06-10')));
		expect(run.destroyed).toBe(1);
		expect(await db().select().from(documents).where(eq(documents.id, scanId))).toEqual([]);
		expect(await db().select().from(documents).where(eq(documents.id, keepId))).toHaveLength(1);
		expect(await t.files.exists(scanKey)).toBe(false);
		const rows = await db()
			.select()
			.from(destructionRegister)
			.where(eq(destructionRegister.itemId, scanId));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			ruleKey: 'survey_paper_scan',
			requirement: 'R-PAIR-6',
			filesCount: 1,
			performedBy: null,
			pendingKeys: []
		});
		expect(rows[0]!.fileSha256[0]).toMatch(/^[0-9a-f]{64}$/);
		// Nothing destroyed twice.
		const again = await runRetention(ctx(null, at('2026-06-11')));
		expect(again.destroyed).toBe(0);
	});
});

describe('the engine: unused mapping data at the project end (R-MAP-5), holds, crash', () => {
	const names = ['Vaike', 'Heldur', 'Krõõt', 'Ülle', 'Ints'];
	const codes = names.map((_, i) => buildIsikukood(`1941-0${i + 1}-15`, 'female', 100 + i));
	let ids: string[] = [];
	beforeAll(async () => {
		ids = [];
		for (let i = 0; i < names.length; i++) ids.push((await unusedClient(names[i]!, codes[i]!)).id);
	});

	it('the clock starts only when the administrator sets the day; the preview lists them', async () => {
		expect(
			(await upcomingItems(db(), '2026-07-01')).filter((i) => i.ruleKey === 'mapping_unused')
		).toEqual([]);
		const bad = await appError(
			setRetentionClock(ctx(admin), { clock: 'project_end', onDay: '2026-07-01' })
		);
		expect(bad?.fields).toMatchObject({ confirm: 'retention.error.confirm' });
		await setRetentionClock(ctx(admin), {
			clock: 'project_end',
			onDay: '2026-07-01',
			confirm: 'on'
		});
		const preview = (await upcomingItems(db(), '2026-06-20')).filter(
			(i) => i.ruleKey === 'mapping_unused'
		);
		expect(preview.map((i) => i.itemId).sort()).toEqual([...ids].sort());
		// The paired client is used: never in the list.
		expect(preview.some((i) => i.clientId === pairedClientId)).toBe(false);
	});

	it('a legal hold stops it; a crash halfway leaves every item whole; the next run completes', async () => {
		const hold = await placeLegalHold(ctx(admin), { personId: ids[0], reason: 'complaint' });
		expect(
			(await appError(placeLegalHold(ctx(admin), { personId: ids[0], reason: 'court' })))
				?.messageKey
		).toBe('retention.error.hold_exists');
		await expect(runRetention(ctx(null, at('2026-07-01')), { faultAfter: 2 })).rejects.toThrow(
			'injected fault'
		);
		const halfway = await db()
			.select()
			.from(destructionRegister)
			.where(eq(destructionRegister.ruleKey, 'mapping_unused'));
		expect(halfway).toHaveLength(2);
		for (const r of halfway) {
			expect(await db().select().from(clients).where(eq(clients.id, r.itemId))).toEqual([]);
		}
		const run = await runRetention(ctx(null, at('2026-07-01')));
		expect(run).toMatchObject({ destroyed: 2, held: 1, failed: 0 });
		const done = await db()
			.select()
			.from(destructionRegister)
			.where(eq(destructionRegister.ruleKey, 'mapping_unused'));
		expect(done).toHaveLength(4);
		expect(new Set(done.map((r) => r.itemId)).size).toBe(4);
		expect(done.every((r) => r.filesCount === 1 && r.rowsCount >= 3)).toBe(true);
		// The held client stays whole.
		expect(await db().select().from(clients).where(eq(clients.id, ids[0]!))).toHaveLength(1);
		// No trace of the destroyed people anywhere (every text column), nor in the file store.
		const terms = [...names.slice(1), ...codes.slice(1)];
		expect(await scanDatabase(db(), terms)).toEqual({});
		for (const key of await t.files.list('documents/')) {
			const text = new TextDecoder().decode(await t.files.get(key));
			for (const term of terms) expect(text).not.toContain(term);
		}
		// Lifting the hold lets the next run go on.
		const [h] = await db().select().from(legalHolds).where(eq(legalHolds.id, hold.id));
		await liftLegalHold(ctx(admin), hold.id, { version: String(h!.version) });
		const last = await runRetention(ctx(null, at('2026-07-02')));
		expect(last.destroyed).toBe(1);
		expect(await db().select().from(clients).where(eq(clients.id, ids[0]!))).toEqual([]);
	});

	it('a crash after commit, before the file was removed, is finished by the next run', async () => {
		const c = await unusedClient('Pending', buildIsikukood('1940-02-02', 'male', 222));
		const [doc] = await db().select().from(documents).where(eq(documents.clientId, c.id));
		const failing = {
			...t.files,
			delete: async () => {
				throw new Error('store down');
			}
		};
		const broken = { ...ctx(null, at('2026-07-03')), files: failing };
		await runRetention(broken);
		const [row] = await db()
			.select()
			.from(destructionRegister)
			.where(eq(destructionRegister.itemId, c.id));
		expect(row!.pendingKeys).toEqual([doc!.storageKey]);
		expect(await t.files.exists(doc!.storageKey)).toBe(true);
		await runRetention(ctx(null, at('2026-07-04')));
		expect(await t.files.exists(doc!.storageKey)).toBe(false);
		const [after] = await db()
			.select()
			.from(destructionRegister)
			.where(eq(destructionRegister.itemId, c.id));
		expect(after!.pendingKeys).toEqual([]);
	});
});

describe('the destruction register and the hand-over (R-CTRL-2)', () => {
	it('the hand-over anonymises every client left, one register row each', async () => {
		await setRetentionClock(ctx(admin), { clock: 'handover', onDay: '2026-08-01', confirm: 'on' });
		const run = await runRetentionNow(ctx(admin, at('2026-08-01')));
		expect(run.anonymised).toBeGreaterThanOrEqual(1);
		const [client] = await db().select().from(clients).where(eq(clients.id, pairedClientId));
		expect(client).toMatchObject({ status: 'anonymised', firstName: null, lastName: null });
		const rows = await db()
			.select()
			.from(destructionRegister)
			.where(
				and(
					eq(destructionRegister.ruleKey, 'client_handover'),
					eq(destructionRegister.itemId, pairedClientId)
				)
			);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ action: 'anonymised', performedBy: admin.userId });
		expect(await scanDatabase(db(), ['Salme', 'Seotud'])).toEqual({});
	});

	it('the county’s coordinator reads and downloads their county’s rows; others do not', async () => {
		const mine = await listRegister(ctx(coordinator));
		expect(mine.rows.length).toBeGreaterThan(5);
		expect((await listRegister(ctx(tartuCoordinator))).rows).toEqual([]);
		expect((await appError(listRegister(ctx(volunteerActor))))?.code).toBe('not_found');
		expect((await appError(listRegister(ctx(expert))))?.code).toBe('not_found');
		const csv = await downloadRegister(ctx(admin), 'csv');
		const text = new TextDecoder().decode(csv.body);
		expect(text).toContain('R-MAP-5');
		expect(text).toContain('R-PAIR-6');
		expect(csv.count).toBe((await db().select().from(destructionRegister)).length);
		const xlsx = await downloadRegister(ctx(coordinator), 'xlsx');
		expect(xlsx.fileName).toMatch(/\.xlsx$/);
		expect((await lastEvent('retention.register_download')).details).toMatchObject({
			format: 'xlsx'
		});
	});

	it('the client’s extract lists their consents, retention and register rows', async () => {
		const extract = await clientExtract(ctx(coordinator, at('2026-08-02')), pairedClientId);
		expect(extract.retention.consents.length).toBeGreaterThan(0);
		expect(extract.retention.register.map((r) => r.ruleKey)).toContain('client_handover');
		expect(extract.retention.rules.length).toBeGreaterThan(0);
		void volunteerId;
	});
});
