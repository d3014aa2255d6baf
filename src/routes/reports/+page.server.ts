import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import {
	produceQuarterlyReport,
	reportsOverview,
	reproduceQuarterlyReport,
	updateParticipantColumns
} from '$lib/server/services/reporting/reports';

/**
 * The quarterly report to the ministry (R-REP-1…3) and the data hand-over (R-CTRL-2):
 * administrator only (`report:manage`, checked and audited by the services).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	return run(async () => ({
		overview: await reportsOverview(locals.ctx),
		made: url.searchParams.get('made'),
		matches: url.searchParams.get('matches'),
		saved: url.searchParams.get('saved') === '1'
	}));
};

export const actions: Actions = {
	produce: async ({ locals, request, url }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const result = await act(form, () =>
			produceQuarterlyReport(locals.ctx, {
				quarter: String(form.get('quarter') ?? ''),
				cutoff: String(form.get('cutoff') ?? '')
			})
		);
		if (result && 'id' in result) redirect(303, `/reports?made=${result.id}`);
		return result;
	},
	reproduce: async ({ locals, request, url }) => {
		requireActor(locals, url);
		const parsed = await parseForm(request, z.object({ id: z.string() }));
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () =>
			reproduceQuarterlyReport(locals.ctx, parsed.data.id)
		);
		if (result && 'id' in result) {
			redirect(303, `/reports?made=${result.id}&matches=${result.matches ? '1' : '0'}`);
		}
		return result;
	},
	columns: async ({ locals, request, url }) => {
		requireActor(locals, url);
		const form = await request.formData();
		const result = await act(form, () =>
			updateParticipantColumns(locals.ctx, { columns: form.getAll('columns').map(String) })
		);
		if (result === undefined) redirect(303, '/reports?saved=1');
		return result;
	}
};
