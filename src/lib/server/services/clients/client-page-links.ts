import { and, count, eq } from 'drizzle-orm';
import { surveyResponses } from '../../db/schema';
import { can } from '../../policy/policy';
import { SIX_MONTH_SURVEY_KEY, sixMonthSurveyState, surveyDueOn } from '../../domain/surveys';
import { clientResource } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { firstPairingStart } from '../pairings/surveys';

/**
 * The client page's links to the six-month survey, the consents, the extract and anonymisation, shown only
 * to those whose permissions open them (the pages check again). Reads no personal data and
 * audits nothing: the client page's own `client.view` covers the visit.
 */
export async function clientCareLinks(ctx: ServiceContext, clientId: string) {
	const found = await clientResource(ctx.db, ctx, clientId);
	if (!found) return null;
	const { row, resource } = found;
	const day = today(ctx);
	const mayRead = can(ctx.actor, 'survey:read', resource, day);
	let survey: { state: string; dueOn: string | null } | null = null;
	// An anonymised client takes no survey (read-only, policy.ts): nothing is due any more.
	if (mayRead && !resource.anonymised) {
		const first = await firstPairingStart(ctx.db, clientId);
		const [done] = await ctx.db
			.select({ n: count() })
			.from(surveyResponses)
			.where(
				and(eq(surveyResponses.clientId, clientId), eq(surveyResponses.kind, SIX_MONTH_SURVEY_KEY))
			);
		survey = {
			state: sixMonthSurveyState({
				firstPairingStartsOn: first,
				answered: (done?.n ?? 0) > 0,
				today: day
			}),
			dueOn: first ? surveyDueOn(first) : null
		};
	}
	return {
		survey,
		extract: can(ctx.actor, 'client:extract', resource, day),
		consents: can(ctx.actor, 'consent:read', resource, day),
		anonymise: row.status !== 'anonymised' && can(ctx.actor, 'client:anonymise', resource, day)
	};
}

export type ClientCareLinks = NonNullable<Awaited<ReturnType<typeof clientCareLinks>>>;
