import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, stories, storyPeople } from '$lib/server/db/schema';
import { countyByName, seedClient, seedUser, seedVolunteer } from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { AppError } from '$lib/server/errors';
import {
	createStory,
	getStory,
	listStories,
	publishStory,
	unpublishStory,
	updateStory
} from '$lib/server/services/stories/stories';
import {
	addStoryPerson,
	recordStoryConsent,
	withdrawStoryConsent
} from '$lib/server/services/stories/people';
import { publishedStories } from '$lib/server/services/stories/public';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { samplePdf } from '../helpers/files';

/**
 * Issue 22, experience stories (R-STORY-1): publishing needs everyone's consent or an anonymous
 * story with the names removed; a withdrawn consent unpublishes at once; `/lood` shows only the
 * published ones; coordinators of another county, volunteers and the expert write nothing.
 */

const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';

let t: TestDatabase;
let harju: string;
let tartu: string;
let admin: Actor;
let coordinator: Actor;
let otherCoordinator: Actor;
let expert: Actor;
let volunteerActor: Actor;
let volunteerId: string;
let clientId: string;

const ctx = (actor: Actor | null, now = NOW) => t.ctx(actor, { now });
const db = () => t.handle.db;

async function appError(p: Promise<unknown>): Promise<AppError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof AppError) return e;
		throw e;
	}
	throw new Error('expected an AppError');
}

const storyRow = async (id: string) =>
	(await db().select().from(stories).where(eq(stories.id, id)))[0]!;

async function outcomes(requestId: string) {
	return (await db().select().from(auditEvents).where(eq(auditEvents.requestId, requestId))).map(
		(e) => [e.action, e.outcome]
	);
}

const newStory = (actor: Actor, countyId = harju) =>
	createStory(ctx(actor), {
		countyId,
		title: 'Kuidas me Maiega kohvi jõime',
		body: 'Esimene lõik.\n\nTeine lõik.',
		language: 'et',
		author: 'Jaan'
	});

async function personIds(storyId: string) {
	return (await db().select().from(storyPeople).where(eq(storyPeople.storyId, storyId))).map(
		(p) => p.id
	);
}

beforeAll(async () => {
	t = await createTestDatabase();
	harju = (await countyByName(db(), 'Harju maakond')).id;
	tartu = (await countyByName(db(), 'Tartu maakond')).id;
	admin = (await seedUser(db(), { grants: [{ role: 'admin' }] })).actor;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju }] }))
		.actor;
	otherCoordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu }] }))
		.actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
	const v = await seedVolunteer(db(), { countyId: harju, status: 'active' });
	volunteerId = v.id;
	volunteerActor = (await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: v.id }] }))
		.actor;
	clientId = (await seedClient(db(), { countyId: harju })).id;
});

afterAll(async () => {
	await t?.close();
});

