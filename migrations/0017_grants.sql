CREATE TYPE "public"."grant_bid_source" AS ENUM('online', 'officer');--> statement-breakpoint
CREATE TYPE "public"."grant_bid_status" AS ENUM('draft', 'submitted', 'ineligible', 'withdrawn');--> statement-breakpoint
CREATE TABLE "grant_assessors" (
	"round_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"user_name" text NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"secret_hash" text,
	"source" "grant_bid_source" NOT NULL,
	"status" "grant_bid_status" DEFAULT 'draft' NOT NULL,
	"organisation_name" text DEFAULT '' NOT NULL,
	"organisation_type" text DEFAULT '' NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_email" text DEFAULT '' NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"amounts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"total_cost_pence" bigint,
	"other_funding" text DEFAULT '' NOT NULL,
	"staff_costs_pence" bigint DEFAULT 0 NOT NULL,
	"sub_funding" boolean DEFAULT false NOT NULL,
	"endorsed_by" text DEFAULT '' NOT NULL,
	"evaluation_plan" text DEFAULT '' NOT NULL,
	"priorities" text[] DEFAULT '{}'::text[] NOT NULL,
	"rules_version" integer,
	"submitted_at" timestamp with time zone,
	"late_reason" text,
	"recommendation" text,
	"recommendation_reasons" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_declarations" (
	"bid_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"conflicted" boolean NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"declared_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_funds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"changes" jsonb NOT NULL,
	"reason" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_round_rules" (
	"round_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"rules_version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"name" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"pot_pence" bigint NOT NULL,
	"spend_by" date NOT NULL,
	"rules_version" integer DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_scores" (
	"bid_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"criterion" text NOT NULL,
	"score" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"scored_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "grant_assessors" ADD CONSTRAINT "grant_assessors_round_id_grant_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."grant_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_bids" ADD CONSTRAINT "grant_bids_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_bids" ADD CONSTRAINT "grant_bids_round_id_grant_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."grant_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_declarations" ADD CONSTRAINT "grant_declarations_bid_id_grant_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."grant_bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_funds" ADD CONSTRAINT "grant_funds_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_round_rules" ADD CONSTRAINT "grant_round_rules_round_id_grant_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."grant_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_rounds" ADD CONSTRAINT "grant_rounds_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_rounds" ADD CONSTRAINT "grant_rounds_fund_id_grant_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."grant_funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_scores" ADD CONSTRAINT "grant_scores_bid_id_grant_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."grant_bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grant_assessors_uq" ON "grant_assessors" USING btree ("round_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_bids_office_reference_uq" ON "grant_bids" USING btree ("office_id",lower("reference"));--> statement-breakpoint
CREATE UNIQUE INDEX "grant_bids_secret_uq" ON "grant_bids" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "grant_bids_round_idx" ON "grant_bids" USING btree ("round_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_declarations_uq" ON "grant_declarations" USING btree ("bid_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_funds_office_code_uq" ON "grant_funds" USING btree ("office_id",lower("code"));--> statement-breakpoint
CREATE INDEX "grant_history_entity_idx" ON "grant_history" USING btree ("entity_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_round_rules_uq" ON "grant_round_rules" USING btree ("round_id","rules_version");--> statement-breakpoint
CREATE INDEX "grant_rounds_fund_idx" ON "grant_rounds" USING btree ("fund_id","opens_at");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_scores_uq" ON "grant_scores" USING btree ("bid_id","user_id","criterion");--> statement-breakpoint
CREATE INDEX "grant_scores_bid_idx" ON "grant_scores" USING btree ("bid_id");