import { type Locale } from '$lib/i18n';
import type { Tx } from '../../db/client';
import { logger } from '../../log';
import type { ServiceContext } from '../core/context';
import { publicBaseUrl } from './links';
import { m } from '$lib/paraglide/messages';

/**
 * The e-mails that carry account links (invitation, password reset). They are written to the
 * outbox inside the caller's transaction, so a rolled-back change sends nothing, and sent after
 * commit with `sendQueuedMail`. Texts come from the `mail.*` keys in the recipient's language.
 */

export interface Recipient {
	email: string;
	name: string;
	locale: Locale;
}

export function accountLink(ctx: Pick<ServiceContext, 'config'>, path: string, token: string) {
	return `${publicBaseUrl(ctx.config)}${path}?token=${encodeURIComponent(token)}`;
}

export async function enqueueInviteMail(
	tx: Tx,
	ctx: ServiceContext,
	to: Recipient,
	token: string
): Promise<void> {
	const link = accountLink(ctx, '/invite', token);
	await ctx.mailer.enqueue(tx, {
		to: to.email,
		subject: m['mail.invite.subject']({}, { locale: to.locale }),
		text: m['mail.invite.body']({ name: to.name, link }, { locale: to.locale })
	});
}

export async function enqueueResetMail(
	tx: Tx,
	ctx: ServiceContext,
	to: Recipient,
	token: string
): Promise<void> {
	const link = accountLink(ctx, '/password/reset', token);
	await ctx.mailer.enqueue(tx, {
		to: to.email,
		subject: m['mail.reset.subject']({}, { locale: to.locale }),
		text: m['mail.reset.body']({ link }, { locale: to.locale })
	});
}

/**
 * Sends what the outbox holds, after commit. A failure to send never fails the user's action:
 * the message stays in the outbox and the background job retries it.
 */
export async function sendQueuedMail(ctx: Pick<ServiceContext, 'db' | 'mailer'>): Promise<void> {
	try {
		await ctx.mailer.flush(ctx.db);
	} catch (err) {
		logger.warn({ err }, 'outbox flush failed; will retry');
	}
}
