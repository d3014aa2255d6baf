import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { surveyQuestionSets, surveyResponses } from '$lib/server/db/schema';
import {
	countyByName,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import {
	clientSurveys,
	confirmPaperDestroyed,
	currentQuestionSet,
	dueSurveysOfVolunteer,
	enterSurvey,
	getSurveyResponse,
	seedSurveyQuestionSets
} from '$lib/server/services/pairings/surveys';
import { SIX_MONTH_SURVEY_V1 } from '$lib/server/domain/surveys';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';

/**
 * The six-month survey (R-PAIR-6): a versioned question set in the database, due six calendar
 * months after the first pairing began, entered by the paired volunteer or the coordinator
 * (never an expert, never a volunteer whose pairing ended), validated against the version the
 * form showed, with the UCLA-3 loneliness score; paper originals listed for destruction.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';

let t: TestDatabase;
let harju: { id: string };
let tartu: { id: string };
let admin: Actor;
let coordinator: Actor;
let tartuCoordinator: Actor;
let expert: Actor;

const ctx = (actor: Actor | null, now = NOW) => t.ctx(actor, { now });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);

/** A client of Harju with a volunteer (with an account) paired from `startsOn`. */
async function pairedClient(startsOn: string, opts: { endsOn?: string } = {}) {
	const client = await seedClient(db(), { countyId: harju.id, status: 'paired' });
	const volunteer = await seedVolunteer(db(), { countyId: harju.id });
	const pairing = await seedPairing(db(), {
		clientId: client.id,
		volunteerId: volunteer.id,
		startsOn,
		endsOn: opts.endsOn ?? null
	});
	const { actor } = await seedUser(db(), {
		grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
	});
	return { client, volunteer, pairing, actor };
}

const answers = (over: Record<string, string> = {}) => ({
	a_satisfaction: '4',
	a_change: '2',
	a_change_text: 'Käib jälle poes ja räägib naabritega.',
	a_ucla_companionship: '2',
	a_ucla_left_out: '3',
	a_ucla_isolated: '2',
	...over
});

async function v1Id() {
	const [row] = await db()
		.select()
		.from(surveyQuestionSets)
		.where(and(eq(surveyQuestionSets.key, 'six_month'), eq(surveyQuestionSets.version, 1)));
	return row!.id;
}

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
});

afterAll(async () => {
	await t?.close();
});

describe('the question set', () => {
	it('version 1 is seeded once, idempotently, with the UCLA items marked', async () => {
		await seedSurveyQuestionSets(db());
		await seedSurveyQuestionSets(db());
		const rows = await db()
			.select()
			.from(surveyQuestionSets)
			.where(eq(surveyQuestionSets.key, 'six_month'));
		expect(rows.map((r) => r.version)).toEqual([1]);
		expect(rows[0]!.questions).toEqual(SIX_MONTH_SURVEY_V1.questions);
		expect(rows[0]!.questions.filter((q) => q.loneliness).map((q) => q.id)).toEqual([
			'ucla_companionship',
			'ucla_left_out',
			'ucla_isolated'
		]);
		expect((await currentQuestionSet(db(), NOW))?.version).toBe(1);
	});
});

describe('when the survey is due', () => {
	it('is due six months after the first pairing began, not a day earlier', async () => {
		const { client } = await pairedClient('2026-05-23');
		const due = await clientSurveys(ctx(coordinator), client.id);
		expect(due.state).toBe('due');
		expect(due.dueOn).toBe('2026-11-23');
		const early = await clientSurveys(
			ctx(coordinator, new Date('2026-11-22T10:00:00Z')),
			client.id
		);
		expect(early.state).toBe('not_yet');
	});

	it('counts from the first pairing, even when a later volunteer visits now', async () => {
		const { client } = await pairedClient('2026-04-01', { endsOn: '2026-08-01' });
		const second = await seedVolunteer(db(), { countyId: harju.id });
		await seedPairing(db(), {
			clientId: client.id,
			volunteerId: second.id,
			startsOn: '2026-08-05'
		});
		const s = await clientSurveys(ctx(coordinator), client.id);
		expect(s.firstPairingStartsOn).toBe('2026-04-01');
		expect(s.state).toBe('due');
	});

	it('has not started for a client whose only pairing is a proposal', async () => {
		const client = await seedClient(db(), { countyId: harju.id });
		const v = await seedVolunteer(db(), { countyId: harju.id });
		await seedPairing(db(), {
			clientId: client.id,
			volunteerId: v.id,
			startsOn: '2026-01-01',
			status: 'proposed'
		});
		const s = await clientSurveys(ctx(coordinator), client.id);
		expect(s.state).toBe('not_started');
		const e = await appError(
			enterSurvey(ctx(coordinator), client.id, {
				questionSetId: await v1Id(),
				conductedOn: TODAY,
				...answers()
			})
		);
		expect(e.messageKey).toBe('survey.not_in_service');
	});
});

