import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { documents, paperDiaryMonths, stories } from '$lib/server/db/schema';
import {
	countyByName,
	seedClient,
	seedPairing,
	seedUser,
	seedVolunteer
} from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { attentionCounts, attentionList } from '$lib/server/services/pairings/attention';
import { getPairing } from '$lib/server/services/pairings/pairings';
import { uploadDocument } from '$lib/server/services/documents/documents';
import {
	confirmPaperDiaryDestroyed,
	markPaperDiaryEntered,
	pairingPaperDiaries,
	recordPaperDiaryMonth
} from '$lib/server/services/pairings/paper-diaries';
import { blankFormPdf, pairingFormPdf } from '$lib/server/services/pairings/paper-forms';
import { createStory, publishStory, unpublishStory } from '$lib/server/services/stories/stories';
import { publishedStories } from '$lib/server/services/stories/public';
import {
	publishedStoryPhoto,
	removeStoryPhoto,
	setStoryPhoto
} from '$lib/server/services/stories/photo';
import { pairings } from '$lib/server/db/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { appError } from '../helpers/errors';
import { auditLog } from '../helpers/audit';
import { pdfTagging, pdfText } from '../helpers/pdf';
import { samplePdf, samplePng } from '../helpers/files';

/**
 * Issue 22, "Paper and agreements" and the story photo: the good-will agreement tracked like the
 * consent (on the attention list a month after the first meeting, R-PAIR-2); paper diary months
 * received, entered and destroyed (R-PAIR-8); printable blank forms in the person's language;
 * a story's optional photo, public only while the story is published (R-STORY-1). Each with
 * deny tests: a coordinator of another county, a volunteer, the expert writing.
 */

const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';

let t: TestDatabase;
let harju: string;
let tartu: string;
let coordinator: Actor;
let otherCoordinator: Actor;
let expert: Actor;
let volunteerActor: Actor;
let otherVolunteerActor: Actor;
let volunteerId: string;
let clientId: string;
let pairingId: string;

const db = () => t.handle.db;
const ctx = (actor: Actor | null, now = NOW) => t.ctx(actor, { now });
const { lastEvent, events } = auditLog(db);
const at = (day: string) => new Date(`${day}T10:00:00Z`);

/** A 1×1 lossless WebP. */
const sampleWebp = () =>
	new Uint8Array([
		...Buffer.from('RIFF'),
		0x1a,
		0,
		0,
		0,
		...Buffer.from('WEBPVP8L'),
		0x0d,
		0,
		0,
		0,
		0x2f,
		0,
		0,
		0,
		0x10,
		0x07,
		0x10,
		0x11,
		0x11,
		0x88,
		0x88,
		0xfe,
		0x07,
		0,
		0
	]);

beforeAll(async () => {
	t = await createTestDatabase();
	harju = (await countyByName(db(), 'Harju maakond')).id;
	tartu = (await countyByName(db(), 'Tartu maakond')).id;
	coordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: harju }] }))
		.actor;
	otherCoordinator = (await seedUser(db(), { grants: [{ role: 'coordinator', countyId: tartu }] }))
		.actor;
	expert = (await seedUser(db(), { grants: [{ role: 'expert' }] })).actor;
	const v = await seedVolunteer(db(), {
		countyId: harju,
		status: 'active',
		firstName: 'Jaan',
		languages: ['ru']
	});
	volunteerId = v.id;
	volunteerActor = (await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: v.id }] }))
		.actor;
	const other = await seedVolunteer(db(), { countyId: harju, status: 'active' });
	otherVolunteerActor = (
		await seedUser(db(), { grants: [{ role: 'volunteer', volunteerId: other.id }] })
	).actor;
	clientId = (
		await seedClient(db(), {
			countyId: harju,
			status: 'paired',
			firstName: 'Maie',
			languages: ['ru']
		})
	).id;
	const p = await seedPairing(db(), { clientId, volunteerId, startsOn: '2026-09-30' });
	await db()
		.update(pairings)
		.set({ introducedOn: '2026-09-30', status: 'active' })
		.where(eq(pairings.id, p.id));
	pairingId = p.id;
	// The other volunteer also visits the same client (to test "own pairing only").
	await seedPairing(db(), { clientId, volunteerId: other.id, startsOn: '2026-10-01' });
});

