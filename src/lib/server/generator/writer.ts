import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { SIX_MONTH_SURVEY_V1 } from '../domain/surveys';
import { addDays } from '../domain/dates';
import { fitMinutes, pairingActivity, stampOf, type GEntry, type GTrip, type Plan } from './plan';

/**
 * Writes a plan into the database: multi-row inserts from arrays (`insert … select * from
 * unnest($1::uuid[], $2::text[], …)`: one parameter per column, whatever the number of rows),
 * in chunks, inside the caller's transaction. Works the same on PGlite and PostgreSQL. Diary
 * entries and trips are produced pairing by pairing and written as they fill a chunk, so
 * memory stays flat for the national data set. Mileage claims are then made in SQL from the
 * trips (one per volunteer, paying municipality and month).
 */

type ColumnType =
	'uuid' | 'text' | 'date' | 'int' | 'bool' | 'timestamptz' | 'numeric' | 'jsonb' | 'text[]';

type Column = readonly [name: string, type: ColumnType];

/** Rows as arrays of values in column order. */
export async function bulkInsert(
	db: Tx,
	table: string,
	columns: readonly Column[],
	rows: readonly (readonly unknown[])[]
): Promise<void> {
	if (rows.length === 0) return;
	const params: SQL[] = [];
	const selects: string[] = [];
	columns.forEach(([name, type], i) => {
		const values = rows.map((r) => {
			const v = r[i];
			if (v === null || v === undefined) return null;
			if (type === 'text[]') return (v as string[]).join(',');
			if (type === 'jsonb') return JSON.stringify(v);
			if (type === 'timestamptz') return (v as Date).toISOString();
			return v;
		});
		const arrayType = type === 'text[]' || type === 'jsonb' ? 'text' : type;
		params.push(sql`${sql.param(values)}::${sql.raw(arrayType)}[]`);
		const alias = `c${i}`;
		selects.push(
			type === 'text[]'
				? `coalesce(string_to_array(u.${alias}, ','), '{}'::text[])`
				: type === 'jsonb'
					? `u.${alias}::jsonb`
					: `u.${alias}`
		);
		void name;
	});
	const names = columns.map(([name]) => name).join(', ');
	const aliases = columns.map((_, i) => `c${i}`).join(', ');
	await db.execute(
		sql`insert into ${sql.raw(table)} (${sql.raw(names)}) select ${sql.raw(selects.join(', '))} from unnest(${sql.join(params, sql`, `)}) as u(${sql.raw(aliases)})`
	);
}

async function inChunks<T>(
	db: Tx,
	table: string,
	columns: readonly Column[],
	items: readonly T[],
	toRow: (item: T) => readonly unknown[],
	size = 2000
): Promise<void> {
	for (let i = 0; i < items.length; i += size) {
		await bulkInsert(db, table, columns, items.slice(i, i + size).map(toRow));
	}
}

const VOLUNTEER_COLUMNS: Column[] = [
	['id', 'uuid'],
	['county_id', 'uuid'],
	['municipality_id', 'uuid'],
	['status', 'text'],
	['first_name', 'text'],
	['last_name', 'text'],
	['email', 'text'],
	['phone', 'text'],
	['isikukood', 'text'],
	['date_of_birth', 'date'],
	['gender', 'text'],
	['languages', 'text[]'],
	['max_clients', 'int'],
	['help_profiles_offered', 'text[]'],
	['has_car', 'bool'],
	['employment', 'text'],
	['education', 'text'],
	['started_on', 'date'],
	['ended_on', 'date'],
	['end_reason', 'text'],
	['contract_signed_on', 'date'],
	['base_training_completed_on', 'date'],
	['criminal_record_checked_on', 'date'],
	['created_at', 'timestamptz'],
	['updated_at', 'timestamptz']
];

const CLIENT_COLUMNS: Column[] = [
	['id', 'uuid'],
	['county_id', 'uuid'],
	['municipality_id', 'uuid'],
	['status', 'text'],
	['first_name', 'text'],
	['last_name', 'text'],
	['isikukood', 'text'],
	['date_of_birth', 'date'],
	['gender', 'text'],
	['languages', 'text[]'],
	['phone', 'text'],
	['living_situation', 'text'],
	['help_profiles_wanted', 'text[]'],
	['situation', 'text'],
	['mapped_on', 'date'],
	['waiting_since', 'date'],
	['consent_given_on', 'date'],
	['ended_on', 'date'],
	['end_reason', 'text'],
	['age_group', 'text'],
	['created_at', 'timestamptz'],
	['updated_at', 'timestamptz'],
	['anonymised_at', 'timestamptz']
];

