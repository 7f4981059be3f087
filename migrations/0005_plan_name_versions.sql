CREATE TABLE "priority_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"priority_id" uuid NOT NULL,
	"name" text NOT NULL,
	"colour" text NOT NULL,
	"position" integer NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "strand_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"strand_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "priority_versions" ADD CONSTRAINT "priority_versions_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_versions" ADD CONSTRAINT "priority_versions_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strand_versions" ADD CONSTRAINT "strand_versions_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strand_versions" ADD CONSTRAINT "strand_versions_strand_id_strands_id_fk" FOREIGN KEY ("strand_id") REFERENCES "public"."strands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "priority_versions_priority_idx" ON "priority_versions" USING btree ("priority_id","valid_from");--> statement-breakpoint
CREATE INDEX "strand_versions_strand_idx" ON "strand_versions" USING btree ("strand_id","valid_from");--> statement-breakpoint
-- Strands and priorities that exist already: their names as they are now, for all past time (what
-- they were called before cannot be known).
INSERT INTO "strand_versions" ("office_id", "strand_id", "name", "position", "valid_from") SELECT "office_id", "id", "name", "position", '-infinity'::timestamptz FROM "strands";--> statement-breakpoint
INSERT INTO "priority_versions" ("office_id", "priority_id", "name", "colour", "position", "valid_from") SELECT "office_id", "id", "name", "colour", "position", '-infinity'::timestamptz FROM "priorities";
