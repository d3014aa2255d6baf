/**
 * The cross-site form check (CSRF), done here instead of by SvelteKit (svelte.config.js
 * `csrf.trustedOrigins: ['*']` turns SvelteKit's own check off): SvelteKit compares the
 * Origin header with the request URL's origin, and adapter-node, with no `ORIGIN` set,
 * assumes `https://<Host>` — so the README's `npm start` at http://localhost:3000 refused every
 * login. See docs/security.md, "Cross-site requests".
 *
 * - `ORIGIN` set (production): the Origin header must be exactly that origin (what SvelteKit
 *   did).
 * - `PROTOCOL_HEADER` set (behind a proxy that names the scheme): exactly the request URL's
 *   origin, as adapter-node built it from the proxy's headers.
 * - neither (the first run, development): adapter-node serves plain HTTP itself, so the
 *   expected origin is `http://<Host header>`; `https://<Host header>` is accepted too (a TLS
 *   proxy that passes Host on). A form on another site sends its own origin, whose host is not
 *   the Host the browser addressed, and is refused.
 */
export interface OriginSettings {
	origin?: string | undefined;
	protocolHeader?: string | undefined;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

function isFormContentType(request: Request): boolean {
	const type = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
	// No content type at all is treated as a form too: a browser may omit it on an empty body.
	return type === '' || FORM_TYPES.includes(type);
}

/** The origins a form post to `url` may come from. */
export function expectedOrigins(url: URL, settings: OriginSettings): string[] {
	if (settings.origin) return [new URL(settings.origin).origin];
	if (settings.protocolHeader) return [url.origin];
	return [`http://${url.host}`, `https://${url.host}`];
}

/**
 * Without `ORIGIN` or `PROTOCOL_HEADER` the request reached adapter-node's own plain HTTP
 * listener: the URL says so (cookies without `Secure`, no HSTS on plain HTTP).
 */
export function servedOverPlainHttp(settings: OriginSettings): boolean {
	return !settings.origin && !settings.protocolHeader;
}

/** A 403 response for a cross-site form post, or null when the request may go on. */
export function crossSiteRefusal(
	request: Request,
	url: URL,
	settings: OriginSettings
): Response | null {
	if (!UNSAFE.has(request.method.toUpperCase()) || !isFormContentType(request)) return null;
	const origin = request.headers.get('origin');
	if (origin && expectedOrigins(url, settings).includes(origin)) return null;
	const message = `Cross-site ${request.method.toUpperCase()} form submissions are forbidden`;
	if (request.headers.get('accept') === 'application/json') {
		return Response.json({ message }, { status: 403 });
	}
	return new Response(message, {
		status: 403,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
}

export function originSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OriginSettings {
	return { origin: env.ORIGIN || undefined, protocolHeader: env.PROTOCOL_HEADER || undefined };
}
