import type { ClaimStatus, PairingStatus } from './statuses';
import type { ContactKind } from './vocabulary';
import { applyCap, tripAmountCents } from './money';

/**
 * Rules of the mileage log and its reimbursement (R-MILE-1…3). Pure: the service reads the
 * rows, these decide. Distances are hundredths of a km, rates ten-thousandths of a euro per
 * km, money cents (domain/money.ts).
 */

/** At most this many kilometres per volunteer per day, all trips together (300 km). */
export const MAX_KM_PER_DAY_HUNDREDTHS = 300_00;

/**
 * May `adding` more hundredths of a km be logged on a day that already has `existing`?
 * Returns the hundredths still free that day when not.
 */
export function checkDayBound(
	existing: number,
	adding: readonly number[]
): { ok: true } | { ok: false; remaining: number } {
	const total = adding.reduce((s, km) => s + km, existing);
	if (total <= MAX_KM_PER_DAY_HUNDREDTHS) return { ok: true };
	return { ok: false, remaining: Math.max(0, MAX_KM_PER_DAY_HUNDREDTHS - existing) };
}

/** The claim month of a day: `yyyy-mm-01`. */
export function monthOf(day: string): string {
	return `${day.slice(0, 7)}-01`;
}

/** The first day of the month after `month` (exclusive end of a month's range). */
export function nextMonth(month: string): string {
	const y = Number(month.slice(0, 4));
	const m = Number(month.slice(5, 7));
	return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The first day of the month before `month`. */
export function previousMonth(month: string): string {
	const y = Number(month.slice(0, 4));
	const m = Number(month.slice(5, 7));
	return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
}

/** `yyyy-mm` or `yyyy-mm-01` from a query string → `yyyy-mm-01`, or null. */
export function parseMonth(value: string | null | undefined): string | null {
	const m = /^(\d{4})-(0[1-9]|1[0-2])(?:-01)?$/.exec(value?.trim() ?? '');
	return m ? `${m[1]}-${m[2]}-01` : null;
}

export interface PairingSpan {
	status: PairingStatus;
	startsOn: string;
	endsOn: string | null;
}

/**
 * Was the volunteer paired with the client on `day`? A trip is logged only for a day inside a
 * pairing's window [startsOn, endsOn) — also after the pairing ended, for a day while it ran.
 * A proposal that never started gives no window.
 */
export function pairedOn(pairings: readonly PairingSpan[], day: string): boolean {
	return pairings.some(
		(p) => p.status !== 'proposed' && p.startsOn <= day && (p.endsOn === null || day < p.endsOn)
	);
}

/**
 * Diary contacts in which the volunteer met the client (R-MILE-2: "days on which the volunteer
 * met the client"). A phone call is a contact but not a meeting: no trip was needed for it.
 */
export const MEETING_KINDS: readonly ContactKind[] = ['home_visit', 'care_home_visit', 'outing'];

/** The days of a volunteer's current diary entries for a client on which they met. */
export function meetingDays(
	entries: readonly { contactDate: string; contactKind: ContactKind; removed: boolean }[]
): Set<string> {
	return new Set(
		entries
			.filter((e) => !e.removed && MEETING_KINDS.includes(e.contactKind))
			.map((e) => e.contactDate)
	);
}

export type Ineligibility = 'no_diary_entry' | 'client_anonymised';
export type Eligibility = { reimbursable: true } | { reimbursable: false; reason: Ineligibility };

/**
 * R-MILE-2: a trip is reimbursable only on a day on which the same volunteer has a diary entry
 * (not removed) of a meeting with the same client. Computed whenever it is shown, never stored: a diary
 * entry removed later, or the client anonymised, turns the trip "not reimbursable".
 *
 * `diaryDays` are the days of this volunteer's current meeting entries for this client
 * (`meetingDays`).
 */
export function tripEligibility(input: {
	tripDate: string;
	diaryDays: ReadonlySet<string>;
	clientAnonymised: boolean;
}): Eligibility {
	if (input.clientAnonymised) return { reimbursable: false, reason: 'client_anonymised' };
	if (!input.diaryDays.has(input.tripDate))
		return { reimbursable: false, reason: 'no_diary_entry' };
	return { reimbursable: true };
}

// ---------------------------------------------------------------------------------------------
// Rates

export interface RateRow {
	id?: string;
	/** null: the national default */
	municipalityId: string | null;
	validFrom: string;
	/** ten-thousandths of a euro per km */
	rate: number;
	capCents: number | null;
}

/**
 * The rate row in force for a trip on `day` to be paid by `municipalityId`: the
 * municipality's own latest row from on or before that day; without one, the national
 * default's latest such row; null when neither exists.
 */
export function rateFor(
	rows: readonly RateRow[],
	municipalityId: string,
	day: string
): RateRow | null {
	const latest = (ofMunicipality: string | null) =>
		rows
			.filter((r) => r.municipalityId === ofMunicipality && r.validFrom <= day)
			.reduce<RateRow | null>(
				(best, r) => (!best || r.validFrom > best.validFrom ? r : best),
				null
			);
	return latest(municipalityId) ?? latest(null);
}

export interface ClaimTrip {
	id: string;
	tripDate: string;
	km: number;
}

export interface ClaimLine {
	tripId: string;
	tripDate: string;
	km: number;
	rate: number;
	amountCents: number;
}

export interface ClaimComputation {
	lines: ClaimLine[];
	totalKm: number;
	/** Sum of the trips' amounts before the cap. */
	sumCents: number;
	/** After the cap: what is paid. */
	amountCents: number;
	capped: boolean;
	/** The claim's rate and cap: those in force on the day of its last trip. */
	rate: number;
	capCents: number | null;
	/** Whether the trips of the month were paid at more than one rate. */
	mixedRates: boolean;
}

/**
 * A claim's amount (R-MILE-3). Each trip is paid at the rate in force on its own date and
 * rounded half up to the cent; the claim's total is the sum of its lines, and the monthly cap
 * (per volunteer and paying municipality) of the rate in force on the claim's last trip day
 * limits it. The claim stores that rate and cap (one `eur_per_km` column); when a rate changed
 * within the month the lines show each trip's own rate.
 *
 * Refuses (returns the first day without a rate) when a trip predates every rate.
 */
export function computeClaim(
	trips: readonly ClaimTrip[],
	rates: readonly RateRow[],
	municipalityId: string
): { ok: true; claim: ClaimComputation } | { ok: false; missingRateOn: string } {
	if (trips.length === 0) throw new Error('computeClaim: a claim has trips');
	const sorted = [...trips].sort((a, b) =>
		a.tripDate === b.tripDate ? a.id.localeCompare(b.id) : a.tripDate < b.tripDate ? -1 : 1
	);
	const lines: ClaimLine[] = [];
	for (const t of sorted) {
		const row = rateFor(rates, municipalityId, t.tripDate);
		if (!row) return { ok: false, missingRateOn: t.tripDate };
		lines.push({
			tripId: t.id,
			tripDate: t.tripDate,
			km: t.km,
			rate: row.rate,
			amountCents: tripAmountCents(t.km, row.rate)
		});
	}
	const last = rateFor(rates, municipalityId, sorted[sorted.length - 1]!.tripDate)!;
	const sumCents = lines.reduce((s, l) => s + l.amountCents, 0);
	const { amountCents, capped } = applyCap(sumCents, last.capCents);
	return {
		ok: true,
		claim: {
			lines,
			totalKm: lines.reduce((s, l) => s + l.km, 0),
			sumCents,
			amountCents,
			capped,
			rate: last.rate,
			capCents: last.capCents,
			mixedRates: new Set(lines.map((l) => l.rate)).size > 1
		}
	};
}

/**
 * Rates used by claims already submitted may not change under them: a claim keeps its
 * snapshot (rate, km, amount) and its lines must keep reading the same rates from the table.
 * Returns the trips (of submitted, approved or paid claims) whose rate row would differ if
 * the table changed from `before` to `after`; empty means the change is safe.
 */
export function ratesChangeLockedTrips(
	before: readonly RateRow[],
	after: readonly RateRow[],
	lockedTrips: readonly { municipalityId: string; tripDate: string }[]
): { municipalityId: string; tripDate: string }[] {
	const same = (a: RateRow | null, b: RateRow | null) =>
		a === b ||
		(a !== null &&
			b !== null &&
			a.municipalityId === b.municipalityId &&
			a.validFrom === b.validFrom &&
			a.rate === b.rate &&
			a.capCents === b.capCents);
	return lockedTrips.filter(
		(t) =>
			!same(
				rateFor(before, t.municipalityId, t.tripDate),
				rateFor(after, t.municipalityId, t.tripDate)
			)
	);
}

// ---------------------------------------------------------------------------------------------
// Claim states

/** Claims whose trips the volunteer may still add, change and remove. */
export const EDITABLE_CLAIM_STATUSES: readonly ClaimStatus[] = ['draft', 'returned'];
/** Claims that have been handed in: their snapshot counts (and the analysis counts them). */
export const LOCKED_CLAIM_STATUSES: readonly ClaimStatus[] = ['submitted', 'approved', 'paid'];

export type ClaimAction = 'submit' | 'approve' | 'return' | 'pay';

/**
 * draft → submitted → approved → paid; submitted or approved → returned (with a reason) →
 * submitted again after the volunteer's fixes. The volunteer submits; the reviewer approves,
 * returns and marks paid.
 */
export const CLAIM_TRANSITIONS: Record<
	ClaimAction,
	{ from: readonly ClaimStatus[]; to: ClaimStatus }
> = {
	submit: { from: ['draft', 'returned'], to: 'submitted' },
	approve: { from: ['submitted'], to: 'approved' },
	return: { from: ['submitted', 'approved'], to: 'returned' },
	pay: { from: ['approved'], to: 'paid' }
};

/** The state after `action`, or null when the claim's state does not allow it. */
export function nextClaimStatus(status: ClaimStatus, action: ClaimAction): ClaimStatus | null {
	const t = CLAIM_TRANSITIONS[action];
	return t.from.includes(status) ? t.to : null;
}

export function isEditableClaim(status: ClaimStatus): boolean {
	return EDITABLE_CLAIM_STATUSES.includes(status);
}
