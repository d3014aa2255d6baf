// The keys the phone's replay stores itself for a refused item (src/lib/offline/replay.ts); a
// server's refusal arrives as text already (localizeFailure) and msg() shows it as it is.
import { m } from '$lib/paraglide/messages';
import type { Keyset } from '../keyset';

export const offline_refusals: Keyset = {
	'offline.not_found': m['offline.not_found'],
	'offline.session_expired': m['offline.session_expired'],
	'error.form_invalid': m['error.form_invalid'],
	'offline.server_error': m['offline.server_error']
};