afterAll(async () => {
	await t?.close();
});

describe('the good-will agreement (R-PAIR-2)', () => {
	it('is on the attention list only after one month from the first meeting, until uploaded', async () => {
		// First meeting 30 September: due 30 October (on time that day), late from 31 October.
		const onDue = await attentionList(ctx(coordinator, at('2026-10-30')));
		expect(onDue.paperItems.goodwill.rows.map((r) => r.pairingId)).not.toContain(pairingId);
		const late = await attentionList(ctx(coordinator, at('2026-10-31')));
		const row = late.paperItems.goodwill.rows.find((r) => r.pairingId === pairingId);
		expect(row?.dueOn).toBe('2026-10-30');
		// The other volunteer's pairing began on 1 October: not late yet.
		expect((await lastEvent('attention.view')).details).toMatchObject({ goodwill: 1 });
		expect((await attentionCounts(ctx(coordinator, at('2026-11-02'))))?.goodwill).toBe(2);

		// Another county's coordinator does not see it.
		const other = await attentionList(ctx(otherCoordinator, at('2026-10-31')));
		expect(other.paperItems.goodwill.total).toBe(0);

		const page = await getPairing(ctx(coordinator), pairingId, { clientId });
		expect(page.goodwill).toMatchObject({ state: 'late', dueOn: '2026-10-30', uploadedOn: null });

		await uploadDocument(
			ctx(coordinator),
			{ kind: 'client', clientId, pairingId },
			{ kind: 'goodwill_agreement', file: { name: 'kokkulepe.pdf', bytes: await samplePdf() } }
		);
		const after = await attentionList(ctx(coordinator));
		expect(after.paperItems.goodwill.rows.map((r) => r.pairingId)).not.toContain(pairingId);
		const uploaded = await getPairing(ctx(coordinator), pairingId, { clientId });
		expect(uploaded.goodwill).toMatchObject({ state: 'uploaded', uploadedOn: TODAY });
	});

	it('a consent of the client does not count as the good-will agreement', async () => {
		const c = await seedClient(db(), { countyId: harju, status: 'paired' });
		const p = await seedPairing(db(), { clientId: c.id, volunteerId, startsOn: '2026-08-01' });
		await uploadDocument(
			ctx(coordinator),
			{ kind: 'client', clientId: c.id, pairingId: p.id },
			{ kind: 'consent', file: { name: 'nousolek.pdf', bytes: await samplePdf() } }
		);
		const l = await attentionList(ctx(coordinator));
		expect(l.paperItems.goodwill.rows.map((r) => r.pairingId)).toContain(p.id);
	});
});