const PAIRING_COLUMNS: Column[] = [
	['id', 'uuid'],
	['client_id', 'uuid'],
	['volunteer_id', 'uuid'],
	['status', 'text'],
	['starts_on', 'date'],
	['ends_on', 'date'],
	['end_reason', 'text'],
	['introduced_on', 'date'],
	['created_at', 'timestamptz'],
	['updated_at', 'timestamptz']
];

const ENTRY_COLUMNS: Column[] = [
	['id', 'uuid'],
	['client_id', 'uuid'],
	['county_id', 'uuid'],
	['pairing_id', 'uuid'],
	['volunteer_id', 'uuid'],
	['contact_date', 'date'],
	['contact_kind', 'text'],
	['help_profiles', 'text[]'],
	['duration_minutes', 'int'],
	['description', 'text'],
	['from_paper', 'bool'],
	['created_at', 'timestamptz'],
	['updated_at', 'timestamptz']
];

const TRIP_COLUMNS: Column[] = [
	['id', 'uuid'],
	['volunteer_id', 'uuid'],
	['client_id', 'uuid'],
	['pairing_id', 'uuid'],
	['municipality_id', 'uuid'],
	['trip_date', 'date'],
	['from_place', 'text'],
	['to_place', 'text'],
	['purpose', 'text'],
	['kilometres', 'numeric'],
	['created_at', 'timestamptz'],
	['updated_at', 'timestamptz']
];

const SURVEY_COLUMNS: Column[] = [
	['id', 'uuid'],
	['client_id', 'uuid'],
	['pairing_id', 'uuid'],
	['question_set_id', 'uuid'],
	['kind', 'text'],
	['conducted_on', 'date'],
	['answers', 'jsonb'],
	['loneliness_score', 'int'],
	['on_paper', 'bool'],
	['paper_destroy_due_on', 'date'],
	['paper_destroyed_on', 'date'],
	['entered_at', 'timestamptz']
];

export interface WriteCounts {
	volunteers: number;
	clients: number;
	pairings: number;
	diaryEntries: number;
	minutes: number;
	trips: number;
	claims: number;
	surveys: number;
	recruitmentOutcomes: number;
}

export interface WriteOptions {
	/** Rows per insert for diary entries and trips. */
	chunk?: number;
	/** Called after each chunk of diary entries (progress on a terminal). */
	progress?: (done: number, total: number) => void;
}

