CREATE TYPE "public"."delivery_status" AS ENUM('on_track', 'at_risk', 'off_track');--> statement-breakpoint
CREATE TABLE "project_statuses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"period_id" text NOT NULL,
	"version" integer NOT NULL,
	"status" "delivery_status" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"reason" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_history" ADD COLUMN "area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "report_drafts" ADD COLUMN "status_columns" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "report_drafts" ADD COLUMN "area_dashboards" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "project_statuses" ADD CONSTRAINT "project_statuses_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_statuses" ADD CONSTRAINT "project_statuses_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "local_areas" ADD CONSTRAINT "local_areas_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "project_statuses_version_uq" ON "project_statuses" USING btree ("project_id","period_id","version");--> statement-breakpoint
CREATE INDEX "project_statuses_office_period_idx" ON "project_statuses" USING btree ("office_id","period_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "local_areas_office_name_uq" ON "local_areas" USING btree ("office_id",lower("name"));