describe('paper diaries (R-PAIR-8)', () => {
	let monthId: string;

	it('records a month received; a resubmitted form changes nothing; bad input is refused', async () => {
		const input = { month: '2026-10', pages: '3', receivedOn: '2026-11-02' };
		const first = await recordPaperDiaryMonth(ctx(coordinator), pairingId, input, { clientId });
		expect(first.repeat).toBe(false);
		monthId = first.id;
		const repeat = await recordPaperDiaryMonth(ctx(coordinator), pairingId, input, { clientId });
		expect(repeat).toEqual({ id: first.id, repeat: true });
		expect(await events('paper_diary.receive', pairingId)).toHaveLength(1);
		expect((await lastEvent('paper_diary.receive', pairingId)).details).toEqual({
			paperDiaryMonthId: first.id,
			clientId,
			month: '2026-10',
			pages: 3
		});

		const other = await appError(
			recordPaperDiaryMonth(ctx(coordinator), pairingId, { ...input, pages: '4' }, { clientId })
		);
		expect(other.fields.month).toBe('paper.error.month_recorded');
		const future = await appError(
			recordPaperDiaryMonth(
				ctx(coordinator),
				pairingId,
				{ month: '2026-11', pages: '1', receivedOn: '2026-11-24' },
				{ clientId }
			)
		);
		expect(future.fields.receivedOn).toBe('paper.error.received_in_future');
		const before = await appError(
			recordPaperDiaryMonth(
				ctx(coordinator),
				pairingId,
				{ month: '2026-08', pages: '1', receivedOn: '2026-09-02' },
				{ clientId }
			)
		);
		expect(before.fields.month).toBe('paper.error.month_outside_pairing');
		for (const pages of ['0', '1e2', '-1', 'kolm', '201']) {
			const bad = await appError(
				recordPaperDiaryMonth(
					ctx(coordinator),
					pairingId,
					{ month: '2026-11', pages, receivedOn: TODAY },
					{ clientId }
				)
			);
			expect(bad.fields.pages).toBe('paper.error.pages');
		}
		const badMonth = await appError(
			recordPaperDiaryMonth(
				ctx(coordinator),
				pairingId,
				{ month: '2026-13', pages: '1', receivedOn: TODAY },
				{ clientId }
			)
		);
		expect(badMonth.fields.month).toBe('paper.error.month');
		expect(
			await db().select().from(paperDiaryMonths).where(eq(paperDiaryMonths.pairingId, pairingId))
		).toHaveLength(1);
	});

	it('refuses a coordinator of another county, a volunteer and the expert', async () => {
		const input = { month: '2026-11', pages: '1', receivedOn: TODAY };
		expect(
			(await appError(recordPaperDiaryMonth(ctx(otherCoordinator), pairingId, input, { clientId })))
				.code
		).toBe('not_found');
		expect(
			(await appError(recordPaperDiaryMonth(ctx(volunteerActor), pairingId, input, { clientId })))
				.code
		).toBe('forbidden');
		expect(
			(await appError(recordPaperDiaryMonth(ctx(expert), pairingId, input, { clientId }))).code
		).toBe('forbidden');
		for (const actor of [otherCoordinator, volunteerActor, expert]) {
			const e = await appError(
				markPaperDiaryEntered(ctx(actor), pairingId, monthId, { day: TODAY, version: '1' })
			);
			expect(['not_found', 'forbidden']).toContain(e.code);
			const d = await appError(
				confirmPaperDiaryDestroyed(ctx(actor), pairingId, monthId, { day: TODAY, version: '1' })
			);
			expect(['not_found', 'forbidden']).toContain(d.code);
		}
		const [row] = await db()
			.select()
			.from(paperDiaryMonths)
			.where(eq(paperDiaryMonths.id, monthId));
		expect(row).toMatchObject({ enteredOn: null, destroyedOn: null, version: 1 });
	});

	it('is destroyed only after it was entered; stale forms are a conflict; audited', async () => {
		const early = await appError(
			confirmPaperDiaryDestroyed(ctx(coordinator), pairingId, monthId, { day: TODAY, version: '1' })
		);
		expect(early.messageKey).toBe('paper.error.not_entered');
		const badDay = await appError(
			markPaperDiaryEntered(ctx(coordinator), pairingId, monthId, {
				day: '2026-11-01',
				version: '1'
			})
		);
		expect(badDay.fields.day).toBe('paper.error.day_before_received');
		await markPaperDiaryEntered(ctx(coordinator), pairingId, monthId, {
			day: '2026-11-20',
			version: '1'
		});
		const stale = await appError(
			confirmPaperDiaryDestroyed(ctx(coordinator), pairingId, monthId, { day: TODAY, version: '1' })
		);
		expect(stale.messageKey).toBe('records.conflict');
		await confirmPaperDiaryDestroyed(ctx(coordinator), pairingId, monthId, {
			day: TODAY,
			version: '2'
		});
		const [row] = await db()
			.select()
			.from(paperDiaryMonths)
			.where(eq(paperDiaryMonths.id, monthId));
		expect(row).toMatchObject({
			enteredOn: '2026-11-20',
			enteredBy: coordinator.userId,
			destroyedOn: TODAY,
			destroyedBy: coordinator.userId,
			version: 3
		});
		const destroyed = await lastEvent('paper_diary.destroyed', pairingId);
		expect(destroyed.outcome).toBe('success');
		expect(destroyed.details).toMatchObject({ paperDiaryMonthId: monthId, pages: 3 });
		const again = await appError(
			confirmPaperDiaryDestroyed(ctx(coordinator), pairingId, monthId, { day: TODAY, version: '3' })
		);
		expect(again.messageKey).toBe('paper.error.already_destroyed');
	});

	it('lists months not destroyed a month after receipt on the attention list', async () => {
		const { id } = await recordPaperDiaryMonth(
			ctx(coordinator),
			pairingId,
			{ month: '2026-11', pages: '2', receivedOn: '2026-11-23' },
			{ clientId }
		);
		const before = await attentionList(ctx(coordinator, at('2026-12-22')));
		expect(before.paperItems.paperDiaries.rows.map((r) => r.paperDiaryMonthId)).not.toContain(id);
		const due = await attentionList(ctx(coordinator, at('2026-12-23')));
		const row = due.paperItems.paperDiaries.rows.find((r) => r.paperDiaryMonthId === id);
		expect(row).toMatchObject({ month: '2026-11', pages: 2, destroyDueOn: '2026-12-23' });
		// The destroyed October month is not there.
		expect(due.paperItems.paperDiaries.rows.map((r) => r.month)).not.toContain('2026-10');
		expect(
			(await attentionList(ctx(otherCoordinator, at('2026-12-23')))).paperItems.paperDiaries.total
		).toBe(0);
	});

	it('the volunteer sees which months came on paper, but may not change them', async () => {
		const own = await pairingPaperDiaries(ctx(volunteerActor), pairingId, { clientId });
		expect(own.months.map((m) => m.month)).toEqual(['2026-10', '2026-11']);
		expect(own.canManage).toBe(false);
		// The volunteer's account reads Estonian: their diary page defaults to it.
		expect(own.forms).toEqual({ diary: 'et', survey: 'ru' });
		const coord = await pairingPaperDiaries(ctx(coordinator), pairingId, { clientId });
		expect(coord.canManage).toBe(true);
		expect(
			(await appError(pairingPaperDiaries(ctx(otherCoordinator), pairingId, { clientId }))).code
		).toBe('not_found');
	});
});

