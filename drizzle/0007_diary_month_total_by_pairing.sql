-- The diary's monthly totals, one row per county, month, client and volunteer (issue 7,
-- BENCHMARKS.md): the contacts and minutes, and the same split by kind of contact and by help
-- profile in columns. Migration 0005 kept a row per kind and set of help profiles as well, three
-- times as many rows, and the analysis counted its distinct clients and volunteers by sorting
-- them; from these rows it adds up columns per client and per volunteer instead.
--> statement-breakpoint
DROP TABLE "diary_month_total";
--> statement-breakpoint
CREATE TABLE "diary_month_total" (
	"county_id" uuid NOT NULL,
	"month" date NOT NULL,
	"client_id" uuid NOT NULL,
	"volunteer_id" uuid,
	"contacts" integer NOT NULL,
	"minutes" integer NOT NULL,
	"home_visit_contacts" integer NOT NULL,
	"home_visit_minutes" integer NOT NULL,
	"care_home_visit_contacts" integer NOT NULL,
	"care_home_visit_minutes" integer NOT NULL,
	"outing_contacts" integer NOT NULL,
	"outing_minutes" integer NOT NULL,
	"call_contacts" integer NOT NULL,
	"call_minutes" integer NOT NULL,
	"p1_contacts" integer NOT NULL,
	"p1_minutes" integer NOT NULL,
	"p2_contacts" integer NOT NULL,
	"p2_minutes" integer NOT NULL,
	"p3_contacts" integer NOT NULL,
	"p3_minutes" integer NOT NULL,
	"p4_contacts" integer NOT NULL,
	"p4_minutes" integer NOT NULL,
	"no_profile_contacts" integer NOT NULL,
	"no_profile_minutes" integer NOT NULL,
	CONSTRAINT "diary_month_total_key" UNIQUE NULLS NOT DISTINCT("county_id","month","client_id","volunteer_id")
);
--> statement-breakpoint
-- What one diary entry adds to its month's total (sign 1) or takes away from it (sign -1). An
-- entry with several help profiles counts under each; one with none under no_profile.
CREATE FUNCTION diary_month_total_of(e diary_entry, sign integer) RETURNS diary_month_total
LANGUAGE sql IMMUTABLE AS $$
	SELECT ROW(
		e.county_id, date_trunc('month', e.contact_date::timestamp)::date, e.client_id, e.volunteer_id,
		sign, sign * e.duration_minutes,
		CASE WHEN e.contact_kind = 'home_visit' THEN sign ELSE 0 END,
		CASE WHEN e.contact_kind = 'home_visit' THEN sign * e.duration_minutes ELSE 0 END,
		CASE WHEN e.contact_kind = 'care_home_visit' THEN sign ELSE 0 END,
		CASE WHEN e.contact_kind = 'care_home_visit' THEN sign * e.duration_minutes ELSE 0 END,
		CASE WHEN e.contact_kind = 'outing' THEN sign ELSE 0 END,
		CASE WHEN e.contact_kind = 'outing' THEN sign * e.duration_minutes ELSE 0 END,
		CASE WHEN e.contact_kind = 'call' THEN sign ELSE 0 END,
		CASE WHEN e.contact_kind = 'call' THEN sign * e.duration_minutes ELSE 0 END,
		CASE WHEN 'P1' = ANY (e.help_profiles) THEN sign ELSE 0 END,
		CASE WHEN 'P1' = ANY (e.help_profiles) THEN sign * e.duration_minutes ELSE 0 END,
		CASE WHEN 'P2' = ANY (e.help_profiles) THEN sign ELSE 0 END,
		CASE WHEN 'P2' = ANY (e.help_profiles) THEN sign * e.duration_minutes ELSE 0 END,
		CASE WHEN 'P3' = ANY (e.help_profiles) THEN sign ELSE 0 END,
		CASE WHEN 'P3' = ANY (e.help_profiles) THEN sign * e.duration_minutes ELSE 0 END,
		CASE WHEN 'P4' = ANY (e.help_profiles) THEN sign ELSE 0 END,
		CASE WHEN 'P4' = ANY (e.help_profiles) THEN sign * e.duration_minutes ELSE 0 END,
		CASE WHEN cardinality(e.help_profiles) = 0 THEN sign ELSE 0 END,
		CASE WHEN cardinality(e.help_profiles) = 0 THEN sign * e.duration_minutes ELSE 0 END
	)::diary_month_total
