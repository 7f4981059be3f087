ALTER TABLE "decision_history" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "decision_history" ADD COLUMN "import_row" integer;--> statement-breakpoint
ALTER TABLE "targets_history" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "targets_history" ADD COLUMN "import_row" integer;--> statement-breakpoint
ALTER TABLE "import_uploads" ADD COLUMN "type" text DEFAULT 'projects' NOT NULL;--> statement-breakpoint
CREATE INDEX "decision_history_import_idx" ON "decision_history" USING btree ("import_id") WHERE "decision_history"."import_id" is not null;--> statement-breakpoint
CREATE INDEX "targets_history_import_idx" ON "targets_history" USING btree ("import_id") WHERE "targets_history"."import_id" is not null;