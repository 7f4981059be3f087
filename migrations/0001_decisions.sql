CREATE TYPE "public"."decision_status" AS ENUM('draft', 'approved', 'published', 'withdrawn');--> statement-breakpoint
CREATE TABLE "decision_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"changes" jsonb NOT NULL,
	"reason" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"decision_maker" text DEFAULT '' NOT NULL,
	"approved_on" date,
	"summary" text DEFAULT '' NOT NULL,
	"decision_text" text DEFAULT '' NOT NULL,
	"amount_pence" bigint,
	"funding_source" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" "decision_status" DEFAULT 'draft' NOT NULL,
	"project_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"background_documents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"exempt_text" text DEFAULT '' NOT NULL,
	"exemption" text DEFAULT '' NOT NULL,
	"exempt_reason" text DEFAULT '' NOT NULL,
	"withdrawn_reason" text,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "decision_history" ADD CONSTRAINT "decision_history_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decision_history_decision_idx" ON "decision_history" USING btree ("decision_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_office_reference_uq" ON "decisions" USING btree ("office_id",lower("reference"));--> statement-breakpoint
CREATE INDEX "decisions_office_status_idx" ON "decisions" USING btree ("office_id","status","approved_on");