describe('publishing a story (R-STORY-1)', () => {
	it('refuses publishing with names until everyone named has consented', async () => {
		const id = await newStory(coordinator);
		await addStoryPerson(ctx(coordinator), id, { person: `volunteer:${volunteerId}` });
		await addStoryPerson(ctx(coordinator), id, { person: `client:${clientId}` });
		const [vp, cp] = await personIds(id);

		const c1 = ctx(coordinator);
		const refused = await appError(publishStory(c1, id, { anonymous: 'no', version: 1 }));
		expect(refused.code).toBe('invalid');
		expect(refused.fields.anonymous).toBe('stories.error.consent_missing');
		expect(await outcomes(c1.requestId)).toContainEqual(['story.publish', 'failure']);
		expect((await storyRow(id)).publishedAt).toBeNull();

		// One consent is not enough.
		await recordStoryConsent(ctx(coordinator), id, vp!, {
			consentOn: TODAY,
			file: { name: 'nousolek.pdf', bytes: await samplePdf() }
		});
		expect(
			(await appError(publishStory(ctx(coordinator), id, { anonymous: 'no', version: 1 }))).fields
				.anonymous
		).toBe('stories.error.consent_missing');

		// A consent needs a date that has been.
		const future = await appError(
			recordStoryConsent(ctx(coordinator), id, cp!, {
				consentOn: '2026-12-01',
				file: { name: 'nousolek.pdf', bytes: await samplePdf() }
			})
		);
		expect(future.fields.consentOn).toBe('stories.error.consent_future');

		await recordStoryConsent(ctx(coordinator), id, cp!, {
			consentOn: TODAY,
			file: { name: 'nousolek.pdf', bytes: await samplePdf() }
		});
		await publishStory(ctx(coordinator), id, { anonymous: 'no', version: 1 });
		const row = await storyRow(id);
		expect(row.publishedAt).not.toBeNull();
		expect(row.anonymous).toBe(false);

		const shown = await publishedStories(ctx(null));
		const story = shown.find((s) => s.id === id)!;
		expect(story.paragraphs).toEqual(['Esimene lõik.', 'Teine lõik.']);
		expect(story.language).toBe('et');
		expect(story.author).toBe('Jaan');
	});

	it('a story with nobody in it is not published with names', async () => {
		const id = await newStory(coordinator);
		expect(
			(await appError(publishStory(ctx(coordinator), id, { anonymous: 'no', version: 1 }))).fields
				.anonymous
		).toBe('stories.error.consent_missing');
	});

	it('publishes anonymously only when the coordinator confirms the names were removed', async () => {
		const id = await newStory(coordinator);
		await addStoryPerson(ctx(coordinator), id, { person: `client:${clientId}` });
		const e = await appError(publishStory(ctx(coordinator), id, { anonymous: 'yes', version: 1 }));
		expect(e.fields.namesRemoved).toBe('stories.error.names_removed');
		await publishStory(ctx(coordinator), id, {
			anonymous: 'yes',
			namesRemoved: 'on',
			version: 1
		});
		const shown = (await publishedStories(ctx(null))).find((s) => s.id === id)!;
		expect(shown.author).toBeNull();
		await unpublishStory(ctx(coordinator), id, { version: 2 });
		expect((await publishedStories(ctx(null))).some((s) => s.id === id)).toBe(false);
	});

	it('withdrawing a consent unpublishes the story at once', async () => {
		const id = await newStory(coordinator);
		await addStoryPerson(ctx(coordinator), id, { person: `volunteer:${volunteerId}` });
		const [vp] = await personIds(id);
		await recordStoryConsent(ctx(coordinator), id, vp!, {
			consentOn: TODAY,
			file: { name: 'nousolek.pdf', bytes: await samplePdf() }
		});
		await publishStory(ctx(coordinator), id, { anonymous: 'no', version: 1 });
		expect((await publishedStories(ctx(null))).some((s) => s.id === id)).toBe(true);

		const c = ctx(coordinator);
		await withdrawStoryConsent(c, id, vp!);
		expect((await storyRow(id)).publishedAt).toBeNull();
		expect((await publishedStories(ctx(null))).some((s) => s.id === id)).toBe(false);
		expect(await outcomes(c.requestId)).toContainEqual(['story.consent_withdraw', 'success']);
		const view = await getStory(ctx(coordinator), id);
		expect(view.people[0]!.consented).toBe(false);
		expect(view.people[0]!.consentWithdrawnOn).toBe(TODAY);
		expect(view.namedPublishable).toBe(false);
	});

	it('an edit from a stale form is a conflict and changes nothing', async () => {
		const id = await newStory(coordinator);
		const fields = { title: 'Uus pealkiri', body: 'Tekst', language: 'ru', author: 'Jaan' };
		await updateStory(ctx(coordinator), id, { ...fields, version: 1 });
		const e = await appError(
			updateStory(ctx(coordinator), id, { ...fields, title: 'Vana', version: 1 })
		);
		expect(e.code).toBe('conflict');
		const row = await storyRow(id);
		expect(row.title).toBe('Uus pealkiri');
		expect(row.language).toBe('ru');
		expect(row.version).toBe(2);
	});

	it('offers and takes only people of the story’s county', async () => {
		const id = await newStory(coordinator);
		const elsewhere = await seedVolunteer(db(), { countyId: tartu, status: 'active' });
		const e = await appError(
			addStoryPerson(ctx(coordinator), id, { person: `volunteer:${elsewhere.id}` })
		);
		expect(e.fields.person).toBe('error.choice');
		const view = await getStory(ctx(coordinator), id);
		expect(view.candidates.map((c) => c.value)).toContain(`volunteer:${volunteerId}`);
		expect(view.candidates.map((c) => c.value)).not.toContain(`volunteer:${elsewhere.id}`);
	});
});

