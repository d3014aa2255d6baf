CREATE TABLE "diary_month_total" (
	"county_id" uuid NOT NULL,
	"month" date NOT NULL,
	"client_id" uuid NOT NULL,
	"volunteer_id" uuid,
	"contact_kind" text NOT NULL,
	"help_profiles" text[] NOT NULL,
	"contacts" integer NOT NULL,
	"minutes" integer NOT NULL,
	CONSTRAINT "diary_month_total_key" UNIQUE NULLS NOT DISTINCT("county_id","month","client_id","volunteer_id","contact_kind","help_profiles")
);
--> statement-breakpoint
-- The totals follow the entries (issue 7, BENCHMARKS.md): statement triggers with transition
-- tables add the live rows written and take away the live rows replaced or deleted, in one
-- grouped upsert per statement (a bulk load pays once, not per row). Keys are applied in order
-- so that concurrent writers cannot deadlock; a total that falls to zero is deleted.
--> statement-breakpoint
CREATE FUNCTION diary_month_total_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO diary_month_total AS t
		(county_id, month, client_id, volunteer_id, contact_kind, help_profiles, contacts, minutes)
	SELECT x.county_id, x.month, x.client_id, x.volunteer_id, x.contact_kind, x.help_profiles,
		sum(x.n), sum(x.m)
	FROM (
		SELECT e.county_id, date_trunc('month', e.contact_date::timestamp)::date AS month, e.client_id,
			e.volunteer_id, e.contact_kind, e.help_profiles, 1 AS n, e.duration_minutes AS m
		FROM new_rows e WHERE e.removed_at IS NULL
	) x
	GROUP BY 1, 2, 3, 4, 5, 6
	-- A change that moves nothing (a flag seen, a description edited) writes nothing.
	HAVING sum(x.n) <> 0 OR sum(x.m) <> 0
	ORDER BY 1, 2, 3, 4, 5, 6
	ON CONFLICT ON CONSTRAINT diary_month_total_key DO UPDATE
		SET contacts = t.contacts + excluded.contacts, minutes = t.minutes + excluded.minutes;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION diary_month_total_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO diary_month_total AS t
		(county_id, month, client_id, volunteer_id, contact_kind, help_profiles, contacts, minutes)
	SELECT x.county_id, x.month, x.client_id, x.volunteer_id, x.contact_kind, x.help_profiles,
		sum(x.n), sum(x.m)
	FROM (
		SELECT e.county_id, date_trunc('month', e.contact_date::timestamp)::date AS month, e.client_id,
			e.volunteer_id, e.contact_kind, e.help_profiles, 1 AS n, e.duration_minutes AS m
		FROM new_rows e WHERE e.removed_at IS NULL
		UNION ALL
		SELECT e.county_id, date_trunc('month', e.contact_date::timestamp)::date AS month, e.client_id,
			e.volunteer_id, e.contact_kind, e.help_profiles, -1 AS n, -e.duration_minutes AS m
		FROM old_rows e WHERE e.removed_at IS NULL
	) x
	GROUP BY 1, 2, 3, 4, 5, 6
	-- A change that moves nothing (a flag seen, a description edited) writes nothing.
	HAVING sum(x.n) <> 0 OR sum(x.m) <> 0
	ORDER BY 1, 2, 3, 4, 5, 6
	ON CONFLICT ON CONSTRAINT diary_month_total_key DO UPDATE
		SET contacts = t.contacts + excluded.contacts, minutes = t.minutes + excluded.minutes;
	DELETE FROM diary_month_total t
	USING (SELECT DISTINCT e.county_id, date_trunc('month', e.contact_date::timestamp)::date AS month
		FROM old_rows e WHERE e.removed_at IS NULL) o
	WHERE t.county_id = o.county_id AND t.month = o.month AND t.contacts = 0;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION diary_month_total_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO diary_month_total AS t
		(county_id, month, client_id, volunteer_id, contact_kind, help_profiles, contacts, minutes)
	SELECT x.county_id, x.month, x.client_id, x.volunteer_id, x.contact_kind, x.help_profiles,
		sum(x.n), sum(x.m)
	FROM (
		SELECT e.county_id, date_trunc('month', e.contact_date::timestamp)::date AS month, e.client_id,
			e.volunteer_id, e.contact_kind, e.help_profiles, -1 AS n, -e.duration_minutes AS m
		FROM old_rows e WHERE e.removed_at IS NULL
	) x
	GROUP BY 1, 2, 3, 4, 5, 6
	-- A change that moves nothing (a flag seen, a description edited) writes nothing.
	HAVING sum(x.n) <> 0 OR sum(x.m) <> 0
	ORDER BY 1, 2, 3, 4, 5, 6
	ON CONFLICT ON CONSTRAINT diary_month_total_key DO UPDATE
		SET contacts = t.contacts + excluded.contacts, minutes = t.minutes + excluded.minutes;
	DELETE FROM diary_month_total t
	USING (SELECT DISTINCT e.county_id, date_trunc('month', e.contact_date::timestamp)::date AS month
		FROM old_rows e WHERE e.removed_at IS NULL) o
	WHERE t.county_id = o.county_id AND t.month = o.month AND t.contacts = 0;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER diary_month_total_insert AFTER INSERT ON diary_entry
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION diary_month_total_after_insert();
--> statement-breakpoint
CREATE TRIGGER diary_month_total_update AFTER UPDATE ON diary_entry
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION diary_month_total_after_update();
--> statement-breakpoint
CREATE TRIGGER diary_month_total_delete AFTER DELETE ON diary_entry
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION diary_month_total_after_delete();
--> statement-breakpoint
INSERT INTO diary_month_total
	(county_id, month, client_id, volunteer_id, contact_kind, help_profiles, contacts, minutes)
SELECT e.county_id, date_trunc('month', e.contact_date::timestamp)::date, e.client_id,
	e.volunteer_id, e.contact_kind, e.help_profiles, count(*), sum(e.duration_minutes)
FROM diary_entry e WHERE e.removed_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6;
