-- A diary entry carries its client's county (issue 7, BENCHMARKS.md): a county's period
-- figures then read that county's entries from one index, not the whole country's.
-- The composite key keeps it the client's county, always.
ALTER TABLE "client" ADD CONSTRAINT "client_id_county_uq" UNIQUE("id","county_id");--> statement-breakpoint
ALTER TABLE "diary_entry" ADD COLUMN "county_id" uuid;--> statement-breakpoint
UPDATE "diary_entry" AS d SET "county_id" = c."county_id" FROM "client" AS c WHERE c."id" = d."client_id";--> statement-breakpoint
ALTER TABLE "diary_entry" ALTER COLUMN "county_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD CONSTRAINT "diary_entry_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD CONSTRAINT "diary_entry_client_county_fk" FOREIGN KEY ("client_id","county_id") REFERENCES "public"."client"("id","county_id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
-- INCLUDE by hand (Drizzle's index builder cannot say it): the analysis reads these columns
-- from the index alone.
CREATE INDEX "diary_entry_county_date_idx" ON "diary_entry" USING btree ("county_id","contact_date") INCLUDE ("client_id","volunteer_id","contact_kind","duration_minutes","help_profiles") WHERE "diary_entry"."removed_at" is null;
