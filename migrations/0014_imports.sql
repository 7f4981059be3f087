CREATE TABLE "import_uploads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"actor_id" uuid,
	"file_name" text NOT NULL,
	"data_base64" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"type" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"counts" jsonb NOT NULL,
	"status" text DEFAULT 'imported' NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"undone_by_id" uuid,
	"undone_by_name" text,
	"undone_at" timestamp with time zone,
	"undone_reason" text,
	"history_rows" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_history" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "project_history" ADD COLUMN "import_row" integer;--> statement-breakpoint
ALTER TABLE "import_uploads" ADD CONSTRAINT "import_uploads_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_office_idx" ON "imports" USING btree ("office_id","created_at");--> statement-breakpoint
CREATE INDEX "project_history_import_idx" ON "project_history" USING btree ("import_id") WHERE "project_history"."import_id" is not null;