describe('who is refused (deny by default)', () => {
	let storyId: string;
	beforeAll(async () => {
		storyId = await newStory(coordinator);
		await addStoryPerson(ctx(coordinator), storyId, { person: `volunteer:${volunteerId}` });
	});

	const writers = () =>
		[
			['a coordinator of another county', otherCoordinator],
			['a volunteer', volunteerActor],
			['the expert', expert]
		] as const;

	it.each([0, 1, 2])('refuses reading, writing and publishing (%i)', async (i) => {
		const [, actor] = writers()[i]!;
		const before = await storyRow(storyId);
		const peopleBefore = await personIds(storyId);
		for (const call of [
			(c: ReturnType<typeof ctx>) => getStory(c, storyId),
			(c: ReturnType<typeof ctx>) =>
				updateStory(c, storyId, {
					title: 'X',
					body: 'Y',
					language: 'et',
					author: 'Z',
					version: before.version
				}),
			(c: ReturnType<typeof ctx>) =>
				publishStory(c, storyId, { anonymous: 'yes', namesRemoved: 'on', version: before.version }),
			(c: ReturnType<typeof ctx>) => addStoryPerson(c, storyId, { person: `client:${clientId}` }),
			(c: ReturnType<typeof ctx>) => withdrawStoryConsent(c, storyId, peopleBefore[0]!),
			(c: ReturnType<typeof ctx>) =>
				recordStoryConsent(c, storyId, peopleBefore[0]!, {
					consentOn: TODAY,
					file: { name: 'n.pdf', bytes: new Uint8Array([1]) }
				})
		]) {
			const c = ctx(actor);
			const e = await appError(call(c));
			expect(e.code).toBe('not_found');
			const events = await db()
				.select()
				.from(auditEvents)
				.where(eq(auditEvents.requestId, c.requestId));
			expect(events.some((ev) => ev.outcome === 'denied')).toBe(true);
			expect(events.some((ev) => ev.outcome === 'success')).toBe(false);
		}
		expect(await storyRow(storyId)).toEqual(before);
		expect(await personIds(storyId)).toEqual(peopleBefore);
	});

	it('refuses creating a story in a county not one’s own', async () => {
		for (const actor of [otherCoordinator, volunteerActor, expert]) {
			const e = await appError(newStory(actor, harju));
			expect(e.code).toBe('not_found');
		}
	});

	it('lists only the own county’s stories; the volunteer and the expert get no list', async () => {
		const own = await listStories(ctx(coordinator));
		expect(own.stories.some((s) => s.id === storyId)).toBe(true);
		const other = await listStories(ctx(otherCoordinator));
		expect(other.stories.some((s) => s.id === storyId)).toBe(false);
		expect((await appError(listStories(ctx(volunteerActor)))).code).toBe('not_found');
		expect((await appError(listStories(ctx(expert)))).code).toBe('not_found');
		expect((await listStories(ctx(admin))).stories.some((s) => s.id === storyId)).toBe(true);
	});
});
