CREATE TABLE "story" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"language" text NOT NULL,
	"author" text NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "story_language_ck" CHECK ("story"."language" in ('et', 'ru', 'en'))
);
--> statement-breakpoint
CREATE TABLE "story_person" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"story_id" uuid NOT NULL,
	"volunteer_id" uuid,
	"client_id" uuid,
	"consent_document_id" uuid,
	"consent_on" date,
	"consent_withdrawn_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "story_person_volunteer_uq" UNIQUE("story_id","volunteer_id"),
	CONSTRAINT "story_person_client_uq" UNIQUE("story_id","client_id"),
	CONSTRAINT "story_person_one_ck" CHECK (("story_person"."volunteer_id" is null) <> ("story_person"."client_id" is null))
);
--> statement-breakpoint
ALTER TABLE "story" ADD CONSTRAINT "story_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story" ADD CONSTRAINT "story_published_by_app_user_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story" ADD CONSTRAINT "story_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_person" ADD CONSTRAINT "story_person_story_id_story_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."story"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_person" ADD CONSTRAINT "story_person_volunteer_id_volunteer_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_person" ADD CONSTRAINT "story_person_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_person" ADD CONSTRAINT "story_person_consent_document_id_document_id_fk" FOREIGN KEY ("consent_document_id") REFERENCES "public"."document"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "story_county_idx" ON "story" USING btree ("county_id");--> statement-breakpoint
CREATE INDEX "story_published_idx" ON "story" USING btree ("published_at");