CREATE TABLE "consent" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_id" uuid NOT NULL,
	"client_id" uuid,
	"volunteer_id" uuid,
	"purpose" text NOT NULL,
	"text_version" text NOT NULL,
	"method" text NOT NULL,
	"given_on" date NOT NULL,
	"withdrawn_on" date,
	"document_id" uuid,
	"recorded_by" uuid,
	"withdrawn_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_one_person_ck" CHECK (("consent"."client_id" is null) <> ("consent"."volunteer_id" is null)),
	CONSTRAINT "consent_purpose_ck" CHECK ("consent"."purpose" in ('processing', 'recording', 'story', 'survey_research')),
	CONSTRAINT "consent_method_ck" CHECK ("consent"."method" in ('paper_scan', 'application', 'first_meeting')),
	CONSTRAINT "consent_withdrawn_ck" CHECK ("consent"."withdrawn_on" is null or "consent"."withdrawn_on" >= "consent"."given_on")
);
--> statement-breakpoint
CREATE TABLE "destruction_register" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_key" text NOT NULL,
	"requirement" text NOT NULL,
	"item_kind" text NOT NULL,
	"item_id" uuid NOT NULL,
	"action" text NOT NULL,
	"county_id" uuid,
	"client_id" uuid,
	"volunteer_id" uuid,
	"performed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"performed_by" uuid,
	"run_id" uuid,
	"rows_count" integer DEFAULT 0 NOT NULL,
	"files_count" integer DEFAULT 0 NOT NULL,
	"file_sha256" text[] DEFAULT '{}'::text[] NOT NULL,
	"pending_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "destruction_register_action_ck" CHECK ("destruction_register"."action" in ('destroyed', 'anonymised'))
);
--> statement-breakpoint
CREATE TABLE "legal_hold" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_id" uuid NOT NULL,
	"client_id" uuid,
	"volunteer_id" uuid,
	"reason" text NOT NULL,
	"placed_on" date NOT NULL,
	"placed_by" uuid,
	"lifted_on" date,
	"lifted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_hold_one_person_ck" CHECK (("legal_hold"."client_id" is null) <> ("legal_hold"."volunteer_id" is null)),
	CONSTRAINT "legal_hold_reason_ck" CHECK ("legal_hold"."reason" in ('complaint', 'court', 'authority', 'other'))
);
--> statement-breakpoint
CREATE TABLE "retention_clock" (
	"clock" text PRIMARY KEY NOT NULL,
	"on_day" date NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_clock_ck" CHECK ("retention_clock"."clock" in ('project_end', 'contract_end', 'handover'))
);
--> statement-breakpoint
CREATE TABLE "retention_rule_change" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_key" text NOT NULL,
	"from_period_months" integer NOT NULL,
	"to_period_months" integer NOT NULL,
	"from_action" text NOT NULL,
	"to_action" text NOT NULL,
	"reason" text NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_rule" (
	"key" text PRIMARY KEY NOT NULL,
	"requirement" text NOT NULL,
	"starts_from" text NOT NULL,
	"period_months" integer DEFAULT 0 NOT NULL,
	"action" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_rule_starts_ck" CHECK ("retention_rule"."starts_from" in ('entry', 'decision', 'pairing_end', 'contract_end', 'project_end', 'handover')),
	CONSTRAINT "retention_rule_action_ck" CHECK ("retention_rule"."action" in ('destroy', 'anonymise', 'keep')),
	CONSTRAINT "retention_rule_period_ck" CHECK ("retention_rule"."period_months" between 0 and 1200)
);
--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_volunteer_id_volunteer_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_withdrawn_by_app_user_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_county_id_county_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."county"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_client_id_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_volunteer_id_volunteer_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_placed_by_app_user_id_fk" FOREIGN KEY ("placed_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_lifted_by_app_user_id_fk" FOREIGN KEY ("lifted_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_clock" ADD CONSTRAINT "retention_clock_set_by_app_user_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_rule_change" ADD CONSTRAINT "retention_rule_change_rule_key_retention_rule_key_fk" FOREIGN KEY ("rule_key") REFERENCES "public"."retention_rule"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_rule_change" ADD CONSTRAINT "retention_rule_change_changed_by_app_user_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_rule" ADD CONSTRAINT "retention_rule_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_client_idx" ON "consent" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "consent_volunteer_idx" ON "consent" USING btree ("volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consent_client_live_uq" ON "consent" USING btree ("client_id","purpose") WHERE "consent"."withdrawn_on" is null and "consent"."client_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "consent_volunteer_live_uq" ON "consent" USING btree ("volunteer_id","purpose") WHERE "consent"."withdrawn_on" is null and "consent"."volunteer_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "destruction_register_item_uq" ON "destruction_register" USING btree ("rule_key","item_kind","item_id");--> statement-breakpoint
CREATE INDEX "destruction_register_county_idx" ON "destruction_register" USING btree ("county_id","performed_at");--> statement-breakpoint
CREATE INDEX "destruction_register_client_idx" ON "destruction_register" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "destruction_register_volunteer_idx" ON "destruction_register" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "legal_hold_client_idx" ON "legal_hold" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "legal_hold_volunteer_idx" ON "legal_hold" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "retention_rule_change_rule_idx" ON "retention_rule_change" USING btree ("rule_key","changed_at");--> statement-breakpoint
-- The seeds' rules (issue 24), each with its requirement. period_months from the clock's start.
INSERT INTO "retention_rule" ("key", "requirement", "starts_from", "period_months", "action") VALUES
	('application_not_selected', 'R-VOL-6', 'decision', 0, 'destroy'),
	('survey_paper_scan', 'R-PAIR-6', 'entry', 3, 'destroy'),
	('paper_diary', 'R-PAIR-8', 'entry', 0, 'destroy'),
	('mapping_unused', 'R-MAP-5', 'project_end', 0, 'destroy'),
	('client_on_request', 'R-PAIR-5', 'decision', 0, 'anonymise'),
	('client_handover', 'R-CTRL-2', 'handover', 0, 'anonymise'),
	('volunteer_contract', 'R-CTRL-2', 'contract_end', 84, 'destroy'),
	('meeting_recording', 'R-PART-1', 'decision', 0, 'destroy'),
	('meeting_minutes', 'R-PART-1', 'entry', 0, 'keep'),
	('training_material', 'R-VOL-8', 'entry', 0, 'keep'),
	('consent_document', 'R-REP-3', 'handover', 0, 'keep');
--> statement-breakpoint
-- The client's consent date becomes a consent record (processing in the service, a signed paper).
INSERT INTO "consent" ("county_id", "client_id", "purpose", "text_version", "method", "given_on", "created_at")
SELECT "county_id", "id", 'processing', '2024-1', 'paper_scan', "consent_given_on", "created_at"
FROM "client" WHERE "consent_given_on" IS NOT NULL;
--> statement-breakpoint
-- The client form's consent date keeps writing the processing consent (one live row).
CREATE FUNCTION "consent_follow_client"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.consent_given_on IS NOT NULL
		AND (TG_OP = 'INSERT' OR NEW.consent_given_on IS DISTINCT FROM OLD.consent_given_on) THEN
		UPDATE consent SET given_on = NEW.consent_given_on, updated_at = now(), version = version + 1
			WHERE client_id = NEW.id AND purpose = 'processing' AND withdrawn_on IS NULL;
		IF NOT FOUND THEN
			INSERT INTO consent (county_id, client_id, purpose, text_version, method, given_on)
			VALUES (NEW.county_id, NEW.id, 'processing', '2024-1', 'paper_scan', NEW.consent_given_on);
		END IF;
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "client_consent_follow" AFTER INSERT OR UPDATE OF "consent_given_on" ON "client"
	FOR EACH ROW EXECUTE FUNCTION "consent_follow_client"();