/** Writes the whole plan in `tx`. */
export async function writePlan(tx: Tx, plan: Plan, opts: WriteOptions = {}): Promise<WriteCounts> {
	const chunk = opts.chunk ?? 5000;
	const { spec } = plan;
	await inChunks(tx, 'volunteer', VOLUNTEER_COLUMNS, plan.volunteers, (v) => {
		const created = stampOf(v.createdOn, 9, 30);
		return [
			v.id,
			v.countyId,
			v.municipalityId,
			v.status,
			v.firstName,
			v.lastName,
			v.email,
			v.phone,
			v.isikukood,
			v.dateOfBirth,
			v.gender,
			v.languages,
			v.maxClients,
			v.profilesOffered,
			v.hasCar,
			v.employment,
			v.education,
			v.startedOn,
			v.endedOn,
			v.endReason,
			v.startedOn ? addDays(v.startedOn, -3) : null,
			v.startedOn ? addDays(v.startedOn, -1) : null,
			v.startedOn ? addDays(v.startedOn, -7) : null,
			created,
			v.endedOn ? stampOf(v.endedOn, 9) : created
		];
	});
	await inChunks(tx, 'client', CLIENT_COLUMNS, plan.clients, (c) => {
		const created = stampOf(c.mappedOn, 10);
		const anonymisedAt = c.anonymisedOn ? stampOf(c.anonymisedOn, 11) : null;
		return [
			c.id,
			c.countyId,
			c.municipalityId,
			c.status,
			c.firstName,
			c.lastName,
			c.isikukood,
			c.dateOfBirth,
			c.gender,
			c.languages,
			c.phone,
			c.livingSituation,
			c.profilesWanted,
			c.situation || null,
			c.mappedOn,
			c.waitingSince,
			c.consentGivenOn,
			c.endedOn,
			c.endReason,
			c.ageGroup,
			created,
			anonymisedAt ?? (c.endedOn ? stampOf(c.endedOn, 9) : created),
			anonymisedAt
		];
	});
	await inChunks(tx, 'pairing', PAIRING_COLUMNS, plan.pairings, (p) => [
		p.id,
		p.client.id,
		p.volunteer.id,
		p.status,
		p.startsOn,
		p.endsOn,
		p.endReason,
		p.startsOn,
		stampOf(addDays(p.startsOn, -2), 11),
		p.endsOn ? stampOf(p.endsOn < spec.end ? p.endsOn : spec.end, 12) : stampOf(p.startsOn, 12)
	]);

	// Diary entries and trips, pairing by pairing.
	let entries: GEntry[] = [];
	let trips: GTrip[] = [];
	let diaryEntries = 0;
	let minutes = 0;
	let tripCount = 0;
	const flushEntries = async () => {
		await bulkInsert(
			tx,
			'diary_entry',
			ENTRY_COLUMNS,
			entries.map((e) => [
				e.id,
				e.clientId,
				e.countyId,
				e.pairingId,
				e.volunteerId,
				e.contactDate,
				e.contactKind,
				e.helpProfiles,
				e.durationMinutes,
				e.description,
				e.fromPaper,
				e.createdAt,
				e.createdAt
			])
		);
		diaryEntries += entries.length;
		minutes += entries.reduce((s, e) => s + e.durationMinutes, 0);
		entries = [];
		opts.progress?.(diaryEntries, spec.contacts);
	};
	const flushTrips = async () => {
		await bulkInsert(
			tx,
			'trip',
			TRIP_COLUMNS,
			trips.map((t) => [
				t.id,
				t.volunteerId,
				t.clientId,
				t.pairingId,
				t.municipalityId,
				t.tripDate,
				t.fromPlace,
				t.toPlace,
				t.purpose,
				t.kilometres,
				t.createdAt,
				t.createdAt
			])
		);
		tripCount += trips.length;
		trips = [];
	};
	if (spec.minutes !== null) {
		// An exact hours total: all entries at once (small profiles only), fitted, then written.
		const all: GEntry[] = [];
		for (const p of plan.pairings) {
			const a = pairingActivity(plan, p);
			all.push(...a.entries);
			trips.push(...a.trips);
		}
		fitMinutes(all, spec.minutes, plan.seed);
		for (let i = 0; i < all.length; i += chunk) {
			entries = all.slice(i, i + chunk);
			await flushEntries();
		}
		const allTrips = trips;
		for (let i = 0; i < allTrips.length; i += chunk) {
			trips = allTrips.slice(i, i + chunk);
			await flushTrips();
		}
	} else {
		for (const p of plan.pairings) {
			const a = pairingActivity(plan, p);
			entries.push(...a.entries);
			trips.push(...a.trips);
			if (entries.length >= chunk) await flushEntries();
			if (trips.length >= chunk) await flushTrips();
		}
		if (entries.length) await flushEntries();
		if (trips.length) await flushTrips();
	}

	const claims = await makeClaims(tx, plan);

	const questionSetId = await ensureQuestionSet(tx);
	await inChunks(tx, 'survey_response', SURVEY_COLUMNS, plan.surveys, (s) => [
		s.id,
		s.clientId,
		s.pairingId,
		questionSetId,
		'six_month',
		s.conductedOn,
		s.answers,
		s.lonelinessScore,
		s.onPaper,
		s.paperDestroyDueOn,
		s.paperDestroyedOn,
		s.enteredAt
	]);
	await inChunks(
		tx,
		'recruitment_outcome',
		[
			['id', 'uuid'],
			['county_id', 'uuid'],
			['decided_on', 'date'],
			['outcome', 'text']
		],
		plan.outcomes,
		(o) => [o.id, o.countyId, o.decidedOn, o.outcome]
	);
	return {
		volunteers: plan.volunteers.length,
		clients: plan.clients.length,
		pairings: plan.pairings.length,
		diaryEntries,
		minutes,
		trips: tripCount,
		claims,
		surveys: plan.surveys.length,
		recruitmentOutcomes: plan.outcomes.length
	};
}