/** The font sizes of a PDF's text (pdfjs: the transform's vertical scale). */
async function fontSizes(bytes: Uint8Array): Promise<number[]> {
	const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
	const sizes: number[] = [];
	for (let i = 1; i <= doc.numPages; i++) {
		const content = await (await doc.getPage(i)).getTextContent();
		for (const it of content.items) {
			if ('str' in it && it.str.trim()) sizes.push(Math.abs(it.transform[3] as number));
		}
	}
	await doc.destroy();
	return sizes;
}

describe('printable forms', () => {
	it('the paper diary page in Russian: headings, the first names, large type, tagged', async () => {
		const file = await pairingFormPdf(ctx(coordinator), pairingId, 'diary', 'ru', { clientId });
		expect(file.locale).toBe('ru');
		const text = await pdfText(file.bytes);
		for (const heading of [
			'Дневник клиента на бумаге',
			'Волонтёр: Jaan',
			'Получатель помощи: Maie',
			'Дата',
			'Вид контакта',
			'Что мы делали / следующие шаги',
			'Подпись волонтёра'
		]) {
			expect(text).toContain(heading);
		}
		// Only first names: no last name of either.
		expect(text).not.toMatch(/Kask|Tamm/);
		expect(Math.min(...(await fontSizes(file.bytes)))).toBeGreaterThanOrEqual(14);
		const tags = pdfTagging(file.bytes);
		expect(tags).toMatchObject({ structTreeRoot: true, marked: true, lang: 'ru' });
		expect([...tags.types]).toEqual(expect.arrayContaining(['H1', 'P', 'Table', 'TH', 'TD']));
		const audited = await lastEvent('pairing.form_download', pairingId);
		expect(audited.details).toEqual({ clientId, form: 'diary', locale: 'ru', blank: false });
	});

	it('the six-month survey in the client’s language by default, with tick boxes', async () => {
		const file = await pairingFormPdf(ctx(volunteerActor), pairingId, 'survey', null, {
			clientId
		});
		expect(file.locale).toBe('ru');
		const text = await pdfText(file.bytes);
		expect(text).toContain('Опрос через шесть месяцев');
		expect(text).toContain('Насколько Вы довольны услугой компаньона?');
		expect(text).toContain('☐');
		expect(Math.min(...(await fontSizes(file.bytes)))).toBeGreaterThanOrEqual(14);
		const et = await pairingFormPdf(ctx(coordinator), pairingId, 'survey', 'et', { clientId });
		expect(await pdfText(et.bytes)).toContain('Kuue kuu küsitlus');
	});

	it('blank forms have no names; refused to the expert; the other volunteer and county get nothing', async () => {
		const blank = await blankFormPdf(ctx(volunteerActor), 'diary', 'en');
		const text = await pdfText(blank.bytes);
		expect(text).toContain('Client diary on paper');
		expect(text).not.toContain('Jaan');
		expect((await appError(blankFormPdf(ctx(expert), 'diary', 'et'))).code).toBe('not_found');
		expect((await appError(blankFormPdf(ctx(coordinator), 'x', 'et'))).code).toBe('not_found');
		expect(
			(
				await appError(
					pairingFormPdf(ctx(otherVolunteerActor), pairingId, 'diary', 'et', { clientId })
				)
			).code
		).toBe('not_found');
		expect(
			(
				await appError(
					pairingFormPdf(ctx(otherCoordinator), pairingId, 'diary', 'et', { clientId })
				)
			).code
		).toBe('not_found');
		expect(
			(await appError(pairingFormPdf(ctx(expert), pairingId, 'diary', 'et', { clientId }))).code
		).toBe('forbidden');
	});
});

