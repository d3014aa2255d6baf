import type { PageServerLoad } from './$types';
import { requireActor } from '$lib/server/http';
import { dueSurveysOfVolunteer } from '$lib/server/services/surveys';
import { attentionCounts } from '$lib/server/services/attention';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireActor(locals, url);
	return {
		// The volunteer's six-month surveys due; the coordinator's attention counts (issue 4).
		dueSurveys: await dueSurveysOfVolunteer(locals.ctx),
		attention: await attentionCounts(locals.ctx)
	};
};
