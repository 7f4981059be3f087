CREATE TABLE "grant_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"decision_reference" text NOT NULL,
	"recipient_name" text NOT NULL,
	"recipient_org_id" text DEFAULT '' NOT NULL,
	"title" text NOT NULL,
	"purpose" text NOT NULL,
	"conditions" text NOT NULL,
	"reasons" text NOT NULL,
	"amounts" jsonb NOT NULL,
	"amount_pence" bigint NOT NULL,
	"awarded_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "grant_awards" ADD CONSTRAINT "grant_awards_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_awards" ADD CONSTRAINT "grant_awards_bid_id_grant_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."grant_bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_awards" ADD CONSTRAINT "grant_awards_round_id_grant_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."grant_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_awards" ADD CONSTRAINT "grant_awards_fund_id_grant_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."grant_funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_awards" ADD CONSTRAINT "grant_awards_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grant_awards_bid_uq" ON "grant_awards" USING btree ("bid_id");--> statement-breakpoint
CREATE INDEX "grant_awards_office_idx" ON "grant_awards" USING btree ("office_id","awarded_on");