describe('entering the answers', () => {
	it('the paired volunteer enters them; the score and their pairing are stored, audited with ids only', async () => {
		const { client, pairing, actor } = await pairedClient('2026-05-01');
		const page = await clientSurveys(ctx(actor), client.id);
		expect(page.permissions.enter).toBe(true);
		expect(page.questionSet?.version).toBe(1);
		const id = await enterSurvey(ctx(actor), client.id, {
			questionSetId: page.questionSet!.id,
			conductedOn: '2026-11-20',
			...answers()
		});
		const [row] = await db().select().from(surveyResponses).where(eq(surveyResponses.id, id));
		expect(row).toMatchObject({
			clientId: client.id,
			pairingId: pairing.id,
			kind: 'six_month',
			conductedOn: '2026-11-20',
			lonelinessScore: 7,
			onPaper: false,
			paperDestroyDueOn: null,
			enteredBy: actor.userId
		});
		expect(row!.answers).toEqual({
			satisfaction: 4,
			change: 2,
			change_text: 'Käib jälle poes ja räägib naabritega.',
			ucla_companionship: 2,
			ucla_left_out: 3,
			ucla_isolated: 2
		});
		const event = await lastEvent('survey.enter');
		expect(event).toMatchObject({ entityType: 'client', entityId: client.id, outcome: 'success' });
		expect(event.details).toEqual({ surveyResponseId: id, version: 1, onPaper: false });
		expect(JSON.stringify(event.details)).not.toContain('poes');

		// Done now: no second six-month survey, and the form is gone.
		const after = await clientSurveys(ctx(actor), client.id);
		expect(after.state).toBe('done');
		expect(after.permissions.enter).toBe(false);
		expect(after.responses).toHaveLength(1);
		const again = await appError(
			enterSurvey(ctx(coordinator), client.id, {
				questionSetId: page.questionSet!.id,
				conductedOn: TODAY,
				...answers()
			})
		);
		expect(again.code).toBe('conflict');
		expect(again.messageKey).toBe('survey.already_done');
	});

	it('refuses answers that are missing or not an option, and dates outside the service', async () => {
		const { client } = await pairedClient('2026-05-10');
		const questionSetId = await v1Id();
		const bad = await appError(
			enterSurvey(ctx(coordinator), client.id, {
				questionSetId,
				conductedOn: TODAY,
				...answers({ a_satisfaction: '', a_ucla_isolated: '7' })
			})
		);
		expect(bad.code).toBe('invalid');
		expect(bad.fields).toEqual({
			a_satisfaction: 'survey.answer_required',
			a_ucla_isolated: 'survey.answer_invalid'
		});
		const future = await appError(
			enterSurvey(ctx(coordinator), client.id, {
				questionSetId,
				conductedOn: '2026-11-24',
				...answers()
			})
		);
		expect(future.fields).toEqual({ conductedOn: 'survey.date_in_future' });
		const before = await appError(
			enterSurvey(ctx(coordinator), client.id, {
				questionSetId,
				conductedOn: '2026-05-09',
				...answers()
			})
		);
		expect(before.fields).toEqual({ conductedOn: 'survey.date_before_service' });
		const wrongSet = await appError(
			enterSurvey(ctx(coordinator), client.id, {
				questionSetId: '00000000-0000-4000-8000-000000000000',
				conductedOn: TODAY,
				...answers()
			})
		);
		expect(wrongSet.fields).toEqual({ questionSetId: 'error.choice' });
		expect(
			await db().select().from(surveyResponses).where(eq(surveyResponses.clientId, client.id))
		).toEqual([]);
	});

	it('a paper original is due for destruction three months after entry, until confirmed', async () => {
		const { client, actor } = await pairedClient('2026-03-15');
		const id = await enterSurvey(ctx(coordinator), client.id, {
			questionSetId: await v1Id(),
			conductedOn: '2026-11-02',
			onPaper: 'on',
			...answers()
		});
		const [row] = await db().select().from(surveyResponses).where(eq(surveyResponses.id, id));
		expect(row).toMatchObject({ onPaper: true, paperDestroyDueOn: '2027-02-23' });

		// The volunteer reads but may not confirm; another county's coordinator sees nothing.
		const byVolunteer = await appError(confirmPaperDestroyed(ctx(actor), client.id, id));
		expect(byVolunteer.code).toBe('forbidden');
		const other = await appError(confirmPaperDestroyed(ctx(tartuCoordinator), client.id, id));
		expect(other.code).toBe('not_found');
		expect(await lastEvent('survey.paper_destroyed')).toMatchObject({
			outcome: 'denied',
			actorUserId: tartuCoordinator.userId,
			entityId: client.id
		});

		const later = new Date('2027-02-24T09:00:00Z');
		const view = await getSurveyResponse(ctx(coordinator, later), client.id, id);
		expect(view.permissions.confirmDestroyed).toBe(true);
		await confirmPaperDestroyed(ctx(coordinator, later), client.id, id);
		const [done] = await db().select().from(surveyResponses).where(eq(surveyResponses.id, id));
		expect(done).toMatchObject({
			paperDestroyedOn: '2027-02-24',
			paperDestroyedBy: coordinator.userId
		});
		expect(await lastEvent('survey.paper_destroyed')).toMatchObject({
			outcome: 'success',
			actorUserId: coordinator.userId,
			details: { surveyResponseId: id }
		});
		const twice = await appError(confirmPaperDestroyed(ctx(coordinator, later), client.id, id));
		expect(twice.messageKey).toBe('survey.already_destroyed');
	});
});

