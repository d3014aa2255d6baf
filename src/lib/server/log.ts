import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs. Personal data never goes into a log line on purpose; redaction is the
 * second line of defence for fields that could carry it.
 *
 * Errors are logged as `err` and always pass through `describeError` (the `err` serializer):
 * the error's type, code (SQLSTATE or Node's), the statement's kind and table, the constraint
 * and the stack frames — never a message that can hold submitted values. Drizzle's
 * `Failed query: … params: …`, PostgreSQL's `invalid input syntax for type uuid: "…"` and a
 * mail server's "recipient <x@y> rejected" all carry what the user typed (issue 17, item 6).
 */
export interface ErrorSummary {
	type: string;
	code?: string;
	/** e.g. `insert diary_entry`: the kind of statement and its first table, never its values. */
	statement?: string;
	constraint?: string;
	table?: string;
	column?: string;
	/** Only for programming errors, whose text is about code, not data. */
	message?: string;
	stack?: string[];
	cause?: ErrorSummary;
}

/** Error types whose message describes code (an undefined property), not what was typed. */
const CODE_MESSAGE_TYPES = new Set(['TypeError', 'ReferenceError', 'RangeError']);
const SAFE_NAME = /^[A-Za-z0-9_.$-]{1,80}$/;

function safeName(value: unknown): string | undefined {
	return typeof value === 'string' && SAFE_NAME.test(value) ? value : undefined;
}

/** The kind of an SQL statement and the first table it names: `insert diary_entry`. */
export function statementName(sql: string): string | undefined {
	const text = sql.replace(/\s+/g, ' ').trim();
	const kind =
		/^(with|select|insert|update|delete|begin|commit|rollback|savepoint|release|declare|fetch|close|set|lock|create|alter|drop|vacuum|analyze|truncate)\b/i
			.exec(text)?.[1]
			?.toLowerCase();
	if (!kind) return undefined;
	const table = /\b(?:into|update|from|join|table)\s+"?([a-z_][a-z0-9_]*)"?/i.exec(text)?.[1];
	return table ? `${kind} ${table.toLowerCase()}` : kind;
}

export function describeError(err: unknown, depth = 0): ErrorSummary {
	if (!(err instanceof Error)) {
		return { type: err === null ? 'null' : typeof err };
	}
	const e = err as Error & Record<string, unknown>;
	const type = safeName(e.constructor?.name) ?? safeName(e.name) ?? 'Error';
	const summary: ErrorSummary = { type };
	const code = safeName(e.code) ?? (typeof e.code === 'number' ? String(e.code) : undefined);
	if (code) summary.code = code;
	if (typeof e.query === 'string') {
		const statement = statementName(e.query);
		if (statement) summary.statement = statement;
	}
	for (const key of ['constraint', 'table', 'column'] as const) {
		const value = safeName(e[key]);
		if (value) summary[key] = value;
	}
	if (CODE_MESSAGE_TYPES.has(type) && !e.query && depth === 0) {
		summary.message = e.message.slice(0, 200);
	}
	const frames = (e.stack ?? '')
		.split('\n')
		.filter((line) => /^\s+at /.test(line))
		.slice(0, 12)
		.map((line) => line.trim());
	if (frames.length > 0 && depth === 0) summary.stack = frames;
	if (e.cause !== undefined && depth < 3) summary.cause = describeError(e.cause, depth + 1);
	return summary;
}

export function createLogger(destination?: DestinationStream): Logger {
	return pino(
		{
			level: process.env.LOG_LEVEL ?? 'info',
			base: { app: 'seltsiline' },
			serializers: { err: describeError },
			redact: {
				paths: [
					'password',
					'*.password',
					'token',
					'*.token',
					'email',
					'*.email',
					'isikukood',
					'*.isikukood',
					'name',
					'*.name',
					'firstName',
					'lastName',
					'*.firstName',
					'*.lastName',
					'phone',
					'*.phone',
					'cookie',
					'*.cookie',
					'headers.cookie',
					'req.headers.cookie',
					'req.headers.authorization'
				],
				censor: '[redacted]'
			}
		},
		destination
	);
}

export const logger = createLogger();

/** hooks.server.ts `handleError`: an unexpected error, described without its message. */
export function logUnhandledError(
	log: Logger,
	error: unknown,
	where: { requestId?: string; route?: string | null; status?: number }
): void {
	log.error(
		{ requestId: where.requestId, route: where.route, status: where.status, err: error },
		'unhandled error'
	);
}
