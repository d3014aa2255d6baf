import pino from 'pino';

/**
 * Structured logs. Personal data never goes into a log line on purpose; redaction is the
 * second line of defence for fields that could carry it.
 */
export const logger = pino({
	level: process.env.LOG_LEVEL ?? 'info',
	base: { app: 'seltsiline' },
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
});
