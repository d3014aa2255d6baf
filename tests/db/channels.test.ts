import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	auditEvents,
	documents,
	recruitmentChannels,
	recruitmentOutcomes,
	volunteerApplications,
	volunteers
} from '$lib/server/db/schema';
import {
	countyByName,
	firstMunicipality,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { formStartedToken } from '$lib/server/domain/recruitment';
import { submitApplication } from '$lib/server/services/volunteers/public-application';
import {
	rejectApplication,
	selectApplication
} from '$lib/server/services/volunteers/application-decisions';
import {
	channelFormOptions,
	createChannel,
	getChannel,
	listChannels,
	setChannelArchived,
	updateChannel,
	uploadChannelDocument
} from '$lib/server/services/volunteers/recruitment-channels';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';
import { samplePdf } from '../helpers/files';

/**
 * Issue 22, recruitment channels (R-VOL-1): each channel of a county has its own link; an
 * application made through it records the channel (also when the candidate is later not
 * selected and their application deleted); the pipeline counts per channel how many applied,
 * were selected and became active. Coordinators of another county, volunteers and the expert
 * change nothing.
 */

const NOW = new Date('2026-11-23T10:00:00Z');
const SHOWN = formStartedToken(new Date(NOW.getTime() - 90_000));

let t: TestDatabase;
let harju: string;
let tartu: string;
let harjuMunicipality: string;
let admin: Actor;
let coordinator: Actor;
let tartuCoordinator: Actor;
let expert: Actor;
let volunteerActor: Actor;

let ipSeq = 0;
const ctx = (actor: Actor | null, now = NOW) =>
	t.ctx(actor, { now, ip: `203.0.113.${++ipSeq % 250}` });
const db = () => t.handle.db;
const { lastEvent } = auditLog(db);

let seq = 0;
function webForm(over: Record<string, unknown> = {}) {
	const n = ++seq;
	return {
		startedAt: SHOWN,
		website: '',
		countyId: harju,
		municipalityId: harjuMunicipality,
		firstName: `Kadri${n}`,
		lastName: `Kanal${n}`,
		email: `kadri${n}@example.ee`,
		phone: `+372 5555 ${String(2000 + n)}`,
		settlement: 'Kärdla',
		motivation: 'Tahan aidata.',
		answer_heard_from: 'newspaper_radio_tv',
		refereeName: 'Mari Soovitaja',
		refereeContact: '+372 5123 0000',
		consent: 'on',
		...over
	};
}

async function apply(over: Record<string, unknown> = {}) {
	const result = await submitApplication(ctx(null), webForm(over), 'et');
	expect(result.stored).toBe(true);
	return result.id!;
}

const channelRow = async (id: string) =>
	(await db().select().from(recruitmentChannels).where(eq(recruitmentChannels.id, id)))[0]!;

const newChannel = (actor: Actor, over: Record<string, unknown> = {}) =>
	createChannel(ctx(actor), {
		countyId: harju,
		name: 'Hiiumaa praam',
		kind: 'poster',
		message: 'Tule seltsiliseks!',
		...over
	});

beforeAll(async () => {
	t = await createTestDatabase();
	harju = (await countyByName(db(), 'Harju maakond')).id;
	tartu = (await countyByName(db(), 'Tartu maakond')).id;
	harjuMunicipality = (await firstMunicipality(db(), harju)).id;
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

describe('a channel and its link (R-VOL-1)', () => {
	it('gets a short unique code and a link to the public form', async () => {
		const a = await newChannel(coordinator);
		const b = await newChannel(coordinator, { name: 'Vallaleht', kind: 'newsletter' });
		const [ra, rb] = [await channelRow(a), await channelRow(b)];
		expect(ra.code).toMatch(/^[a-z2-9]{6}$/);
		expect(ra.code).not.toBe(rb.code);
		const view = await getChannel(ctx(coordinator), a);
		expect(view.link).toBe(`/apply?kanal=${ra.code}`);
		const e = await lastEvent('channel.view', a);
		expect(e.outcome).toBe('success');
		// The log never holds the name or the message.
		const created = await db().select().from(auditEvents).where(eq(auditEvents.entityId, a));
		expect(JSON.stringify(created.map((r) => r.details))).not.toMatch(/Hiiumaa|Tule/);
	});

	it('makes one channel of a form posted twice (submission key)', async () => {
		const key = '6f1b0a8e-1c1d-4a8e-9a37-2d1c5b1e0a11';
		const first = await newChannel(coordinator, { name: 'Kordus', submissionKey: key });
		const again = await newChannel(coordinator, { name: 'Kordus', submissionKey: key });
		expect(again).toBe(first);
		const named = await db()
			.select()
			.from(recruitmentChannels)
			.where(eq(recruitmentChannels.name, 'Kordus'));
		expect(named).toHaveLength(1);
	});

	it('refuses bad input with field messages and changes nothing', async () => {
		const before = (await db().select().from(recruitmentChannels)).length;
		const e = await appError(newChannel(coordinator, { name: '  ', kind: 'billboard' }));
		expect(e.code).toBe('invalid');
		expect(e.fields.name).toBe('error.required');
		expect(e.fields.kind).toBe('error.choice');
		expect((await db().select().from(recruitmentChannels)).length).toBe(before);
	});

	it('changes with the version it read; a stale form is a conflict', async () => {
		const id = await newChannel(coordinator);
		await updateChannel(ctx(coordinator), id, {
			name: 'Hiiumaa praam, suvi',
			kind: 'poster',
			message: '',
			version: '1'
		});
		const row = await channelRow(id);
		expect(row.name).toBe('Hiiumaa praam, suvi');
		expect(row.message).toBeNull();
		expect(row.version).toBe(2);
		const stale = await appError(
			updateChannel(ctx(coordinator), id, { name: 'Vana', kind: 'poster', version: '1' })
		);
		expect(stale.code).toBe('conflict');
		expect((await channelRow(id)).name).toBe('Hiiumaa praam, suvi');
		await setChannelArchived(ctx(coordinator), id, true, { version: '2' });
		expect((await channelRow(id)).archivedAt).not.toBeNull();
		await setChannelArchived(ctx(coordinator), id, false, { version: '3' });
		expect((await channelRow(id)).archivedAt).toBeNull();
	});

	it('keeps the recruitment message as a document of the channel (documents service)', async () => {
		const id = await newChannel(coordinator);
		const doc = await uploadChannelDocument(ctx(coordinator), id, {
			kind: 'recruitment_message',
			file: { name: 'plakat.pdf', bytes: await samplePdf('Tule seltsiliseks') }
		});
		expect(doc.ownerRef).toBe(`recruitment_channel:${id}`);
		const e = await appError(
			uploadChannelDocument(ctx(coordinator), id, {
				kind: 'recruitment_message',
				file: { name: 'plakat.pdf', bytes: new TextEncoder().encode('not a pdf') }
			})
		);
		expect(e.fields.file).toBe('document.error.not_what_name_says');
		const rows = await db()
			.select()
			.from(documents)
			.where(eq(documents.ownerRef, `recruitment_channel:${id}`));
		expect(rows).toHaveLength(1);
	});
});

describe('applications through a channel’s link and the counts per channel', () => {
	it('records the channel, counts applied / selected / active, and keeps the not selected counted', async () => {
		const channel = await newChannel(coordinator, { name: 'Kärdla leht', kind: 'newspaper' });
		const code = (await channelRow(channel)).code;
		const viaLink = await apply({ kanal: code });
		const viaLinkUpper = await apply({ kanal: code.toUpperCase() });
		const rejectedLater = await apply({ kanal: code });
		const noChannel = await apply();
		const unknownCode = await apply({ kanal: 'zzzzzz' });

		const row = async (id: string) =>
			(await db().select().from(volunteerApplications).where(eq(volunteerApplications.id, id)))[0]!;
		expect((await row(viaLink)).recruitmentChannelId).toBe(channel);
		expect((await row(viaLinkUpper)).recruitmentChannelId).toBe(channel);
		expect((await row(noChannel)).recruitmentChannelId).toBeNull();
		expect((await row(unknownCode)).recruitmentChannelId).toBeNull();

		// Two are interviewed; one is selected and becomes active, the other is not selected.
		for (const id of [viaLink, rejectedLater]) {
			await db()
				.update(volunteerApplications)
				.set({ status: 'interviewed' })
				.where(eq(volunteerApplications.id, id));
		}
		const volunteerId = await selectApplication(ctx(coordinator), viaLink);
		await rejectApplication(ctx(coordinator), rejectedLater, { confirm: 'on' });
		// The not selected application is gone; its anonymous outcome keeps the channel.
		expect(await row(rejectedLater)).toBeUndefined();
		const outcomes = await db()
			.select()
			.from(recruitmentOutcomes)
			.where(eq(recruitmentOutcomes.recruitmentChannelId, channel));
		expect(outcomes.map((o) => o.outcome).sort()).toEqual(['not_selected', 'selected']);
		expect(outcomes.every((o) => o.appliedOn === '2026-11-23')).toBe(true);

		let list = await listChannels(ctx(coordinator), { countyId: harju });
		let mine = list.channels.find((c) => c.id === channel)!;
		expect(mine.counts).toEqual({ applied: 3, selected: 1, active: 0 });

		await db()
			.update(volunteers)
			.set({ status: 'active', startedOn: '2026-11-23' })
			.where(eq(volunteers.id, volunteerId));
		list = await listChannels(ctx(coordinator), { countyId: harju });
		mine = list.channels.find((c) => c.id === channel)!;
		expect(mine.counts).toEqual({ applied: 3, selected: 1, active: 1 });
		const none = list.noChannel.find((r) => r.countyId === harju)!;
		expect(none.counts.applied).toBeGreaterThanOrEqual(2);

		// Per quarter: this quarter counts them, the previous one none.
		const q4 = await listChannels(ctx(coordinator), { countyId: harju, quarter: '2026-Q4' });
		expect(q4.channels.find((c) => c.id === channel)!.counts.applied).toBe(3);
		const q3 = await listChannels(ctx(coordinator), { countyId: harju, quarter: '2026-Q3' });
		expect(q3.channels.find((c) => c.id === channel)!.counts).toEqual({
			applied: 0,
			selected: 0,
			active: 0
		});
		const e = await lastEvent('channel.list');
		expect(e.details).toMatchObject({ quarter: '2026-Q3' });
	});

	it('an archived channel’s link still records the channel', async () => {
		const channel = await newChannel(coordinator, { name: 'Vana plakat' });
		await setChannelArchived(ctx(coordinator), channel, true, { version: '1' });
		const id = await apply({ kanal: (await channelRow(channel)).code });
		const [a] = await db()
			.select()
			.from(volunteerApplications)
			.where(eq(volunteerApplications.id, id));
		expect(a!.recruitmentChannelId).toBe(channel);
	});
});

describe('who may (deny tests)', () => {
	it('a coordinator of another county neither sees nor changes a channel', async () => {
		const id = await newChannel(coordinator);
		const c = ctx(tartuCoordinator);
		expect((await appError(getChannel(c, id))).code).toBe('not_found');
		expect(
			(
				await appError(
					updateChannel(ctx(tartuCoordinator), id, { name: 'X', kind: 'other', version: '1' })
				)
			).code
		).toBe('not_found');
		expect((await appError(newChannel(tartuCoordinator))).code).toBe('not_found');
		const list = await listChannels(ctx(tartuCoordinator));
		expect(list.channels.some((ch) => ch.id === id)).toBe(false);
		expect((await channelRow(id)).name).toBe('Hiiumaa praam');
		const denied = await db()
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.requestId, c.requestId));
		expect(denied.map((d) => [d.action, d.outcome])).toContainEqual(['channel.view', 'denied']);
	});

	it('a volunteer and the expert get nothing and write nothing', async () => {
		const id = await newChannel(coordinator);
		for (const actor of [volunteerActor, expert]) {
			expect((await appError(listChannels(ctx(actor)))).code).toBe('not_found');
			expect((await appError(getChannel(ctx(actor), id))).code).toBe('not_found');
			expect((await appError(newChannel(actor))).code).toBe('not_found');
			expect((await appError(channelFormOptions(ctx(actor)))).code).toBe('not_found');
			expect(
				(await appError(setChannelArchived(ctx(actor), id, true, { version: '1' }))).code
			).toBe('not_found');
		}
		expect((await channelRow(id)).archivedAt).toBeNull();
	});

	it('the administrator reaches every county', async () => {
		const id = await createChannel(ctx(admin), {
			countyId: tartu,
			name: 'Tartu raadio',
			kind: 'radio_tv'
		});
		expect((await getChannel(ctx(admin), id)).channel.countyId).toBe(tartu);
	});
});