$$;
--> statement-breakpoint
-- Adds entries' contributions to the totals in one grouped upsert (a bulk load pays once, not
-- per row). Keys are applied in order so that concurrent writers cannot deadlock; a change that
-- moves nothing (a flag seen, a description edited) writes nothing; when some are taken away
-- (`takes_away`), a total that falls to zero is deleted.
CREATE FUNCTION diary_month_total_add(deltas diary_month_total[], takes_away boolean) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO diary_month_total AS t
		(county_id, month, client_id, volunteer_id,
		contacts, minutes, home_visit_contacts, home_visit_minutes, care_home_visit_contacts, care_home_visit_minutes, outing_contacts, outing_minutes, call_contacts, call_minutes, p1_contacts, p1_minutes, p2_contacts, p2_minutes, p3_contacts, p3_minutes, p4_contacts, p4_minutes, no_profile_contacts, no_profile_minutes)
	SELECT d.county_id, d.month, d.client_id, d.volunteer_id,
		sum(d.contacts),
		sum(d.minutes),
		sum(d.home_visit_contacts),
		sum(d.home_visit_minutes),
		sum(d.care_home_visit_contacts),
		sum(d.care_home_visit_minutes),
		sum(d.outing_contacts),
		sum(d.outing_minutes),
		sum(d.call_contacts),
		sum(d.call_minutes),
		sum(d.p1_contacts),
		sum(d.p1_minutes),
		sum(d.p2_contacts),
		sum(d.p2_minutes),
		sum(d.p3_contacts),
		sum(d.p3_minutes),
		sum(d.p4_contacts),
		sum(d.p4_minutes),
		sum(d.no_profile_contacts),
		sum(d.no_profile_minutes)
	FROM unnest(deltas) d
	GROUP BY 1, 2, 3, 4
	HAVING sum(d.contacts) <> 0
		OR sum(d.minutes) <> 0
		OR sum(d.home_visit_contacts) <> 0
		OR sum(d.home_visit_minutes) <> 0
		OR sum(d.care_home_visit_contacts) <> 0
		OR sum(d.care_home_visit_minutes) <> 0
		OR sum(d.outing_contacts) <> 0
		OR sum(d.outing_minutes) <> 0
		OR sum(d.call_contacts) <> 0
		OR sum(d.call_minutes) <> 0
		OR sum(d.p1_contacts) <> 0
		OR sum(d.p1_minutes) <> 0
		OR sum(d.p2_contacts) <> 0
		OR sum(d.p2_minutes) <> 0
		OR sum(d.p3_contacts) <> 0
		OR sum(d.p3_minutes) <> 0
		OR sum(d.p4_contacts) <> 0
		OR sum(d.p4_minutes) <> 0
		OR sum(d.no_profile_contacts) <> 0
		OR sum(d.no_profile_minutes) <> 0
	ORDER BY 1, 2, 3, 4
	ON CONFLICT ON CONSTRAINT diary_month_total_key DO UPDATE SET
		contacts = t.contacts + excluded.contacts,
		minutes = t.minutes + excluded.minutes,
		home_visit_contacts = t.home_visit_contacts + excluded.home_visit_contacts,
		home_visit_minutes = t.home_visit_minutes + excluded.home_visit_minutes,
		care_home_visit_contacts = t.care_home_visit_contacts + excluded.care_home_visit_contacts,
		care_home_visit_minutes = t.care_home_visit_minutes + excluded.care_home_visit_minutes,
		outing_contacts = t.outing_contacts + excluded.outing_contacts,
		outing_minutes = t.outing_minutes + excluded.outing_minutes,
		call_contacts = t.call_contacts + excluded.call_contacts,
		call_minutes = t.call_minutes + excluded.call_minutes,
		p1_contacts = t.p1_contacts + excluded.p1_contacts,
		p1_minutes = t.p1_minutes + excluded.p1_minutes,
		p2_contacts = t.p2_contacts + excluded.p2_contacts,
		p2_minutes = t.p2_minutes + excluded.p2_minutes,
		p3_contacts = t.p3_contacts + excluded.p3_contacts,
		p3_minutes = t.p3_minutes + excluded.p3_minutes,
		p4_contacts = t.p4_contacts + excluded.p4_contacts,
		p4_minutes = t.p4_minutes + excluded.p4_minutes,
		no_profile_contacts = t.no_profile_contacts + excluded.no_profile_contacts,
		no_profile_minutes = t.no_profile_minutes + excluded.no_profile_minutes;
	IF NOT takes_away THEN
		RETURN;
	END IF;
	DELETE FROM diary_month_total t
	USING (SELECT DISTINCT d.county_id, d.month, d.client_id, d.volunteer_id
		FROM unnest(deltas) d WHERE d.contacts < 0) o
	WHERE t.county_id = o.county_id AND t.month = o.month AND t.client_id = o.client_id
		AND t.volunteer_id IS NOT DISTINCT FROM o.volunteer_id AND t.contacts = 0;