describe('a story’s photo (R-STORY-1)', () => {
	let storyId: string;
	const version = async () =>
		String((await db().select().from(stories).where(eq(stories.id, storyId)))[0]!.version);
	const photoDocs = async () =>
		(
			await db()
				.select()
				.from(documents)
				.where(eq(documents.ownerRef, `story:${storyId}`))
		).filter((d) => d.kind === 'photo');

	beforeAll(async () => {
		storyId = await createStory(ctx(coordinator), {
			countyId: harju,
			title: 'Kohv Maiega',
			body: 'Lõik.',
			language: 'et',
			author: 'Jaan'
		});
	});

	it('refuses a photo without alt text, of another type, or too large; nothing is kept', async () => {
		const noAlt = await appError(
			setStoryPhoto(ctx(coordinator), storyId, {
				version: await version(),
				photoAlt: ' ',
				file: { name: 'foto.png', bytes: samplePng() }
			})
		);
		expect(noAlt.fields.photoAlt).toBe('stories.photo.alt_required');
		const pdf = await appError(
			setStoryPhoto(ctx(coordinator), storyId, {
				version: await version(),
				photoAlt: 'Kaks inimest laua taga',
				file: { name: 'foto.png', bytes: await samplePdf() }
			})
		);
		expect(pdf.fields.file).toBe('stories.photo.type');
		const big = new Uint8Array(5 * 1024 * 1024 + 1);
		big.set(samplePng());
		const tooLarge = await appError(
			setStoryPhoto(ctx(coordinator), storyId, {
				version: await version(),
				photoAlt: 'Kaks inimest laua taga',
				file: { name: 'foto.png', bytes: big }
			})
		);
		expect(tooLarge.fields.file).toBe('stories.photo.too_large');
		expect(await photoDocs()).toHaveLength(0);
		expect((await db().select().from(stories).where(eq(stories.id, storyId)))[0]).toMatchObject({
			photoDocumentId: null,
			photoAlt: null
		});
	});

	it('refuses a coordinator of another county, a volunteer and the expert', async () => {
		for (const actor of [otherCoordinator, volunteerActor, expert]) {
			const e = await appError(
				setStoryPhoto(ctx(actor), storyId, {
					version: await version(),
					photoAlt: 'Foto',
					file: { name: 'foto.png', bytes: samplePng() }
				})
			);
			expect(e.code).toBe('not_found');
		}
		expect(await photoDocs()).toHaveLength(0);
	});

	it('is public only while the story is published; replaced and removed with its document', async () => {
		await setStoryPhoto(ctx(coordinator), storyId, {
			version: await version(),
			photoAlt: 'Kaks inimest laua taga',
			file: { name: 'foto.png', bytes: samplePng() }
		});
		const [first] = await photoDocs();
		expect(first).toMatchObject({ kind: 'photo', mediaType: 'image/png' });
		expect((await lastEvent('story.photo', storyId)).details).toMatchObject({
			documentId: first!.id,
			mediaType: 'image/png',
			replaced: false
		});
		expect((await appError(publishedStoryPhoto(ctx(null), storyId))).code).toBe('not_found');
		expect((await publishedStories(ctx(null))).find((s) => s.id === storyId)).toBeUndefined();

		await publishStory(ctx(coordinator), storyId, {
			anonymous: 'yes',
			namesRemoved: 'on',
			version: await version()
		});
		const shown = await publishedStoryPhoto(ctx(null), storyId);
		expect(shown.mediaType).toBe('image/png');
		expect(shown.bytes).toEqual(samplePng());
		expect((await publishedStories(ctx(null))).find((s) => s.id === storyId)?.photoAlt).toBe(
			'Kaks inimest laua taga'
		);

		// A WebP replaces it; the old document goes.
		await setStoryPhoto(ctx(coordinator), storyId, {
			version: await version(),
			photoAlt: 'Kohvitassid',
			file: { name: 'foto.webp', bytes: sampleWebp() }
		});
		const docs = await photoDocs();
		expect(docs.map((d) => d.mediaType)).toEqual(['image/webp']);
		expect((await publishedStoryPhoto(ctx(null), storyId)).mediaType).toBe('image/webp');

		// The alt text alone.
		await setStoryPhoto(ctx(coordinator), storyId, {
			version: await version(),
			photoAlt: 'Kaks kohvitassi'
		});
		expect((await db().select().from(stories).where(eq(stories.id, storyId)))[0]!.photoAlt).toBe(
			'Kaks kohvitassi'
		);
		const stale = await appError(
			setStoryPhoto(ctx(coordinator), storyId, {
				version: '1',
				photoAlt: 'Vana',
				file: { name: 'foto.png', bytes: samplePng() }
			})
		);
		expect(stale.messageKey).toBe('records.conflict');
		expect((await photoDocs()).map((d) => d.mediaType)).toEqual(['image/webp']);

		await unpublishStory(ctx(coordinator), storyId, { version: await version() });
		expect((await appError(publishedStoryPhoto(ctx(null), storyId))).code).toBe('not_found');

		await removeStoryPhoto(ctx(coordinator), storyId, { version: await version() });
		expect(await photoDocs()).toHaveLength(0);
		expect((await db().select().from(stories).where(eq(stories.id, storyId)))[0]).toMatchObject({
			photoDocumentId: null,
			photoAlt: null
		});
		expect((await appError(publishedStoryPhoto(ctx(null), 'not-a-uuid'))).code).toBe('not_found');
	});
});
