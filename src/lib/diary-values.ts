/**
 * What the diary form shows first (components only), in this order: the values of a save that
 * just failed (the server echoes them), the user's server draft, the entry being changed, or a
 * fresh visit of today.
 */
export interface DiaryFormState {
	values: Record<string, string>;
	profiles: string[];
	errors: Record<string, string>;
	/** The page brought no text of its own: a browser copy may be restored. */
	restoreLocal: boolean;
}

interface Failure {
	form?: string;
	values?: Record<string, string>;
	profiles?: string[];
	errors?: Record<string, string>;
	message?: string;
	/** The key of `message` (the server translated it: localizeFailure). */
	messageKey?: string;
}

interface EntryLike {
	contactDate: string;
	contactKind: string;
	helpProfiles: readonly string[];
	durationMinutes: number;
	description: string;
	flagged: boolean;
	flagNote: string | null;
	version: number;
	pairingId?: string | null;
}

export function diaryFormState(
	failure: Failure | null | undefined,
	draft: { fields: Record<string, string | string[]> } | null | undefined,
	entry: EntryLike | null | undefined,
	today: string | null
): DiaryFormState {
	if (failure?.form === 'diary' && failure.values) {
		const values = { ...failure.values };
		// After a conflict the form is based on the newer version the page shows.
		if ((failure.messageKey ?? failure.message) === 'diary.conflict' && entry)
			values.version = String(entry.version);
		return {
			values,
			profiles: failure.profiles ?? [],
			errors: failure.errors ?? {},
			restoreLocal: false
		};
	}
	if (draft) {
		const values: Record<string, string> = {};
		let profiles: string[] = [];
		for (const [k, v] of Object.entries(draft.fields)) {
			if (k === 'helpProfiles') profiles = Array.isArray(v) ? v : [v];
			else if (typeof v === 'string') values[k] = v;
		}
		if (entry && !values.version) values.version = String(entry.version);
		return { values, profiles, errors: {}, restoreLocal: false };
	}
	if (entry) {
		return {
			values: {
				contactDate: entry.contactDate,
				contactKind: entry.contactKind,
				durationMinutes: String(entry.durationMinutes),
				description: entry.description,
				flagged: entry.flagged ? 'on' : '',
				flagNote: entry.flagNote ?? '',
				version: String(entry.version)
			},
			profiles: [...entry.helpProfiles],
			errors: {},
			restoreLocal: true
		};
	}
	return {
		values: { contactDate: today ?? '', contactKind: 'home_visit' },
		profiles: [],
		errors: {},
		restoreLocal: true
	};
}

/** The browser's key for a form's copy: per client and entry ("new" for a new visit). */
export function diaryStorageKey(clientId: string, entryId: string | null): string {
	return `seltsiline.diary.${clientId}.${entryId ?? 'new'}`;
}
