CREATE TYPE "public"."quarter_scheme" AS ENUM('financial', 'calendar');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('admin', 'editor', 'viewer');--> statement-breakpoint
CREATE TYPE "public"."plan_status" AS ENUM('draft', 'consultation', 'published', 'superseded');--> statement-breakpoint
CREATE TYPE "public"."date_precision" AS ENUM('month', 'quarter', 'tbd');--> statement-breakpoint
CREATE TYPE "public"."stage" AS ENUM('candidate', 'scoping', 'delivery', 'completed', 'on_hold', 'closed', 'merged');--> statement-breakpoint
CREATE TYPE "public"."decision_status" AS ENUM('draft', 'approved', 'published', 'withdrawn');--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"role" "role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"changes" text NOT NULL,
	"reason" text,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"area" text NOT NULL,
	"commissioner_name" text DEFAULT '' NOT NULL,
	"quarter_scheme" "quarter_scheme" DEFAULT 'financial' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"csrf_secret" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "role" NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"title" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"status" "plan_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "priorities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"colour" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"move" text,
	"changes" jsonb NOT NULL,
	"reason" text,
	"decision_ref" text,
	"effective_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"title" text NOT NULL,
	"objective" text NOT NULL,
	"stage" "stage" NOT NULL,
	"strand_id" uuid NOT NULL,
	"priority_ids" uuid[] NOT NULL,
	"lead" text NOT NULL,
	"statutory" boolean NOT NULL,
	"forecast_end" date,
	"forecast_precision" date_precision NOT NULL,
	"umbrella_id" uuid,
	"merged_into_id" uuid
);
--> statement-breakpoint
CREATE TABLE "project_priorities" (
	"project_id" uuid NOT NULL,
	"priority_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	CONSTRAINT "project_priorities_project_id_priority_id_pk" PRIMARY KEY("project_id","priority_id")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"title" text NOT NULL,
	"objective" text DEFAULT '' NOT NULL,
	"overview" text DEFAULT '' NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"strand_id" uuid NOT NULL,
	"lead" text DEFAULT '' NOT NULL,
	"statutory" boolean DEFAULT false NOT NULL,
	"forecast_end" date,
	"forecast_precision" date_precision DEFAULT 'tbd' NOT NULL,
	"umbrella_id" uuid,
	"merged_into_id" uuid,
	"stage" "stage" NOT NULL,
	"held_from" "stage",
	"decision_refs" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priorities" ADD CONSTRAINT "priorities_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priorities" ADD CONSTRAINT "priorities_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strands" ADD CONSTRAINT "strands_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_priorities" ADD CONSTRAINT "project_priorities_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_priorities" ADD CONSTRAINT "project_priorities_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_priorities" ADD CONSTRAINT "project_priorities_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_strand_id_strands_id_fk" FOREIGN KEY ("strand_id") REFERENCES "public"."strands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_history" ADD CONSTRAINT "decision_history_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_drafts" ADD CONSTRAINT "report_drafts_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_publications" ADD CONSTRAINT "report_publications_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_uq" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_office_idx" ON "api_tokens" USING btree ("office_id");--> statement-breakpoint
CREATE INDEX "audit_office_entity_idx" ON "audit_log" USING btree ("office_id","entity","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "offices_slug_uq" ON "offices" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_uq" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_office_idx" ON "users" USING btree ("office_id");--> statement-breakpoint
CREATE INDEX "plans_office_idx" ON "plans" USING btree ("office_id");--> statement-breakpoint
CREATE INDEX "priorities_office_idx" ON "priorities" USING btree ("office_id");--> statement-breakpoint
CREATE UNIQUE INDEX "priorities_plan_name_uq" ON "priorities" USING btree ("plan_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "strands_office_name_uq" ON "strands" USING btree ("office_id","name");--> statement-breakpoint
CREATE INDEX "project_history_project_eff_idx" ON "project_history" USING btree ("project_id","effective_at","id");--> statement-breakpoint
CREATE INDEX "project_history_office_eff_idx" ON "project_history" USING btree ("office_id","effective_at");--> statement-breakpoint
CREATE INDEX "projects_office_idx" ON "projects" USING btree ("office_id","stage");--> statement-breakpoint
CREATE INDEX "decision_history_decision_idx" ON "decision_history" USING btree ("decision_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_office_reference_uq" ON "decisions" USING btree ("office_id",lower("reference"));--> statement-breakpoint
CREATE INDEX "decisions_office_status_idx" ON "decisions" USING btree ("office_id","status","approved_on");--> statement-breakpoint
CREATE UNIQUE INDEX "report_drafts_office_period_uq" ON "report_drafts" USING btree ("office_id","period_id");--> statement-breakpoint
CREATE INDEX "report_publications_office_period_idx" ON "report_publications" USING btree ("office_id","period_id","published_at");