END;
$$;
--> statement-breakpoint
-- The statement triggers of migration 0005 stay; their functions now add the live rows
-- written and take away the live rows replaced or deleted through the two functions above.
CREATE OR REPLACE FUNCTION diary_month_total_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM diary_month_total_add(ARRAY(
		SELECT diary_month_total_of(e, 1) FROM new_rows e WHERE e.removed_at IS NULL), false);
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION diary_month_total_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM diary_month_total_add(ARRAY(
		SELECT diary_month_total_of(e, 1) FROM new_rows e WHERE e.removed_at IS NULL
		UNION ALL
		SELECT diary_month_total_of(e, -1) FROM old_rows e WHERE e.removed_at IS NULL), true);
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION diary_month_total_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM diary_month_total_add(ARRAY(
		SELECT diary_month_total_of(e, -1) FROM old_rows e WHERE e.removed_at IS NULL), true);
	RETURN NULL;
END;
$$;
--> statement-breakpoint
INSERT INTO diary_month_total
	(county_id, month, client_id, volunteer_id,
	contacts, minutes, home_visit_contacts, home_visit_minutes, care_home_visit_contacts, care_home_visit_minutes, outing_contacts, outing_minutes, call_contacts, call_minutes, p1_contacts, p1_minutes, p2_contacts, p2_minutes, p3_contacts, p3_minutes, p4_contacts, p4_minutes, no_profile_contacts, no_profile_minutes)
SELECT (x.d).county_id, (x.d).month, (x.d).client_id, (x.d).volunteer_id,
	sum((x.d).contacts),
	sum((x.d).minutes),
	sum((x.d).home_visit_contacts),
	sum((x.d).home_visit_minutes),
	sum((x.d).care_home_visit_contacts),
	sum((x.d).care_home_visit_minutes),
	sum((x.d).outing_contacts),
	sum((x.d).outing_minutes),
	sum((x.d).call_contacts),
	sum((x.d).call_minutes),
	sum((x.d).p1_contacts),
	sum((x.d).p1_minutes),
	sum((x.d).p2_contacts),
	sum((x.d).p2_minutes),
	sum((x.d).p3_contacts),
	sum((x.d).p3_minutes),
	sum((x.d).p4_contacts),
	sum((x.d).p4_minutes),
	sum((x.d).no_profile_contacts),
	sum((x.d).no_profile_minutes)
FROM (SELECT diary_month_total_of(e, 1) AS d FROM diary_entry e WHERE e.removed_at IS NULL) x
GROUP BY 1, 2, 3, 4;