describe('who may read and enter', () => {
	it('an expert reads the answers but may not enter any (403, audited)', async () => {
		const { client } = await pairedClient('2026-01-05');
		const page = await clientSurveys(ctx(expert), client.id);
		expect(page.permissions.enter).toBe(false);
		expect(page.questionSet).toBeNull();
		const e = await appError(
			enterSurvey(ctx(expert), client.id, {
				questionSetId: await v1Id(),
				conductedOn: TODAY,
				...answers()
			})
		);
		expect(e.code).toBe('forbidden');
		expect(await lastEvent('survey.enter')).toMatchObject({
			outcome: 'denied',
			actorUserId: expert.userId,
			entityId: client.id
		});
	});

	it('a volunteer whose pairing ended reaches neither the survey nor its form (404, audited)', async () => {
		const { client, actor } = await pairedClient('2026-01-05', { endsOn: '2026-11-01' });
		expect((await appError(clientSurveys(ctx(actor), client.id))).code).toBe('not_found');
		expect(await lastEvent('survey.view')).toMatchObject({
			outcome: 'denied',
			actorUserId: actor.userId,
			entityId: client.id
		});
		const e = await appError(
			enterSurvey(ctx(actor), client.id, {
				questionSetId: await v1Id(),
				conductedOn: '2026-10-01',
				...answers()
			})
		);
		expect(e.code).toBe('not_found');
		expect(await lastEvent('survey.enter')).toMatchObject({
			outcome: 'denied',
			actorUserId: actor.userId
		});
	});

	it("another county's coordinator gets not found, audited", async () => {
		const { client } = await pairedClient('2026-01-05');
		expect((await appError(clientSurveys(ctx(tartuCoordinator), client.id))).code).toBe(
			'not_found'
		);
		expect(await lastEvent('survey.view')).toMatchObject({
			outcome: 'denied',
			actorUserId: tartuCoordinator.userId,
			countyId: harju.id
		});
		const e = await appError(
			enterSurvey(ctx(tartuCoordinator), client.id, {
				questionSetId: await v1Id(),
				conductedOn: TODAY,
				...answers()
			})
		);
		expect(e.code).toBe('not_found');
	});

	it('the administrator enters for any county', async () => {
		const { client } = await pairedClient('2026-02-01');
		const id = await enterSurvey(ctx(admin), client.id, {
			questionSetId: await v1Id(),
			conductedOn: TODAY,
			...answers()
		});
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
	});
});

