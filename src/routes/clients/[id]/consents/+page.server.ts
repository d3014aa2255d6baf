import type { Actions, PageServerLoad } from './$types';
import { consentPage } from '$lib/server/web/consent-pages';

/** A client's consents by purpose (issue 24): state, history, record and withdraw. */
const page = consentPage('client');

export const load: PageServerLoad = async (event) => ({
	...(await page.load(event)),
	clientId: event.params.id
});

export const actions = page.actions satisfies Actions;
