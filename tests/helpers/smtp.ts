import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/**
 * A real SMTP server on 127.0.0.1 (random free port) for the tests: the app's mailer sends to
 * it over SMTP exactly as in production, and the tests read what arrived and follow the links.
 */

export interface ReceivedMail {
	/** Envelope recipients, lower-cased. */
	to: string[];
	subject: string;
	/** The decoded text body. */
	text: string;
	raw: string;
}

export interface TestSmtp {
	url: string;
	messages: ReceivedMail[];
	/** The first message to `to` not yet taken by an earlier call (waits until it arrives). */
	waitForMail(to: string, opts?: { timeoutMs?: number }): Promise<ReceivedMail>;
	/** Messages to `to` received so far (without taking them). */
	mailTo(to: string): ReceivedMail[];
	close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtp> {
	const messages: ReceivedMail[] = [];
	const taken = new Set<ReceivedMail>();
	const server = new SMTPServer({
		secure: false,
		disabledCommands: ['STARTTLS'],
		authOptional: true,
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				const parsed = parseMessage(raw);
				messages.push({
					to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
					subject: parsed.subject,
					text: parsed.text,
					raw
				});
				callback();
			});
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.server.address() as AddressInfo;
	const mailTo = (to: string) => messages.filter((m) => m.to.includes(to.toLowerCase()));

	return {
		url: `smtp://127.0.0.1:${port}`,
		messages,
		mailTo,
		async waitForMail(to, opts = {}) {
			const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
			for (;;) {
				const found = mailTo(to).find((m) => !taken.has(m));
				if (found) {
					taken.add(found);
					return found;
				}
				if (Date.now() > deadline) throw new Error(`no e-mail to ${to} arrived`);
				await new Promise((r) => setTimeout(r, 25));
			}
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** Extracts the token of a link to `path` (e.g. "/invite") from a message body. */
export function linkToken(mail: ReceivedMail, path: string): string {
	const escaped = path.replace(/[/.]/g, (c) => `\\${c}`);
	const m = new RegExp(`https?://[^\\s]+${escaped}\\?token=([a-z0-9]+)`).exec(mail.text);
	if (!m) throw new Error(`no ${path} link in the e-mail:\n${mail.text}`);
	return m[1]!;
}

// --- a small MIME reader: enough for nodemailer's single-part text messages ---

function parseMessage(raw: string): { subject: string; text: string } {
	const split = raw.search(/\r?\n\r?\n/);
	const head = split >= 0 ? raw.slice(0, split) : raw;
	const body = split >= 0 ? raw.slice(split).replace(/^\r?\n\r?\n/, '') : '';
	const headers = new Map<string, string>();
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const i = line.indexOf(':');
		if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
	}
	const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
	const text =
		encoding === 'quoted-printable'
			? decodeQuotedPrintable(body)
			: encoding === 'base64'
				? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
				: body;
	return {
		subject: decodeEncodedWords(headers.get('subject') ?? ''),
		text: text.replace(/\r\n/g, '\n')
	};
}

export function decodeQuotedPrintable(input: string): string {
	const softBreaksRemoved = input.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < softBreaksRemoved.length; i++) {
		const c = softBreaksRemoved[i]!;
		const hex = softBreaksRemoved.slice(i + 1, i + 3);
		if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else {
			bytes.push(...Buffer.from(c, 'utf8'));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) in a header. */
export function decodeEncodedWords(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, data) =>
			kind.toUpperCase() === 'B'
				? Buffer.from(data, 'base64').toString('utf8')
				: decodeQuotedPrintable(data.replace(/_/g, ' '))
		);
}