describe("the volunteer's list", () => {
	it('lists their clients whose survey is due, not those not yet due, and not once answered', async () => {
		const volunteer = await seedVolunteer(db(), { countyId: harju.id, maxClients: 5 });
		const { actor } = await seedUser(db(), {
			grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
		});
		const due = await seedClient(db(), { countyId: harju.id, status: 'paired' });
		const notYet = await seedClient(db(), { countyId: harju.id, status: 'paired' });
		// Began with another volunteer: the six months count from that first pairing.
		const handedOver = await seedClient(db(), { countyId: harju.id, status: 'paired' });
		const earlier = await seedVolunteer(db(), { countyId: harju.id });
		await seedPairing(db(), {
			clientId: due.id,
			volunteerId: volunteer.id,
			startsOn: '2026-05-01'
		});
		await seedPairing(db(), {
			clientId: notYet.id,
			volunteerId: volunteer.id,
			startsOn: '2026-06-01'
		});
		await seedPairing(db(), {
			clientId: handedOver.id,
			volunteerId: earlier.id,
			startsOn: '2026-02-28',
			endsOn: '2026-10-01'
		});
		await seedPairing(db(), {
			clientId: handedOver.id,
			volunteerId: volunteer.id,
			startsOn: '2026-10-01'
		});
		const list = await dueSurveysOfVolunteer(ctx(actor));
		expect(list.map((s) => [s.clientId, s.dueOn])).toEqual([
			[handedOver.id, '2026-08-28'],
			[due.id, '2026-11-01']
		]);
		expect(await lastEvent('client.list')).toMatchObject({
			actorUserId: actor.userId,
			details: { count: 2, list: 'surveys_due', volunteerId: volunteer.id }
		});
		await enterSurvey(ctx(actor), due.id, {
			questionSetId: await v1Id(),
			conductedOn: TODAY,
			...answers()
		});
		expect((await dueSurveysOfVolunteer(ctx(actor))).map((s) => s.clientId)).toEqual([
			handedOver.id
		]);
		expect(await dueSurveysOfVolunteer(ctx(coordinator))).toEqual([]);
	});
});

describe('a later version of the questions', () => {
	it('does not break old answers: they read with the version they answered', async () => {
		const { client } = await pairedClient('2026-04-20');
		const oldId = await enterSurvey(ctx(coordinator), client.id, {
			questionSetId: await v1Id(),
			conductedOn: '2026-11-10',
			...answers()
		});
		// Version 2: the satisfaction question reworded, "what changed" replaced by another.
		const [v1] = await db()
			.select()
			.from(surveyQuestionSets)
			.where(eq(surveyQuestionSets.id, await v1Id()));
		const v2Questions = v1!.questions
			.filter((q) => q.id !== 'change' && q.id !== 'change_text')
			.map((q) =>
				q.id === 'satisfaction'
					? { ...q, label: { et: 'Kuidas hindate teenust?', en: 'How do you rate the service?' } }
					: q
			);
		v2Questions.push({
			id: 'would_recommend',
			kind: 'choice',
			required: true,
			label: { et: 'Kas soovitaksite teenust?', en: 'Would you recommend the service?' },
			options: [
				{ value: 1, label: { et: 'Jah', en: 'Yes' } },
				{ value: 0, label: { et: 'Ei', en: 'No' } }
			]
		});
		await db()
			.insert(surveyQuestionSets)
			.values({
				key: 'six_month',
				version: 2,
				title: { et: 'Kuue kuu küsitlus', en: 'Six-month survey' },
				questions: v2Questions,
				activeFrom: new Date('2026-11-20T00:00:00Z')
			});

		const view = await getSurveyResponse(ctx(coordinator), client.id, oldId);
		expect(view.response.version).toBe(1);
		expect(view.response.questions.map((q) => q.id)).toContain('change_text');
		expect(view.response.questions.find((q) => q.id === 'satisfaction')!.label.et).toBe(
			'Kui rahul olete seltsilise teenusega?'
		);
		expect(view.response.answers.change_text).toBe('Käib jälle poes ja räägib naabritega.');
		const list = await clientSurveys(ctx(coordinator), client.id);
		expect(list.responses.map((r) => r.version)).toEqual([1]);

		// New answers follow version 2; its new question is required.
		const other = await pairedClient('2026-03-01');
		const form = await clientSurveys(ctx(coordinator), other.client.id);
		expect(form.questionSet?.version).toBe(2);
		const missing = await appError(
			enterSurvey(ctx(coordinator), other.client.id, {
				questionSetId: form.questionSet!.id,
				conductedOn: TODAY,
				...answers()
			})
		);
		expect(missing.fields).toEqual({ a_would_recommend: 'survey.answer_required' });
		const newId = await enterSurvey(ctx(coordinator), other.client.id, {
			questionSetId: form.questionSet!.id,
			conductedOn: TODAY,
			...answers({ a_would_recommend: '0' })
		});
		const [row] = await db().select().from(surveyResponses).where(eq(surveyResponses.id, newId));
		expect(row!.answers).toEqual({
			satisfaction: 4,
			ucla_companionship: 2,
			ucla_left_out: 3,
			ucla_isolated: 2,
			would_recommend: 0
		});
		expect(row!.lonelinessScore).toBe(7);
	});
});
