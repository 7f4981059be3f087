CREATE TABLE "grant_bid_totals" (
	"bid_id" uuid PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"sums" jsonb NOT NULL,
	"assessors" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_declines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"decision_reference" text NOT NULL,
	"reasons" text NOT NULL,
	"declined_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"award_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"amount_pence" bigint NOT NULL,
	"paid_on" date,
	"paid_pence" bigint,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_returns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"award_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"received_on" date,
	"summary" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_settings" (
	"office_id" uuid PRIMARY KEY NOT NULL,
	"giving_prefix" text NOT NULL,
	"publisher_website" text DEFAULT '' NOT NULL,
	"licence" text DEFAULT 'https://creativecommons.org/licenses/by/4.0/' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "grant_awards" ADD COLUMN "planned_start" date;--> statement-breakpoint
ALTER TABLE "grant_awards" ADD COLUMN "planned_end" date;--> statement-breakpoint
ALTER TABLE "grant_awards" ADD COLUMN "evaluation" text;--> statement-breakpoint
ALTER TABLE "grant_awards" ADD COLUMN "evaluated_on" date;--> statement-breakpoint
ALTER TABLE "grant_awards" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "grant_awards" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "grant_bid_totals" ADD CONSTRAINT "grant_bid_totals_bid_id_grant_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."grant_bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_declines" ADD CONSTRAINT "grant_declines_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_declines" ADD CONSTRAINT "grant_declines_bid_id_grant_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."grant_bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_declines" ADD CONSTRAINT "grant_declines_round_id_grant_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."grant_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_declines" ADD CONSTRAINT "grant_declines_fund_id_grant_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."grant_funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_declines" ADD CONSTRAINT "grant_declines_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_payments" ADD CONSTRAINT "grant_payments_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_payments" ADD CONSTRAINT "grant_payments_award_id_grant_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."grant_awards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_returns" ADD CONSTRAINT "grant_returns_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_returns" ADD CONSTRAINT "grant_returns_award_id_grant_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."grant_awards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_settings" ADD CONSTRAINT "grant_settings_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grant_bid_totals_round_idx" ON "grant_bid_totals" USING btree ("round_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_declines_bid_uq" ON "grant_declines" USING btree ("bid_id");--> statement-breakpoint
CREATE INDEX "grant_payments_award_idx" ON "grant_payments" USING btree ("award_id","due_on");--> statement-breakpoint
CREATE INDEX "grant_payments_office_idx" ON "grant_payments" USING btree ("office_id");--> statement-breakpoint
CREATE INDEX "grant_returns_award_idx" ON "grant_returns" USING btree ("award_id","due_on");--> statement-breakpoint
CREATE INDEX "grant_returns_office_due_idx" ON "grant_returns" USING btree ("office_id","due_on");