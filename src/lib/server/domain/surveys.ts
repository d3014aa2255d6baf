import type { SurveyQuestion } from './statuses';
import { isIsoDay } from './dates';

/**
 * The six-month survey of service quality (R-PAIR-6), as pure rules: when it is due, how its
 * answers are checked against the question set they answer, the UCLA three-item loneliness
 * score, and when a paper original must be destroyed. Days are `yyyy-mm-dd` (Europe/Tallinn).
 */

export const SIX_MONTH_SURVEY_KEY = 'six_month';

/** Months in the service before the survey is due, and months a paper original is kept. */
export const SURVEY_DUE_MONTHS = 6;
export const PAPER_KEEP_MONTHS = 3;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * Adds calendar months to a day. A day that does not exist in the target month becomes that
 * month's last day: 31 August + 6 months = 28 February (29 in a leap year).
 */
export function addMonths(day: string, months: number): string {
	if (!isIsoDay(day)) throw new Error(`not a day: ${day}`);
	if (!Number.isInteger(months)) throw new Error('addMonths needs whole months');
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	const index = y * 12 + (m - 1) + months;
	const year = Math.floor(index / 12);
	const month = (index % 12) + 1;
	const dd = Math.min(d, daysInMonth(year, month));
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** The day the six-month survey becomes due: six calendar months after the first pairing began. */
export function surveyDueOn(firstPairingStartsOn: string): string {
	return addMonths(firstPairingStartsOn, SURVEY_DUE_MONTHS);
}

export type SurveyState = 'not_started' | 'not_yet' | 'due' | 'done';

/**
 * Where a client's six-month survey stands on `today`:
 * - `not_started` — the client has no pairing that has begun, so the six months have not begun;
 * - `not_yet` — in the service for less than six months;
 * - `due` — six months or more and no six-month answers yet;
 * - `done` — answers exist (whenever they were entered).
 */
export function sixMonthSurveyState(input: {
	firstPairingStartsOn: string | null;
	answered: boolean;
	today: string;
}): SurveyState {
	if (input.answered) return 'done';
	if (!input.firstPairingStartsOn || input.firstPairingStartsOn > input.today) return 'not_started';
	return input.today >= surveyDueOn(input.firstPairingStartsOn) ? 'due' : 'not_yet';
}

/**
 * The latest first-pairing start that makes a survey due on `today`: a client whose first
 * pairing began on or before this day has been in the service for six months. Used to select
 * due surveys in SQL (`starts_on <= cutoff`); equivalent to `surveyDueOn(start) <= today`.
 */
export function surveyDueCutoff(today: string): string {
	// surveyDueOn is monotonic; a start S is due iff S + 6 months <= today. The last such S is
	// today − 6 months, except that month-end clamping lets later starts land on the same day
	// (31 Aug → 28 Feb): every start whose clamped sum is today counts too.
	const back = addMonths(today, -SURVEY_DUE_MONTHS);
	const [y, m] = back.split('-').map(Number) as [number, number];
	const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
	if (td === daysInMonth(ty, tm)) {
		// Today is a month's last day: every start later in `back`'s month clamps onto it.
		return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
	}
	return back;
}

/** The day by which a paper original entered on `enteredOn` is to be destroyed (R-PAIR-6). */
export function paperDestroyDueOn(enteredOn: string): string {
	return addMonths(enteredOn, PAPER_KEEP_MONTHS);
}

/** UCLA three-item loneliness scale: each item 1 hardly ever, 2 some of the time, 3 often. */
export const UCLA_OPTIONS = [
	{ value: 1, label: { et: 'Peaaegu mitte kunagi', ru: 'Почти никогда', en: 'Hardly ever' } },
	{ value: 2, label: { et: 'Mõnikord', ru: 'Иногда', en: 'Some of the time' } },
	{ value: 3, label: { et: 'Sageli', ru: 'Часто', en: 'Often' } }
] as const;

/** Version 1 of the six-month survey: satisfaction, what changed, UCLA-3 loneliness. */
export const SIX_MONTH_SURVEY_V1: {
	key: string;
	version: number;
	title: { et: string; ru?: string; en: string };
	questions: SurveyQuestion[];
} = {
	key: SIX_MONTH_SURVEY_KEY,
	version: 1,
	title: { et: 'Kuue kuu küsitlus', ru: 'Опрос через шесть месяцев', en: 'Six-month survey' },
	questions: [
		{
			id: 'satisfaction',
			kind: 'scale',
			required: true,
			label: {
				et: 'Kui rahul olete seltsilise teenusega?',
				ru: 'Насколько Вы довольны услугой компаньона?',
				en: 'How satisfied are you with the companion service?'
			},
			options: [
				{
					value: 1,
					label: {
						et: 'Üldse ei ole rahul',
						ru: 'Совсем не доволен(-льна)',
						en: 'Not at all satisfied'
					}
				},
				{
					value: 2,
					label: {
						et: 'Pigem ei ole rahul',
						ru: 'Скорее не доволен(-льна)',
						en: 'Rather not satisfied'
					}
				},
				{ value: 3, label: { et: 'Nii ja naa', ru: 'Ни то ни другое', en: 'Neither' } },
				{
					value: 4,
					label: { et: 'Pigem rahul', ru: 'Скорее доволен(-льна)', en: 'Rather satisfied' }
				},
				{ value: 5, label: { et: 'Väga rahul', ru: 'Очень доволен(-льна)', en: 'Very satisfied' } }
			]
		},
		{
			id: 'change',
			kind: 'choice',
			required: true,
			label: {
				et: 'Kuidas on teie elu seltsilise külastuste ajal muutunud?',
				ru: 'Как изменилась Ваша жизнь с тех пор, как Вас навещает компаньон?',
				en: 'How has your life changed since the companion started visiting?'
			},
			options: [
				{ value: 1, label: { et: 'Palju paremaks', ru: 'Намного лучше', en: 'Much better' } },
				{ value: 2, label: { et: 'Veidi paremaks', ru: 'Немного лучше', en: 'Somewhat better' } },
				{ value: 3, label: { et: 'Ei ole muutunud', ru: 'Не изменилась', en: 'No change' } },
				{ value: 4, label: { et: 'Halvemaks', ru: 'Хуже', en: 'Worse' } }
			]
		},
		{
			id: 'change_text',
			kind: 'text',
			required: false,
			label: {
				et: 'Mis täpsemalt muutus?',
				ru: 'Что именно изменилось?',
				en: 'What changed, in your own words?'
			}
		},
		{
			id: 'ucla_companionship',
			kind: 'scale',
			required: true,
			loneliness: true,
			label: {
				et: 'Kui sageli tunnete, et teil puudub seltskond?',
				ru: 'Как часто Вы чувствуете, что Вам не хватает общения?',
				en: 'How often do you feel that you lack companionship?'
			},
			options: UCLA_OPTIONS.map((o) => ({ value: o.value, label: { ...o.label } }))
		},
		{
			id: 'ucla_left_out',
			kind: 'scale',
			required: true,
			loneliness: true,
			label: {
				et: 'Kui sageli tunnete end kõrvalejäetuna?',
				ru: 'Как часто Вы чувствуете себя покинутым(-ой)?',
				en: 'How often do you feel left out?'
			},
			options: UCLA_OPTIONS.map((o) => ({ value: o.value, label: { ...o.label } }))
		},
		{
			id: 'ucla_isolated',
			kind: 'scale',
			required: true,
			loneliness: true,
			label: {
				et: 'Kui sageli tunnete end teistest eraldatuna?',
				ru: 'Как часто Вы чувствуете себя оторванным(-ой) от других?',
				en: 'How often do you feel isolated from others?'
			},
			options: UCLA_OPTIONS.map((o) => ({ value: o.value, label: { ...o.label } }))
		}
	]
};

export type SurveyAnswers = Record<string, number | string>;

export const SURVEY_TEXT_MAX = 2000;

/**
 * Checks raw form answers (question id → string) against a question set: a scale or choice
 * answer must be one of its options' values, a text at most SURVEY_TEXT_MAX characters; a
 * required question must be answered. Unknown ids are ignored. Errors are i18n keys per id.
 */
export function checkSurveyAnswers(
	questions: readonly SurveyQuestion[],
	raw: Record<string, unknown>
): { ok: true; answers: SurveyAnswers } | { ok: false; errors: Record<string, string> } {
	const answers: SurveyAnswers = {};
	const errors: Record<string, string> = {};
	for (const q of questions) {
		const value = raw[q.id];
		const text = typeof value === 'string' ? value.trim() : value;
		if (text === undefined || text === null || text === '') {
			if (q.required) errors[q.id] = 'survey.answer_required';
			continue;
		}
		if (q.kind === 'text') {
			if (typeof text !== 'string') errors[q.id] = 'survey.answer_invalid';
			else if (text.length > SURVEY_TEXT_MAX) errors[q.id] = 'error.too_long';
			else answers[q.id] = text;
			continue;
		}
		const n = typeof text === 'number' ? text : /^-?\d+$/.test(String(text)) ? Number(text) : NaN;
		if (!(q.options ?? []).some((o) => o.value === n)) errors[q.id] = 'survey.answer_invalid';
		else answers[q.id] = n;
	}
	return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answers };
}

/**
 * The loneliness score: the sum of the answers to the questions marked `loneliness` (UCLA-3:
 * 3–9, higher is lonelier). Null when the set has no such questions or one is unanswered.
 */
export function lonelinessScore(
	questions: readonly SurveyQuestion[],
	answers: SurveyAnswers
): number | null {
	const items = questions.filter((q) => q.loneliness);
	if (items.length === 0) return null;
	let sum = 0;
	for (const q of items) {
		const v = answers[q.id];
		if (typeof v !== 'number') return null;
		sum += v;
	}
	return sum;
}

/** A short code the coordinator types to confirm an irreversible step on a record. */
export function confirmationCode(recordId: string): string {
	return recordId.replace(/-/g, '').slice(0, 6).toUpperCase();
}
