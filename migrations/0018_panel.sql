CREATE TYPE "public"."panel_answer_mode" AS ENUM('at_meeting', 'in_writing');--> statement-breakpoint
CREATE TYPE "public"."panel_meeting_status" AS ENUM('scheduled', 'held', 'postponed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."panel_body" AS ENUM('panel', 'working_group');--> statement-breakpoint
CREATE TYPE "public"."panel_paper_kind" AS ENUM('decisions_update', 'delivery_progress');--> statement-breakpoint
CREATE TYPE "public"."panel_response_status" AS ENUM('awaiting_response', 'accepted', 'partly_accepted', 'not_accepted', 'closed');--> statement-breakpoint
CREATE TABLE "panel_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"changes" jsonb NOT NULL,
	"reason" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"exempt" boolean DEFAULT false NOT NULL,
	"heard" text[] DEFAULT '{}' NOT NULL,
	"resolution" text DEFAULT '' NOT NULL,
	"project_ids" uuid[] DEFAULT '{}' NOT NULL,
	"decision_ids" uuid[] DEFAULT '{}' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"body" "panel_body" DEFAULT 'panel' NOT NULL,
	"meets_on" date NOT NULL,
	"starts_at" text DEFAULT '' NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"status" "panel_meeting_status" DEFAULT 'scheduled' NOT NULL,
	"attendance" text[] DEFAULT '{}' NOT NULL,
	"apologies" text[] DEFAULT '{}' NOT NULL,
	"declarations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_papers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"kind" "panel_paper_kind" NOT NULL,
	"title" text NOT NULL,
	"model" jsonb NOT NULL,
	"html" text NOT NULL,
	"docx" "bytea" NOT NULL,
	"pdf" "bytea",
	"sent_at" timestamp with time zone NOT NULL,
	"sent_by_id" uuid,
	"sent_by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"asked_by" text DEFAULT '' NOT NULL,
	"question" text DEFAULT '' NOT NULL,
	"answer" text DEFAULT '' NOT NULL,
	"answer_mode" "panel_answer_mode" DEFAULT 'at_meeting' NOT NULL,
	"answer_due" date,
	"answered_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_recommendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"item_id" uuid,
	"text" text NOT NULL,
	"statutory" text DEFAULT '' NOT NULL,
	"response_due" date,
	"status" "panel_response_status" DEFAULT 'awaiting_response' NOT NULL,
	"response" text DEFAULT '' NOT NULL,
	"responded_on" date,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "panel_history" ADD CONSTRAINT "panel_history_meeting_id_panel_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."panel_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_items" ADD CONSTRAINT "panel_items_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_items" ADD CONSTRAINT "panel_items_meeting_id_panel_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."panel_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_meetings" ADD CONSTRAINT "panel_meetings_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_papers" ADD CONSTRAINT "panel_papers_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_papers" ADD CONSTRAINT "panel_papers_meeting_id_panel_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."panel_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_papers" ADD CONSTRAINT "panel_papers_item_id_panel_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."panel_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_questions" ADD CONSTRAINT "panel_questions_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_questions" ADD CONSTRAINT "panel_questions_meeting_id_panel_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."panel_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_questions" ADD CONSTRAINT "panel_questions_item_id_panel_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."panel_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_recommendations" ADD CONSTRAINT "panel_recommendations_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_recommendations" ADD CONSTRAINT "panel_recommendations_meeting_id_panel_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."panel_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_recommendations" ADD CONSTRAINT "panel_recommendations_item_id_panel_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."panel_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "panel_history_meeting_idx" ON "panel_history" USING btree ("meeting_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_items_meeting_position_uq" ON "panel_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "panel_meetings_office_day_idx" ON "panel_meetings" USING btree ("office_id","meets_on");--> statement-breakpoint
CREATE INDEX "panel_papers_meeting_idx" ON "panel_papers" USING btree ("meeting_id","sent_at");--> statement-breakpoint
CREATE INDEX "panel_questions_meeting_idx" ON "panel_questions" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "panel_recommendations_office_idx" ON "panel_recommendations" USING btree ("office_id","status","response_due");