import nodemailer, { type Transporter } from 'nodemailer';
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import { mailOutbox } from '../db/schema';
import type { Database, Tx } from '../db/client';
import { logger } from '../log';

export interface OutgoingMail {
	to: string;
	subject: string;
	text: string;
}

/**
 * E-mail goes through an outbox: `enqueue` writes the message in the caller's transaction, so
 * a rolled-back change sends nothing; `flush` sends after commit and retries later on failure.
 * Without SMTP_URL (development) the message is written to the log instead.
 */
export interface Mailer {
	enqueue(tx: Tx, mail: OutgoingMail): Promise<void>;
	flush(db: Database): Promise<number>;
}

const MAX_ATTEMPTS = 8;

export function createMailer(opts: { smtpUrl?: string; from: string }): Mailer {
	const transport: Transporter | null = opts.smtpUrl
		? nodemailer.createTransport(opts.smtpUrl)
		: null;
	let flushing: Promise<number> | null = null;

	async function send(mail: OutgoingMail): Promise<void> {
		if (!transport) {
			// Development without SMTP: the link must reach the developer somehow.
			logger.info({ mailTo: '[redacted]', subject: mail.subject }, 'e-mail (no SMTP_URL set)');
			process.stdout.write(`\n--- e-mail to ${mail.to}: ${mail.subject}\n${mail.text}\n---\n`);
			return;
		}
		await transport.sendMail({
			from: opts.from,
			to: mail.to,
			subject: mail.subject,
			text: mail.text
		});
	}

	async function flushOnce(db: Database): Promise<number> {
		const pending = await db
			.select()
			.from(mailOutbox)
			.where(and(isNull(mailOutbox.sentAt), lt(mailOutbox.attempts, MAX_ATTEMPTS)))
			.orderBy(asc(mailOutbox.id))
			.limit(50);
		let sent = 0;
		for (const row of pending) {
			try {
				await send({ to: row.toAddress, subject: row.subject, text: row.body ?? '' });
				// The body holds single-use links: clear it once delivered.
				await db
					.update(mailOutbox)
					.set({ sentAt: new Date(), body: null, attempts: sql`${mailOutbox.attempts} + 1` })
					.where(eq(mailOutbox.id, row.id));
				sent++;
			} catch (err) {
				logger.warn({ err, outboxId: row.id }, 'e-mail not sent');
				await db
					.update(mailOutbox)
					.set({ attempts: sql`${mailOutbox.attempts} + 1`, lastError: (err as Error).message })
					.where(eq(mailOutbox.id, row.id));
			}
		}
		return sent;
	}

	return {
		async enqueue(tx, mail) {
			await tx
				.insert(mailOutbox)
				.values({ toAddress: mail.to, subject: mail.subject, body: mail.text });
		},
		async flush(db) {
			// One flush at a time; a caller arriving meanwhile waits for the running one.
			while (flushing) await flushing;
			flushing = flushOnce(db).finally(() => {
				flushing = null;
			});
			return flushing;
		}
	};
}
