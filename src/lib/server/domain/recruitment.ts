import { isIsoDay, TIME_ZONE } from './dates';

/**
 * Pure rules of recruiting volunteers (R-VOL-2…6): the questions of the application form, the
 * steps of the coordinator's pipeline, the minimum time a person needs to fill in the public
 * form, and the Tallinn wall-clock time of an interview. No I/O.
 */

/** Languages of the public application form (R-VOL-2); the confirmation mail follows them. */
export const APPLICATION_LOCALES = ['et', 'ru', 'en'] as const;
export type ApplicationLocale = (typeof APPLICATION_LOCALES)[number];

export function isApplicationLocale(value: unknown): value is ApplicationLocale {
	return typeof value === 'string' && (APPLICATION_LOCALES as readonly string[]).includes(value);
}

/** Where the candidate heard of the service (R-VOL-1: channels differ by age and county). */
export const HEARD_FROM = [
	'friend',
	'newspaper_radio_tv',
	'social_media',
	'municipality',
	'event',
	'other'
] as const;
export type HeardFrom = (typeof HEARD_FROM)[number];

export interface ApplicationQuestion {
	/** Stable id: the key of the answer in `volunteer_application.answers`. */
	readonly id: string;
	readonly kind: 'text' | 'choice';
	readonly maxLength: number;
	/** For `choice`: the values offered (labels are in messages/apply.ts). */
	readonly options?: readonly string[];
}

/**
 * The questions of the application (R-VOL-2), in the order the form asks them. Their labels
 * live in messages/apply.ts as `apply.q.<id>` in Estonian, Russian and English. The
 * motivation ("why do you want to become a volunteer companion?") has its own column.
 * Answers are optional: the interview (R-VOL-3) asks again.
 */
export const APPLICATION_QUESTIONS = [
	{ id: 'experience', kind: 'text', maxLength: 2000 },
	{ id: 'help_offered', kind: 'text', maxLength: 2000 },
	{ id: 'time_available', kind: 'text', maxLength: 1000 },
	{ id: 'languages', kind: 'text', maxLength: 500 },
	{ id: 'heard_from', kind: 'choice', maxLength: 40, options: HEARD_FROM }
] as const satisfies readonly ApplicationQuestion[];

export type ApplicationQuestionId = (typeof APPLICATION_QUESTIONS)[number]['id'];
export const APPLICATION_QUESTION_IDS = APPLICATION_QUESTIONS.map((q) => q.id);

/**
 * Keeps the answers to known questions only, trimmed and non-empty; a choice must be one of
 * its options. Returns the answers, or the id of the first answer that does not fit.
 */
export function cleanAnswers(
	input: Record<string, unknown>
):
	| { ok: true; answers: Partial<Record<ApplicationQuestionId, string>> }
	| { ok: false; questionId: ApplicationQuestionId; error: 'too_long' | 'choice' } {
	const answers: Partial<Record<ApplicationQuestionId, string>> = {};
	for (const q of APPLICATION_QUESTIONS as readonly ApplicationQuestion[]) {
		const raw = input[q.id];
		if (typeof raw !== 'string') continue;
		const value = raw.trim();
		if (!value) continue;
		const id = q.id as ApplicationQuestionId;
		if (value.length > q.maxLength) return { ok: false, questionId: id, error: 'too_long' };
		if (q.kind === 'choice' && !q.options?.includes(value)) {
			return { ok: false, questionId: id, error: 'choice' };
		}
		answers[id] = value;
	}
	return { ok: true, answers };
}

// --- The pipeline ------------------------------------------------------------------------------

export const APPLICATION_STEPS = [
	'applied',
	'interview_arranged',
	'interviewed',
	'selected',
	'not_selected'
] as const;
export type ApplicationStep = (typeof APPLICATION_STEPS)[number];
type StoredStatus = Exclude<ApplicationStep, 'not_selected'>;

