CREATE TYPE "public"."action_status" AS ENUM('not_started', 'in_progress', 'completed', 'on_hold');--> statement-breakpoint
CREATE TYPE "public"."better_direction" AS ENUM('higher', 'lower');--> statement-breakpoint
CREATE TYPE "public"."rag_colour" AS ENUM('green', 'amber', 'red');--> statement-breakpoint
CREATE TYPE "public"."target_kind" AS ENUM('trajectory', 'level', 'direction');--> statement-breakpoint
CREATE TYPE "public"."travel" AS ENUM('up', 'down', 'level');--> statement-breakpoint
CREATE TABLE "opcc_action_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"action_id" uuid NOT NULL,
	"as_at" date NOT NULL,
	"text" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opcc_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"priority_id" uuid NOT NULL,
	"number" text NOT NULL,
	"new_activity" boolean DEFAULT false NOT NULL,
	"text" text NOT NULL,
	"owners" text DEFAULT '' NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"status" "action_status" DEFAULT 'in_progress' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "target_observations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"as_at" date NOT NULL,
	"value" double precision NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"reported_travel" "travel",
	"override_status" "rag_colour",
	"override_reason" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"actor_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "target_settings" (
	"office_id" uuid PRIMARY KEY NOT NULL,
	"tolerance_pct" double precision DEFAULT 10 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"priority_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"statement" text NOT NULL,
	"owner" text DEFAULT '' NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"kind" "target_kind" NOT NULL,
	"direction" "better_direction" NOT NULL,
	"baseline_value" double precision,
	"baseline_date" date,
	"target_value" double precision NOT NULL,
	"deadline" date NOT NULL,
	"milestones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "targets_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"kind" text NOT NULL,
	"changes" jsonb NOT NULL,
	"reason" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "opcc_action_updates" ADD CONSTRAINT "opcc_action_updates_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opcc_action_updates" ADD CONSTRAINT "opcc_action_updates_action_id_opcc_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."opcc_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opcc_actions" ADD CONSTRAINT "opcc_actions_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opcc_actions" ADD CONSTRAINT "opcc_actions_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_observations" ADD CONSTRAINT "target_observations_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_observations" ADD CONSTRAINT "target_observations_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_settings" ADD CONSTRAINT "target_settings_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opcc_action_updates_action_idx" ON "opcc_action_updates" USING btree ("action_id","as_at");--> statement-breakpoint
CREATE INDEX "opcc_actions_office_priority_idx" ON "opcc_actions" USING btree ("office_id","priority_id");--> statement-breakpoint
CREATE INDEX "target_observations_target_idx" ON "target_observations" USING btree ("target_id","as_at");--> statement-breakpoint
CREATE INDEX "targets_office_priority_idx" ON "targets" USING btree ("office_id","priority_id","position");--> statement-breakpoint
CREATE INDEX "targets_history_entity_idx" ON "targets_history" USING btree ("office_id","entity","entity_id","recorded_at");