import type { PageServerLoad } from './$types';
import { requireActor } from '$lib/server/web/http';
import { reportDueForHome } from '$lib/server/services/reporting/reports';
import { dueSurveysOfVolunteer } from '$lib/server/services/pairings/surveys';
import { attentionCounts } from '$lib/server/services/pairings/attention';
import { volunteerHome } from '$lib/server/services/pairings/volunteer-home';
import { recruitmentHome } from '$lib/server/services/volunteers/recruitment-home';
import { keepOnPhone } from '$lib/server/web/offline-pages';
import { auditChainStatus } from '$lib/server/services/audit-chain/chain';
import { comingEventsOfVolunteer } from '$lib/server/services/programme/event-answers';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	requireActor(locals, url);
	keepOnPhone(locals, setHeaders);
	return {
		// The volunteer's current clients with "add a visit" (services/pairings/volunteer-home.ts).
		myClients: await volunteerHome(locals.ctx),
		// The volunteer's six-month surveys due; the coordinator's attention counts (issue 4).
		dueSurveys: await dueSurveysOfVolunteer(locals.ctx),
		attention: await attentionCounts(locals.ctx),
		// New applications and late contract originals of the coordinator's counties (issue 3).
		recruitment: await recruitmentHome(locals.ctx),
		// The administrator: when the next quarterly report is due, and whether it was made (issue 6).
		reportDue: await reportDueForHome(locals.ctx),
		// The administrator: the audit log's last integrity check (issue 21).
		auditChain: await auditChainStatus(locals.ctx),
		// The volunteer's coming trainings and meetings with "I'll come" / "I can't" (issue 22).
		comingEvents: await comingEventsOfVolunteer(locals.ctx),
		answered: url.searchParams.get('answered') === '1'
	};
};
