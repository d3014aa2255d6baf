import { isActionFailure, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import { formFields, tagFailure } from '$lib/server/web/form-fields';
import { documentActions, documentsOfPage } from '$lib/server/web/document-actions';
import {
	activatePairing,
	endPairing,
	introducePairing,
	pausePairing,
	recordClosingInterview,
	resumePairing
} from '$lib/server/services/pairings/pairing-lifecycle';
import { getPairing } from '$lib/server/services/pairings/pairings';
import {
	confirmPaperDiaryDestroyed,
	markPaperDiaryEntered,
	pairingPaperDiaries,
	recordPaperDiaryMonth
} from '$lib/server/services/pairings/paper-diaries';

/** Confirmations after a redirect (post/redirect/get). */
const DONE = {
	created: 'pairing.done.created',
	introduced: 'pairing.done.introduced',
	activated: 'pairing.done.activated',
	paused: 'pairing.done.paused',
	resumed: 'pairing.done.resumed',
	ended: 'pairing.done.ended',
	closing: 'pairing.done.closing',
	paper_received: 'paper.done.received',
	paper_entered: 'paper.done.entered',
	paper_destroyed: 'paper.done.destroyed'
} as const;

/** One pairing: its life cycle steps, the first meeting's papers, the ranking it came from. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const pairing = await run(() =>
		getPairing(locals.ctx, params.pairingId, { clientId: params.id })
	);
	const documents = pairing.permissions.update
		? await run(() =>
				documentsOfPage(locals, url, {
					kind: 'client',
					clientId: params.id,
					pairingId: params.pairingId
				})
			)
		: null;
	const paper = await run(() =>
		pairingPaperDiaries(locals.ctx, params.pairingId, { clientId: params.id })
	);
	const done = url.searchParams.get('done');
	return {
		pairing,
		paper,
		documents,
		done: done && done in DONE ? DONE[done as keyof typeof DONE] : null
	};
};

type Step = (
	data: Record<string, string>,
	params: { id: string; pairingId: string }
) => Promise<unknown>;

/** Runs one step's service call; a failure is tagged with the step's form, success redirects. */
function stepAction(name: string, done: keyof typeof DONE, call: (ctx: App.Locals['ctx']) => Step) {
	return async ({
		request,
		locals,
		url,
		params
	}: {
		request: Request;
		locals: App.Locals;
		url: URL;
		params: { id: string; pairingId: string };
	}) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, formFields);
		if (!parsed.ok) return tagFailure(name, parsed.failure);
		const result = await act(parsed.form, () => call(locals.ctx)(parsed.data, params));
		if (isActionFailure(result)) return tagFailure(name, result);
		redirect(
			303,
			`${url.pathname}?done=${done}${done.startsWith('paper') ? '#paper-diaries' : ''}`
		);
	};
}

export const actions = {
	...documentActions((p) => ({ kind: 'client', clientId: p.id!, pairingId: p.pairingId! })),
	introduce: stepAction(
		'introduce',
		'introduced',
		(ctx) => (data, p) => introducePairing(ctx, p.pairingId, data, { clientId: p.id })
	),
	activate: stepAction(
		'activate',
		'activated',
		(ctx) => (data, p) => activatePairing(ctx, p.pairingId, data, { clientId: p.id })
	),
	pause: stepAction(
		'pause',
		'paused',
		(ctx) => (data, p) => pausePairing(ctx, p.pairingId, data, { clientId: p.id })
	),
	resume: stepAction(
		'resume',
		'resumed',
		(ctx) => (data, p) => resumePairing(ctx, p.pairingId, data, { clientId: p.id })
	),
	end: stepAction(
		'end',
		'ended',
		(ctx) => (data, p) => endPairing(ctx, p.pairingId, data, { clientId: p.id })
	),
	paperReceived: stepAction(
		'paperReceived',
		'paper_received',
		(ctx) => (data, p) => recordPaperDiaryMonth(ctx, p.pairingId, data, { clientId: p.id })
	),
	paperEntered: stepAction(
		'paperEntered',
		'paper_entered',
		(ctx) => (data, p) =>
			markPaperDiaryEntered(ctx, p.pairingId, data.monthId ?? '', data, { clientId: p.id })
	),
	paperDestroyed: stepAction(
		'paperDestroyed',
		'paper_destroyed',
		(ctx) => (data, p) =>
			confirmPaperDiaryDestroyed(ctx, p.pairingId, data.monthId ?? '', data, { clientId: p.id })
	),
	closing: stepAction(
		'closing',
		'closing',
		(ctx) => (data, p) => recordClosingInterview(ctx, p.pairingId, data, { clientId: p.id })
	)
} satisfies Actions;