/** Version 1 of the six-month survey (the same row services/pairings/surveys.ts seeds). */
async function ensureQuestionSet(tx: Tx): Promise<string> {
	const v1 = SIX_MONTH_SURVEY_V1;
	await tx.execute(
		sql`insert into survey_question_set (key, version, title, questions, active_from)
			values (${v1.key}, ${v1.version}, ${JSON.stringify(v1.title)}::jsonb,
				${JSON.stringify(v1.questions)}::jsonb, '2000-01-01T00:00:00Z')
			on conflict (key, version) do nothing`
	);
	const result = (await tx.execute(
		sql`select id::text as id from survey_question_set where key = ${v1.key} and version = ${v1.version}`
	)) as unknown as { rows: { id: string }[] };
	return result.rows[0]!.id;
}

/**
 * Monthly mileage claims from the trips (R-MILE-1…3): one per volunteer, paying municipality
 * and month, at the national default rate (0.30 €/km, added when there is no rate yet).
 * Claims of past months are mostly paid; the last month's are drafts or submitted. Statuses
 * are picked from the claim's own ids, so the result is the same on every run.
 */
async function makeClaims(tx: Tx, plan: Plan): Promise<number> {
	const { spec } = plan;
	await tx.execute(
		sql`insert into mileage_rate (municipality_id, valid_from, eur_per_km)
			select null, ${spec.start}::date, 0.30
			where not exists (select 1 from mileage_rate)`
	);
	const lastMonth = `${spec.end.slice(0, 7)}-01`;
	await tx.execute(
		sql`insert into mileage_claim (id, volunteer_id, municipality_id, county_id, month, status,
				eur_per_km, total_km, amount_cents, submitted_at, decided_at, paid_on, created_at, updated_at)
			select md5(x.volunteer_id::text || x.municipality_id::text || x.month::text)::uuid,
				x.volunteer_id, x.municipality_id, m.county_id, x.month,
				case when x.month >= ${lastMonth}::date then
						(case when x.h % 2 = 0 then 'draft' else 'submitted' end)
					when x.h % 20 = 0 then 'approved'
					else 'paid' end,
				0.30, x.km, round(x.km * 30)::int,
				case when x.month >= ${lastMonth}::date and x.h % 2 = 0 then null
					else least((x.month + interval '1 month 2 days')::timestamptz, ${stampOf(spec.end, 15).toISOString()}::timestamptz) end,
				case when x.month < ${lastMonth}::date
					then least((x.month + interval '1 month 10 days')::timestamptz, ${stampOf(spec.end, 15).toISOString()}::timestamptz) end,
				case when x.month < ${lastMonth}::date and x.h % 20 <> 0
					then least((x.month + interval '1 month 20 days')::date, ${spec.end}::date) end,
				(x.month + interval '1 month 1 day')::timestamptz,
				(x.month + interval '1 month 20 days')::timestamptz
			from (
				select t.volunteer_id, t.municipality_id, date_trunc('month', t.trip_date)::date as month,
					sum(t.kilometres) as km,
					('x' || substr(md5(t.volunteer_id::text || t.municipality_id::text || date_trunc('month', t.trip_date)::date::text), 1, 7))::bit(28)::int as h
				from trip t
				where t.claim_id is null
				group by t.volunteer_id, t.municipality_id, date_trunc('month', t.trip_date)
			) x
			join municipality m on m.id = x.municipality_id`
	);
	await tx.execute(
		sql`update trip t set claim_id = c.id
			from mileage_claim c
			where t.claim_id is null and c.volunteer_id = t.volunteer_id
				and c.municipality_id = t.municipality_id
				and c.month = date_trunc('month', t.trip_date)::date`
	);
	const result = (await tx.execute(
		sql`select count(*)::int as n from mileage_claim`
	)) as unknown as {
		rows: { n: number }[];
	};
	return result.rows[0]!.n;
}
