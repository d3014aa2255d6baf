import { asc, count, sql } from 'drizzle-orm';
import { clients, counties, municipalities, volunteers } from '../db/schema';
import type { Database } from '../db/client';
import { buildPlan, defaultSeed, type CountyInput, type Plan } from './plan';
import { profileSpec, type ProfileName, type ProfileSpec } from './profiles';
import { writePlan, type WriteCounts } from './writer';

/**
 * The data generator (issue 6): believable, seeded data sets for the pilot, the benchmarks and
 * the demo. `generateData` plans (pure, plan.ts) and writes (writer.ts) in one transaction. It
 * writes below the policy layer, like the test factories, and refuses a database that already
 * holds clients or volunteers so it never mixes with real people's data.
 */

export interface GenerateOptions {
	profile: Exclude<ProfileName, 'demo'>;
	/** Same seed, same data (ids included). Default: a fixed seed per profile. */
	seed?: number;
	/** Today (yyyy-mm-dd); county and national data end the day before unless `end` is given. */
	today: string;
	end?: string;
	county?: string;
	progress?: (done: number, total: number) => void;
}

export interface GenerateResult {
	profile: string;
	seed: number;
	spec: ProfileSpec;
	counts: WriteCounts;
	ms: number;
}

/** Counties with their municipalities, in the reference tables' order. */
export async function countyInputs(db: Database): Promise<CountyInput[]> {
	const cs = await db.select().from(counties).orderBy(asc(counties.name));
	const ms = await db
		.select()
		.from(municipalities)
		.orderBy(asc(municipalities.sortOrder), asc(municipalities.name));
	return cs.map((c) => ({
		id: c.id,
		name: c.name,
		municipalities: ms
			.filter((m) => m.countyId === c.id)
			.map((m) => ({ id: m.id, name: m.name, kind: m.kind }))
	}));
}

/** Why the generator may not write into this database, or null when it may. */
export async function refusal(db: Database): Promise<string | null> {
	const [c] = await db.select({ n: count() }).from(clients);
	const [v] = await db.select({ n: count() }).from(volunteers);
	if ((c?.n ?? 0) > 0 || (v?.n ?? 0) > 0) {
		return `the database already holds ${c?.n ?? 0} client(s) and ${v?.n ?? 0} volunteer(s)`;
	}
	return null;
}

export function planFor(opts: GenerateOptions, countyList: readonly CountyInput[]): Plan {
	const spec = profileSpec(opts.profile, { today: opts.today, end: opts.end, county: opts.county });
	return buildPlan(spec, countyList, opts.seed ?? defaultSeed(opts.profile));
}

export async function generateData(db: Database, opts: GenerateOptions): Promise<GenerateResult> {
	const reason = await refusal(db);
	if (reason) throw new Error(`not generating: ${reason}; use an empty database`);
	const started = Date.now();
	const plan = planFor(opts, await countyInputs(db));
	const counts = await db.transaction((tx) => writePlan(tx, plan, { progress: opts.progress }));
	// Fresh statistics: without them the planner takes millions of new rows for a handful.
	await db.execute(
		sql`analyze volunteer, client, pairing, diary_entry, trip, mileage_claim, survey_response, recruitment_outcome`
	);
	return {
		profile: opts.profile,
		seed: plan.seed,
		spec: plan.spec,
		counts,
		ms: Date.now() - started
	};
}
