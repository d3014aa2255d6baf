import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { act, load as run, parseForm, requireActor } from '$lib/server/web/http';
import {
	disableUser,
	enableUser,
	getUser,
	updateGrants,
	userFormOptions
} from '$lib/server/services/admin/users';
import { grantFormFields, grantsFromForm } from '$lib/server/services/admin/grants';
import { resendInvite } from '$lib/server/services/admin/user-invitations';

const NOTICES: Record<string, string> = {
	invited: 'admin.users.notice.invited',
	granted: 'admin.users.notice.granted',
	disabled: 'admin.users.notice.disabled',
	enabled: 'admin.users.notice.enabled',
	resent: 'admin.users.notice.resent'
};

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireActor(locals, url);
	const user = await run(() => getUser(locals.ctx, params.id));
	const options = await run(() => userFormOptions(locals.ctx, params.id));
	return { user, options, notice: NOTICES[url.searchParams.get('notice') ?? ''] ?? null };
};

const grantsSchema = z.object(grantFormFields);

export const actions: Actions = {
	grants: async ({ request, locals, url, params }) => {
		requireActor(locals, url);
		const ticked = (await request.clone().formData()).getAll('countyIds').map(String);
		const parsed = await parseForm(request, grantsSchema);
		if (!parsed.ok) return parsed.failure;
		const result = await act(parsed.form, () =>
			updateGrants(locals.ctx, params.id, grantsFromForm(parsed.data))
		);
		if (result === undefined) redirect(303, `/admin/users/${params.id}?notice=granted`);
		result.data.values.countyIds = ticked.join(',');
		result.data.values.grantsForm = '1';
		return result;
	},
	disable: async ({ locals, url, params }) => {
		requireActor(locals, url);
		const result = await act(null, () => disableUser(locals.ctx, params.id));
		if (result === undefined) redirect(303, `/admin/users/${params.id}?notice=disabled`);
		return result;
	},
	enable: async ({ locals, url, params }) => {
		requireActor(locals, url);
		const result = await act(null, () => enableUser(locals.ctx, params.id));
		if (result === undefined) redirect(303, `/admin/users/${params.id}?notice=enabled`);
		return result;
	},
	resend: async ({ locals, url, params }) => {
		requireActor(locals, url);
		const result = await act(null, () => resendInvite(locals.ctx, params.id));
		if (result === undefined) redirect(303, `/admin/users/${params.id}?notice=resent`);
		return result;
	}
};
