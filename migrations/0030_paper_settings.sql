CREATE TABLE "paper_settings" (
	"office_id" uuid PRIMARY KEY NOT NULL,
	"cover" boolean DEFAULT false NOT NULL,
	"title" text,
	"cover_date" text DEFAULT 'quarter' NOT NULL,
	"body_orientation" text DEFAULT 'portrait' NOT NULL,
	"forecast_style" text DEFAULT 'quarter' NOT NULL,
	"logo" "bytea",
	"logo_media_type" text,
	"logo_sha256" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_name" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "paper_settings" ADD CONSTRAINT "paper_settings_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;