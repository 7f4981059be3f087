CREATE TABLE "report_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"period_id" text NOT NULL,
	"panel_meeting_on" date,
	"spotlight_ids" uuid[],
	"review_edits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_publications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"period_id" text NOT NULL,
	"model" jsonb NOT NULL,
	"html" text NOT NULL,
	"docx" "bytea" NOT NULL,
	"pdf" "bytea",
	"known_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by_id" uuid,
	"published_by_name" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_drafts" ADD CONSTRAINT "report_drafts_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_publications" ADD CONSTRAINT "report_publications_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "report_drafts_office_period_uq" ON "report_drafts" USING btree ("office_id","period_id");--> statement-breakpoint
CREATE INDEX "report_publications_office_period_idx" ON "report_publications" USING btree ("office_id","period_id","published_at");