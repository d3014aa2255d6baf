CREATE TABLE "paper_diary_month" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pairing_id" uuid NOT NULL,
	"month" date NOT NULL,
	"pages" integer NOT NULL,
	"received_on" date NOT NULL,
	"destroy_due_on" date NOT NULL,
	"entered_on" date,
	"entered_by" uuid,
	"destroyed_on" date,
	"destroyed_by" uuid,
	"recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "paper_diary_month_uq" UNIQUE("pairing_id","month"),
	CONSTRAINT "paper_diary_month_pages_ck" CHECK ("paper_diary_month"."pages" between 1 and 200),
	CONSTRAINT "paper_diary_month_first_ck" CHECK (extract(day from "paper_diary_month"."month") = 1),
	CONSTRAINT "paper_diary_month_destroyed_ck" CHECK ("paper_diary_month"."destroyed_on" is null or "paper_diary_month"."entered_on" is not null)
);
--> statement-breakpoint
ALTER TABLE "document" DROP CONSTRAINT "document_kind_ck";--> statement-breakpoint
ALTER TABLE "story" ADD COLUMN "photo_document_id" uuid;--> statement-breakpoint
ALTER TABLE "story" ADD COLUMN "photo_alt" text;--> statement-breakpoint
ALTER TABLE "paper_diary_month" ADD CONSTRAINT "paper_diary_month_pairing_id_pairing_id_fk" FOREIGN KEY ("pairing_id") REFERENCES "public"."pairing"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_diary_month" ADD CONSTRAINT "paper_diary_month_entered_by_app_user_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_diary_month" ADD CONSTRAINT "paper_diary_month_destroyed_by_app_user_id_fk" FOREIGN KEY ("destroyed_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_diary_month" ADD CONSTRAINT "paper_diary_month_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "paper_diary_month_due_idx" ON "paper_diary_month" USING btree ("destroy_due_on") WHERE "paper_diary_month"."destroyed_on" is null;--> statement-breakpoint
ALTER TABLE "story" ADD CONSTRAINT "story_photo_document_id_document_id_fk" FOREIGN KEY ("photo_document_id") REFERENCES "public"."document"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_kind_ck" CHECK ("document"."kind" in ('application', 'interview_notes', 'criminal_record_extract', 'contract', 'consent', 'goodwill_agreement', 'survey_scan', 'minutes', 'training_material', 'signature_sheet', 'agenda', 'recording', 'transcript', 'intake_form', 'claim', 'report', 'photo', 'other'));--> statement-breakpoint
ALTER TABLE "story" ADD CONSTRAINT "story_photo_alt_ck" CHECK ("story"."photo_document_id" is null or "story"."photo_alt" is not null);