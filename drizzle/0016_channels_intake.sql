CREATE TABLE "recruitment_channel" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"message" text,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recruitment_channel_kind_ck" CHECK ("recruitment_channel"."kind" in ('poster', 'newspaper', 'newsletter', 'social_media', 'radio_tv', 'event', 'word_of_mouth', 'other')),
	CONSTRAINT "recruitment_channel_code_ck" CHECK ("recruitment_channel"."code" ~ '^[a-z0-9]{4,12}$')
);
--> statement-breakpoint
CREATE TABLE "intake_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_id" uuid NOT NULL,
	"source" text NOT NULL,
	"received_on" date NOT NULL,
	"note" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intake_item_source_ck" CHECK ("intake_item"."source" in ('paper', 'email', 'phone', 'other'))
);
--> statement-breakpoint
ALTER TABLE "document" DROP CONSTRAINT "document_kind_ck";--> statement-breakpoint
ALTER TABLE "form_submission" DROP CONSTRAINT "form_submission_kind_ck";--> statement-breakpoint
ALTER TABLE "recruitment_outcome" ADD COLUMN "recruitment_channel_id" uuid;--> statement-breakpoint
ALTER TABLE "recruitment_outcome" ADD COLUMN "applied_on" date;--> statement-breakpoint
ALTER TABLE "volunteer_application" ADD COLUMN "recruitment_channel_id" uuid;--> statement-breakpoint
ALTER TABLE "recruitment_channel" ADD CONSTRAINT "recruitment_channel_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_channel" ADD CONSTRAINT "recruitment_channel_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_item" ADD CONSTRAINT "intake_item_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_item" ADD CONSTRAINT "intake_item_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "recruitment_channel_code_uq" ON "recruitment_channel" USING btree ("code");--> statement-breakpoint
CREATE INDEX "recruitment_channel_county_idx" ON "recruitment_channel" USING btree ("county_id");--> statement-breakpoint
CREATE INDEX "intake_item_county_idx" ON "intake_item" USING btree ("county_id","received_on");--> statement-breakpoint
ALTER TABLE "recruitment_outcome" ADD CONSTRAINT "recruitment_outcome_recruitment_channel_id_recruitment_channel_id_fk" FOREIGN KEY ("recruitment_channel_id") REFERENCES "public"."recruitment_channel"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_application" ADD CONSTRAINT "volunteer_application_recruitment_channel_id_recruitment_channel_id_fk" FOREIGN KEY ("recruitment_channel_id") REFERENCES "public"."recruitment_channel"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recruitment_outcome_channel_idx" ON "recruitment_outcome" USING btree ("recruitment_channel_id");--> statement-breakpoint
CREATE INDEX "volunteer_application_channel_idx" ON "volunteer_application" USING btree ("recruitment_channel_id");--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_kind_ck" CHECK ("document"."kind" in ('application', 'interview_notes', 'criminal_record_extract', 'contract', 'consent', 'goodwill_agreement', 'survey_scan', 'minutes', 'training_material', 'signature_sheet', 'agenda', 'recording', 'transcript', 'intake_form', 'recruitment_message', 'claim', 'report', 'photo', 'other'));--> statement-breakpoint
ALTER TABLE "form_submission" ADD CONSTRAINT "form_submission_kind_ck" CHECK ("form_submission"."kind" in ('diary_entry', 'diary_update', 'trip', 'recruitment_channel', 'intake_item'));