CREATE TABLE "grant_bid_totals" (
	"bid_id" uuid PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"sums" jsonb NOT NULL,
	"assessors" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "grant_bid_totals" ADD CONSTRAINT "grant_bid_totals_bid_id_grant_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."grant_bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grant_bid_totals_round_idx" ON "grant_bid_totals" USING btree ("round_id");