/**
 * applied → interview arranged → interviewed → selected, or not selected from any open step.
 * - An interview may be re-arranged (a new time) and its notes corrected after it.
 * - An interview held at once (the candidate rang and talked) may be recorded straight from
 *   "applied": arranging it is bookkeeping, not a gate.
 * - Selection needs an interview (R-VOL-3). "Not selected" deletes the application (R-VOL-6),
 *   so it has no stored state and nothing follows it; "selected" is final.
 */
const NEXT: Record<StoredStatus, readonly ApplicationStep[]> = {
	applied: ['interview_arranged', 'interviewed', 'not_selected'],
	interview_arranged: ['interview_arranged', 'interviewed', 'not_selected'],
	interviewed: ['interviewed', 'selected', 'not_selected'],
	selected: []
};

export function nextApplicationSteps(from: StoredStatus): readonly ApplicationStep[] {
	return NEXT[from];
}

export function canMoveApplication(from: StoredStatus, to: ApplicationStep): boolean {
	return NEXT[from].includes(to);
}

// --- Spam protection: the minimum fill time ----------------------------------------------------

/** A person needs more than this to read and fill in the form; scripts post at once. */
export const MIN_FILL_SECONDS = 3;
/** A form older than this is stale (a tab left open for days): render it again. */
export const MAX_FORM_AGE_HOURS = 24;

/** The hidden "form shown at" value: milliseconds since the epoch in base 36. */
export function formStartedToken(now: Date): string {
	return now.getTime().toString(36);
}

/**
 * Whether a form shown at `token` may be submitted at `now`: not faster than
 * MIN_FILL_SECONDS, not older than MAX_FORM_AGE_HOURS, and the token must be readable. This is
 * a speed bump for simple scripts, not a secret (see docs/security.md); the honeypot and the
 * per-address limit do the rest.
 */
export function fillTimeAcceptable(token: unknown, now: Date): boolean {
	if (typeof token !== 'string' || !/^[0-9a-z]{1,12}$/.test(token)) return false;
	const shownAt = parseInt(token, 36);
	if (!Number.isSafeInteger(shownAt)) return false;
	const elapsed = now.getTime() - shownAt;
	return elapsed >= MIN_FILL_SECONDS * 1000 && elapsed <= MAX_FORM_AGE_HOURS * 3_600_000;
}

// --- Interview times: Tallinn wall clock ------------------------------------------------------

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

const wallClock = new Intl.DateTimeFormat('en-CA', {
	timeZone: TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit'
});

/** The Tallinn wall-clock time of an instant, `yyyy-mm-ddThh:mm` (a datetime-local value). */
export function tallinnLocalTime(instant: Date): string {
	const parts = Object.fromEntries(wallClock.formatToParts(instant).map((p) => [p.type, p.value]));
	return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * The instant of a Tallinn wall-clock time `yyyy-mm-ddThh:mm` (what an `<input
 * type="datetime-local">` sends), or null when it is not a real time. In the hour skipped when
 * clocks go forward the nearest later instant is taken; in the repeated hour, the first.
 */
export function tallinnInstant(local: string): Date | null {
	const m = LOCAL.exec(local);
	if (!m || !isIsoDay(m[1]!)) return null;
	const hour = Number(m[2]);
	const minute = Number(m[3]);
	if (hour > 23 || minute > 59) return null;
	const [y, mo, d] = m[1]!.split('-').map(Number) as [number, number, number];
	const asUtc = Date.UTC(y, mo - 1, d, hour, minute);
	// Tallinn is UTC+2 or UTC+3: try both offsets, earliest first, and keep the one that reads
	// back as the same wall-clock time.
	for (const offsetHours of [3, 2]) {
		const candidate = new Date(asUtc - offsetHours * 3_600_000);
		if (tallinnLocalTime(candidate) === local) return candidate;
	}
	// The skipped hour (03:00–03:59 on the last Sunday of March): one hour later is real.
	return new Date(asUtc - 2 * 3_600_000);
}
