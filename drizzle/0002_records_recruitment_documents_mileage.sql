CREATE TABLE "client_exclusion" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "diary_draft" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"entry_id" uuid,
	"fields" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "diary_draft_uq" UNIQUE NULLS NOT DISTINCT("user_id","client_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "diary_entry_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"contact_date" date NOT NULL,
	"contact_kind" text NOT NULL,
	"help_profiles" text[] NOT NULL,
	"duration_minutes" integer NOT NULL,
	"description" text NOT NULL,
	"flagged" boolean NOT NULL,
	"flag_note" text,
	"written_by" uuid,
	"written_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_partner_contact" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text,
	"phone" text,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_partner" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_id" uuid NOT NULL,
	"municipality_id" uuid,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"notes" text,
	"archived_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "social_partner_kind_ck" CHECK ("social_partner"."kind" in ('municipality_social_work', 'family_doctor', 'care_home', 'shop', 'church', 'library', 'post', 'other'))
);
--> statement-breakpoint
CREATE TABLE "recruitment_outcome" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_id" uuid NOT NULL,
	"decided_on" date NOT NULL,
	"outcome" text NOT NULL,
	CONSTRAINT "recruitment_outcome_ck" CHECK ("recruitment_outcome"."outcome" in ('selected', 'not_selected'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_application" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_id" uuid NOT NULL,
	"municipality_id" uuid,
	"status" text DEFAULT 'applied' NOT NULL,
	"channel" text DEFAULT 'web' NOT NULL,
	"locale" text DEFAULT 'et' NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text,
	"phone" text,
	"settlement" text,
	"motivation" text,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"referee_name" text,
	"referee_contact" text,
	"consent_given_at" timestamp with time zone NOT NULL,
	"interview_at" timestamp with time zone,
	"interview_notes" text,
	"volunteer_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_application_status_ck" CHECK ("volunteer_application"."status" in ('applied', 'interview_arranged', 'interviewed', 'selected')),
	CONSTRAINT "volunteer_application_channel_ck" CHECK ("volunteer_application"."channel" in ('web', 'paper', 'email')),
	CONSTRAINT "volunteer_application_locale_ck" CHECK ("volunteer_application"."locale" in ('et', 'ru', 'en'))
);
--> statement-breakpoint
CREATE TABLE "document" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_id" uuid,
	"kind" text NOT NULL,
	"client_id" uuid,
	"volunteer_id" uuid,
	"application_id" uuid,
	"pairing_id" uuid,
	"partner_id" uuid,
	"owner_ref" text,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"description" text,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_kind_ck" CHECK ("document"."kind" in ('application', 'interview_notes', 'criminal_record_extract', 'contract', 'consent', 'goodwill_agreement', 'survey_scan', 'minutes', 'training_material', 'signature_sheet', 'intake_form', 'claim', 'report', 'other')),
	CONSTRAINT "document_sha256_ck" CHECK ("document"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "document_size_ck" CHECK ("document"."size_bytes" > 0),
	CONSTRAINT "document_one_owner_ck" CHECK (num_nonnulls("document"."client_id", "document"."volunteer_id", "document"."application_id", "document"."partner_id", "document"."owner_ref") <= 1)
);
--> statement-breakpoint
CREATE TABLE "app_setting" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_question_set" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"title" jsonb NOT NULL,
	"questions" jsonb NOT NULL,
	"active_from" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_response" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"pairing_id" uuid,
	"question_set_id" uuid NOT NULL,
	"kind" text DEFAULT 'six_month' NOT NULL,
	"conducted_on" date NOT NULL,
	"answers" jsonb NOT NULL,
	"loneliness_score" integer,
	"on_paper" boolean DEFAULT false NOT NULL,
	"paper_destroy_due_on" date,
	"paper_destroyed_on" date,
	"paper_destroyed_by" uuid,
	"entered_by" uuid,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_response_paper_ck" CHECK (not "survey_response"."on_paper" or "survey_response"."paper_destroy_due_on" is not null)
);
--> statement-breakpoint
CREATE TABLE "mileage_claim" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"county_id" uuid NOT NULL,
	"month" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"eur_per_km" numeric(6, 4),
	"monthly_cap_cents" integer,
	"total_km" numeric(9, 2),
	"amount_cents" integer,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"return_reason" text,
	"paid_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mileage_claim_uq" UNIQUE("volunteer_id","municipality_id","month"),
	CONSTRAINT "mileage_claim_status_ck" CHECK ("mileage_claim"."status" in ('draft', 'submitted', 'approved', 'returned', 'paid')),
	CONSTRAINT "mileage_claim_month_ck" CHECK (extract(day from "mileage_claim"."month") = 1),
	CONSTRAINT "mileage_claim_paid_ck" CHECK ("mileage_claim"."status" <> 'paid' or "mileage_claim"."paid_on" is not null)
);
--> statement-breakpoint
CREATE TABLE "mileage_rate" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid,
	"valid_from" date NOT NULL,
	"eur_per_km" numeric(6, 4) NOT NULL,
	"monthly_cap_cents" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mileage_rate_uq" UNIQUE NULLS NOT DISTINCT("municipality_id","valid_from"),
	CONSTRAINT "mileage_rate_positive_ck" CHECK ("mileage_rate"."eur_per_km" > 0 and "mileage_rate"."eur_per_km" < 10),
	CONSTRAINT "mileage_rate_cap_ck" CHECK ("mileage_rate"."monthly_cap_cents" is null or "mileage_rate"."monthly_cap_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "trip" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"pairing_id" uuid,
	"municipality_id" uuid NOT NULL,
	"trip_date" date NOT NULL,
	"from_place" text NOT NULL,
	"to_place" text NOT NULL,
	"purpose" text NOT NULL,
	"kilometres" numeric(7, 2) NOT NULL,
	"claim_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trip_km_ck" CHECK ("trip"."kilometres" > 0 and "trip"."kilometres" <= 1000)
);
--> statement-breakpoint
CREATE TABLE "quarterly_report" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"cutoff_at" timestamp with time zone NOT NULL,
	"totals" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quarterly_report_quarter_ck" CHECK ("quarterly_report"."quarter" between 1 and 4)
);
--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "gender" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "languages" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "language_other" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "settlement" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "street" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "living_situation" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "contact_person_name" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "contact_person_phone" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "contact_person_relation" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "situation" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "help_profiles_wanted" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "tasks" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "help_amount" integer;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "help_unit" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "help_period" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "preferred_volunteer_gender" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "preferred_language" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "has_pets" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "smokes_at_home" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "referral_partner_id" uuid;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "referral_person" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "referred_on" date;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "mapped_on" date DEFAULT current_date NOT NULL;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "waiting_since" date;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "consent_given_on" date;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "ended_on" date;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "client" ADD COLUMN "age_group" text;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD COLUMN "contact_kind" text DEFAULT 'home_visit' NOT NULL;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD COLUMN "help_profiles" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD COLUMN "flagged" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD COLUMN "flag_note" text;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD COLUMN "flag_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD COLUMN "from_paper" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD COLUMN "removed_by" uuid;--> statement-breakpoint
ALTER TABLE "pairing" ADD COLUMN "introduced_on" date;--> statement-breakpoint
ALTER TABLE "pairing" ADD COLUMN "paused_reason" text;--> statement-breakpoint
ALTER TABLE "pairing" ADD COLUMN "paused_until" date;--> statement-breakpoint
ALTER TABLE "pairing" ADD COLUMN "closing_interview" text;--> statement-breakpoint
ALTER TABLE "pairing" ADD COLUMN "match_ranking" jsonb;--> statement-breakpoint
ALTER TABLE "pairing" ADD COLUMN "match_note" text;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "gender" text;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "languages" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "language_other" text;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "settlement" text;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "street" text;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "help_profiles_offered" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "availability" text;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "has_car" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "pet_allergy" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "avoids_smoke" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "employment" text;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "education" text;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "expectations" text;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "criminal_record_checked_on" date;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "criminal_record_checked_by" uuid;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "contract_signed_on" date;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "contract_has_paper_original" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "contract_original_received_on" date;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "base_training_completed_on" date;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "started_on" date;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "ended_on" date;--> statement-breakpoint
ALTER TABLE "volunteer" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "client_exclusion" ADD CONSTRAINT "client_exclusion_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_exclusion" ADD CONSTRAINT "client_exclusion_volunteer_id_volunteer_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_exclusion" ADD CONSTRAINT "client_exclusion_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_draft" ADD CONSTRAINT "diary_draft_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_draft" ADD CONSTRAINT "diary_draft_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_draft" ADD CONSTRAINT "diary_draft_entry_id_diary_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."diary_entry"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entry_version" ADD CONSTRAINT "diary_entry_version_entry_id_diary_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."diary_entry"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entry_version" ADD CONSTRAINT "diary_entry_version_written_by_app_user_id_fk" FOREIGN KEY ("written_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_partner_contact" ADD CONSTRAINT "social_partner_contact_partner_id_social_partner_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."social_partner"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_partner" ADD CONSTRAINT "social_partner_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_partner" ADD CONSTRAINT "social_partner_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_partner" ADD CONSTRAINT "social_partner_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_outcome" ADD CONSTRAINT "recruitment_outcome_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_application" ADD CONSTRAINT "volunteer_application_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_application" ADD CONSTRAINT "volunteer_application_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_application" ADD CONSTRAINT "volunteer_application_volunteer_id_volunteer_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_application" ADD CONSTRAINT "volunteer_application_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_volunteer_id_volunteer_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_application_id_volunteer_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."volunteer_application"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_pairing_id_pairing_id_fk" FOREIGN KEY ("pairing_id") REFERENCES "public"."pairing"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_partner_id_social_partner_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."social_partner"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_uploaded_by_app_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_setting" ADD CONSTRAINT "app_setting_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_pairing_id_pairing_id_fk" FOREIGN KEY ("pairing_id") REFERENCES "public"."pairing"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_question_set_id_survey_question_set_id_fk" FOREIGN KEY ("question_set_id") REFERENCES "public"."survey_question_set"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_paper_destroyed_by_app_user_id_fk" FOREIGN KEY ("paper_destroyed_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_entered_by_app_user_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mileage_claim" ADD CONSTRAINT "mileage_claim_volunteer_id_volunteer_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mileage_claim" ADD CONSTRAINT "mileage_claim_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mileage_claim" ADD CONSTRAINT "mileage_claim_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mileage_claim" ADD CONSTRAINT "mileage_claim_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mileage_rate" ADD CONSTRAINT "mileage_rate_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mileage_rate" ADD CONSTRAINT "mileage_rate_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trip" ADD CONSTRAINT "trip_volunteer_id_volunteer_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trip" ADD CONSTRAINT "trip_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trip" ADD CONSTRAINT "trip_pairing_id_pairing_id_fk" FOREIGN KEY ("pairing_id") REFERENCES "public"."pairing"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trip" ADD CONSTRAINT "trip_municipality_id_municipality_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipality"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trip" ADD CONSTRAINT "trip_claim_id_mileage_claim_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."mileage_claim"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trip" ADD CONSTRAINT "trip_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarterly_report" ADD CONSTRAINT "quarterly_report_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "client_exclusion_uq" ON "client_exclusion" USING btree ("client_id","volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "diary_entry_version_uq" ON "diary_entry_version" USING btree ("entry_id","version");--> statement-breakpoint
CREATE INDEX "social_partner_contact_partner_idx" ON "social_partner_contact" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "social_partner_county_idx" ON "social_partner" USING btree ("county_id","name");--> statement-breakpoint
CREATE INDEX "recruitment_outcome_county_idx" ON "recruitment_outcome" USING btree ("county_id","decided_on");--> statement-breakpoint
CREATE INDEX "volunteer_application_county_status_idx" ON "volunteer_application" USING btree ("county_id","status","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "document_storage_key_uq" ON "document" USING btree ("storage_key");--> statement-breakpoint
CREATE INDEX "document_client_idx" ON "document" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "document_volunteer_idx" ON "document" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "document_application_idx" ON "document" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "document_pairing_idx" ON "document" USING btree ("pairing_id");--> statement-breakpoint
CREATE INDEX "document_owner_ref_idx" ON "document" USING btree ("owner_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_question_set_uq" ON "survey_question_set" USING btree ("key","version");--> statement-breakpoint
CREATE INDEX "survey_response_client_idx" ON "survey_response" USING btree ("client_id","kind");--> statement-breakpoint
CREATE INDEX "survey_response_paper_idx" ON "survey_response" USING btree ("paper_destroy_due_on") WHERE "survey_response"."on_paper" and "survey_response"."paper_destroyed_on" is null;--> statement-breakpoint
CREATE INDEX "mileage_claim_county_status_idx" ON "mileage_claim" USING btree ("county_id","status","month");--> statement-breakpoint
CREATE INDEX "mileage_claim_municipality_month_idx" ON "mileage_claim" USING btree ("municipality_id","month");--> statement-breakpoint
CREATE INDEX "trip_volunteer_date_idx" ON "trip" USING btree ("volunteer_id","trip_date");--> statement-breakpoint
CREATE INDEX "trip_claim_idx" ON "trip" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "trip_client_date_idx" ON "trip" USING btree ("client_id","trip_date");--> statement-breakpoint
CREATE INDEX "quarterly_report_period_idx" ON "quarterly_report" USING btree ("year","quarter","created_at");--> statement-breakpoint
ALTER TABLE "client" ADD CONSTRAINT "client_referral_partner_id_social_partner_id_fk" FOREIGN KEY ("referral_partner_id") REFERENCES "public"."social_partner"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD CONSTRAINT "diary_entry_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diary_entry" ADD CONSTRAINT "diary_entry_removed_by_app_user_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer" ADD CONSTRAINT "volunteer_criminal_record_checked_by_app_user_id_fk" FOREIGN KEY ("criminal_record_checked_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_waiting_idx" ON "client" USING btree ("county_id","waiting_since") WHERE "client"."status" = 'waiting';--> statement-breakpoint
CREATE INDEX "client_referral_partner_idx" ON "client" USING btree ("referral_partner_id");--> statement-breakpoint
CREATE INDEX "diary_entry_pairing_date_idx" ON "diary_entry" USING btree ("pairing_id","contact_date");--> statement-breakpoint
CREATE INDEX "diary_entry_flagged_idx" ON "diary_entry" USING btree ("client_id") WHERE "diary_entry"."flagged" and "diary_entry"."flag_seen_at" is null and "diary_entry"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "pairing_status_idx" ON "pairing" USING btree ("status");--> statement-breakpoint
ALTER TABLE "client" ADD CONSTRAINT "client_help_amount_ck" CHECK ("client"."help_amount" is null or "client"."help_amount" between 1 and 200);--> statement-breakpoint
ALTER TABLE "client" ADD CONSTRAINT "client_help_profiles_ck" CHECK ("client"."help_profiles_wanted" <@ array['P1', 'P2', 'P3', 'P4']::text[]);--> statement-breakpoint
ALTER TABLE "client" ADD CONSTRAINT "client_ended_ck" CHECK ("client"."status" <> 'ended' or "client"."ended_on" is not null);--> statement-breakpoint
ALTER TABLE "diary_entry" ADD CONSTRAINT "diary_entry_kind_ck" CHECK ("diary_entry"."contact_kind" in ('home_visit', 'care_home_visit', 'outing', 'call'));--> statement-breakpoint
ALTER TABLE "diary_entry" ADD CONSTRAINT "diary_entry_profiles_ck" CHECK ("diary_entry"."help_profiles" <@ array['P1', 'P2', 'P3', 'P4']::text[]);--> statement-breakpoint
ALTER TABLE "volunteer" ADD CONSTRAINT "volunteer_help_profiles_ck" CHECK ("volunteer"."help_profiles_offered" <@ array['P1', 'P2', 'P3', 'P4']::text[]);