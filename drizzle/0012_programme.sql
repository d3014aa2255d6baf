CREATE TABLE "partner_meeting_follow_up" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"text" text NOT NULL,
	"responsible" text,
	"due_on" date,
	"done_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_meeting_participant" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"partner_id" uuid,
	"contact_id" uuid,
	"name" text NOT NULL,
	"organisation" text,
	"recording_consent" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_meeting" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"place" text,
	"agenda" text,
	"summary" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_event_participant" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"invited" boolean DEFAULT false NOT NULL,
	"response" text,
	"responded_at" timestamp with time zone,
	"attended" boolean DEFAULT false NOT NULL,
	"attendance_recorded_by" uuid,
	"attendance_recorded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_event_participant_uq" UNIQUE("event_id","volunteer_id"),
	CONSTRAINT "programme_event_participant_response_ck" CHECK ("programme_event_participant"."response" is null or "programme_event_participant"."response" in ('coming', 'not_coming'))
);
--> statement-breakpoint
CREATE TABLE "programme_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"starts_at" text,
	"place" text,
	"agenda" text,
	"origin" text DEFAULT 'planned' NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_event_kind_ck" CHECK ("programme_event"."kind" in ('base_training', 'further_training', 'development_day', 'club_meeting', 'other')),
	CONSTRAINT "programme_event_origin_ck" CHECK ("programme_event"."origin" in ('planned', 'migrated', 'volunteer_page')),
	CONSTRAINT "programme_event_starts_at_ck" CHECK ("programme_event"."starts_at" is null or "programme_event"."starts_at" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')
);
--> statement-breakpoint
CREATE TABLE "volunteer_support_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"happened_on" date NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_support_entry_kind_ck" CHECK ("volunteer_support_entry"."kind" in ('conversation', 'supervision', 'recognition', 'other'))
);
--> statement-breakpoint
ALTER TABLE "document" DROP CONSTRAINT "document_kind_ck";--> statement-breakpoint
ALTER TABLE "partner_meeting_follow_up" ADD CONSTRAINT "partner_meeting_follow_up_meeting_id_partner_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."partner_meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_meeting_participant" ADD CONSTRAINT "partner_meeting_participant_meeting_id_partner_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."partner_meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_meeting_participant" ADD CONSTRAINT "partner_meeting_participant_partner_id_social_partner_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."social_partner"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_meeting_participant" ADD CONSTRAINT "partner_meeting_participant_contact_id_social_partner_contact_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."social_partner_contact"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_meeting" ADD CONSTRAINT "partner_meeting_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_meeting" ADD CONSTRAINT "partner_meeting_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_event_participant" ADD CONSTRAINT "programme_event_participant_event_id_programme_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."programme_event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_event_participant" ADD CONSTRAINT "programme_event_participant_volunteer_id_volunteer_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_event_participant" ADD CONSTRAINT "programme_event_participant_attendance_recorded_by_app_user_id_fk" FOREIGN KEY ("attendance_recorded_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_event" ADD CONSTRAINT "programme_event_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_event" ADD CONSTRAINT "programme_event_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_support_entry" ADD CONSTRAINT "volunteer_support_entry_volunteer_id_volunteer_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_support_entry" ADD CONSTRAINT "volunteer_support_entry_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "partner_meeting_follow_up_meeting_idx" ON "partner_meeting_follow_up" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "partner_meeting_participant_meeting_idx" ON "partner_meeting_participant" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "partner_meeting_participant_partner_idx" ON "partner_meeting_participant" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "partner_meeting_county_day_idx" ON "partner_meeting" USING btree ("county_id","held_on");--> statement-breakpoint
CREATE INDEX "programme_event_participant_volunteer_idx" ON "programme_event_participant" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "programme_event_county_day_idx" ON "programme_event" USING btree ("county_id","held_on");--> statement-breakpoint
CREATE INDEX "volunteer_support_entry_volunteer_idx" ON "volunteer_support_entry" USING btree ("volunteer_id","happened_on");--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_kind_ck" CHECK ("document"."kind" in ('application', 'interview_notes', 'criminal_record_extract', 'contract', 'consent', 'goodwill_agreement', 'survey_scan', 'minutes', 'training_material', 'signature_sheet', 'agenda', 'recording', 'transcript', 'intake_form', 'claim', 'report', 'other'));--> statement-breakpoint
-- Issue 22 (R-VOL-8): the volunteer's base training is derived from attending a base training.
-- The earlier dates become attendance at one "migrated" base training per county and day.
INSERT INTO "programme_event" ("county_id", "kind", "title", "held_on", "origin")
SELECT DISTINCT "county_id", 'base_training', 'Stardipakett', "base_training_completed_on", 'migrated'
FROM "volunteer" WHERE "base_training_completed_on" IS NOT NULL;
--> statement-breakpoint
INSERT INTO "programme_event_participant" ("event_id", "volunteer_id", "attended")
SELECT e."id", v."id", true
FROM "volunteer" v
JOIN "programme_event" e ON e."origin" = 'migrated' AND e."county_id" = v."county_id"
	AND e."held_on" = v."base_training_completed_on"
WHERE v."base_training_completed_on" IS NOT NULL;
--> statement-breakpoint
-- From now on volunteer.base_training_completed_on is kept by the database alone: the earliest
-- base training (not cancelled) the volunteer attended, or null.
CREATE OR REPLACE FUNCTION volunteer_base_training_refresh(vid uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	first_day date;
BEGIN
	SELECT min(e."held_on") INTO first_day
	FROM "programme_event_participant" p
	JOIN "programme_event" e ON e."id" = p."event_id"
	WHERE p."volunteer_id" = vid AND p."attended" AND e."kind" = 'base_training'
		AND e."cancelled_at" IS NULL;
	UPDATE "volunteer" SET "base_training_completed_on" = first_day
	WHERE "id" = vid AND "base_training_completed_on" IS DISTINCT FROM first_day;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION programme_participant_base_training() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM volunteer_base_training_refresh(OLD."volunteer_id");
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		IF TG_OP = 'INSERT' OR NEW."volunteer_id" IS DISTINCT FROM OLD."volunteer_id" THEN
			PERFORM volunteer_base_training_refresh(NEW."volunteer_id");
		END IF;
	END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER programme_participant_base_training
	AFTER INSERT OR UPDATE OR DELETE ON "programme_event_participant"
	FOR EACH ROW EXECUTE FUNCTION programme_participant_base_training();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION programme_event_base_training() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	vid uuid;
BEGIN
	FOR vid IN SELECT "volunteer_id" FROM "programme_event_participant"
		WHERE "event_id" = NEW."id" AND "attended"
	LOOP
		PERFORM volunteer_base_training_refresh(vid);
	END LOOP;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER programme_event_base_training
	AFTER UPDATE OF "kind", "held_on", "cancelled_at" ON "programme_event"
	FOR EACH ROW EXECUTE FUNCTION programme_event_base_training();
